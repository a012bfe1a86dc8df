// COPY ... TO (FORMAT csv): quoting, NULLs, types, header, and a round trip through read_csv.
#include <gtest/gtest.h>

#include <sstream>

#include "csv_test_util.h"
#include "formats/table_writer.h"

namespace sluice::csv_test {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

DataChunk SampleChunk() {
  DataChunk chunk;
  chunk.Initialize({TypeId::kBigint, TypeId::kVarchar, TypeId::kDouble, TypeId::kDate,
                    TypeId::kTimestamp, TypeId::kBoolean});
  const std::vector<std::vector<Value>> rows = {
      {Value::Bigint(1), Value::Varchar("plain"), Value::Double(0.1), Value::Date(19723),
       Value::Timestamp(1704067200000000LL + 1500000), Value::Boolean(true)},
      {Value::Bigint(-2), Value::Varchar("a,b \"q\"\nx"), Value::Double(1e300), Value::Null(),
       Value::Null(), Value::Boolean(false)},
      {Value::Null(), Value::Varchar(""), Value::Null(), Value::Date(0), Value::Timestamp(0),
       Value::Null()},
      {Value::Bigint(4), Value::Null(), Value::Double(-2.5), Value::Null(), Value::Null(),
       Value::Null()},
  };
  for (size_t r = 0; r < rows.size(); r++) {
    for (size_t c = 0; c < rows[r].size(); c++) {
      Value v = rows[r][c].is_null() ? Value::Null(chunk.column(c).type()) : rows[r][c];
      chunk.column(c).SetValue(r, v);
    }
  }
  chunk.SetSize(rows.size());
  return chunk;
}

Schema SampleSchema() {
  return {{"id", TypeId::kBigint}, {"text", TypeId::kVarchar}, {"x", TypeId::kDouble},
          {"day", TypeId::kDate},  {"ts", TypeId::kTimestamp}, {"ok", TypeId::kBoolean}};
}

std::unique_ptr<TableWriter> MakeWriter(const std::string& path,
                                        std::vector<std::pair<std::string, OptionValue>> named) {
  RegisterCsvFormat();
  const TableWriterFactory* factory = TableWriterRegistry::Find("csv");
  EXPECT_NE(factory, nullptr);
  Options options("COPY");
  for (auto& [k, v] : named) options.AddNamed(k, v);
  return (*factory)(path, SampleSchema(), options);
}

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
  auto dir = TempDir();
  std::string path = dir + "/out.csv";
  auto writer = MakeWriter(path, {});
  DataChunk chunk = SampleChunk();
  writer->Write(chunk);
  EXPECT_FALSE(std::filesystem::exists(path));  // only the temporary exists before Close
  WriterStats stats = writer->Close();
  EXPECT_EQ(stats.rows, 4u);
  ASSERT_EQ(stats.files.size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_EQ(Slurp(path),
            "id,text,x,day,ts,ok\n"
            "1,plain,0.1,2024-01-01,2024-01-01 00:00:01.5,true\n"
            "-2,\"a,b \"\"q\"\"\nx\",1e+300,,,false\n"
            ",\"\",,1970-01-01,1970-01-01 00:00:00,\n"
            "4,,-2.5,,,\n");
  EXPECT_EQ(stats.bytes, Slurp(path).size());
}

TEST(CsvWriter, OptionsAndRoundTrip) {
  auto dir = TempDir();
  std::string path = dir + "/out.csv";
  auto writer =
      MakeWriter(path, {{"header", Bool(false)}, {"delimiter", Str("|")}, {"nullstr", Str("\\N")}});
  DataChunk chunk = SampleChunk();
  writer->Write(chunk);
  writer->Close();
  std::string text = Slurp(path);
  EXPECT_EQ(text.substr(0, 2), "1|");
  EXPECT_NE(text.find("\\N"), std::string::npos);

  std::string path2 = dir + "/round.csv";
  auto writer2 = MakeWriter(path2, {});
  DataChunk chunk2 = SampleChunk();
  writer2->Write(chunk2);
  writer2->Close();
  Options options = CsvOptions(Str(path2));
  auto source = OpenCsv(options);
  Schema schema = source->schema();
  Schema expected = SampleSchema();
  ASSERT_EQ(schema.size(), expected.size());
  for (size_t c = 0; c < schema.size(); c++) {
    EXPECT_EQ(schema[c].name, expected[c].name);
    EXPECT_EQ(schema[c].type, expected[c].type) << schema[c].name;
  }
  Rows rows = ScanAll(*source, AllColumns(*source), 1).rows;
  DataChunk original = SampleChunk();
  ASSERT_EQ(rows.size(), original.size());
  for (size_t r = 0; r < rows.size(); r++) {
    for (size_t c = 0; c < schema.size(); c++) {
      EXPECT_TRUE(rows[r][c] == original.column(c).GetValue(r))
          << r << "," << c << ": " << rows[r][c].ToString() << " vs "
          << original.column(c).GetValue(r).ToString();
    }
  }
}

TEST(CsvWriter, AbandonedWriterLeavesNoFile) {
  auto dir = TempDir();
  std::string path = dir + "/gone.csv";
  {
    auto writer = MakeWriter(path, {});
    DataChunk chunk = SampleChunk();
    writer->Write(chunk);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::string error = ErrorOf([&] { MakeWriter(path, {{"delimitr", Str(";")}}); });
  EXPECT_NE(error.find("did you mean 'delimiter'"), std::string::npos) << error;
}

}  // namespace
}  // namespace sluice::csv_test
