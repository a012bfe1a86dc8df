// Helpers shared by the parser tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "common/error.h"
#include "sql/parser/parser.h"

namespace sluice::sql::testing {

// The canonical rendering of a single expression.
inline std::string Expr(std::string_view sql) {
  return ParseExpression(sql)->ToString();
}

// The canonical rendering of a single statement; also checks that the rendering parses
// back to the same rendering.
inline std::string Render(std::string_view sql) {
  auto statements = ParseSql(sql);
  EXPECT_EQ(statements.size(), 1u) << sql;
  if (statements.empty()) return "";
  std::string text = statements[0]->ToString();
  auto again = ParseSql(text);
  EXPECT_EQ(again.size(), 1u) << text;
  if (!again.empty()) {
    EXPECT_EQ(again[0]->ToString(), text) << "not stable: " << sql;
  }
  return text;
}

inline std::unique_ptr<Statement> ParseOne(std::string_view sql) {
  auto statements = ParseSql(sql);
  EXPECT_EQ(statements.size(), 1u) << sql;
  return statements.empty() ? nullptr : std::move(statements[0]);
}

inline const SelectNode& SelectOf(const Statement& statement) {
  return statement.As<SelectStatement>().query->As<SelectNode>();
}

// The message of the user_input error that parsing `sql` throws ("" if none).
inline std::string ParseError(std::string_view sql) {
  try {
    ParseSql(sql);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput) << e.what();
    return e.message();
  }
  ADD_FAILURE() << "expected a parse error for: " << sql;
  return "";
}

}  // namespace sluice::sql::testing
