// SqlParser: expression forms with their own syntax — CASE, CAST/TRY_CAST, EXTRACT,
// INTERVAL, window specifications (OVER) and type names.
#include "sql/parser/interval_parser.h"
#include "sql/parser/keywords.h"
#include "sql/parser/sql_parser.h"

namespace sluice::sql {
namespace {

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return text;
}

}  // namespace

ParsedExprPtr SqlParser::ParseCase() {
  auto node = std::make_unique<CaseExpr>();
  node->position = Advance().position;
  if (!PeekKeyword("when")) node->operand = ParseExpr();
  if (!PeekKeyword("when")) SyntaxError("expected WHEN in the CASE expression");
  while (AcceptKeyword("when")) {
    CaseExpr::WhenClause clause;
    clause.when = ParseExpr();
    ExpectKeyword("then");
    clause.then = ParseExpr();
    node->whens.push_back(std::move(clause));
  }
  if (AcceptKeyword("else")) node->else_result = ParseExpr();
  if (!AcceptKeyword("end")) {
    SyntaxError("expected END to close the CASE started at " + Location(node->position));
  }
  return Finish(std::move(node));
}

ParsedExprPtr SqlParser::ParseCast(bool try_cast) {
  auto node = std::make_unique<CastExpr>();
  node->position = Advance().position;
  node->try_cast = try_cast;
  ExpectOperator("(", try_cast ? "after TRY_CAST" : "after CAST");
  node->child = ParseExpr();
  ExpectKeyword("as");
  node->type = ParseTypeName();
  ExpectClose(try_cast ? "the TRY_CAST" : "the CAST", node->position);
  return Finish(std::move(node));
}

ParsedExprPtr SqlParser::ParseExtract(size_t position) {
  Advance();  // extract
  ExpectOperator("(");
  const Token& field = Peek();
  if (field.type != TokenType::kIdentifier && field.type != TokenType::kString &&
      field.type != TokenType::kQuotedIdentifier) {
    SyntaxError("expected a date part (year, month, day, ...) in EXTRACT");
  }
  size_t field_position = field.position;
  std::string part = Advance().text;
  for (char& c : part) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  ExpectKeyword("from");
  auto call = std::make_unique<FunctionExpr>();
  call->position = position;
  call->name = {"date_part"};
  call->args.push_back(MakeString(std::move(part), field_position));
  call->args.push_back(ParseExpr());
  ExpectClose("EXTRACT", position);
  return Finish(std::move(call));
}

ParsedExprPtr SqlParser::ParseInterval() {
  size_t position = Advance().position;  // interval
  std::string text;
  if (AcceptOperator("-")) text = "-";
  const Token& value = Peek();
  if (value.type != TokenType::kString && value.type != TokenType::kInteger &&
      value.type != TokenType::kDecimal) {
    SyntaxError("expected a number or a string after INTERVAL");
  }
  bool quoted = value.type == TokenType::kString;
  text += Advance().text;
  std::string unit;
  if (Peek().type == TokenType::kIdentifier && IsIntervalUnit(Peek().text)) {
    unit = Advance().text;
  } else if (!quoted) {
    SyntaxError("expected a unit (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, ...) for the INTERVAL");
  }
  IntervalValue interval;
  std::string error;
  if (!ParseIntervalText(text, unit, &interval, &error)) Fail(value.position, error);
  auto node = std::make_unique<IntervalExpr>();
  node->position = position;
  node->months = interval.months;
  node->days = interval.days;
  node->micros = interval.micros;
  return node;
}

std::unique_ptr<WindowSpec> SqlParser::ParseWindowSpec() {
  auto spec = std::make_unique<WindowSpec>();
  spec->position = Peek().position;
  if (!PeekOperator("(")) {
    spec->base_name = ParseIdentifier("a window name");
    return spec;
  }
  size_t open = Advance().position;
  if (PeekIdentifier() && !PeekKeyword("partition") && !PeekKeyword("rows") &&
      !PeekKeyword("range") && !PeekKeyword("groups")) {
    spec->base_name = Advance().text;
  }
  if (AcceptKeyword("partition")) {
    ExpectKeyword("by");
    spec->partition_by = ParseExprList();
  }
  if (AcceptKeyword("order")) {
    ExpectKeyword("by");
    spec->order_by = ParseOrderList();
  }
  if (PeekKeyword("rows") || PeekKeyword("range") || PeekKeyword("groups")) {
    spec->frame = ParseFrame();
  }
  ExpectClose("the window specification", open);
  return spec;
}

std::unique_ptr<WindowFrame> SqlParser::ParseFrame() {
  auto frame = std::make_unique<WindowFrame>();
  std::string unit = Advance().text;
  frame->unit = unit == "rows"    ? FrameUnit::kRows
                : unit == "range" ? FrameUnit::kRange
                                  : FrameUnit::kGroups;
  if (AcceptKeyword("between")) {
    frame->start = ParseFrameBound();
    ExpectKeyword("and");
    frame->end = ParseFrameBound();
  } else {
    frame->start = ParseFrameBound();
    frame->end.kind = FrameBoundKind::kCurrentRow;
  }
  return frame;
}

FrameBound SqlParser::ParseFrameBound() {
  FrameBound bound;
  if (AcceptKeyword("unbounded")) {
    if (AcceptKeyword("preceding")) {
      bound.kind = FrameBoundKind::kUnboundedPreceding;
    } else if (AcceptKeyword("following")) {
      bound.kind = FrameBoundKind::kUnboundedFollowing;
    } else {
      SyntaxError("expected PRECEDING or FOLLOWING after UNBOUNDED");
    }
    return bound;
  }
  if (PeekKeyword("current") && PeekKeyword("row", 1)) {
    pos_ += 2;
    bound.kind = FrameBoundKind::kCurrentRow;
    return bound;
  }
  bound.offset = ParseConcat();
  if (AcceptKeyword("preceding")) {
    bound.kind = FrameBoundKind::kPreceding;
  } else if (AcceptKeyword("following")) {
    bound.kind = FrameBoundKind::kFollowing;
  } else {
    SyntaxError("expected PRECEDING or FOLLOWING in the window frame");
  }
  return bound;
}

TypeName SqlParser::ParseTypeName() {
  TypeName type;
  type.position = Peek().position;
  if (Peek().type == TokenType::kQuotedIdentifier) {
    type.name = Advance().text;
  } else if (Peek().type == TokenType::kIdentifier) {
    std::string word = Advance().text;
    type.name = Upper(word);
    if (word == "double" && AcceptKeyword("precision")) {
      type.name = "DOUBLE PRECISION";
    } else if ((word == "character" || word == "char") && AcceptKeyword("varying")) {
      type.name = "VARCHAR";
    } else if ((word == "timestamp" || word == "time") &&
               (PeekKeyword("with") || PeekKeyword("without")) && PeekKeyword("time", 1) &&
               PeekKeyword("zone", 2)) {
      type.name += Advance().text == "with" ? " WITH TIME ZONE" : " WITHOUT TIME ZONE";
      pos_ += 2;
    }
  } else {
    SyntaxError("expected a type name");
  }
  if (PeekOperator("(")) {
    size_t open = Advance().position;
    do {
      if (Peek().type != TokenType::kInteger) SyntaxError("expected an integer type parameter");
      const Token& param = Advance();
      int64_t value = 0;
      for (char c : param.text) {
        if (value > 1000000000) Fail(param.position, "type parameter too large");
        value = value * 10 + (c - '0');
      }
      type.params.push_back(value);
    } while (AcceptOperator(","));
    ExpectClose("the type parameters", open);
  }
  while (PeekOperator("[") && PeekOperator("]", 1)) {
    pos_ += 2;
    if (++type.array_dims > 32) Fail(type.position, "too many array dimensions");
  }
  return type;
}

}  // namespace sluice::sql
