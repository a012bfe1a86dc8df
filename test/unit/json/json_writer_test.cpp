#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "formats/json/json_format.h"
#include "formats/table_writer.h"
#include "json_test_support.h"
#include "types/text_codec.h"

namespace sluice::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

Schema AllTypes() {
  return {{"b", TypeId::kBoolean},   {"i", TypeId::kInteger}, {"l", TypeId::kBigint},
          {"d", TypeId::kDouble},    {"s", TypeId::kVarchar}, {"day", TypeId::kDate},
          {"ts", TypeId::kTimestamp}};
}

// Row 0: values; row 1: NULLs; row 2: edge values.
DataChunk AllTypesChunk() {
  DataChunk chunk;
  std::vector<TypeId> types;
  for (const auto& field : AllTypes()) types.push_back(field.type);
  chunk.Initialize(types);
  int32_t day;
  int64_t ts;
  ParseDate("2024-01-02", &day);
  ParseTimestamp("2024-01-02 10:00:00.25", &ts);
  std::vector<std::vector<Value>> rows = {
      {Value::Boolean(true), Value::Integer(-5), Value::Bigint(INT64_MAX), Value::Double(0.1),
       Value::Varchar("q\"uo\\te\n\x01 caf\xC3\xA9"), Value::Date(day), Value::Timestamp(ts)},
      {Value::Null(TypeId::kBoolean), Value::Null(TypeId::kInteger), Value::Null(TypeId::kBigint),
       Value::Null(TypeId::kDouble), Value::Null(TypeId::kVarchar), Value::Null(TypeId::kDate),
       Value::Null(TypeId::kTimestamp)},
      {Value::Boolean(false), Value::Integer(INT32_MIN), Value::Bigint(INT64_MIN),
       Value::Double(1e300), Value::Varchar(""), Value::Date(0), Value::Timestamp(-1)},
  };
  for (size_t r = 0; r < rows.size(); r++) {
    for (size_t c = 0; c < rows[r].size(); c++) chunk.column(c).SetValue(r, rows[r][c]);
  }
  chunk.SetSize(rows.size());
  return chunk;
}

WriterStats WriteJson(const std::string& path, const Schema& schema, DataChunk& chunk,
                      const std::vector<NamedOption>& named = {}) {
  RegisterJsonFormat();
  Options options("COPY");
  for (const auto& option : named) options.AddNamed(option.name, option.value);
  const TableWriterFactory* factory = TableWriterRegistry::Find("json");
  EXPECT_NE(factory, nullptr);
  auto writer = (*factory)(path, schema, options);
  writer->Write(chunk);
  EXPECT_FALSE(std::filesystem::exists(path)) << "visible before Close";
  return writer->Close();
}

TEST(JsonWriter, WritesOneObjectPerLine) {
  TempDir dir;
  std::string path = dir.path() + "/out.json";
  DataChunk chunk = AllTypesChunk();
  WriterStats stats = WriteJson(path, AllTypes(), chunk);
  EXPECT_EQ(stats.rows, 3u);
  EXPECT_EQ(stats.files, std::vector<std::string>{path});
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::string text = ReadFile(path);
  EXPECT_EQ(stats.bytes, text.size());
  EXPECT_EQ(text,
            "{\"b\":true,\"i\":-5,\"l\":9223372036854775807,\"d\":0.1,"
            "\"s\":\"q\\\"uo\\\\te\\n\\u0001 caf\xC3\xA9\",\"day\":\"2024-01-02\","
            "\"ts\":\"2024-01-02 10:00:00.25\"}\n"
            "{\"b\":null,\"i\":null,\"l\":null,\"d\":null,\"s\":null,\"day\":null,\"ts\":null}\n"
            "{\"b\":false,\"i\":-2147483648,\"l\":-9223372036854775808,\"d\":1e+300,\"s\":\"\","
            "\"day\":\"1970-01-01\",\"ts\":\"1969-12-31 23:59:59.999999\"}\n");
}

TEST(JsonWriter, RoundTripsEveryTypeAndNull) {
  TempDir dir;
  std::string path = dir.path() + "/rt.json";
  DataChunk chunk = AllTypesChunk();
  WriteJson(path, AllTypes(), chunk);
  std::vector<std::pair<std::string, std::string>> columns;
  for (const auto& field : AllTypes()) columns.emplace_back(field.name, TypeName(field.type));
  auto result = ScanAll(*OpenJson(path, {{"columns", Columns(columns)}}));
  ASSERT_EQ(result.rows.size(), 3u);
  for (size_t r = 0; r < 3; r++) {
    for (size_t c = 0; c < AllTypes().size(); c++) {
      EXPECT_EQ(result.rows[r][c].ToSqlLiteral(), chunk.column(c).GetValue(r).ToSqlLiteral())
          << "row " << r << " column " << c;
    }
  }
  // Inference reads the same file back to the same types (INTEGER widens to BIGINT).
  auto inferred = OpenJson(path);
  std::string types;
  for (const auto& field : inferred->schema()) types += std::string(TypeName(field.type)) + " ";
  EXPECT_EQ(types, "BOOLEAN BIGINT BIGINT DOUBLE VARCHAR DATE TIMESTAMP ");
}

TEST(JsonWriter, NonFiniteDoublesBecomeNull) {
  TempDir dir;
  std::string path = dir.path() + "/nan.json";
  Schema schema = {{"d", TypeId::kDouble}};
  DataChunk chunk;
  chunk.Initialize({TypeId::kDouble});
  chunk.column(0).data<double>()[0] = std::nan("");
  chunk.column(0).data<double>()[1] = -std::numeric_limits<double>::infinity();
  chunk.column(0).data<double>()[2] = 3.0;
  chunk.SetSize(3);
  WriteJson(path, schema, chunk);
  EXPECT_EQ(ReadFile(path), "{\"d\":null}\n{\"d\":null}\n{\"d\":3.0}\n");
}

TEST(JsonWriter, ArrayOptionWritesOneArrayThatReadsBack) {
  TempDir dir;
  std::string path = dir.path() + "/arr.json";
  Schema schema = {{"a", TypeId::kBigint}};
  DataChunk chunk;
  chunk.Initialize({TypeId::kBigint});
  chunk.column(0).data<int64_t>()[0] = 1;
  chunk.column(0).data<int64_t>()[1] = 2;
  chunk.SetSize(2);
  WriteJson(path, schema, chunk, {{"array", Bool(true)}});
  EXPECT_EQ(ReadFile(path), "[\n{\"a\":1},\n{\"a\":2}\n]\n");
  EXPECT_EQ(ScanAll(*OpenJson(path)).rows.size(), 2u);

  std::string empty_path = dir.path() + "/empty.json";
  DataChunk empty;
  empty.Initialize({TypeId::kBigint});
  WriteJson(empty_path, schema, empty, {{"array", Bool(true)}});
  EXPECT_EQ(ReadFile(empty_path), "[\n]\n");
}

TEST(JsonWriter, UnknownOptionAndAbandonedWriter) {
  TempDir dir;
  RegisterJsonFormat();
  const TableWriterFactory* factory = TableWriterRegistry::Find("json");
  ASSERT_NE(factory, nullptr);
  Options bad("COPY");
  bad.AddNamed("arrray", Bool(true));
  EXPECT_EQ(ErrorMessageOf([&] {
              (*factory)(dir.path() + "/x.json", {{"a", TypeId::kBigint}}, bad);
            }),
            "COPY ... TO ... (FORMAT json): unknown option 'arrray' (did you mean 'array'?)");
  {
    Options options("COPY");
    auto writer = (*factory)(dir.path() + "/y.json", {{"a", TypeId::kBigint}}, options);
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/y.json.tmp"));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/y.json.tmp"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/y.json"));
}

}  // namespace
}  // namespace sluice::testing
