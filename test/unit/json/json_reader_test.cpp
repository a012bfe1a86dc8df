#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/json/json_table_source.h"
#include "json_test_support.h"

namespace sluice::testing {
namespace {

std::string RowText(const std::vector<Value>& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); i++) {
    if (i > 0) out += '|';
    out += row[i].ToString();
  }
  return out;
}

std::vector<std::string> Rows(const ScanResult& result) {
  std::vector<std::string> out;
  for (const auto& row : result.rows) out.push_back(RowText(row));
  return out;
}

std::string SchemaText(const Schema& schema) {
  std::string out;
  for (const auto& field : schema) {
    if (!out.empty()) out += ", ";
    out += field.name;
    out += ' ';
    out += TypeName(field.type);
  }
  return out;
}

TEST(JsonReader, InfersNarrowestTypesInFirstSeenOrder) {
  TempDir dir;
  std::string path = dir.Write("a.json",
                               "{\"id\":1,\"ok\":true,\"price\":2,\"day\":\"2024-01-02\","
                               "\"ts\":\"2024-01-02 10:00:00\",\"name\":\"x\"}\n"
                               "{\"id\":2,\"ok\":false,\"price\":2.5,\"day\":\"2024-02-03\","
                               "\"ts\":\"2024-01-03\",\"name\":\"2024-01-01\",\"late\":null}\n");
  auto source = OpenJson(path);
  EXPECT_EQ(SchemaText(source->schema()),
            "id BIGINT, ok BOOLEAN, price DOUBLE, day DATE, ts TIMESTAMP, name VARCHAR, "
            "late VARCHAR");
  auto result = ScanAll(*source);
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(Rows(result)[0], "1|true|2.0|2024-01-02|2024-01-02 10:00:00|x|NULL");
  EXPECT_EQ(Rows(result)[1], "2|false|2.5|2024-02-03|2024-01-03 00:00:00|2024-01-01|NULL");
}

TEST(JsonReader, MixedTypesWidenToVarchar) {
  TempDir dir;
  std::string path = dir.Write("a.json", "{\"a\":1,\"b\":true}\n{\"a\":\"one\",\"b\":2}\n");
  auto source = OpenJson(path);
  EXPECT_EQ(SchemaText(source->schema()), "a VARCHAR, b VARCHAR");
  EXPECT_EQ(Rows(ScanAll(*source)), (std::vector<std::string>{"1|true", "one|2"}));
}

TEST(JsonReader, MissingKeysAreNullAndBlankLinesSkipped) {
  TempDir dir;
  std::string path =
      dir.Write("a.json", "{\"a\":1,\"b\":\"x\"}\n\n   \n{\"b\":\"y\"}\r\n{\"a\":3}");
  auto result = ScanAll(*OpenJson(path));
  EXPECT_EQ(Rows(result), (std::vector<std::string>{"1|x", "NULL|y", "3|NULL"}));
}

TEST(JsonReader, NestedValuesBecomeMinifiedJsonText) {
  TempDir dir;
  std::string path = dir.Write(
      "a.json", "{\"id\":1,\"tags\":[ 1, \"two\" , {\"x\": null} ],\"obj\":{ \"k\" : [ ] }}\n");
  auto source = OpenJson(path);
  EXPECT_EQ(SchemaText(source->schema()), "id BIGINT, tags VARCHAR, obj VARCHAR");
  EXPECT_EQ(Rows(ScanAll(*source))[0], "1|[1,\"two\",{\"x\":null}]|{\"k\":[]}");
}

TEST(JsonReader, EscapesAndUnicodeInValuesAndKeys) {
  TempDir dir;
  std::string path = dir.Write(
      "a.json", "{\"s\":\"a\\\"b\\\\c\\nd\\u00e9\\ud83d\\ude00\",\"k\\u0065y\":\"caf\xC3\xA9\"}\n");
  auto source = OpenJson(path);
  EXPECT_EQ(SchemaText(source->schema()), "s VARCHAR, key VARCHAR");
  auto result = ScanAll(*source);
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0][0].string_value(), "a\"b\\c\nd\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(result.rows[0][1].string_value(), "caf\xC3\xA9");
}

TEST(JsonReader, ExplicitColumnsSkipInferenceAndConvertStrings) {
  TempDir dir;
  std::string path =
      dir.Write("a.json",
                "{\"q\":\"12\",\"p\":\"1.5\",\"d\":\"2024-03-04\",\"extra\":1,\"b\":\"true\"}\n"
                "{\"q\":7,\"p\":2,\"d\":null}\n");
  auto source = OpenJson(path, {{"columns", Columns({{"q", "INTEGER"},
                                                     {"p", "DOUBLE"},
                                                     {"d", "DATE"},
                                                     {"b", "BOOLEAN"},
                                                     {"absent", "VARCHAR"}})}});
  EXPECT_EQ(SchemaText(source->schema()), "q INTEGER, p DOUBLE, d DATE, b BOOLEAN, absent VARCHAR");
  EXPECT_EQ(Rows(ScanAll(*source)),
            (std::vector<std::string>{"12|1.5|2024-03-04|true|NULL", "7|2.0|NULL|NULL|NULL"}));
}

TEST(JsonReader, ValueThatDoesNotFitNamesFileLineAndKey) {
  TempDir dir;
  std::string path =
      dir.Write("orders.json", "{\"quantity\":1}\n\n{\"quantity\":2}\n{\"quantity\":\"12x\"}\n");
  auto source = OpenJson(path, {{"columns", Columns({{"quantity", "BIGINT"}})}});
  std::string message = ErrorMessageOf([&] { ScanAll(*source); });
  EXPECT_EQ(message, path + ":4: key 'quantity': cannot read \"12x\" as BIGINT");
}

TEST(JsonReader, MalformedLineNamesFileAndLine) {
  TempDir dir;
  std::string body;
  for (int i = 0; i < 100; i++) body += "{\"a\":" + std::to_string(i) + "}\n";
  body += "{\"a\":5,\n";  // unterminated object on line 101
  body += "{\"a\":6}\n";
  std::string path = dir.Write("bad.json", body);
  // Inside the sample: reported when the source opens.
  std::string message = ErrorMessageOf([&] { OpenJson(path); });
  EXPECT_EQ(message.rfind(path + ":101: malformed JSON", 0), 0u) << message;
  // Past the sample: reported by the scan.
  auto source = OpenJson(path, {{"sample_size", Int(10)}});
  message = ErrorMessageOf([&] { ScanAll(*source, 2); });
  EXPECT_EQ(message.rfind(path + ":101: malformed JSON", 0), 0u) << message;
}

TEST(JsonReader, MalformedLineInSampleFailsAtOpen) {
  TempDir dir;
  std::string path = dir.Write("bad.json", "{\"a\":1}\n[1,2]\n");
  std::string message = ErrorMessageOf([&] {
    OpenJson(path, {{"format", Str("newline_delimited")}});
  });
  EXPECT_EQ(message, path + ":2: expected a JSON object");
  path = dir.Write("trailing.json", "{\"a\":1} {\"a\":2}\n");
  message = ErrorMessageOf([&] { OpenJson(path); });
  EXPECT_EQ(message, path + ":1: malformed JSON: unexpected content after the object");
}

TEST(JsonReader, IgnoreErrorsSkipsAndCountsBadRows) {
  TempDir dir;
  std::string path =
      dir.Write("a.json", "{\"a\":1}\n{\"a\":\"x\"}\n{\"a\":\n{\"a\":4}\nnot json\n{\"a\":6}\n");
  auto source =
      OpenJson(path, {{"columns", Columns({{"a", "BIGINT"}})}, {"ignore_errors", Bool(true)}});
  auto result = ScanAll(*source);
  EXPECT_EQ(Rows(result), (std::vector<std::string>{"1", "4", "6"}));
  EXPECT_EQ(result.rows_rejected, 3u);
}

TEST(JsonReader, TooLargeRecordIsAnErrorOrSkipped) {
  TempDir dir;
  std::string big = "{\"a\":\"" + std::string(5000, 'x') + "\"}";
  std::string path = dir.Write("a.json", "{\"a\":\"s\"}\n" + big + "\n{\"a\":\"t\"}\n");
  auto strict = OpenJson(
      path, {{"columns", Columns({{"a", "VARCHAR"}})}, {"maximum_object_size", Int(1000)}});
  EXPECT_EQ(ErrorMessageOf([&] { ScanAll(*strict); }),
            path + ":2: record is larger than maximum_object_size");
  auto lenient = OpenJson(path, {{"columns", Columns({{"a", "VARCHAR"}})},
                                 {"maximum_object_size", Int(1000)},
                                 {"ignore_errors", Bool(true)}});
  auto result = ScanAll(*lenient);
  EXPECT_EQ(Rows(result), (std::vector<std::string>{"s", "t"}));
  EXPECT_EQ(result.rows_rejected, 1u);
}

std::string ManyRows(int n) {
  std::string body;
  for (int i = 0; i < n; i++) {
    body += "{\"id\":";
    body += std::to_string(i);
    body += ",\"name\":\"n";
    body += std::to_string(i % 7);
    body += "\",\"v\":";
    body += std::to_string(i * 0.5);
    if (i % 5 == 0) body += ",\"opt\":1";
    body += "}\n";
    if (i % 333 == 0) body += "\n";
  }
  return body;
}

TEST(JsonReader, ParallelScanWithSmallMorselsEqualsSingleThreaded) {
  TempDir dir;
  std::string path = dir.Write("many.json", ManyRows(3000));
  std::vector<std::string> files = {path};
  JsonReadOptions single_options;
  JsonTableSource single("read_json", files, single_options);
  auto expected = ScanAll(single, 1);
  ASSERT_EQ(expected.rows.size(), 3000u);
  EXPECT_EQ(expected.batches, 1u);
  for (uint64_t morsel_bytes : {1, 7, 100, 4096}) {
    JsonReadOptions options;
    options.morsel_bytes = morsel_bytes;
    JsonTableSource source("read_json", files, options);
    auto result = ScanAll(source, 4);
    EXPECT_EQ(Rows(result), Rows(expected)) << "morsel_bytes=" << morsel_bytes;
    EXPECT_GT(result.batches, 1u);
  }
}

TEST(JsonReader, ProjectionReturnsRequestedColumnsInRequestedOrder) {
  TempDir dir;
  std::string path =
      dir.Write("a.json", "{\"a\":1,\"b\":\"x\",\"c\":true}\n{\"c\":false,\"a\":2}\n");
  auto source = OpenJson(path);
  auto result = ScanAll(*source, 1, {2, 0});
  EXPECT_EQ(Rows(result), (std::vector<std::string>{"true|1", "false|2"}));
  auto counted = ScanAll(*source, 1, {}, false);  // count(*): no columns
  EXPECT_EQ(counted.rows.size(), 2u);
}

TEST(JsonReader, GlobsAndListsReadFilesInOrderWithFilename) {
  TempDir dir;
  dir.Write("d/part1.json", "{\"a\":1}\n{\"a\":2}\n");
  dir.Write("d/part2.json", "{\"a\":3,\"b\":\"late key\"}\n");
  dir.Write("d/other.txt", "{\"a\":99}\n");
  auto source = OpenJson(dir.path() + "/d/*.json", {{"filename", Bool(true)}});
  EXPECT_EQ(SchemaText(source->schema()), "a BIGINT, b VARCHAR, filename VARCHAR");
  auto result = ScanAll(*source, 2);
  ASSERT_EQ(result.rows.size(), 3u);
  EXPECT_EQ(result.rows[0][0].int_value(), 1);
  EXPECT_EQ(result.rows[2][1].string_value(), "late key");
  EXPECT_EQ(result.rows[2][2].string_value(), dir.path() + "/d/part2.json");

  OptionValue list;
  list.kind = OptionValue::Kind::kList;
  list.items = {Str(dir.path() + "/d/part2.json"), Str(dir.path() + "/d/part1.json")};
  auto listed = ScanAll(*OpenJson(list));
  EXPECT_EQ(Rows(listed), (std::vector<std::string>{"3|late key", "1|NULL", "2|NULL"}));
}

TEST(JsonReader, KeysFirstSeenAfterTheSampleAreIgnored) {
  TempDir dir;
  std::string path = dir.Write("a.json", "{\"a\":1}\n{\"a\":2}\n{\"a\":3,\"b\":4}\n");
  auto source = OpenJson(path, {{"sample_size", Int(2)}});
  EXPECT_EQ(SchemaText(source->schema()), "a BIGINT");
  EXPECT_EQ(Rows(ScanAll(*source)), (std::vector<std::string>{"1", "2", "3"}));
}

TEST(JsonReader, TopLevelArrayDetectedOrForced) {
  TempDir dir;
  std::string path = dir.Write("arr.json", "[\n  {\"a\": 1,\n   \"b\": \"x\"},\n  {\"a\": 2}\n]\n");
  auto result = ScanAll(*OpenJson(path));
  EXPECT_EQ(Rows(result), (std::vector<std::string>{"1|x", "2|NULL"}));
  auto forced = ScanAll(*OpenJson(path, {{"format", Str("array")}}));
  EXPECT_EQ(Rows(forced), Rows(result));
  std::string bad = dir.Write("bad.json", "[\n{\"a\":1},\n2\n]\n");
  EXPECT_EQ(ErrorMessageOf([&] { OpenJson(bad); }),
            bad + ":3: malformed JSON: array elements must be JSON objects");
  std::string typed = dir.Write("typed.json", "[{\"a\":1},\n{\"a\":\"q\"}]");
  auto source = OpenJson(typed, {{"columns", Columns({{"a", "BIGINT"}})}});
  EXPECT_EQ(ErrorMessageOf([&] { ScanAll(*source); }),
            typed + ":2: key 'a': cannot read \"q\" as BIGINT");
}

TEST(JsonReader, TopLevelArrayEdgeCases) {
  TempDir dir;
  std::string tricky = dir.Write(
      "tricky.json", "\xEF\xBB\xBF [{\"a\":\"}]\\\"{[\"},{\"a\":\"x\",\"n\":[{\"c\":[1]}]}] \n");
  auto result = ScanAll(*OpenJson(tricky));
  EXPECT_EQ(Rows(result), (std::vector<std::string>{"}]\"{[|NULL", "x|[{\"c\":[1]}]"}));
  std::string empty = dir.Write("empty.json", "[ ]");
  EXPECT_TRUE(ScanAll(*OpenJson(empty, {{"columns", Columns({{"a", "BIGINT"}})}})).rows.empty());
  std::string open = dir.Write("open.json", "[{\"a\":1},\n{\"a\":2}\n");
  EXPECT_EQ(ErrorMessageOf([&] { OpenJson(open); }),
            open + ":3: malformed JSON: expected ',' or ']' after an array element");
  std::string after = dir.Write("after.json", "[{\"a\":1}]\n[]");
  EXPECT_EQ(ErrorMessageOf([&] { OpenJson(after); }),
            after + ":2: malformed JSON: unexpected content after the array");
}

TEST(JsonReader, OptionErrorsAreClear) {
  TempDir dir;
  std::string path = dir.Write("a.json", "{\"a\":1}\n");
  EXPECT_EQ(ErrorMessageOf([&] {
              OpenJson(path, {{"ignore_erors", Bool(true)}});
            }),
            "read_json: unknown option 'ignore_erors' (did you mean 'ignore_errors'?)");
  EXPECT_EQ(ErrorMessageOf([&] {
              OpenJson(path, {{"format", Str("xml")}});
            }),
            "read_json: option 'format' must be 'auto', 'newline_delimited' or 'array', got "
            "'xml'");
  EXPECT_EQ(ErrorMessageOf([&] {
              OpenJson(path, {{"columns", Columns({{"a", "BLOB"}})}});
            }),
            "read_json: column 'a': unknown type 'BLOB'");
  EXPECT_EQ(ErrorMessageOf([&] { OpenJson(dir.path() + "/missing.json"); }),
            "read_json: " + dir.path() + "/missing.json: no such file");
  EXPECT_EQ(ErrorMessageOf([&] {
              OpenJson(path, {{"auto_detect", Bool(false)}});
            }),
            "read_json: auto_detect=false needs the schema in columns={'name': 'TYPE', ...}");
  EXPECT_EQ(ErrorMessageOf([&] {
              OpenJson(path, {{"compression", Str("gzip")}});
            }),
            "not supported: read_json: compression 'gzip' (JSON files are read uncompressed)");
  std::string gz = dir.Write("a.json.gz", "x");
  EXPECT_EQ(ErrorMessageOf([&] { OpenJson(gz); }),
            "not supported: read_json: " + gz + ": compressed JSON (decompress it first)");
  std::string empty = dir.Write("empty.json", "\n\n");
  EXPECT_NE(ErrorMessageOf([&] { OpenJson(empty); }).find("found no JSON object keys"),
            std::string::npos);
  auto typed = ScanAll(*OpenJson(empty, {{"columns", Columns({{"a", "BIGINT"}})}}));
  EXPECT_TRUE(typed.rows.empty());
}

TEST(JsonReader, AllRegisteredNamesWork) {
  TempDir dir;
  std::string path = dir.Write("a.json", "{\"a\":1}\n");
  for (const char* name : {"read_json", "read_json_auto", "read_ndjson"}) {
    auto source = OpenJson(path, {}, name);
    EXPECT_EQ(ScanAll(*source).rows.size(), 1u) << name;
    EXPECT_NE(source->Describe().find(name), std::string::npos);
  }
}

}  // namespace
}  // namespace sluice::testing
