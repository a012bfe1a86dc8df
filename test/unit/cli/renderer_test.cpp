#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "cli/csv_renderer.h"
#include "cli/json_renderer.h"
#include "cli/table_renderer.h"

namespace sluice::cli {
namespace {

// A result with columns (id BIGINT, name VARCHAR, price DOUBLE, ok BOOLEAN, day DATE) and
// `rows` rows; row i has id i, and the row 1 holds NULLs.
QueryResult MakeResult(size_t rows) {
  QueryResult result;
  result.schema = {{"id", TypeId::kBigint},
                   {"name", TypeId::kVarchar},
                   {"price", TypeId::kDouble},
                   {"ok", TypeId::kBoolean},
                   {"day", TypeId::kDate}};
  std::vector<TypeId> types;
  for (const Field& f : result.schema) types.push_back(f.type);
  size_t row = 0;
  while (row < rows) {
    DataChunk chunk;
    chunk.Initialize(types);
    size_t n = std::min(rows - row, chunk.capacity());
    for (size_t i = 0; i < n; i++, row++) {
      chunk.column(0).SetValue(i, Value::Bigint(static_cast<int64_t>(row)));
      if (row == 1) {
        for (size_t c = 1; c < 5; c++) chunk.column(c).SetValue(i, Value::Null(types[c]));
        continue;
      }
      std::string name = "x";
      name += std::to_string(row);
      chunk.column(1).SetValue(i, Value::Varchar(row == 2 ? "a,\"b\"" : name));
      chunk.column(2).SetValue(i, Value::Double(static_cast<double>(row) + 0.5));
      chunk.column(3).SetValue(i, Value::Boolean(row % 2 == 0));
      chunk.column(4).SetValue(i, Value::Date(static_cast<int32_t>(19358 + row)));
    }
    chunk.SetSize(n);
    result.chunks.push_back(std::move(chunk));
  }
  return result;
}

std::string Csv(const QueryResult& r) {
  std::ostringstream out;
  RenderCsv(r, out);
  return out.str();
}
std::string Json(const QueryResult& r) {
  std::ostringstream out;
  RenderJson(r, out);
  return out.str();
}
std::string Table(const QueryResult& r, TableOptions options = {}) {
  std::ostringstream out;
  RenderTable(r, options, out);
  return out.str();
}

QueryResult OneString(const std::string& name, const std::string& value) {
  QueryResult r;
  r.schema = {{name, TypeId::kVarchar}};
  DataChunk chunk;
  chunk.Initialize({TypeId::kVarchar});
  chunk.column(0).SetValue(0, Value::Varchar(value));
  chunk.SetSize(1);
  r.chunks.push_back(std::move(chunk));
  return r;
}

TEST(CsvRendererTest, QuotesOnlyWhereNeeded) {
  EXPECT_EQ(Csv(MakeResult(3)),
            "id,name,price,ok,day\n"
            "0,x0,0.5,true,2023-01-01\n"
            "1,,,,\n"
            "2,\"a,\"\"b\"\"\",2.5,true,2023-01-03\n");
  EXPECT_EQ(Csv(OneString("a b", "")), "a b\n\"\"\n");
  EXPECT_EQ(Csv(OneString("x,y", "line\nbreak")), "\"x,y\"\n\"line\nbreak\"\n");
}

TEST(CsvRendererTest, EmptyResultHasHeaderAndNoSchemaNothing) {
  QueryResult r = MakeResult(0);
  EXPECT_EQ(Csv(r), "id,name,price,ok,day\n");
  EXPECT_EQ(Csv(QueryResult{}), "");
}

TEST(CsvRendererTest, ManyChunks) {
  std::string csv = Csv(MakeResult(5000));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5001);
  EXPECT_NE(csv.find("\n4999,x4999,4999.5,false,"), std::string::npos);
}

TEST(JsonRendererTest, ArrayOfObjectsOnePerLine) {
  EXPECT_EQ(
      Json(MakeResult(3)),
      "[{\"id\":0,\"name\":\"x0\",\"price\":0.5,\"ok\":true,\"day\":\"2023-01-01\"},\n"
      "{\"id\":1,\"name\":null,\"price\":null,\"ok\":null,\"day\":null},\n"
      "{\"id\":2,\"name\":\"a,\\\"b\\\"\",\"price\":2.5,\"ok\":true,\"day\":\"2023-01-03\"}]\n");
  EXPECT_EQ(Json(MakeResult(0)), "[]\n");
}

TEST(JsonRendererTest, EscapesAndNonFiniteNumbers) {
  EXPECT_EQ(Json(OneString("k\"", "tab\there\\ \x01")),
            "[{\"k\\\"\":\"tab\\there\\\\ \\u0001\"}]\n");
  QueryResult r;
  r.schema = {{"d", TypeId::kDouble}};
  DataChunk chunk;
  chunk.Initialize({TypeId::kDouble});
  chunk.column(0).SetValue(0, Value::Double(std::nan("")));
  chunk.column(0).SetValue(1, Value::Double(3));
  chunk.SetSize(2);
  r.chunks.push_back(std::move(chunk));
  EXPECT_EQ(Json(r), "[{\"d\":null},\n{\"d\":3.0}]\n");
}

TEST(TableRendererTest, SmallTable) {
  std::string t = Table(MakeResult(2));
  EXPECT_EQ(t,
            "┌────────┬─────────┬────────┬─────────┬────────────┐\n"
            "│   id   │  name   │ price  │   ok    │    day     │\n"
            "│ bigint │ varchar │ double │ boolean │    date    │\n"
            "├────────┼─────────┼────────┼─────────┼────────────┤\n"
            "│      0 │ x0      │    0.5 │ true    │ 2023-01-01 │\n"
            "│      1 │ NULL    │   NULL │ NULL    │ NULL       │\n"
            "└────────┴─────────┴────────┴─────────┴────────────┘\n");
}

TEST(TableRendererTest, LongResultShowsHeadAndTail) {
  std::string t = Table(MakeResult(100));
  EXPECT_NE(t.find("100 rows (40 shown)"), std::string::npos);
  EXPECT_NE(t.find("│ x19 "), std::string::npos);
  EXPECT_EQ(t.find("│ x20 "), std::string::npos);
  EXPECT_EQ(t.find("│ x79 "), std::string::npos);
  EXPECT_NE(t.find("│ x80 "), std::string::npos);
  EXPECT_NE(t.find("│ x99 "), std::string::npos);
  EXPECT_NE(t.find("·"), std::string::npos);
  // Header (border, names, types, separator), 40 rows, the "·" line, footer (3 lines).
  EXPECT_EQ(std::count(t.begin(), t.end(), '\n'), 4 + 40 + 1 + 3);
}

TEST(TableRendererTest, EmptyResultSaysZeroRows) {
  std::string t = Table(MakeResult(0));
  EXPECT_NE(t.find("0 rows"), std::string::npos);
  EXPECT_EQ(Table(QueryResult{}), "");
}

// Display width of every line (code points), to check that the table is rectangular.
std::vector<size_t> LineWidths(const std::string& t) {
  std::vector<size_t> widths;
  size_t w = 0;
  for (char c : t) {
    if (c == '\n') {
      widths.push_back(w);
      w = 0;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      w++;
    }
  }
  return widths;
}

TEST(TableRendererTest, TruncatesToTerminalWidth) {
  std::string long_value(200, 'v');
  QueryResult r = OneString("s", long_value + "\nsecond line");
  TableOptions options;
  options.max_width = 40;
  std::string t = Table(r, options);
  for (size_t w : LineWidths(t)) EXPECT_EQ(w, 40u) << t;
  EXPECT_NE(t.find("v…"), std::string::npos);
  EXPECT_EQ(t.find("second"), std::string::npos);
  // Without a width limit the value is whole and the newline shows escaped.
  std::string wide = Table(r);
  EXPECT_NE(wide.find(long_value + "\\nsecond line"), std::string::npos);
}

TEST(TableRendererTest, RectangularWithUtf8) {
  QueryResult r = OneString("städte", "Zürich — Genève");
  std::vector<size_t> widths = LineWidths(Table(r));
  ASSERT_FALSE(widths.empty());
  for (size_t w : widths) EXPECT_EQ(w, widths[0]);
}

}  // namespace
}  // namespace sluice::cli
