#include "sql/parser/lexer.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace sluice::sql {
namespace {

std::vector<Token> Lex(std::string_view sql) {
  return Tokenize(sql);
}

TEST(LexerTest, IdentifiersFoldUnlessQuoted) {
  auto tokens = Lex(R"(SELECT MyCol, "MyCol", "a""b" FROM T)");
  ASSERT_EQ(tokens.size(), 9u);
  EXPECT_EQ(tokens[0].type, TokenType::kIdentifier);
  EXPECT_EQ(tokens[0].text, "select");
  EXPECT_EQ(tokens[1].text, "mycol");
  EXPECT_EQ(tokens[3].type, TokenType::kQuotedIdentifier);
  EXPECT_EQ(tokens[3].text, "MyCol");
  EXPECT_EQ(tokens[5].text, "a\"b");
  EXPECT_EQ(tokens[7].text, "t");
  EXPECT_EQ(tokens[8].type, TokenType::kEnd);
}

TEST(LexerTest, Numbers) {
  auto tokens = Lex("42 4.2 .5 1e9 1.5E-3 7.");
  EXPECT_EQ(tokens[0].type, TokenType::kInteger);
  EXPECT_EQ(tokens[1].type, TokenType::kDecimal);
  EXPECT_EQ(tokens[2].type, TokenType::kDecimal);
  EXPECT_EQ(tokens[2].text, ".5");
  EXPECT_EQ(tokens[3].type, TokenType::kDecimal);
  EXPECT_EQ(tokens[4].text, "1.5E-3");
  EXPECT_EQ(tokens[5].text, "7.");
}

TEST(LexerTest, StringsAndEscapes) {
  auto tokens = Lex(R"('it''s' E'a\nb\'c' e'\\')");
  EXPECT_EQ(tokens[0].type, TokenType::kString);
  EXPECT_EQ(tokens[0].text, "it's");
  EXPECT_EQ(tokens[1].text, "a\nb'c");
  EXPECT_EQ(tokens[2].text, "\\");
}

TEST(LexerTest, Operators) {
  auto tokens = Lex("+ - * / // % || = == <> != < <= > >= :: ( ) , . ; [ ] { } : := =>");
  std::vector<std::string> expected = {"+",  "-", "*",  "/", "//", "%",  "||", "=", "==", "<>",
                                       "!=", "<", "<=", ">", ">=", "::", "(",  ")", ",",  ".",
                                       ";",  "[", "]",  "{", "}",  ":",  ":=", "=>"};
  ASSERT_EQ(tokens.size(), expected.size() + 1);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(tokens[i].type, TokenType::kOperator);
    EXPECT_EQ(tokens[i].text, expected[i]);
  }
}

TEST(LexerTest, CommentsAreSkipped) {
  auto tokens = Lex("SELECT -- a comment\n 1 /* block /* nested */ still */ + 2");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[1].text, "1");
  EXPECT_EQ(tokens[2].text, "+");
  EXPECT_EQ(tokens[3].text, "2");
}

TEST(LexerTest, PositionsAreByteOffsets) {
  auto tokens = Lex("SELECT  abc");
  EXPECT_EQ(tokens[1].position, 8u);
  EXPECT_EQ(tokens[1].end, 11u);
  EXPECT_EQ(tokens[2].position, 11u);
}

TEST(LexerTest, UnterminatedThingsNameWhereTheyStarted) {
  auto message = [](std::string_view sql) {
    try {
      Tokenize(sql);
    } catch (const Error& e) {
      return e.message();
    }
    return std::string();
  };
  EXPECT_EQ(message("SELECT 'abc"),
            "SQL 1:8: unterminated string literal started at 1:8\n"
            "  SELECT 'abc\n"
            "         ^");
  EXPECT_EQ(message("SELECT\n  \"abc"),
            "SQL 2:3: unterminated quoted identifier started at 2:3\n"
            "    \"abc\n"
            "    ^");
  EXPECT_EQ(message("SELECT 1 /* oops"),
            "SQL 1:10: unterminated /* comment started at 1:10\n"
            "  SELECT 1 /* oops\n"
            "           ^");
  EXPECT_EQ(message("SELECT 1 @ 2"),
            "SQL 1:10: unexpected character '@'\n"
            "  SELECT 1 @ 2\n"
            "           ^");
}

}  // namespace
}  // namespace sluice::sql
