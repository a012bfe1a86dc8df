// ParseSql — turns SQL text into statements (the AST in sql/parser/ast.h).
//
//   auto statements = sluice::sql::ParseSql("SELECT 1; SELECT a FROM t");
//   for (auto& s : statements) if (s->kind == StatementKind::kSelect) ...
//
// Statements are separated by ';'; empty statements are skipped. Errors are thrown as
// sluice::Error of kind user_input with a FormatSqlError message ("SQL 1:10: syntax error
// at or near ..."). Any input gives either statements or such an error: no crash, no
// unbounded recursion (nesting deeper than kMaxSqlNesting is refused).
//
// Thread-safety: pure function; may be called from several threads at once.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sql/parser/ast.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {

std::vector<std::unique_ptr<Statement>> ParseSql(std::string_view sql);

// Parses `sql` as exactly one expression (for pipeline `row:` rules and tests).
ParsedExprPtr ParseExpression(std::string_view sql);

}  // namespace sluice::sql
