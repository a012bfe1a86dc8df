#include "sql/parser/ast_expression.h"

#include <fmt/format.h>

#include <cstdlib>

#include "sql/parser/ast_query.h"
#include "sql/parser/keywords.h"

namespace sluice::sql {
namespace {

// Binding strength of a node as an operand, mirroring the parser's precedence climbing.
enum Precedence : int {
  kOrLevel = 1,
  kAndLevel = 2,
  kNotLevel = 3,
  kCompareLevel = 4,
  kConcatLevel = 5,
  kAddLevel = 6,
  kMultiplyLevel = 7,
  kUnaryLevel = 8,
  kPrimaryLevel = 10,
};

int BinaryPrecedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return kOrLevel;
    case BinaryOp::kAnd: return kAndLevel;
    case BinaryOp::kConcat: return kConcatLevel;
    case BinaryOp::kAdd:
    case BinaryOp::kSubtract: return kAddLevel;
    case BinaryOp::kMultiply:
    case BinaryOp::kDivide:
    case BinaryOp::kIntegerDivide:
    case BinaryOp::kModulo: return kMultiplyLevel;
    default: return kCompareLevel;
  }
}

int PrecedenceOf(const ParsedExpr& e) {
  switch (e.kind) {
    case ParsedExprKind::kBinary: return BinaryPrecedence(e.As<BinaryExpr>().op);
    case ParsedExprKind::kUnary:
      return e.As<UnaryExpr>().op == UnaryOp::kNot ? kNotLevel : kUnaryLevel;
    case ParsedExprKind::kIs:
    case ParsedExprKind::kInList:
    case ParsedExprKind::kBetween:
    case ParsedExprKind::kLike: return kCompareLevel;
    case ParsedExprKind::kSubquery:
      return e.As<SubqueryExpr>().subquery_kind == SubqueryKind::kIn ? kCompareLevel
                                                                     : kPrimaryLevel;
    default: return kPrimaryLevel;
  }
}

// `e` rendered as an operand that must bind at least as tightly as `min_level`.
std::string Operand(const ParsedExpr& e, int min_level) {
  std::string text = e.ToString();
  if (PrecedenceOf(e) < min_level) return "(" + text + ")";
  return text;
}

std::string JoinExprs(const std::vector<ParsedExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    out += exprs[i]->ToString();
  }
  return out;
}

std::string JoinOrder(const std::vector<OrderItem>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i].ToString();
  }
  return out;
}

bool IsBareFunctionName(const std::string& name) {
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::string QuoteIdentifier(const std::string& name) {
  bool bare = IsBareFunctionName(name) && !IsReservedKeyword(name);
  if (bare) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteString(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

const char* BinaryOpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSubtract: return "-";
    case BinaryOp::kMultiply: return "*";
    case BinaryOp::kDivide: return "/";
    case BinaryOp::kIntegerDivide: return "//";
    case BinaryOp::kModulo: return "%";
    case BinaryOp::kConcat: return "||";
    case BinaryOp::kEqual: return "=";
    case BinaryOp::kNotEqual: return "<>";
    case BinaryOp::kLess: return "<";
    case BinaryOp::kLessEqual: return "<=";
    case BinaryOp::kGreater: return ">";
    case BinaryOp::kGreaterEqual: return ">=";
    case BinaryOp::kAnd: return "AND";
    case BinaryOp::kOr: return "OR";
    case BinaryOp::kIsDistinctFrom: return "IS DISTINCT FROM";
    case BinaryOp::kIsNotDistinctFrom: return "IS NOT DISTINCT FROM";
  }
  return "?";
}

void ForEachChild(const ParsedExpr& expr, const std::function<void(const ParsedExpr&)>& fn) {
  auto visit = [&](const ParsedExprPtr& child) {
    if (child) fn(*child);
  };
  switch (expr.kind) {
    case ParsedExprKind::kColumnRef:
    case ParsedExprKind::kStar:
    case ParsedExprKind::kConstant:
    case ParsedExprKind::kTypedLiteral:
    case ParsedExprKind::kInterval: break;
    case ParsedExprKind::kUnary: visit(expr.As<UnaryExpr>().child); break;
    case ParsedExprKind::kBinary: {
      const auto& e = expr.As<BinaryExpr>();
      visit(e.left);
      visit(e.right);
      break;
    }
    case ParsedExprKind::kIs: visit(expr.As<IsExpr>().child); break;
    case ParsedExprKind::kInList: {
      const auto& e = expr.As<InListExpr>();
      visit(e.value);
      for (const auto& item : e.list) visit(item);
      break;
    }
    case ParsedExprKind::kBetween: {
      const auto& e = expr.As<BetweenExpr>();
      visit(e.value);
      visit(e.low);
      visit(e.high);
      break;
    }
    case ParsedExprKind::kLike: {
      const auto& e = expr.As<LikeExpr>();
      visit(e.value);
      visit(e.pattern);
      visit(e.escape);
      break;
    }
    case ParsedExprKind::kCase: {
      const auto& e = expr.As<CaseExpr>();
      visit(e.operand);
      for (const auto& w : e.whens) {
        visit(w.when);
        visit(w.then);
      }
      visit(e.else_result);
      break;
    }
    case ParsedExprKind::kCast: visit(expr.As<CastExpr>().child); break;
    case ParsedExprKind::kFunction: {
      const auto& e = expr.As<FunctionExpr>();
      for (const auto& arg : e.args) visit(arg);
      for (const auto& o : e.order_by) visit(o.expr);
      visit(e.filter);
      if (e.window) {
        for (const auto& p : e.window->partition_by) visit(p);
        for (const auto& o : e.window->order_by) visit(o.expr);
        if (e.window->frame) {
          visit(e.window->frame->start.offset);
          visit(e.window->frame->end.offset);
        }
      }
      break;
    }
    case ParsedExprKind::kSubquery: visit(expr.As<SubqueryExpr>().value); break;
    case ParsedExprKind::kList:
      for (const auto& item : expr.As<ListExpr>().elements) visit(item);
      break;
    case ParsedExprKind::kStruct:
      for (const auto& field : expr.As<StructExpr>().fields) visit(field.value);
      break;
  }
}

std::string ColumnRefExpr::ToString() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '.';
    out += QuoteIdentifier(parts[i]);
  }
  return out;
}

std::string StarExpr::ToString() const {
  std::string out = relation.empty() ? "*" : QuoteIdentifier(relation) + ".*";
  if (!exclude.empty()) {
    out += " EXCLUDE (";
    for (size_t i = 0; i < exclude.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteIdentifier(exclude[i]);
    }
    out += ')';
  }
  return out;
}

std::string ConstantExpr::ToString() const {
  switch (constant_kind) {
    case ConstantKind::kInteger:
    case ConstantKind::kDecimal: return text;
    case ConstantKind::kString: return QuoteString(text);
    case ConstantKind::kBoolean: return bool_value ? "TRUE" : "FALSE";
    case ConstantKind::kNull: return "NULL";
  }
  return "NULL";
}

std::string TypedLiteralExpr::ToString() const {
  return type_name + " " + QuoteString(value);
}

std::string IntervalExpr::ToString() const {
  std::string out;
  auto add = [&out](std::string part) {
    if (!out.empty()) out += ' ';
    out += part;
  };
  if (months != 0) add(fmt::format("{} month{}", months, std::llabs(months) == 1 ? "" : "s"));
  if (days != 0) add(fmt::format("{} day{}", days, std::llabs(days) == 1 ? "" : "s"));
  if (micros != 0 || out.empty()) {
    uint64_t abs_micros =
        micros < 0 ? 0 - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
    uint64_t seconds = abs_micros / 1000000;
    uint64_t fraction = abs_micros % 1000000;
    std::string time = fmt::format("{}{:02}:{:02}:{:02}", micros < 0 ? "-" : "", seconds / 3600,
                                   (seconds / 60) % 60, seconds % 60);
    if (fraction != 0) time += fmt::format(".{:06}", fraction);
    add(time);
  }
  return "INTERVAL " + QuoteString(out);
}

std::string UnaryExpr::ToString() const {
  if (op == UnaryOp::kNot) return "NOT " + Operand(*child, kNotLevel);
  std::string operand = Operand(*child, kUnaryLevel);
  std::string sign = op == UnaryOp::kNegate ? "-" : "+";
  // "- -x" and "- +x" must not glue into a comment or a different token.
  if (!operand.empty() && (operand[0] == '-' || operand[0] == '+')) sign += ' ';
  return sign + operand;
}

std::string BinaryExpr::ToString() const {
  int level = BinaryPrecedence(op);
  return Operand(*left, level) + " " + BinaryOpText(op) + " " + Operand(*right, level + 1);
}

std::string IsExpr::ToString() const {
  const char* what = test == IsTest::kNull ? "NULL" : test == IsTest::kTrue ? "TRUE" : "FALSE";
  return Operand(*child, kCompareLevel) + (negated ? " IS NOT " : " IS ") + what;
}

std::string InListExpr::ToString() const {
  return Operand(*value, kCompareLevel) + (negated ? " NOT IN (" : " IN (") + JoinExprs(list) + ")";
}

std::string BetweenExpr::ToString() const {
  return Operand(*value, kCompareLevel) + (negated ? " NOT BETWEEN " : " BETWEEN ") +
         Operand(*low, kConcatLevel) + " AND " + Operand(*high, kConcatLevel);
}

std::string LikeExpr::ToString() const {
  std::string out = Operand(*value, kCompareLevel);
  out += negated ? " NOT" : "";
  out += case_insensitive ? " ILIKE " : " LIKE ";
  out += Operand(*pattern, kConcatLevel);
  if (escape) out += " ESCAPE " + Operand(*escape, kConcatLevel);
  return out;
}

std::string CaseExpr::ToString() const {
  std::string out = "CASE";
  if (operand) out += " " + operand->ToString();
  for (const auto& w : whens) {
    out += " WHEN " + w.when->ToString() + " THEN " + w.then->ToString();
  }
  if (else_result) out += " ELSE " + else_result->ToString();
  return out + " END";
}

std::string TypeName::ToString() const {
  std::string out = name;
  if (!params.empty()) {
    out += '(';
    for (size_t i = 0; i < params.size(); ++i) {
      if (i > 0) out += ',';
      out += std::to_string(params[i]);
    }
    out += ')';
  }
  for (int i = 0; i < array_dims; ++i) out += "[]";
  return out;
}

std::string CastExpr::ToString() const {
  return std::string(try_cast ? "TRY_CAST(" : "CAST(") + child->ToString() + " AS " +
         type.ToString() + ")";
}

std::string OrderItem::ToString() const {
  std::string out = expr ? expr->ToString() : "ALL";
  if (direction == OrderDirection::kDescending) out += " DESC";
  if (nulls == NullsOrder::kFirst) out += " NULLS FIRST";
  if (nulls == NullsOrder::kLast) out += " NULLS LAST";
  return out;
}

std::string FrameBound::ToString() const {
  switch (kind) {
    case FrameBoundKind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kPreceding: return offset->ToString() + " PRECEDING";
    case FrameBoundKind::kCurrentRow: return "CURRENT ROW";
    case FrameBoundKind::kFollowing: return offset->ToString() + " FOLLOWING";
    case FrameBoundKind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "CURRENT ROW";
}

std::string WindowFrame::ToString() const {
  const char* unit_text = unit == FrameUnit::kRows    ? "ROWS"
                          : unit == FrameUnit::kRange ? "RANGE"
                                                      : "GROUPS";
  return fmt::format("{} BETWEEN {} AND {}", unit_text, start.ToString(), end.ToString());
}

std::string WindowSpec::ToString() const {
  if (partition_by.empty() && order_by.empty() && !frame && !base_name.empty()) {
    return QuoteIdentifier(base_name);
  }
  std::string out;
  auto add = [&out](const std::string& part) {
    if (!out.empty()) out += ' ';
    out += part;
  };
  if (!base_name.empty()) add(QuoteIdentifier(base_name));
  if (!partition_by.empty()) add("PARTITION BY " + JoinExprs(partition_by));
  if (!order_by.empty()) add("ORDER BY " + JoinOrder(order_by));
  if (frame) add(frame->ToString());
  return "(" + out + ")";
}

std::string FunctionExpr::ToString() const {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    if (i > 0) out += '.';
    out += IsBareFunctionName(name[i]) ? name[i] : QuoteIdentifier(name[i]);
  }
  out += '(';
  if (distinct) out += "DISTINCT ";
  out += star ? "*" : JoinExprs(args);
  if (!order_by.empty()) out += " ORDER BY " + JoinOrder(order_by);
  if (ignore_nulls) out += " IGNORE NULLS";
  out += ')';
  if (filter) out += " FILTER (WHERE " + filter->ToString() + ")";
  if (window) out += " OVER " + window->ToString();
  return out;
}

SubqueryExpr::SubqueryExpr() : ParsedExpr(kKind) {}
SubqueryExpr::~SubqueryExpr() = default;

std::string SubqueryExpr::ToString() const {
  std::string body = "(" + query->ToString() + ")";
  switch (subquery_kind) {
    case SubqueryKind::kScalar: return body;
    case SubqueryKind::kExists: return "EXISTS " + body;
    case SubqueryKind::kIn:
      return Operand(*value, kCompareLevel) + (negated ? " NOT IN " : " IN ") + body;
  }
  return body;
}

std::string ListExpr::ToString() const {
  return "[" + JoinExprs(elements) + "]";
}

std::string StructExpr::ToString() const {
  std::string out = "{";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteString(fields[i].key) + ": " + fields[i].value->ToString();
  }
  return out + "}";
}

}  // namespace sluice::sql
