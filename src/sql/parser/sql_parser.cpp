#include "sql/parser/sql_parser.h"

#include <algorithm>

#include "common/error.h"
#include "sql/parser/keywords.h"
#include "sql/parser/parser.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {

SqlParser::SqlParser(std::string_view sql) : sql_(sql), tokens_(Tokenize(sql)) {}

SqlParser::DepthGuard::DepthGuard(SqlParser& parser, size_t position) : parser_(parser) {
  if (++parser_.depth_ > kMaxSqlNesting) {
    --parser_.depth_;
    parser_.Fail(position,
                 "SQL nested too deeply (more than " + std::to_string(kMaxSqlNesting) + " levels)");
  }
}

const Token& SqlParser::Peek(size_t ahead) const {
  return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
}

const Token& SqlParser::Advance() {
  const Token& token = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return token;
}

bool SqlParser::PeekKeyword(std::string_view keyword, size_t ahead) const {
  return Peek(ahead).IsKeyword(keyword);
}

bool SqlParser::PeekOperator(std::string_view op, size_t ahead) const {
  return Peek(ahead).IsOperator(op);
}

bool SqlParser::AcceptKeyword(std::string_view keyword) {
  if (!PeekKeyword(keyword)) return false;
  Advance();
  return true;
}

bool SqlParser::AcceptOperator(std::string_view op) {
  if (!PeekOperator(op)) return false;
  Advance();
  return true;
}

void SqlParser::ExpectKeyword(std::string_view keyword) {
  if (AcceptKeyword(keyword)) return;
  std::string upper(keyword);
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  SyntaxError("expected " + upper);
}

void SqlParser::ExpectOperator(std::string_view op, std::string_view why) {
  if (AcceptOperator(op)) return;
  std::string expected = "expected '" + std::string(op) + "'";
  if (!why.empty()) expected += " " + std::string(why);
  SyntaxError(expected);
}

void SqlParser::ExpectClose(std::string_view what, size_t open_position) {
  if (AcceptOperator(")")) return;
  SyntaxError("expected ')' to close " + std::string(what) + " started at " +
              Location(open_position));
}

std::string SqlParser::Location(size_t position) const {
  return SqlLocation(sql_, position);
}

size_t SqlParser::LastEnd() const {
  return pos_ == 0 ? 0 : tokens_[pos_ - 1].end;
}

void SqlParser::Fail(size_t position, std::string_view message) const {
  throw Error::UserInput("{}", FormatSqlError(sql_, position, message));
}

void SqlParser::SyntaxError(std::string_view expected) {
  size_t index = pos_;
  if (bare_alias_token_ + 1 == index) index = bare_alias_token_;
  const Token& token = tokens_[index];
  std::string message;
  if (token.type == TokenType::kEnd) {
    message = "syntax error at end of input";
  } else {
    std::string_view text = sql_.substr(token.position, token.end - token.position);
    if (text.size() > 40) text = text.substr(0, 40);
    message = "syntax error at or near \"" + std::string(text) + "\"";
  }
  if (!expected.empty() && index == pos_) message += ": " + std::string(expected);
  Fail(token.position, message);
}

bool SqlParser::PeekIdentifier(size_t ahead) const {
  const Token& token = Peek(ahead);
  return token.type == TokenType::kQuotedIdentifier ||
         (token.type == TokenType::kIdentifier && !IsReservedKeyword(token.text));
}

std::string SqlParser::ParseIdentifier(std::string_view what) {
  if (!PeekIdentifier()) {
    if (Peek().type == TokenType::kIdentifier) {
      Fail(Peek().position, "syntax error at or near \"" + Peek().text + "\": expected " +
                                std::string(what) + " (\"" + Peek().text +
                                "\" is a reserved word; quote it to use it as a name)");
    }
    SyntaxError("expected " + std::string(what));
  }
  return Advance().text;
}

std::vector<std::string> SqlParser::ParseQualifiedName(std::string_view what) {
  std::vector<std::string> parts;
  parts.push_back(ParseIdentifier(what));
  while (PeekOperator(".")) {
    Advance();
    parts.push_back(ParseIdentifier(what));
  }
  return parts;
}

std::vector<std::string> SqlParser::ParseParenthesizedNames(std::string_view what) {
  size_t open = Peek().position;
  ExpectOperator("(");
  std::vector<std::string> names;
  do {
    names.push_back(ParseIdentifier(what));
  } while (AcceptOperator(","));
  ExpectClose("the list of " + std::string(what) + "s", open);
  return names;
}

void SqlParser::ParseTableAlias(TableRef& ref) {
  if (AcceptKeyword("as")) {
    ref.alias = ParseIdentifier("an alias");
  } else if (PeekIdentifier()) {
    bare_alias_token_ = pos_;
    ref.alias = Advance().text;
  } else {
    return;
  }
  if (PeekOperator("(")) ref.column_aliases = ParseParenthesizedNames("column alias");
}

void SqlParser::CheckHeight(const Node& node) const {
  if (node.height > kMaxSqlNesting) {
    Fail(node.position,
         "SQL nested too deeply (more than " + std::to_string(kMaxSqlNesting) + " levels)");
  }
}

ParsedExprPtr SqlParser::Finish(ParsedExprPtr expr) const {
  uint32_t height = 0;
  ForEachChild(*expr,
               [&height](const ParsedExpr& child) { height = std::max(height, child.height); });
  if (expr->kind == ParsedExprKind::kSubquery) {
    height = std::max(height, expr->As<SubqueryExpr>().query->height);
  }
  expr->height = height + 1;
  CheckHeight(*expr);
  return expr;
}

namespace {

uint32_t MaxHeight(uint32_t current, const ParsedExprPtr& expr) {
  return expr ? std::max(current, expr->height) : current;
}

uint32_t OrderHeight(uint32_t current, const std::vector<OrderItem>& items) {
  for (const auto& item : items) current = MaxHeight(current, item.expr);
  return current;
}

}  // namespace

void SqlParser::FinishQuery(QueryNode& query) const {
  uint32_t height = 0;
  for (const auto& cte : query.ctes) height = std::max(height, cte.query->height);
  height = OrderHeight(height, query.order_by);
  height = MaxHeight(height, query.limit);
  height = MaxHeight(height, query.offset);
  switch (query.kind) {
    case QueryKind::kSelect: {
      const auto& select = query.As<SelectNode>();
      for (const auto& item : select.select_list) height = MaxHeight(height, item.expr);
      if (select.from) height = std::max(height, select.from->height);
      height = MaxHeight(height, select.where);
      for (const auto& g : select.group_by) height = MaxHeight(height, g);
      height = MaxHeight(height, select.having);
      height = MaxHeight(height, select.qualify);
      for (const auto& w : select.windows) {
        for (const auto& p : w.spec.partition_by) height = MaxHeight(height, p);
        height = OrderHeight(height, w.spec.order_by);
      }
      break;
    }
    case QueryKind::kSetOperation: {
      const auto& set_op = query.As<SetOperationNode>();
      height = std::max({height, set_op.left->height, set_op.right->height});
      break;
    }
    case QueryKind::kValues:
      for (const auto& row : query.As<ValuesNode>().rows) {
        for (const auto& value : row) height = MaxHeight(height, value);
      }
      break;
  }
  query.height = height + 1;
  CheckHeight(query);
}

void SqlParser::FinishTableRef(TableRef& ref) const {
  uint32_t height = 0;
  switch (ref.kind) {
    case TableRefKind::kBaseTable: break;
    case TableRefKind::kTableFunction: {
      const auto& function = ref.As<TableFunctionRef>();
      for (const auto& arg : function.args) height = MaxHeight(height, arg);
      for (const auto& named : function.named_args) height = MaxHeight(height, named.value);
      break;
    }
    case TableRefKind::kSubquery: height = ref.As<SubqueryRef>().query->height; break;
    case TableRefKind::kJoin: {
      const auto& join = ref.As<JoinRef>();
      height = std::max(join.left->height, join.right->height);
      height = MaxHeight(height, join.condition);
      break;
    }
  }
  ref.height = height + 1;
  CheckHeight(ref);
}

std::vector<StatementPtr> SqlParser::ParseStatements() {
  std::vector<StatementPtr> statements;
  while (true) {
    while (AcceptOperator(";")) {
    }
    if (Peek().type == TokenType::kEnd) break;
    size_t start = Peek().position;
    StatementPtr statement = ParseStatement();
    if (!PeekOperator(";") && Peek().type != TokenType::kEnd) SyntaxError();
    statement->position = start;
    statement->end_position = LastEnd();
    statement->text = std::string(sql_.substr(start, statement->end_position - start));
    statements.push_back(std::move(statement));
  }
  return statements;
}

ParsedExprPtr SqlParser::ParseStandaloneExpression() {
  ParsedExprPtr expr = ParseExpr();
  if (Peek().type != TokenType::kEnd) SyntaxError("expected end of expression");
  return expr;
}

std::vector<std::unique_ptr<Statement>> ParseSql(std::string_view sql) {
  return SqlParser(sql).ParseStatements();
}

ParsedExprPtr ParseExpression(std::string_view sql) {
  return SqlParser(sql).ParseStandaloneExpression();
}

}  // namespace sluice::sql
