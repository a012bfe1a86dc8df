#include <gtest/gtest.h>

#include "parser_test_util.h"

namespace sluice::sql {
namespace {

using testing::ParseError;

TEST(FormatSqlErrorTest, LineColumnAndCaret) {
  EXPECT_EQ(FormatSqlError("SELECT a FORM t", 9, "syntax error at or near \"FORM\""),
            "SQL 1:10: syntax error at or near \"FORM\"\n"
            "  SELECT a FORM t\n"
            "           ^");
  EXPECT_EQ(FormatSqlError("SELECT a,\n\tb FROM t\n", 13, "oops"),
            "SQL 2:4: oops\n"
            "  \tb FROM t\n"
            "  \t  ^");
  EXPECT_EQ(FormatSqlError("SELECT", 6, "at end"), "SQL 1:7: at end\n  SELECT\n        ^");
  EXPECT_EQ(SqlLocation("a\nbc", 3), "2:2");
}

TEST(FormatSqlErrorTest, LongLinesAreCutAroundTheColumn) {
  std::string sql = "SELECT " + std::string(300, 'x') + " FORM t";
  std::string message = FormatSqlError(sql, 308, "bad");
  EXPECT_EQ(message.rfind("SQL 1:309: bad\n  ...", 0), 0u) << message;
  size_t excerpt_start = message.find('\n') + 1;
  size_t caret_start = message.find('\n', excerpt_start) + 1;
  std::string excerpt = message.substr(excerpt_start, caret_start - excerpt_start - 1);
  std::string caret = message.substr(caret_start);
  EXPECT_LT(excerpt.size(), 140u);
  ASSERT_EQ(caret.back(), '^');
  EXPECT_EQ(excerpt.substr(caret.size() - 1, 4), "FORM");
}

TEST(ParseErrorTest, MisspelledKeywordIsReportedAtTheWord) {
  EXPECT_EQ(ParseError("SELECT a FORM t"),
            "SQL 1:10: syntax error at or near \"FORM\"\n"
            "  SELECT a FORM t\n"
            "           ^");
  EXPECT_EQ(ParseError("SELECT a FROM t WEHRE a > 1"),
            "SQL 1:17: syntax error at or near \"WEHRE\"\n"
            "  SELECT a FROM t WEHRE a > 1\n"
            "                  ^");
}

TEST(ParseErrorTest, UnclosedFunctionCallSaysWhereItStarted) {
  EXPECT_EQ(ParseError("SELECT sum(a FROM t"),
            "SQL 1:14: syntax error at or near \"FROM\": expected ')' to close the function "
            "call started at 1:8\n"
            "  SELECT sum(a FROM t\n"
            "               ^");
}

TEST(ParseErrorTest, EndOfInput) {
  EXPECT_EQ(ParseError("SELECT a FROM"),
            "SQL 1:14: syntax error at end of input: expected a table name, table function "
            "or subquery\n"
            "  SELECT a FROM\n"
            "               ^");
  EXPECT_EQ(ParseError("SELECT (1 + 2"),
            "SQL 1:14: syntax error at end of input: expected ')' to close the parenthesized "
            "expression started at 1:8\n"
            "  SELECT (1 + 2\n"
            "               ^");
}

TEST(ParseErrorTest, SecondLineOfAMultiLineStatement) {
  EXPECT_EQ(ParseError("SELECT a\nFROM t\nWHERE a >"),
            "SQL 3:10: syntax error at end of input: expected an expression\n"
            "  WHERE a >\n"
            "           ^");
}

TEST(ParseErrorTest, ReservedWordAsName) {
  EXPECT_NE(ParseError("SELECT * FROM order").find("\"order\" is a reserved word"),
            std::string::npos);
}

TEST(ParseErrorTest, UnknownAndUnsupportedStatements) {
  EXPECT_EQ(ParseError("FOO bar"),
            "SQL 1:1: unknown statement starting with \"FOO\": expected SELECT, WITH, VALUES, "
            "COPY, CREATE, INSERT, DROP, EXPLAIN, DESCRIBE, SET or SHOW\n"
            "  FOO bar\n"
            "  ^");
  EXPECT_NE(ParseError("UPDATE t SET a = 1").find("not supported: UPDATE"), std::string::npos);
  EXPECT_NE(ParseError("SELECT a FROM t GROUP BY ROLLUP (a)").find("not supported"),
            std::string::npos);
  EXPECT_NE(ParseError("SELECT DISTINCT ON (a) a FROM t").find("not supported"), std::string::npos);
  EXPECT_NE(ParseError("SELECT a SIMILAR TO 'x'").find("not supported: SIMILAR TO"),
            std::string::npos);
}

TEST(ParseErrorTest, OtherMistakes) {
  EXPECT_NE(ParseError("SELECT a FROM t JOIN u").find("expected ON or USING for the JOIN at 1:17"),
            std::string::npos);
  EXPECT_NE(ParseError("SELECT sum(x) OVER (ORDER BY ALL) FROM t").find("expected an expression"),
            std::string::npos);
  EXPECT_NE(ParseError("VALUES (1, 2), (3)").find("same number of values"), std::string::npos);
  EXPECT_NE(ParseError("SELECT CASE WHEN a THEN b").find("expected END to close the CASE"),
            std::string::npos);
  EXPECT_NE(ParseError("SELECT INTERVAL '3 fortnights'").find("unknown interval unit"),
            std::string::npos);
  EXPECT_NE(ParseError("SELECT 1 2").find("syntax error at or near \"2\""), std::string::npos);
  EXPECT_NE(ParseError("SELECT * FROM read_csv(header = true, 'x')")
                .find("positional argument after named arguments in read_csv()"),
            std::string::npos);
  EXPECT_NE(ParseError("SELECT a FROM t; SELECT b FROM").find("SQL 1:31:"), std::string::npos);
}

}  // namespace
}  // namespace sluice::sql
