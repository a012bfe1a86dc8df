// SqlParser: operators and primaries (precedence climbing). Special forms with their own
// syntax (CASE, CAST, EXTRACT, INTERVAL, OVER, type names) are in special_form_parser.cpp.
#include <charconv>
#include <cstdlib>

#include "sql/parser/keywords.h"
#include "sql/parser/sql_parser.h"

namespace sluice::sql {
namespace {

template <typename T>
std::unique_ptr<T> MakeNode(size_t position) {
  auto node = std::make_unique<T>();
  node->position = position;
  return node;
}

}  // namespace

ParsedExprPtr SqlParser::ParseExpr() {
  DepthGuard guard(*this, Peek().position);
  return ParseOr();
}

ParsedExprPtr SqlParser::ParseOr() {
  ParsedExprPtr left = ParseAnd();
  while (PeekKeyword("or")) {
    auto node = MakeNode<BinaryExpr>(Advance().position);
    node->op = BinaryOp::kOr;
    node->left = std::move(left);
    node->right = ParseAnd();
    left = Finish(std::move(node));
  }
  return left;
}

ParsedExprPtr SqlParser::ParseAnd() {
  ParsedExprPtr left = ParseNot();
  while (PeekKeyword("and")) {
    auto node = MakeNode<BinaryExpr>(Advance().position);
    node->op = BinaryOp::kAnd;
    node->left = std::move(left);
    node->right = ParseNot();
    left = Finish(std::move(node));
  }
  return left;
}

ParsedExprPtr SqlParser::ParseNot() {
  if (!PeekKeyword("not")) return ParseComparison();
  DepthGuard guard(*this, Peek().position);
  auto node = MakeNode<UnaryExpr>(Advance().position);
  node->op = UnaryOp::kNot;
  node->child = ParseNot();
  return Finish(std::move(node));
}

ParsedExprPtr SqlParser::ParseComparison() {
  ParsedExprPtr left = ParseConcat();
  while (true) {
    bool matched = false;
    left = ParseComparisonTail(std::move(left), &matched);
    if (!matched) return left;
  }
}

ParsedExprPtr SqlParser::ParseComparisonTail(ParsedExprPtr left, bool* matched) {
  static constexpr std::pair<std::string_view, BinaryOp> kComparisons[] = {
      {"=", BinaryOp::kEqual},     {"==", BinaryOp::kEqual},       {"<>", BinaryOp::kNotEqual},
      {"!=", BinaryOp::kNotEqual}, {"<", BinaryOp::kLess},         {"<=", BinaryOp::kLessEqual},
      {">", BinaryOp::kGreater},   {">=", BinaryOp::kGreaterEqual}};
  *matched = true;
  const Token& token = Peek();
  for (const auto& [text, op] : kComparisons) {
    if (token.IsOperator(text)) {
      auto node = MakeNode<BinaryExpr>(Advance().position);
      node->op = op;
      node->left = std::move(left);
      node->right = ParseConcat();
      return Finish(std::move(node));
    }
  }
  if (token.IsKeyword("isnull") || token.IsKeyword("notnull")) {
    auto node = MakeNode<IsExpr>(token.position);
    node->negated = token.IsKeyword("notnull");
    Advance();
    node->child = std::move(left);
    return Finish(std::move(node));
  }
  if (token.IsKeyword("is")) {
    size_t position = Advance().position;
    bool negated = AcceptKeyword("not");
    if (AcceptKeyword("distinct")) {
      ExpectKeyword("from");
      auto node = MakeNode<BinaryExpr>(position);
      node->op = negated ? BinaryOp::kIsNotDistinctFrom : BinaryOp::kIsDistinctFrom;
      node->left = std::move(left);
      node->right = ParseConcat();
      return Finish(std::move(node));
    }
    auto node = MakeNode<IsExpr>(position);
    node->negated = negated;
    if (AcceptKeyword("null")) {
      node->test = IsTest::kNull;
    } else if (AcceptKeyword("true")) {
      node->test = IsTest::kTrue;
    } else if (AcceptKeyword("false")) {
      node->test = IsTest::kFalse;
    } else {
      SyntaxError("expected NULL, TRUE, FALSE or DISTINCT FROM after IS");
    }
    node->child = std::move(left);
    return Finish(std::move(node));
  }
  size_t position = token.position;
  bool negated = false;
  if (token.IsKeyword("not") &&
      (PeekKeyword("in", 1) || PeekKeyword("between", 1) || PeekKeyword("like", 1) ||
       PeekKeyword("ilike", 1) || PeekKeyword("similar", 1))) {
    Advance();
    negated = true;
  }
  if (AcceptKeyword("in")) {
    size_t open = Peek().position;
    ExpectOperator("(", "after IN");
    if (PeekQueryStart()) {
      auto node = MakeNode<SubqueryExpr>(position);
      node->subquery_kind = SubqueryKind::kIn;
      node->negated = negated;
      node->value = std::move(left);
      node->query = ParseQuery();
      ExpectClose("the IN subquery", open);
      return Finish(std::move(node));
    }
    auto node = MakeNode<InListExpr>(position);
    node->negated = negated;
    node->value = std::move(left);
    node->list = ParseExprList();
    ExpectClose("the IN list", open);
    return Finish(std::move(node));
  }
  if (AcceptKeyword("between")) {
    auto node = MakeNode<BetweenExpr>(position);
    node->negated = negated;
    node->value = std::move(left);
    node->low = ParseConcat();
    ExpectKeyword("and");
    node->high = ParseConcat();
    return Finish(std::move(node));
  }
  if (PeekKeyword("like") || PeekKeyword("ilike")) {
    auto node = MakeNode<LikeExpr>(position);
    node->case_insensitive = Advance().text == "ilike";
    node->negated = negated;
    node->value = std::move(left);
    node->pattern = ParseConcat();
    if (AcceptKeyword("escape")) node->escape = ParseConcat();
    return Finish(std::move(node));
  }
  if (PeekKeyword("similar")) {
    Fail(Peek().position, "not supported: SIMILAR TO (use regexp_matches instead)");
  }
  if (negated) SyntaxError();
  *matched = false;
  return left;
}

ParsedExprPtr SqlParser::ParseConcat() {
  ParsedExprPtr left = ParseAdditive();
  while (PeekOperator("||")) {
    auto node = MakeNode<BinaryExpr>(Advance().position);
    node->op = BinaryOp::kConcat;
    node->left = std::move(left);
    node->right = ParseAdditive();
    left = Finish(std::move(node));
  }
  return left;
}

ParsedExprPtr SqlParser::ParseAdditive() {
  ParsedExprPtr left = ParseMultiplicative();
  while (PeekOperator("+") || PeekOperator("-")) {
    auto node = MakeNode<BinaryExpr>(Peek().position);
    node->op = Advance().text == "+" ? BinaryOp::kAdd : BinaryOp::kSubtract;
    node->left = std::move(left);
    node->right = ParseMultiplicative();
    left = Finish(std::move(node));
  }
  return left;
}

ParsedExprPtr SqlParser::ParseMultiplicative() {
  ParsedExprPtr left = ParseUnary();
  while (true) {
    BinaryOp op;
    if (PeekOperator("*")) {
      op = BinaryOp::kMultiply;
    } else if (PeekOperator("/")) {
      op = BinaryOp::kDivide;
    } else if (PeekOperator("//")) {
      op = BinaryOp::kIntegerDivide;
    } else if (PeekOperator("%")) {
      op = BinaryOp::kModulo;
    } else {
      return left;
    }
    auto node = MakeNode<BinaryExpr>(Advance().position);
    node->op = op;
    node->left = std::move(left);
    node->right = ParseUnary();
    left = Finish(std::move(node));
  }
}

ParsedExprPtr SqlParser::ParseUnary() {
  if (!PeekOperator("-") && !PeekOperator("+")) return ParsePostfix();
  DepthGuard guard(*this, Peek().position);
  auto node = MakeNode<UnaryExpr>(Peek().position);
  node->op = Advance().text == "-" ? UnaryOp::kNegate : UnaryOp::kPlus;
  node->child = ParseUnary();
  return Finish(std::move(node));
}

ParsedExprPtr SqlParser::ParsePostfix() {
  ParsedExprPtr expr = ParsePrimary();
  while (PeekOperator("::")) {
    auto node = MakeNode<CastExpr>(Advance().position);
    node->child = std::move(expr);
    node->type = ParseTypeName();
    expr = Finish(std::move(node));
  }
  return expr;
}

ParsedExprPtr SqlParser::MakeString(std::string value, size_t position) const {
  auto node = MakeNode<ConstantExpr>(position);
  node->constant_kind = ConstantKind::kString;
  node->text = std::move(value);
  return node;
}

ParsedExprPtr SqlParser::ParseNumber() {
  const Token& token = Advance();
  auto node = MakeNode<ConstantExpr>(token.position);
  node->text = token.text;
  node->double_value = std::strtod(token.text.c_str(), nullptr);
  node->constant_kind = ConstantKind::kDecimal;
  if (token.type == TokenType::kInteger) {
    int64_t value = 0;
    const char* end = token.text.data() + token.text.size();
    auto result = std::from_chars(token.text.data(), end, value);
    if (result.ec == std::errc() && result.ptr == end) {
      node->constant_kind = ConstantKind::kInteger;
      node->int_value = value;
    }
  }
  return node;
}

ParsedExprPtr SqlParser::ParsePrimary() {
  const Token& token = Peek();
  switch (token.type) {
    case TokenType::kInteger:
    case TokenType::kDecimal: return ParseNumber();
    case TokenType::kString: {
      size_t position = token.position;
      return MakeString(Advance().text, position);
    }
    case TokenType::kQuotedIdentifier: return ParseNamePrimary();
    case TokenType::kEnd: SyntaxError("expected an expression");
    case TokenType::kOperator:
      if (token.IsOperator("(")) return ParseParenthesized();
      if (token.IsOperator("[")) return ParseList();
      if (token.IsOperator("{")) return ParseStruct();
      if (token.IsOperator("*")) {
        auto star = MakeNode<StarExpr>(Advance().position);
        ParseStarExclude(*star);
        return star;
      }
      SyntaxError("expected an expression");
    case TokenType::kIdentifier: break;
  }
  const std::string& word = token.text;
  const Token& next = Peek(1);
  size_t position = token.position;
  if (word == "null" || word == "true" || word == "false") {
    Advance();
    auto node = MakeNode<ConstantExpr>(position);
    node->constant_kind = word == "null" ? ConstantKind::kNull : ConstantKind::kBoolean;
    node->bool_value = word == "true";
    return node;
  }
  if (word == "case") return ParseCase();
  if (word == "cast" || word == "try_cast") return ParseCast(word == "try_cast");
  if (word == "exists") {
    Advance();
    size_t open = Peek().position;
    ExpectOperator("(", "after EXISTS");
    auto node = MakeNode<SubqueryExpr>(position);
    node->subquery_kind = SubqueryKind::kExists;
    node->query = ParseQuery();
    ExpectClose("the EXISTS subquery", open);
    return Finish(std::move(node));
  }
  if (next.IsOperator("(") && word == "extract") return ParseExtract(position);
  if (next.IsOperator("(") && word == "position") return ParsePositionCall(position);
  if (next.type == TokenType::kString &&
      (word == "date" || word == "timestamp" || word == "time" || word == "timestamptz")) {
    Advance();
    auto node = MakeNode<TypedLiteralExpr>(position);
    node->type_name = word == "date"        ? "DATE"
                      : word == "time"      ? "TIME"
                      : word == "timestamp" ? "TIMESTAMP"
                                            : "TIMESTAMPTZ";
    node->value = Advance().text;
    return node;
  }
  if (word == "interval" && (next.type == TokenType::kString || next.type == TokenType::kInteger ||
                             next.type == TokenType::kDecimal || next.IsOperator("-"))) {
    return ParseInterval();
  }
  if ((word == "left" || word == "right") && next.IsOperator("(")) {
    Advance();
    return ParseFunctionCall({word}, position);
  }
  if (IsReservedKeyword(word)) SyntaxError("expected an expression");
  return ParseNamePrimary();
}

ParsedExprPtr SqlParser::ParseNamePrimary() {
  size_t position = Peek().position;
  std::vector<std::string> parts;
  parts.push_back(Advance().text);
  while (PeekOperator(".")) {
    Advance();
    if (PeekOperator("*")) {
      auto star = MakeNode<StarExpr>(position);
      Advance();
      star->relation = parts.back();
      ParseStarExclude(*star);
      return star;
    }
    parts.push_back(ParseIdentifier("a name after '.'"));
  }
  if (PeekOperator("(")) return ParseFunctionCall(std::move(parts), position);
  auto node = MakeNode<ColumnRefExpr>(position);
  node->parts = std::move(parts);
  return node;
}

void SqlParser::ParseStarExclude(StarExpr& star) {
  if (!AcceptKeyword("exclude")) return;
  if (PeekOperator("(")) {
    star.exclude = ParseParenthesizedNames("column name");
  } else {
    star.exclude.push_back(ParseIdentifier("a column name after EXCLUDE"));
  }
}

bool SqlParser::PeekQueryStart(size_t ahead) const {
  return PeekKeyword("select", ahead) || PeekKeyword("with", ahead) || PeekKeyword("values", ahead);
}

ParsedExprPtr SqlParser::ParseParenthesized() {
  size_t open = Peek().position;
  if (PeekQueryStart(1)) {
    Advance();
    auto node = MakeNode<SubqueryExpr>(open);
    node->subquery_kind = SubqueryKind::kScalar;
    node->query = ParseQuery();
    ExpectClose("the subquery", open);
    return Finish(std::move(node));
  }
  Advance();
  ParsedExprPtr inner = ParseExpr();
  ExpectClose("the parenthesized expression", open);
  return inner;
}

std::vector<ParsedExprPtr> SqlParser::ParseExprList() {
  std::vector<ParsedExprPtr> list;
  do {
    list.push_back(ParseExpr());
  } while (AcceptOperator(","));
  return list;
}

ParsedExprPtr SqlParser::ParseList() {
  size_t open = Advance().position;
  auto node = MakeNode<ListExpr>(open);
  if (!PeekOperator("]")) node->elements = ParseExprList();
  if (!AcceptOperator("]")) {
    SyntaxError("expected ']' to close the list started at " + Location(open));
  }
  return Finish(std::move(node));
}

ParsedExprPtr SqlParser::ParseStruct() {
  size_t open = Advance().position;
  auto node = MakeNode<StructExpr>(open);
  if (!PeekOperator("}")) {
    do {
      const Token& key = Peek();
      if (key.type != TokenType::kString && key.type != TokenType::kIdentifier &&
          key.type != TokenType::kQuotedIdentifier) {
        SyntaxError("expected a field name in the struct literal");
      }
      StructExpr::Field field;
      field.key = Advance().text;
      ExpectOperator(":", "after the struct field name");
      field.value = ParseExpr();
      node->fields.push_back(std::move(field));
    } while (AcceptOperator(","));
  }
  if (!AcceptOperator("}")) {
    SyntaxError("expected '}' to close the struct literal started at " + Location(open));
  }
  return Finish(std::move(node));
}

ParsedExprPtr SqlParser::ParseFunctionCall(std::vector<std::string> name, size_t position) {
  auto call = MakeNode<FunctionExpr>(position);
  call->name = std::move(name);
  ExpectOperator("(");
  if (PeekOperator("*") && PeekOperator(")", 1)) {
    Advance();
    call->star = true;
  } else if (!PeekOperator(")")) {
    if (AcceptKeyword("distinct")) {
      call->distinct = true;
    } else {
      AcceptKeyword("all");
    }
    call->args = ParseExprList();
    if (AcceptKeyword("order")) {
      ExpectKeyword("by");
      call->order_by = ParseOrderList();
    }
    if (PeekKeyword("ignore") && PeekKeyword("nulls", 1)) {
      pos_ += 2;
      call->ignore_nulls = true;
    } else if (PeekKeyword("respect") && PeekKeyword("nulls", 1)) {
      pos_ += 2;
    }
  }
  ExpectClose("the function call", position);
  ParseFunctionDecorations(*call);
  return Finish(std::move(call));
}

void SqlParser::ParseFunctionDecorations(FunctionExpr& call) {
  if (PeekKeyword("filter") && PeekOperator("(", 1)) {
    Advance();
    size_t open = Advance().position;
    ExpectKeyword("where");
    call.filter = ParseExpr();
    ExpectClose("the FILTER clause", open);
  }
  if (PeekKeyword("ignore") && PeekKeyword("nulls", 1)) {
    pos_ += 2;
    call.ignore_nulls = true;
  } else if (PeekKeyword("respect") && PeekKeyword("nulls", 1)) {
    pos_ += 2;
  }
  if (PeekKeyword("over") && (PeekOperator("(", 1) || PeekIdentifier(1))) {
    Advance();
    call.window = ParseWindowSpec();
  }
}

ParsedExprPtr SqlParser::ParsePositionCall(size_t position) {
  Advance();  // position
  size_t open = Peek().position;
  Advance();  // (
  ParsedExprPtr needle = ParseConcat();
  if (!AcceptKeyword("in")) {
    // An ordinary call: position(a, b, ...).
    auto call = MakeNode<FunctionExpr>(position);
    call->name = {"position"};
    call->args.push_back(std::move(needle));
    while (AcceptOperator(",")) call->args.push_back(ParseExpr());
    ExpectClose("the function call", position);
    return Finish(std::move(call));
  }
  auto call = MakeNode<FunctionExpr>(position);
  call->name = {"strpos"};
  call->args.push_back(ParseConcat());
  call->args.push_back(std::move(needle));
  ExpectClose("the position() call", open);
  return Finish(std::move(call));
}

}  // namespace sluice::sql
