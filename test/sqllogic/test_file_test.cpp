// Unit tests of the sqllogictest file parser and result matcher (no Session needed).
#include "sqllogic/test_file.h"

#include <gtest/gtest.h>

#include "sqllogic/result_matcher.h"

namespace sluice::sqllogic {
namespace {

const char kExample[] =
    "# comment\n"
    "require parquet\n"
    "\n"
    "statement ok\n"
    "CREATE TABLE t AS\n"
    "SELECT 1 AS a\n"
    "\n"
    "statement error\n"
    "SELECT nope FROM t\n"
    "----\n"
    "unknown column 'nope'\n"
    "\n"
    "statement error\n"
    "SELECT 1 +\n"
    "\n"
    "query IT rowsort\n"
    "SELECT a, 'x' FROM t\n"
    "----\n"
    "1\tx\n"
    "2\ty\n"
    "\n"
    "query I\n"
    "SELECT 1 WHERE false\n";

TEST(TestFileTest, ParsesRecords) {
  TestFile file = ParseTestFile("t.test", kExample);
  ASSERT_EQ(file.records.size(), 5u);
  const TestRecord& create = file.records[0];
  EXPECT_EQ(create.kind, TestRecord::Kind::kStatementOk);
  EXPECT_EQ(create.line, 4);
  EXPECT_EQ(create.sql, "CREATE TABLE t AS\nSELECT 1 AS a");
  EXPECT_EQ(file.records[1].kind, TestRecord::Kind::kStatementError);
  EXPECT_EQ(*file.records[1].expected_error, "unknown column 'nope'");
  EXPECT_FALSE(file.records[2].expected_error.has_value());
  const TestRecord& query = file.records[3];
  EXPECT_EQ(query.kind, TestRecord::Kind::kQuery);
  EXPECT_EQ(query.column_types, "IT");
  EXPECT_EQ(query.sort_mode, SortMode::kRowSort);
  EXPECT_EQ(query.line, 16);
  EXPECT_EQ(query.expected_line, 19);
  EXPECT_EQ(query.expected_lines, (std::vector<std::string>{"1\tx", "2\ty"}));
  EXPECT_TRUE(file.records[4].expected_lines.empty());
}

std::string ParseError(const std::string& text) {
  try {
    ParseTestFile("bad.test", text);
  } catch (const TestFileError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TestFileTest, RejectsWhatItCannotRun) {
  EXPECT_EQ(ParseError("mode skip\n"),
            "bad.test:1: 'mode skip' is not supported: tests are never skipped");
  EXPECT_EQ(ParseError("\nloop i 0 10\n"),
            "bad.test:2: unknown directive 'loop' (expected statement, query or require)");
  EXPECT_EQ(ParseError("statement ok\n\n"), "bad.test:1: missing SQL after the directive");
  EXPECT_EQ(ParseError("statement maybe\nSELECT 1\n"),
            "bad.test:1: expected 'statement ok' or 'statement error'");
  EXPECT_EQ(ParseError("query I shuffle\nSELECT 1\n"),
            "bad.test:1: unknown sort mode 'shuffle' (nosort, rowsort or valuesort)");
  EXPECT_EQ(ParseError("statement ok\nSELECT 1\n----\n1\n"),
            "bad.test:3: 'statement ok' has no expected output; use 'query' to check results");
}

TestRecord Query(std::string types, SortMode mode, std::vector<std::string> expected) {
  TestRecord r;
  r.kind = TestRecord::Kind::kQuery;
  r.column_types = std::move(types);
  r.sort_mode = mode;
  r.expected_lines = std::move(expected);
  r.expected_line = 10;
  return r;
}

TEST(ResultMatcherTest, MatchesAndSorts) {
  TextRows actual = {{"2", "b"}, {"1", "a"}};
  EXPECT_FALSE(MatchQueryResult(Query("IT", SortMode::kRowSort, {"1\ta", "2\tb"}), actual));
  EXPECT_TRUE(MatchQueryResult(Query("IT", SortMode::kNoSort, {"1\ta", "2\tb"}), actual));
  EXPECT_FALSE(MatchQueryResult(Query("IT", SortMode::kNoSort, {"2\tb", "1\ta"}), actual));
  // One value per line is accepted too.
  EXPECT_FALSE(MatchQueryResult(Query("IT", SortMode::kNoSort, {"2", "b", "1", "a"}), actual));
  EXPECT_FALSE(MatchQueryResult(Query("II", SortMode::kValueSort, {"1\t2", "3\t4"}),
                                {{"4", "2"}, {"3", "1"}}));
}

TEST(ResultMatcherTest, ExplainsDifferences) {
  std::optional<std::string> diff =
      MatchQueryResult(Query("IT", SortMode::kNoSort, {"1\ta", "2\tc"}), {{"1", "a"}, {"2", "b"}});
  ASSERT_TRUE(diff);
  EXPECT_NE(diff->find("row 2 column 2: expected 'c' but got 'b'"), std::string::npos) << *diff;
  EXPECT_NE(diff->find("actual:\n  1\ta\n  2\tb\n"), std::string::npos) << *diff;

  diff = MatchQueryResult(Query("IT", SortMode::kNoSort, {"1 a"}), {{"1", "a"}});
  ASSERT_TRUE(diff);
  EXPECT_NE(diff->find("separate values with tabs"), std::string::npos) << *diff;

  diff = MatchQueryResult(Query("I", SortMode::kNoSort, {"1"}), {{"1", "a"}});
  ASSERT_TRUE(diff);
  EXPECT_NE(diff->find("declares 1 column(s) ('I') but the result has 2"), std::string::npos);

  diff = MatchQueryResult(Query("I", SortMode::kNoSort, {"1", "2"}), {{"1"}});
  ASSERT_TRUE(diff);
  EXPECT_NE(diff->find("expected 2 row(s) but got 1"), std::string::npos);
}

TEST(ResultMatcherTest, RealColumnsCompareNumerically) {
  EXPECT_FALSE(MatchQueryResult(Query("R", SortMode::kNoSort, {"0.3"}), {{"0.30000000000000004"}}));
  EXPECT_TRUE(MatchQueryResult(Query("T", SortMode::kNoSort, {"0.3"}), {{"0.30000000000000004"}}));
  EXPECT_TRUE(MatchQueryResult(Query("R", SortMode::kNoSort, {"0.3"}), {{"0.31"}}));
  EXPECT_TRUE(MatchQueryResult(Query("R", SortMode::kNoSort, {"NULL"}), {{"0"}}));
}

TEST(ResultMatcherTest, ResultToTextMarksNullAndEmpty) {
  QueryResult result;
  result.schema = {{"s", TypeId::kVarchar}, {"b", TypeId::kBoolean}, {"d", TypeId::kDouble}};
  DataChunk chunk;
  chunk.Initialize({TypeId::kVarchar, TypeId::kBoolean, TypeId::kDouble});
  chunk.column(0).SetValue(0, Value::Varchar(""));
  chunk.column(1).SetValue(0, Value::Boolean(true));
  chunk.column(2).SetValue(0, Value::Double(2.5));
  chunk.column(0).SetValue(1, Value::Null(TypeId::kVarchar));
  chunk.column(1).SetValue(1, Value::Boolean(false));
  chunk.column(2).SetValue(1, Value::Double(3));
  chunk.SetSize(2);
  result.chunks.push_back(std::move(chunk));
  EXPECT_EQ(ResultToText(result), (TextRows{{"(empty)", "true", "2.5"}, {"NULL", "false", "3.0"}}));
}

}  // namespace
}  // namespace sluice::sqllogic
