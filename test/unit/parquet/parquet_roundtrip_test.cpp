// Write-then-read round trips: every type, NULL patterns, both encodings (dictionary and
// PLAIN), every codec, multiple row groups, parallel scans, projection and pruning.
#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "parquet_test_util.h"

namespace sluice::parquet_test {
namespace {

const Schema kAllTypes = {
    {"b", TypeId::kBoolean},        {"i", TypeId::kInteger},       {"l", TypeId::kBigint},
    {"d", TypeId::kDouble},         {"s", TypeId::kVarchar},       {"dt", TypeId::kDate},
    {"ts", TypeId::kTimestamp},     {"all_null", TypeId::kBigint}, {"alt_null", TypeId::kVarchar},
    {"low_card", TypeId::kVarchar},
};

std::vector<Row> AllTypeRows(size_t n) {
  std::vector<Row> rows;
  for (size_t r = 0; r < n; r++) {
    auto i = static_cast<int64_t>(r);
    rows.push_back({
        r % 7 == 3 ? Value::Null(TypeId::kBoolean) : Value::Boolean(r % 3 == 0),
        Value::Integer(static_cast<int32_t>(i * 7919 % 100003 - 50000)),
        Value::Bigint(i * 1000003 - (int64_t{1} << 40)),
        r % 11 == 0 ? Value::Null(TypeId::kDouble)
                    : Value::Double(static_cast<double>(i) * 0.25 - 3.5),
        Value::Varchar("str-" + std::to_string(i * 31 % 997) + std::string(r % 5, 'x')),
        Value::Date(static_cast<int32_t>(18000 + i % 1000)),
        Value::Timestamp(1700000000000000 + i * 1234567),
        Value::Null(TypeId::kBigint),
        r % 2 == 0 ? Value::Null(TypeId::kVarchar) : Value::Varchar(r % 4 == 1 ? "" : "odd"),
        Value::Varchar(r % 3 == 0   ? "red"
                       : r % 3 == 1 ? "green"
                                    : "blue"),
    });
  }
  return rows;
}

class CodecRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(CodecRoundTrip, AllTypesAndNullPatterns) {
  std::string dir = TempDir("codec_" + GetParam());
  std::string path = dir + "/all.parquet";
  auto rows = AllTypeRows(5000);
  WriterStats stats = WriteRows(path, kAllTypes, rows,
                                {{"compression", S(GetParam())}, {"row_group_size", I(1500)}});
  EXPECT_EQ(stats.rows, 5000u);
  ASSERT_EQ(stats.files.size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  auto source = OpenSource(S(path));
  ASSERT_EQ(source->schema().size(), kAllTypes.size());
  for (size_t i = 0; i < kAllTypes.size(); i++) {
    EXPECT_EQ(source->schema()[i].name, kAllTypes[i].name);
    EXPECT_EQ(source->schema()[i].type, kAllTypes[i].type);
  }
  EXPECT_EQ(source->EstimatedRows().value_or(0), 5000u);
  ExpectRowsEqual(rows, Scan(*source).rows);
  ExpectRowsEqual(rows, Scan(*source, {}, {}, 2).rows);
}

INSTANTIATE_TEST_SUITE_P(Codecs, CodecRoundTrip,
                         ::testing::Values("none", "snappy", "zstd", "gzip", "lz4_raw"));

TEST(ParquetRoundTrip, NoNullsRequiredStyleAndEmptyFile) {
  std::string dir = TempDir("nonull");
  Schema schema = {{"id", TypeId::kBigint}, {"name", TypeId::kVarchar}};
  std::vector<Row> rows;
  for (int i = 0; i < 3000; i++)
    rows.push_back({Value::Bigint(i), Value::Varchar("n" + std::to_string(i))});
  WriteRows(dir + "/a.parquet", schema, rows);
  ExpectRowsEqual(rows, Scan(*OpenSource(S(dir + "/a.parquet"))).rows);

  WriteRows(dir + "/empty.parquet", schema, {});
  auto empty = OpenSource(S(dir + "/empty.parquet"));
  EXPECT_EQ(empty->schema().size(), 2u);
  EXPECT_TRUE(Scan(*empty).rows.empty());
}

TEST(ParquetRoundTrip, MultipleRowGroupsInOrderWithThreads) {
  std::string path = TempDir("rowgroups") + "/rg.parquet";
  Schema schema = {{"id", TypeId::kBigint}, {"v", TypeId::kDouble}};
  std::vector<Row> rows;
  for (int i = 0; i < 20000; i++) rows.push_back({Value::Bigint(i), Value::Double(i / 4.0)});
  WriteRows(path, schema, rows, {{"row_group_size", I(1000)}}, 1500);
  auto source = OpenSource(S(path));
  auto result = Scan(*source, {}, {}, 2);
  ExpectRowsEqual(rows, result.rows);
  EXPECT_GE(result.chunks, 20u);  // at least one chunk per row group
}

TEST(ParquetRoundTrip, ProjectionAndEmptyProjection) {
  std::string path = TempDir("projection") + "/p.parquet";
  auto rows = AllTypeRows(3000);
  WriteRows(path, kAllTypes, rows);
  auto source = OpenSource(S(path));
  auto result = Scan(*source, {4, 1});
  ASSERT_EQ(result.rows.size(), rows.size());
  for (size_t r = 0; r < rows.size(); r++) {
    ASSERT_EQ(result.rows[r][0].Compare(rows[r][4]), 0);
    ASSERT_EQ(result.rows[r][1].Compare(rows[r][1]), 0);
  }
  // count(*): no columns, correct sizes.
  auto count = Scan(*source, {}, {}, 1, false);
  EXPECT_EQ(count.rows.size(), 3000u);
}

TEST(ParquetRoundTrip, RowGroupPruningByStatistics) {
  std::string path = TempDir("pruning") + "/sorted.parquet";
  Schema schema = {{"id", TypeId::kBigint}, {"name", TypeId::kVarchar}};
  std::vector<Row> rows;
  for (int i = 0; i < 10000; i++) {
    rows.push_back(
        {Value::Bigint(i), Value::Varchar(std::string(1, static_cast<char>('a' + i / 1000)))});
  }
  WriteRows(path, schema, rows, {{"row_group_size", I(1000)}});
  auto source = OpenSource(S(path));
  ColumnFilter ge{0, ColumnFilter::Op::kGreaterEqual, Value::Bigint(8500)};
  EXPECT_EQ(Scan(*source, {}, {ge}).rows.size(), 2000u);  // row groups 8 and 9 only
  ColumnFilter eq{1, ColumnFilter::Op::kEqual, Value::Varchar("c")};
  auto c_rows = Scan(*source, {0}, {eq}).rows;
  ASSERT_EQ(c_rows.size(), 1000u);
  EXPECT_EQ(c_rows[0][0].int_value(), 2000);
  ColumnFilter lt{0, ColumnFilter::Op::kLess, Value::Bigint(0)};
  EXPECT_TRUE(Scan(*source, {}, {lt}).rows.empty());
  ColumnFilter is_null{0, ColumnFilter::Op::kIsNull, Value()};
  EXPECT_TRUE(Scan(*source, {}, {is_null}).rows.empty());
  ColumnFilter not_null{0, ColumnFilter::Op::kIsNotNull, Value()};
  EXPECT_EQ(Scan(*source, {}, {not_null}).rows.size(), 10000u);
}

TEST(ParquetRoundTrip, MultipleFilesUnionByNameAndTypeConflict) {
  std::string dir = TempDir("multi");
  WriteRows(dir + "/a.parquet", {{"id", TypeId::kBigint}, {"x", TypeId::kVarchar}},
            {{Value::Bigint(1), Value::Varchar("a")}});
  WriteRows(dir + "/b.parquet", {{"y", TypeId::kDouble}, {"id", TypeId::kBigint}},
            {{Value::Double(2.5), Value::Bigint(2)}});
  auto source = OpenSource(S(dir + "/*.parquet"), {{"filename", B(true)}});
  ASSERT_EQ(source->schema().size(), 4u);
  EXPECT_EQ(source->schema()[2].name, "y");
  EXPECT_EQ(source->schema()[3].name, "filename");
  auto rows = Scan(*source).rows;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].int_value(), 1);
  EXPECT_TRUE(rows[0][2].is_null());
  EXPECT_EQ(rows[1][0].int_value(), 2);
  EXPECT_TRUE(rows[1][1].is_null());
  EXPECT_EQ(rows[1][2].double_value(), 2.5);
  EXPECT_EQ(rows[1][3].string_value(), dir + "/b.parquet");

  OptionValue list;
  list.kind = OptionValue::Kind::kList;
  list.items = {S(dir + "/b.parquet"), S(dir + "/a.parquet")};
  auto listed = Scan(*OpenSource(list)).rows;
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0][1].int_value(), 2);  // files in the order given: b's columns first
  try {
    OpenSource(S(dir + "/missing.parquet"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("missing.parquet"), std::string::npos) << e.message();
  }

  WriteRows(dir + "/c.parquet", {{"id", TypeId::kVarchar}}, {{Value::Varchar("three")}});
  try {
    OpenSource(S(dir + "/*.parquet"));
    FAIL() << "expected a type conflict";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("a.parquet"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("c.parquet"), std::string::npos) << e.message();
  }
}

TEST(ParquetRoundTrip, WriterOptionErrors) {
  std::string dir = TempDir("options");
  Schema schema = {{"id", TypeId::kBigint}};
  EXPECT_THROW(WriteRows(dir + "/x.parquet", schema, {}, {{"compression", S("brotli9")}}), Error);
  EXPECT_THROW(WriteRows(dir + "/x.parquet", schema, {}, {{"row_gruop_size", I(5)}}), Error);
  EXPECT_THROW(WriteRows(dir + "/x.parquet", schema, {}, {{"row_group_size", I(0)}}), Error);
}

TEST(ParquetRoundTrip, DictionaryMakesLowCardinalitySmaller) {
  std::string dir = TempDir("dictsize");
  Schema schema = {{"s", TypeId::kVarchar}};
  std::vector<Row> low, high;
  for (int i = 0; i < 50000; i++) {
    low.push_back({Value::Varchar("category-number-" + std::to_string(i % 10))});
    high.push_back({Value::Varchar("category-number-" + std::to_string(i * 7919 % 1000003))});
  }
  auto a = WriteRows(dir + "/low.parquet", schema, low, {{"compression", S("none")}});
  auto b = WriteRows(dir + "/high.parquet", schema, high, {{"compression", S("none")}});
  EXPECT_LT(a.bytes * 10, b.bytes);
  ExpectRowsEqual(low, Scan(*OpenSource(S(dir + "/low.parquet"))).rows);
  ExpectRowsEqual(high, Scan(*OpenSource(S(dir + "/high.parquet"))).rows);
}

}  // namespace
}  // namespace sluice::parquet_test
