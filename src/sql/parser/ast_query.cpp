#include "sql/parser/ast_query.h"

namespace sluice::sql {
namespace {

std::string JoinExprs(const std::vector<ParsedExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    out += exprs[i]->ToString();
  }
  return out;
}

std::string JoinNames(const std::vector<std::string>& names, const char* separator) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += separator;
    out += QuoteIdentifier(names[i]);
  }
  return out;
}

bool HasModifiers(const QueryNode& q) {
  return !q.ctes.empty() || !q.order_by.empty() || q.limit || q.offset;
}

int SetOpPrecedence(SetOpKind op) {
  return op == SetOpKind::kIntersect ? 2 : 1;
}

// A set operation's operand: parenthesized when it carries its own modifiers or when a
// weaker (or, on the right, equal) set operation would otherwise re-associate.
std::string SetOperand(const QueryNode& q, int min_precedence) {
  bool parens = HasModifiers(q);
  if (!parens && q.kind == QueryKind::kSetOperation) {
    parens = SetOpPrecedence(q.As<SetOperationNode>().op) < min_precedence;
  }
  return parens ? "(" + q.ToString() + ")" : q.BodyToString();
}

}  // namespace

std::string QueryNode::ToString() const {
  std::string out;
  if (!ctes.empty()) {
    out += "WITH ";
    for (size_t i = 0; i < ctes.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteIdentifier(ctes[i].name);
      if (!ctes[i].column_aliases.empty()) {
        out += "(" + JoinNames(ctes[i].column_aliases, ", ") + ")";
      }
      out += " AS (" + ctes[i].query->ToString() + ")";
    }
    out += ' ';
  }
  out += BodyToString();
  if (!order_by.empty()) {
    out += " ORDER BY ";
    for (size_t i = 0; i < order_by.size(); ++i) {
      if (i > 0) out += ", ";
      out += order_by[i].ToString();
    }
  }
  if (limit) out += " LIMIT " + limit->ToString();
  if (offset) out += " OFFSET " + offset->ToString();
  return out;
}

std::string SelectNode::BodyToString() const {
  std::string out = distinct ? "SELECT DISTINCT " : "SELECT ";
  for (size_t i = 0; i < select_list.size(); ++i) {
    if (i > 0) out += ", ";
    out += select_list[i].expr->ToString();
    if (!select_list[i].alias.empty()) out += " AS " + QuoteIdentifier(select_list[i].alias);
  }
  if (from) out += " FROM " + from->ToString();
  if (where) out += " WHERE " + where->ToString();
  if (group_by_all) out += " GROUP BY ALL";
  if (!group_by.empty()) out += " GROUP BY " + JoinExprs(group_by);
  if (having) out += " HAVING " + having->ToString();
  if (!windows.empty()) {
    out += " WINDOW ";
    for (size_t i = 0; i < windows.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteIdentifier(windows[i].name) + " AS " + windows[i].spec.ToString();
    }
  }
  if (qualify) out += " QUALIFY " + qualify->ToString();
  return out;
}

std::string SetOperationNode::BodyToString() const {
  int precedence = SetOpPrecedence(op);
  const char* op_text = op == SetOpKind::kUnion       ? " UNION "
                        : op == SetOpKind::kIntersect ? " INTERSECT "
                                                      : " EXCEPT ";
  return SetOperand(*left, precedence) + op_text + (all ? "ALL " : "") +
         SetOperand(*right, precedence + 1);
}

std::string ValuesNode::BodyToString() const {
  std::string out = "VALUES ";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out += ", ";
    out += "(" + JoinExprs(rows[i]) + ")";
  }
  return out;
}

std::string TableRef::AliasToString() const {
  if (alias.empty()) return "";
  std::string out = " AS " + QuoteIdentifier(alias);
  if (!column_aliases.empty()) out += "(" + JoinNames(column_aliases, ", ") + ")";
  return out;
}

std::string BaseTableRef::ToString() const {
  std::string out = JoinNames(name, ".");
  if (version) out += " VERSION AS OF " + std::to_string(*version);
  return out + AliasToString();
}

std::string TableFunctionRef::ToString() const {
  std::string out = JoinNames(name, ".") + "(";
  bool first = true;
  for (const auto& arg : args) {
    if (!first) out += ", ";
    first = false;
    // `x = 1` as a positional argument would read back as a named argument.
    bool parens =
        arg->kind == ParsedExprKind::kBinary && arg->As<BinaryExpr>().op == BinaryOp::kEqual;
    out += parens ? "(" + arg->ToString() + ")" : arg->ToString();
  }
  for (const auto& named : named_args) {
    if (!first) out += ", ";
    first = false;
    out += QuoteIdentifier(named.name) + " = " + named.value->ToString();
  }
  return out + ")" + AliasToString();
}

std::string SubqueryRef::ToString() const {
  return "(" + query->ToString() + ")" + AliasToString();
}

std::string JoinRef::ToString() const {
  bool left_parens = left->kind == TableRefKind::kJoin && left->As<JoinRef>().comma && !comma;
  std::string out = left_parens ? "(" + left->ToString() + ")" : left->ToString();
  std::string right_text =
      right->kind == TableRefKind::kJoin ? "(" + right->ToString() + ")" : right->ToString();
  if (comma) return out + ", " + right_text;
  out += natural ? " NATURAL " : " ";
  switch (type) {
    case JoinType::kInner: out += "JOIN "; break;
    case JoinType::kLeft: out += "LEFT JOIN "; break;
    case JoinType::kRight: out += "RIGHT JOIN "; break;
    case JoinType::kFull: out += "FULL JOIN "; break;
    case JoinType::kCross: out += "CROSS JOIN "; break;
  }
  out += right_text;
  if (condition) out += " ON " + condition->ToString();
  if (!using_columns.empty()) out += " USING (" + JoinNames(using_columns, ", ") + ")";
  return out;
}

}  // namespace sluice::sql
