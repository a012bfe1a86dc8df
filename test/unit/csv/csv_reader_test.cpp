// read_csv: dialect, header and type detection, quoting, errors, options.
#include <gtest/gtest.h>

#include <cmath>

#include "csv_test_util.h"
#include "formats/csv/csv_value_parser.h"

namespace sluice::csv_test {
namespace {

Schema SchemaOf(Options options) {
  return OpenCsv(options)->schema();
}

TEST(CsvReader, InfersTypesAndHeader) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "t.csv",
                        "id,price,name,day,ts,flag\n"
                        "1,2.5,apple,2024-01-31,2024-01-31 10:00:00,true\n"
                        "2,3,pear,2024-02-01,2024-02-01 11:30:00,false\n"
                        "-3,,\"\",,,\n");
  Schema schema = SchemaOf(CsvOptions(Str(path)));
  ASSERT_EQ(schema.size(), 6u);
  EXPECT_EQ(schema[0].name, "id");
  EXPECT_EQ(schema[0].type, TypeId::kBigint);
  EXPECT_EQ(schema[1].type, TypeId::kDouble);
  EXPECT_EQ(schema[2].type, TypeId::kVarchar);
  EXPECT_EQ(schema[3].type, TypeId::kDate);
  EXPECT_EQ(schema[4].type, TypeId::kTimestamp);
  EXPECT_EQ(schema[5].type, TypeId::kBoolean);
  Rows rows = ReadCsv(CsvOptions(Str(path)));
  EXPECT_EQ(RowsToString(rows),
            "1|2.5|apple|2024-01-31|2024-01-31 10:00:00|true\n"
            "2|3.0|pear|2024-02-01|2024-02-01 11:30:00|false\n"
            "-3|NULL||NULL|NULL|NULL\n");
  // "" is an empty string, an empty unquoted field is NULL.
  EXPECT_FALSE(rows[2][2].is_null());
  EXPECT_TRUE(rows[2][1].is_null());
}

TEST(CsvReader, ZeroOneIsNotBoolean) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "t.csv", "a,b\n0,x\n1,y\n");
  EXPECT_EQ(SchemaOf(CsvOptions(Str(path)))[0].type, TypeId::kBigint);
}

TEST(CsvReader, AllNullColumnIsVarchar) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "t.csv", "a,b\n1,\n2,\n");
  EXPECT_EQ(SchemaOf(CsvOptions(Str(path)))[1].type, TypeId::kVarchar);
}

TEST(CsvReader, QuotingRfc4180) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "t.csv",
                        "a,b\n"
                        "\"x,y\",\"he said \"\"hi\"\"\"\n"
                        "\"multi\nline\",plain\n"
                        "\"\",\"\"\"\"\n");
  Rows rows = ReadCsv(CsvOptions(Str(path)));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][0].string_value(), "x,y");
  EXPECT_EQ(rows[0][1].string_value(), "he said \"hi\"");
  EXPECT_EQ(rows[1][0].string_value(), "multi\nline");
  EXPECT_EQ(rows[1][1].string_value(), "plain");
  EXPECT_FALSE(rows[2][0].is_null());
  EXPECT_EQ(rows[2][0].string_value(), "");
  EXPECT_EQ(rows[2][1].string_value(), "\"");
}

TEST(CsvReader, CustomEscape) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "t.csv", "a,b\n\"x\\\"y\",\"back\\\\slash\"\n\"p,q\",2\n");
  Rows rows = ReadCsv(CsvOptions(Str(path), {{"escape", Str("\\")}, {"all_varchar", Bool(true)}}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].string_value(), "x\"y");
  EXPECT_EQ(rows[0][1].string_value(), "back\\slash");
  EXPECT_EQ(rows[1][0].string_value(), "p,q");
}

TEST(CsvReader, CrLfBomAndNoFinalNewline) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "t.csv", "\xEF\xBB\xBFid,name\r\n1,a\r\n\r\n2,\"b\r\nc\"\r\n3,d");
  Schema schema = SchemaOf(CsvOptions(Str(path)));
  EXPECT_EQ(schema[0].name, "id");
  EXPECT_EQ(schema[0].type, TypeId::kBigint);
  Rows rows = ReadCsv(CsvOptions(Str(path)));
  EXPECT_EQ(RowsToString(rows), "1|a\n2|b\r\nc\n3|d\n");
}

TEST(CsvReader, EmptyFile) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "empty.csv", "");
  std::string error = ErrorOf([&] { SchemaOf(CsvOptions(Str(path))); });
  EXPECT_NE(error.find("empty.csv"), std::string::npos) << error;
  EXPECT_NE(error.find("no columns"), std::string::npos) << error;
  Rows rows =
      ReadCsv(CsvOptions(Str(path), {{"columns", Struct({{"a", "BIGINT"}, {"b", "VARCHAR"}})}}));
  EXPECT_TRUE(rows.empty());
  Schema schema = SchemaOf(CsvOptions(Str(path), {{"columns", Struct({{"a", "BIGINT"}})}}));
  ASSERT_EQ(schema.size(), 1u);
  EXPECT_EQ(schema[0].type, TypeId::kBigint);
}

TEST(CsvReader, HeaderOnly) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "h.csv", "alpha,beta\n");
  Schema schema = SchemaOf(CsvOptions(Str(path)));
  ASSERT_EQ(schema.size(), 2u);
  EXPECT_EQ(schema[0].name, "alpha");
  EXPECT_EQ(schema[1].name, "beta");
  EXPECT_TRUE(ReadCsv(CsvOptions(Str(path))).empty());
}

TEST(CsvReader, NoHeaderDetectedForNumbers) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "n.csv", "1,2\n3,4\n");
  Schema schema = SchemaOf(CsvOptions(Str(path)));
  EXPECT_EQ(schema[0].name, "column0");
  EXPECT_EQ(schema[1].name, "column1");
  EXPECT_EQ(ReadCsv(CsvOptions(Str(path))).size(), 2u);
  EXPECT_EQ(ReadCsv(CsvOptions(Str(path), {{"header", Bool(true)}})).size(), 1u);
}

TEST(CsvReader, HeaderNamesDeduplicatedAndFilled) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "d.csv", "a,a,,b\nx,y,z,w\n");
  Schema schema = SchemaOf(CsvOptions(Str(path), {{"header", Bool(true)}}));
  ASSERT_EQ(schema.size(), 4u);
  EXPECT_EQ(schema[0].name, "a");
  EXPECT_EQ(schema[1].name, "a_1");
  EXPECT_EQ(schema[2].name, "column2");
  EXPECT_EQ(schema[3].name, "b");
}

TEST(CsvReader, DelimiterSniffing) {
  auto dir = TempDir();
  for (char d : {'|', ';', '\t', ','}) {
    std::string s = "a_b_c\n1_x,y_3\n4_z_6\n";
    if (d == ',') s = "a,b,c\n1,\"x,y\",3\n4,z,6\n";
    for (char& c : s) c = c == '_' ? d : c;
    auto path = WriteFile(dir, "d.csv", s);
    Rows rows = ReadCsv(CsvOptions(Str(path)));
    ASSERT_EQ(rows.size(), 2u) << d;
    EXPECT_EQ(rows[0][1].string_value(), "x,y") << d;
    EXPECT_EQ(rows[1][2].int_value(), 6) << d;
  }
  auto path = WriteFile(dir, "e.csv", "a;b\n1;2\n");
  EXPECT_EQ(ReadCsv(CsvOptions(Str(path), {{"sep", Str(";")}})).size(), 1u);
}

TEST(CsvReader, ExplicitColumnsAndTypes) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "t.csv", "x,y\n1,2\n3,4\n");
  Options options =
      CsvOptions(Str(path), {{"columns", Struct({{"p", "VARCHAR"}, {"q", "DOUBLE"}})}});
  auto source = OpenCsv(options);
  ASSERT_EQ(source->schema().size(), 2u);
  EXPECT_EQ(source->schema()[0].name, "p");
  EXPECT_EQ(source->schema()[1].type, TypeId::kDouble);
  EXPECT_EQ(RowsToString(ScanAll(*source, {0, 1}, 1).rows), "1|2.0\n3|4.0\n");

  Schema schema = SchemaOf(CsvOptions(Str(path), {{"types", Struct({{"Y", "VARCHAR"}})}}));
  EXPECT_EQ(schema[0].type, TypeId::kBigint);
  EXPECT_EQ(schema[1].type, TypeId::kVarchar);
  std::string error = ErrorOf([&] {
    SchemaOf(CsvOptions(Str(path), {{"dtypes", Struct({{"yy", "BIGINT"}})}}));
  });
  EXPECT_NE(error.find("did you mean 'y'"), std::string::npos) << error;
  error = ErrorOf([&] {
    SchemaOf(CsvOptions(Str(path), {{"columns", Struct({{"a", "BIGINT"}})}}));
  });
  EXPECT_NE(error.find("has 2"), std::string::npos) << error;
}

TEST(CsvReader, UnknownOptionSuggests) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "t.csv", "a\n1\n");
  std::string error = ErrorOf([&] { SchemaOf(CsvOptions(Str(path), {{"hedaer", Bool(true)}})); });
  EXPECT_NE(error.find("did you mean 'header'"), std::string::npos) << error;
}

TEST(CsvReader, BadValueNamesFileLineColumn) {
  auto dir = TempDir();
  // Line 4 holds the bad value; a quoted newline on line 2 makes row != line.
  auto path =
      WriteFile(dir, "orders.csv", "id,note,quantity\n1,\"two\nlines\",5\n2,x,12x\n3,y,7\n");
  std::string error = ErrorOf([&] {
    ReadCsv(CsvOptions(Str(path), {{"types", Struct({{"quantity", "BIGINT"}})}}));
  });
  EXPECT_NE(error.find("orders.csv:4: column 'quantity': cannot parse \"12x\" as BIGINT"),
            std::string::npos)
      << error;
  uint64_t rejected = 0;
  Rows rows = ReadCsv(CsvOptions(Str(path), {{"types", Struct({{"quantity", "BIGINT"}})},
                                             {"ignore_errors", Bool(true)}}),
                      1, &rejected);
  EXPECT_EQ(RowsToString(rows), "1|two\nlines|5\n3|y|7\n");
  EXPECT_EQ(rejected, 1u);
}

TEST(CsvReader, WrongFieldCount) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "f.csv", "a,b\n1,2\n3\n4,5,6\n7,8\n");
  std::string error = ErrorOf([&] { ReadCsv(CsvOptions(Str(path), {{"sample_size", Int(1)}})); });
  EXPECT_NE(error.find("f.csv:3: expected 2 fields but found 1"), std::string::npos) << error;
  uint64_t rejected = 0;
  Rows rows =
      ReadCsv(CsvOptions(Str(path), {{"ignore_errors", Bool(true)}, {"sample_size", Int(1)}}), 1,
              &rejected);
  EXPECT_EQ(RowsToString(rows), "1|2\n7|8\n");
  EXPECT_EQ(rejected, 2u);
}

TEST(CsvReader, UnterminatedQuote) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "u.csv", "a,b\n1,2\n3,\"open\n");
  std::string error = ErrorOf([&] { ReadCsv(CsvOptions(Str(path), {{"header", Bool(true)}})); });
  EXPECT_NE(error.find("u.csv:3: unterminated quoted field"), std::string::npos) << error;
}

TEST(CsvReader, LateTextWidensToVarcharViaSampling) {
  auto dir = TempDir();
  std::string s = "k,v\n";
  auto add = [&s](int a, int b) {
    s += std::to_string(a);
    s += ',';
    s += std::to_string(b);
    s += '\n';
  };
  for (int i = 0; i < 200000; i++) add(i, i * 7);
  s += "200000,not_a_number\n";
  for (int i = 0; i < 200000; i++) add(i, i);
  auto path = WriteFile(dir, "late.csv", s);
  Schema schema = SchemaOf(CsvOptions(Str(path), {{"sample_size", Int(1000)}}));
  EXPECT_EQ(schema[0].type, TypeId::kBigint);
  // Either the windows caught the text, or the scan reports it precisely.
  if (schema[1].type == TypeId::kBigint) {
    std::string error = ErrorOf([&] {
      ReadCsv(CsvOptions(Str(path), {{"sample_size", Int(1000)}}));
    });
    EXPECT_NE(error.find("late.csv:200002: column 'v'"), std::string::npos) << error;
  }
  Schema whole = SchemaOf(CsvOptions(Str(path), {{"sample_size", Int(-1)}}));
  EXPECT_EQ(whole[1].type, TypeId::kVarchar);
}

TEST(CsvReader, NullStringAndSkip) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "n.csv", "junk line\nmore junk\na,b\nNA,x\n2,\n");
  Rows rows = ReadCsv(CsvOptions(Str(path), {{"skip", Int(2)}, {"nullstr", Str("NA")}}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0][0].is_null());
  EXPECT_EQ(rows[1][0].int_value(), 2);
  EXPECT_FALSE(rows[1][1].is_null());  // empty is a string when NULL is spelled NA
}

TEST(CsvReader, AllVarcharAndProjection) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "p.csv", "a,b,c\n1,\"x,1\",3.5\n2,y,4.5\n");
  Options options = CsvOptions(Str(path), {{"all_varchar", Bool(true)}});
  auto source = OpenCsv(options);
  for (const auto& f : source->schema()) EXPECT_EQ(f.type, TypeId::kVarchar);
  Options typed = CsvOptions(Str(path));
  auto typed_source = OpenCsv(typed);
  EXPECT_EQ(RowsToString(ScanAll(*typed_source, {2, 0}, 1).rows), "3.5|1\n4.5|2\n");
  EXPECT_EQ(typed_source->EstimatedRows().value_or(0), 2u);
  ScanResult none = ScanAll(*typed_source, {}, 2);
  EXPECT_EQ(none.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(none.progress, 1.0);
}

TEST(CsvReader, GlobListAndFilename) {
  auto dir = TempDir();
  WriteFile(dir, "a1.csv", "id,v\n1,x\n2,y\n");
  WriteFile(dir, "a2.csv", "id,v\n3,z\n");
  WriteFile(dir, "a3.csv", "id,v\n");
  Options options = CsvOptions(Str(dir + "/a*.csv"), {{"filename", Bool(true)}});
  auto source = OpenCsv(options);
  ASSERT_EQ(source->schema().size(), 3u);
  EXPECT_EQ(source->schema()[2].name, "filename");
  Rows rows = ScanAll(*source, {0, 2}, 2).rows;
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2][0].int_value(), 3);
  EXPECT_EQ(rows[2][1].string_value(), dir + "/a2.csv");
  EXPECT_EQ(rows[0][1].string_value(), dir + "/a1.csv");

  Rows listed = ReadCsv(CsvOptions(List({dir + "/a2.csv", dir + "/a1.csv"})));
  EXPECT_EQ(RowsToString(listed), "3|z\n1|x\n2|y\n");

  WriteFile(dir, "b1.csv", "id,v\n1,x\n");
  WriteFile(dir, "b2.csv", "id,v,w\n1,x,y\n");
  std::string error = ErrorOf([&] { ReadCsv(CsvOptions(Str(dir + "/b*.csv"))); });
  EXPECT_NE(error.find("b2.csv"), std::string::npos) << error;
  EXPECT_NE(error.find("3 columns"), std::string::npos) << error;
}

}  // namespace
}  // namespace sluice::csv_test

namespace sluice::csv_test {
namespace {

TEST(CsvValueParser, FastPathsAgreeWithTextCodec) {
  for (const char* text :
       {"1970-01-01", "2000-02-29", "1900-03-01", "2024-12-31", "0001-01-01", "9999-12-31",
        "2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31", "1600-02-29", "2100-02-29"}) {
    int32_t fast = 0, slow = 0;
    bool fast_ok = CsvParseDate(text, 10, &fast), slow_ok = ParseDate(text, &slow);
    EXPECT_EQ(fast_ok, slow_ok) << text;
    if (fast_ok && slow_ok) {
      EXPECT_EQ(fast, slow) << text;
    }
  }
  for (const char* text : {"2024-01-31 23:59:59", "2024-01-31T00:00:00", "2024-01-31 24:00:00",
                           "2024-01-31 12:60:00", "2024-01-31 10:00:00.25"}) {
    int64_t fast = 0, slow = 0;
    std::string_view view(text);
    bool fast_ok = CsvParseTimestamp(view.data(), view.size(), &fast);
    bool slow_ok = ParseTimestamp(view, &slow);
    EXPECT_EQ(fast_ok, slow_ok) << text;
    if (fast_ok && slow_ok) {
      EXPECT_EQ(fast, slow) << text;
    }
  }
  for (const char* text : {"0", "-0", "123456789012345678", "-999999999999999999",
                           "9223372036854775807", "9223372036854775808", "+5", " 7", "1e3", "-"}) {
    int64_t fast = 0, slow = 0;
    std::string_view view(text);
    bool fast_ok = CsvParseInt64(view.data(), view.size(), &fast);
    bool slow_ok = ParseInt64(view, &slow);
    EXPECT_EQ(fast_ok, slow_ok) << text;
    if (fast_ok && slow_ok) {
      EXPECT_EQ(fast, slow) << text;
    }
  }
  for (const char* text : {"0.1", "845.42", "-0.0", "123456789012345", "1234567890123456.5",
                           "0.30000000000000004", "1e5", ".5", "nan", "12x"}) {
    double fast = 0, slow = 0;
    std::string_view view(text);
    bool fast_ok = CsvParseDouble(view.data(), view.size(), &fast);
    bool slow_ok = ParseDouble(view, &slow);
    EXPECT_EQ(fast_ok, slow_ok) << text;
    if (fast_ok && slow_ok && fast == fast) {
      EXPECT_EQ(fast, slow) << text;
      EXPECT_EQ(std::signbit(fast), std::signbit(slow)) << text;
    }
  }
}

}  // namespace
}  // namespace sluice::csv_test
