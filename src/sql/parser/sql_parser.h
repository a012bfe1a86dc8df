// SqlParser — the recursive-descent parser behind ParseSql (internal to this folder).
//
// One instance parses one SQL text. Expressions use precedence climbing, lowest first:
//   OR < AND < NOT < comparison, IS, IN, BETWEEN, LIKE < || < + - < * / // % < unary - +
//   < :: (postfix cast) < primary
// Recursion depth and tree height are capped at kMaxSqlNesting; deeper input is a
// user_input error, never a stack overflow.
//
// The implementation is split by grammar area: sql_parser.cpp (tokens, names, errors),
// expression_parser.cpp, query_parser.cpp (queries and FROM), statement_parser.cpp.
//
// Thread-safety: an instance is used by one thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sql/parser/ast.h"
#include "sql/parser/lexer.h"

namespace sluice::sql {

class SqlParser {
 public:
  explicit SqlParser(std::string_view sql);

  std::vector<StatementPtr> ParseStatements();
  ParsedExprPtr ParseStandaloneExpression();

 private:
  // Counts one level of recursion for the lifetime of the guard.
  class DepthGuard {
   public:
    DepthGuard(SqlParser& parser, size_t position);
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    SqlParser& parser_;
  };

  // --- tokens and errors (sql_parser.cpp)
  const Token& Peek(size_t ahead = 0) const;
  const Token& Advance();
  bool PeekKeyword(std::string_view keyword, size_t ahead = 0) const;
  bool PeekOperator(std::string_view op, size_t ahead = 0) const;
  bool AcceptKeyword(std::string_view keyword);
  bool AcceptOperator(std::string_view op);
  void ExpectKeyword(std::string_view keyword);
  void ExpectOperator(std::string_view op, std::string_view why = "");
  // A closing ')' for something opened at `open_position` ("the function call").
  void ExpectClose(std::string_view what, size_t open_position);
  [[noreturn]] void SyntaxError(std::string_view expected = "");
  [[noreturn]] void Fail(size_t position, std::string_view message) const;
  std::string Location(size_t position) const;
  size_t LastEnd() const;  // end offset of the last consumed token

  // A name: a quoted identifier, or an unquoted one that is not reserved.
  bool PeekIdentifier(size_t ahead = 0) const;
  std::string ParseIdentifier(std::string_view what);
  std::vector<std::string> ParseQualifiedName(std::string_view what);
  std::vector<std::string> ParseParenthesizedNames(std::string_view what);
  // [AS] alias [(cols)] for a table ref; a bare alias must not be reserved.
  void ParseTableAlias(TableRef& ref);

  // Height bookkeeping (see Node::height).
  void CheckHeight(const Node& node) const;
  ParsedExprPtr Finish(ParsedExprPtr expr) const;
  void FinishQuery(QueryNode& query) const;
  void FinishTableRef(TableRef& ref) const;

  // --- statements (statement_parser.cpp)
  StatementPtr ParseStatement();
  StatementPtr ParseCopy();
  StatementPtr ParseCreate();
  StatementPtr ParseCreateTable(size_t start, bool or_replace, bool temporary);
  StatementPtr ParseCreateView(size_t start, bool or_replace, bool temporary);
  StatementPtr ParseInsert();
  StatementPtr ParseDrop();
  StatementPtr ParseExplain();
  StatementPtr ParseDescribe();
  StatementPtr ParseSet();
  StatementPtr ParseShow();
  std::vector<CopyOption> ParseOptionList();
  ParsedExprPtr ParseOptionValue();
  bool PeekQueryStart(size_t ahead = 0) const;

  // --- queries (query_parser.cpp)
  std::unique_ptr<QueryNode> ParseQuery();
  std::unique_ptr<QueryNode> ParseSetOperations(int min_precedence);
  std::unique_ptr<QueryNode> ParseQueryPrimary();
  std::unique_ptr<SelectNode> ParseSelect();
  std::unique_ptr<ValuesNode> ParseValues();
  std::vector<CommonTableExpr> ParseWith();
  void ParseQueryModifiers(QueryNode& query);
  void ParseSelectList(SelectNode& select);
  void ParseGroupBy(SelectNode& select);
  void ParseWindowClause(SelectNode& select);
  TableRefPtr ParseFromList();
  TableRefPtr ParseJoinedTable();
  TableRefPtr ParseTableRefPrimary();
  TableRefPtr ParseNamedTableRef();
  bool PeekParenthesizedQuery() const;  // at '(' in FROM: a query rather than a join?
  std::vector<OrderItem> ParseOrderList();
  OrderItem ParseOrderItem(bool allow_all);  // ALL only for a query's ORDER BY ALL

  // --- expressions (expression_parser.cpp)
  ParsedExprPtr ParseExpr();
  ParsedExprPtr ParseOr();
  ParsedExprPtr ParseAnd();
  ParsedExprPtr ParseNot();
  ParsedExprPtr ParseComparison();
  ParsedExprPtr ParseComparisonTail(ParsedExprPtr left, bool* matched);
  ParsedExprPtr ParseConcat();
  ParsedExprPtr ParseAdditive();
  ParsedExprPtr ParseMultiplicative();
  ParsedExprPtr ParseUnary();
  ParsedExprPtr ParsePostfix();
  ParsedExprPtr ParsePrimary();
  ParsedExprPtr ParseNamePrimary();
  void ParseStarExclude(StarExpr& star);  // [EXCLUDE (a, b) | EXCLUDE a]
  ParsedExprPtr ParseParenthesized();
  ParsedExprPtr ParseFunctionCall(std::vector<std::string> name, size_t position);
  void ParseFunctionDecorations(FunctionExpr& call);
  ParsedExprPtr ParseCase();
  ParsedExprPtr ParseCast(bool try_cast);
  ParsedExprPtr ParseExtract(size_t position);
  ParsedExprPtr ParsePositionCall(size_t position);
  ParsedExprPtr ParseInterval();
  ParsedExprPtr ParseList();
  ParsedExprPtr ParseStruct();
  ParsedExprPtr ParseNumber();
  ParsedExprPtr MakeString(std::string value, size_t position) const;
  std::unique_ptr<WindowSpec> ParseWindowSpec();
  std::unique_ptr<WindowFrame> ParseFrame();
  FrameBound ParseFrameBound();
  TypeName ParseTypeName();
  std::vector<ParsedExprPtr> ParseExprList();
  // Table-function arguments: positional expressions and name = / := / => value.
  void ParseTableFunctionArgs(TableFunctionRef& ref, size_t open_position);

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  size_t depth_ = 0;
  // Index of the token consumed as a bare (AS-less) alias; a syntax error right after it
  // points at the alias (`SELECT a FORM t` reports "FORM", not "t").
  size_t bare_alias_token_ = static_cast<size_t>(-1);
};

}  // namespace sluice::sql
