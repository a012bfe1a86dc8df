// PARTITION_BY / FILE_SIZE_BYTES output and hive-partitioned reads.
#include <gtest/gtest.h>

#include "common/error.h"
#include "formats/parquet/hive_partitioning.h"
#include "parquet_test_util.h"

namespace sluice::parquet_test {
namespace {

OptionValue List(std::vector<std::string> names) {
  OptionValue v;
  v.kind = OptionValue::Kind::kList;
  for (auto& n : names) v.items.push_back(S(n));
  return v;
}

const Schema kSchema = {
    {"id", TypeId::kBigint}, {"region", TypeId::kVarchar}, {"year", TypeId::kInteger}};

std::vector<Row> Rows() {
  std::vector<Row> rows;
  const char* regions[] = {"eu", "us/west", "a b%c"};
  for (int i = 0; i < 3000; i++) {
    Value region = i % 10 == 9 ? Value::Null(TypeId::kVarchar) : Value::Varchar(regions[i % 3]);
    rows.push_back({Value::Bigint(i), region, Value::Integer(2020 + i % 2)});
  }
  return rows;
}

TEST(ParquetPartition, HiveRoundTrip) {
  std::string dir = TempDir("hive") + "/out";
  auto stats = WriteRows(dir, kSchema, Rows(), {{"partition_by", List({"region", "year"})}});
  EXPECT_EQ(stats.rows, 3000u);
  EXPECT_EQ(stats.files.size(), 7u);  // 3 regions x 2 years, NULL region only in 2021
  EXPECT_TRUE(std::filesystem::exists(dir + "/region=us%2Fwest/year=2021/data_0.parquet"));
  EXPECT_TRUE(
      std::filesystem::exists(dir + "/region=__HIVE_DEFAULT_PARTITION__/year=2021/data_0.parquet"));

  auto source = OpenSource(S(dir + "/**/*.parquet"), {{"hive_partitioning", B(true)}});
  ASSERT_EQ(source->schema().size(), 3u);
  EXPECT_EQ(source->schema()[0].name, "id");
  EXPECT_EQ(source->schema()[1].name, "region");
  EXPECT_EQ(source->schema()[1].type, TypeId::kVarchar);
  EXPECT_EQ(source->schema()[2].name, "year");
  EXPECT_EQ(source->schema()[2].type, TypeId::kBigint);
  auto rows = Scan(*source, {}, {}, 2).rows;
  ASSERT_EQ(rows.size(), 3000u);
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return a[0].int_value() < b[0].int_value(); });
  auto expected = Rows();
  for (size_t i = 0; i < rows.size(); i++) {
    ASSERT_EQ(rows[i][0].int_value(), expected[i][0].int_value());
    ASSERT_EQ(rows[i][1].is_null(), expected[i][1].is_null()) << i;
    if (!rows[i][1].is_null()) {
      ASSERT_EQ(rows[i][1].string_value(), expected[i][1].string_value());
    }
    ASSERT_EQ(rows[i][2].int_value(), expected[i][2].int_value());
  }
  // A filter on a partition column skips files.
  ColumnFilter f{1, ColumnFilter::Op::kEqual, Value::Varchar("us/west")};
  auto west = Scan(*source, {0, 1}, {f}).rows;
  EXPECT_EQ(west.size(), 900u);
  for (const auto& r : west) EXPECT_EQ(r[1].string_value(), "us/west");
  // Auto-detection turns hive partitioning on for such a layout.
  EXPECT_EQ(OpenSource(S(dir + "/**/*.parquet"))->schema().size(), 3u);
  EXPECT_EQ(
      OpenSource(S(dir + "/**/*.parquet"), {{"hive_partitioning", B(false)}})->schema().size(), 1u);
}

TEST(ParquetPartition, OverwriteSemantics) {
  std::string dir = TempDir("overwrite") + "/out";
  WriteRows(dir, kSchema, Rows(), {{"partition_by", List({"year"})}});
  try {
    WriteRows(dir, kSchema, Rows(), {{"partition_by", List({"year"})}});
    FAIL() << "expected a non-empty directory error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("not empty"), std::string::npos) << e.message();
  }
  std::vector<Row> all = Rows();
  std::vector<Row> few(all.begin(), all.begin() + 10);
  WriteRows(dir, kSchema, few, {{"partition_by", List({"year"})}, {"overwrite", B(true)}});
  EXPECT_EQ(Scan(*OpenSource(S(dir + "/**/*.parquet"))).rows.size(), 10u);
  WriteRows(dir, kSchema, few,
            {{"partition_by", List({"year"})}, {"overwrite_or_ignore", B(true)}});
  EXPECT_EQ(Scan(*OpenSource(S(dir + "/**/*.parquet"))).rows.size(), 10u);  // same names replaced
}

TEST(ParquetPartition, MissingPartitionColumnIsAnError) {
  std::string dir = TempDir("missing") + "/out";
  try {
    WriteRows(dir, kSchema, Rows(), {{"partition_by", List({"regoin"})}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("'regoin'"), std::string::npos) << e.message();
  }
}

TEST(ParquetPartition, FileSizeRollsOver) {
  std::string dir = TempDir("rollover") + "/out";
  std::vector<Row> rows;
  for (int i = 0; i < 40000; i++)
    rows.push_back({Value::Bigint(i), Value::Varchar("v" + std::to_string(i)), Value::Integer(i)});
  auto stats =
      WriteRows(dir, kSchema, rows, {{"file_size_bytes", I(100000)}, {"row_group_size", I(2048)}});
  EXPECT_GT(stats.files.size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/data_0.parquet"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/data_1.parquet"));
  auto back = Scan(*OpenSource(S(dir + "/*.parquet"))).rows;
  EXPECT_EQ(back.size(), 40000u);
}

TEST(ParquetPartition, ManyPartitionsKeepABoundedNumberOfOpenFiles) {
  std::string dir = TempDir("many") + "/out";
  Schema schema = {{"id", TypeId::kBigint}, {"p", TypeId::kBigint}};
  std::vector<Row> rows;
  for (int i = 0; i < 2 * 150 * 10; i++)
    rows.push_back({Value::Bigint(i), Value::Bigint((i / 10) % 150)});
  // Chunks of 10 rows visit the 150 partitions in turn, twice: more than the open-file
  // limit, so early partitions are finished and later get a second file.
  auto stats = WriteRows(dir, schema, rows, {{"partition_by", List({"p"})}}, 10);
  EXPECT_GT(stats.files.size(), 150u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/p=0/data_1.parquet"));
  auto back = Scan(*OpenSource(S(dir + "/**/*.parquet"))).rows;
  ASSERT_EQ(back.size(), rows.size());
  for (const auto& r : back) EXPECT_EQ((r[0].int_value() / 10) % 150, r[1].int_value());
}

TEST(ParquetPartition, EscapingRoundTrips) {
  using parquet::EscapePartitionValue;
  using parquet::UnescapePartitionValue;
  for (std::string s : {"plain", "a/b", "100%", "x=y", "", "é", "..", "a\\b"}) {
    std::string e = EscapePartitionValue(s);
    EXPECT_EQ(e.find('/'), std::string::npos);
    EXPECT_EQ(UnescapePartitionValue(e), s);
  }
  using parquet::InferPartitionType;
  std::string a = "12", b = "-3", c = "2.5", d = "2024-02-29", e = "2024-02-29 10:11:12", f = "x";
  EXPECT_EQ(InferPartitionType({&a, &b, nullptr}), TypeId::kBigint);
  EXPECT_EQ(InferPartitionType({&a, &c}), TypeId::kDouble);
  EXPECT_EQ(InferPartitionType({&d}), TypeId::kDate);
  EXPECT_EQ(InferPartitionType({&e}), TypeId::kTimestamp);
  EXPECT_EQ(InferPartitionType({&d, &f}), TypeId::kVarchar);
  EXPECT_EQ(InferPartitionType({&a, &d}), TypeId::kVarchar);
  auto parts = parquet::ParseHivePartitions("root/k=1/j=a%2Fb/file.parquet");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].second.value(), "a/b");
}

}  // namespace
}  // namespace sluice::parquet_test
