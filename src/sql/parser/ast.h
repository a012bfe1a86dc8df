// The SQL abstract syntax tree of sluice: include this to walk what ParseSql returns.
//
//   ast_expression.h  ParsedExpr and its subclasses (ColumnRefExpr, FunctionExpr, ...)
//   ast_query.h       QueryNode (SelectNode, SetOperationNode, ValuesNode) and TableRef
//                     (BaseTableRef, TableFunctionRef, SubqueryRef, JoinRef)
//   ast_statement.h   Statement (SelectStatement, CopyStatement, CreateTableStatement, ...)
//
// Every node carries `position` (byte offset in the SQL text) for FormatSqlError.
//
// Thread-safety: plain data; immutable after parsing by convention.
#pragma once

#include "sql/parser/ast_expression.h"
#include "sql/parser/ast_query.h"
#include "sql/parser/ast_statement.h"
