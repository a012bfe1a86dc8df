// Binding of expressions: names to column positions, literals to typed constants,
// operators and calls to resolved functions with implicit casts made explicit.
#include <algorithm>

#include "common/error.h"
#include "expr/aggregate_function.h"
#include "expr/expression_executor.h"
#include "sql/aggregate_binding.h"
#include "sql/binder.h"
#include "sql/parser/sql_error.h"

namespace sluice {

using namespace sql;  // NOLINT: AST node names read better unqualified here

bool IsAggregateFunctionName(const std::string& name) {
  if (name == "count") return true;
  return AggregateFunctionRegistry::Exists(name);
}

bool ContainsWindow(const ParsedExpr& expr) {
  if (expr.kind == ParsedExprKind::kFunction && expr.As<FunctionExpr>().window != nullptr)
    return true;
  bool found = false;
  ForEachChild(expr, [&](const ParsedExpr& child) { found = found || ContainsWindow(child); });
  return found;
}

bool ContainsAggregate(const ParsedExpr& expr) {
  if (expr.kind == ParsedExprKind::kFunction) {
    const auto& f = expr.As<FunctionExpr>();
    if (f.window == nullptr && IsAggregateFunctionName(f.function_name())) return true;
  }
  bool found = false;
  ForEachChild(expr, [&](const ParsedExpr& child) { found = found || ContainsAggregate(child); });
  return found;
}

void Binder::Fail(size_t position, const std::string& message) const {
  throw Error(ErrorKind::kUserInput, FormatSqlError(sql_, position, message));
}

ExprPtr Binder::CastTo(ExprPtr expr, TypeId type, size_t position) {
  if (expr->type == type) return expr;
  if (expr->kind == ExprKind::kConstant) {
    try {
      Value v = expr->constant.CastTo(type);
      auto c = Expr::Constant(v);
      c->type = type;
      c->name = expr->name;
      return c;
    } catch (const Error& e) {
      Fail(position, e.message());
    }
  }
  return Expr::Cast(std::move(expr), type);
}

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool IsStringLiteral(const Expr& e) {
  return e.kind == ExprKind::kConstant && e.type == TypeId::kVarchar;
}

ExprPtr MakeNode(ExprKind kind, TypeId type, std::vector<ExprPtr> children) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->type = type;
  e->children = std::move(children);
  return e;
}

Value ConstantValue(const ConstantExpr& c) {
  switch (c.constant_kind) {
    case ConstantKind::kInteger:
      if (c.int_value >= INT32_MIN && c.int_value <= INT32_MAX) {
        return Value::Integer(static_cast<int32_t>(c.int_value));
      }
      return Value::Bigint(c.int_value);
    case ConstantKind::kDecimal: return Value::Double(c.double_value);
    case ConstantKind::kString: return Value::Varchar(c.text);
    case ConstantKind::kBoolean: return Value::Boolean(c.bool_value);
    case ConstantKind::kNull: return Value::Null();
  }
  return Value::Null();
}

}  // namespace

ExprPtr Binder::AsBoolean(ExprPtr expr, size_t position, const char* clause) {
  if (expr->type == TypeId::kBoolean) return expr;
  if (expr->type == TypeId::kNull) return CastTo(std::move(expr), TypeId::kBoolean, position);
  Fail(position, fmt::format("{} must be a boolean expression, got {}", clause,
                             ::sluice::TypeName(expr->type)));
}

ExprPtr Binder::CallScalar(const std::string& name, std::vector<ExprPtr> args, size_t position,
                           const std::string& display) {
  std::vector<TypeId> types;
  for (const auto& a : args) types.push_back(a->type);
  auto resolved = ScalarFunctionRegistry::Resolve(name, types);
  if (!resolved) {
    std::string call = name + "(";
    for (size_t i = 0; i < types.size(); i++)
      call += (i ? ", " : "") + std::string(::sluice::TypeName(types[i]));
    call += ")";
    if (!ScalarFunctionRegistry::Exists(name)) {
      std::vector<std::string> names = ScalarFunctionRegistry::Names();
      for (const auto& n : AggregateFunctionRegistry::Names()) names.push_back(n);
      std::string suggestion = ClosestMatch(name, names);
      Fail(position,
           fmt::format("unknown function '{}'{}", name,
                       suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
    }
    std::string candidates;
    for (const auto& s : ScalarFunctionRegistry::Signatures(name)) candidates += "\n  " + s;
    Fail(position, fmt::format("no function matches {}; candidates are:{}", call, candidates));
  }
  for (size_t i = 0; i < args.size(); i++) {
    args[i] = CastTo(std::move(args[i]), resolved->argument_types[i], position);
  }
  return Expr::Function(resolved->function, std::move(args), display);
}

ExprPtr Binder::Compare(const std::string& op, ExprPtr left, ExprPtr right, size_t position) {
  // A string literal compared with a typed value takes the value's type (DuckDB and
  // PostgreSQL both treat quoted literals as untyped): order_ts >= '2024-01-01'.
  if (IsStringLiteral(*left) && right->type != TypeId::kVarchar && right->type != TypeId::kNull) {
    left = CastTo(std::move(left), right->type, position);
  } else if (IsStringLiteral(*right) && left->type != TypeId::kVarchar &&
             left->type != TypeId::kNull) {
    right = CastTo(std::move(right), left->type, position);
  }
  if (left->type != right->type && !CommonSupertype(left->type, right->type)) {
    Fail(position, fmt::format("cannot compare {} with {} (add an explicit CAST)",
                               ::sluice::TypeName(left->type), ::sluice::TypeName(right->type)));
  }
  std::string display = left->name + " " + op + " " + right->name;
  std::vector<ExprPtr> args;
  args.push_back(std::move(left));
  args.push_back(std::move(right));
  return CallScalar(op, std::move(args), position, display);
}

void ThrowIfCorrelated(const BindContext* outer_probe, const std::vector<std::string>& parts);

ExprPtr Binder::BindColumnRef(const ColumnRefExpr& ref, ExpressionScope& scope) {
  std::string ambiguity;
  std::optional<ColumnLookup> found;
  if (scope.context != nullptr) found = scope.context->Lookup(ref.parts, &ambiguity);
  if (!found && ambiguity.empty()) ThrowIfCorrelated(outer_probe_, ref.parts);
  if (!found) {
    std::string full;
    for (size_t i = 0; i < ref.parts.size(); i++) full += (i ? "." : "") + ref.parts[i];
    if (!ambiguity.empty()) {
      Fail(ref.position, fmt::format("column reference '{}' is ambiguous (qualify it with a table "
                                     "name or alias)",
                                     full));
    }
    if (scope.context == nullptr || scope.context->column_count() == 0) {
      Fail(ref.position, fmt::format("unknown column '{}' (there is no FROM clause here)", full));
    }
    if (ref.parts.size() >= 2 &&
        scope.context->FindRelation(ref.parts[ref.parts.size() - 2]) == nullptr) {
      Fail(ref.position, fmt::format("unknown table or alias '{}' in '{}'",
                                     ref.parts[ref.parts.size() - 2], full));
    }
    std::string suggestion = ClosestMatch(ref.parts.back(), scope.context->AllColumnNames());
    Fail(ref.position,
         fmt::format("unknown column '{}'{}", full,
                     suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
  }
  return Expr::ColumnRef(found->index, found->type, found->name);
}

ExprPtr Binder::BindBinary(const BinaryExpr& e, ExpressionScope& scope) {
  ExprPtr left = BindExpression(*e.left, scope);
  ExprPtr right = BindExpression(*e.right, scope);
  switch (e.op) {
    case BinaryOp::kAnd:
    case BinaryOp::kOr: {
      std::vector<ExprPtr> children;
      children.push_back(AsBoolean(std::move(left), e.left->position, BinaryOpText(e.op)));
      children.push_back(AsBoolean(std::move(right), e.right->position, BinaryOpText(e.op)));
      return MakeNode(e.op == BinaryOp::kAnd ? ExprKind::kAnd : ExprKind::kOr, TypeId::kBoolean,
                      std::move(children));
    }
    case BinaryOp::kEqual: return Compare("=", std::move(left), std::move(right), e.position);
    case BinaryOp::kNotEqual: return Compare("<>", std::move(left), std::move(right), e.position);
    case BinaryOp::kLess: return Compare("<", std::move(left), std::move(right), e.position);
    case BinaryOp::kLessEqual: return Compare("<=", std::move(left), std::move(right), e.position);
    case BinaryOp::kGreater: return Compare(">", std::move(left), std::move(right), e.position);
    case BinaryOp::kGreaterEqual:
      return Compare(">=", std::move(left), std::move(right), e.position);
    case BinaryOp::kIsDistinctFrom:
    case BinaryOp::kIsNotDistinctFrom: {
      // a IS DISTINCT FROM b == CASE WHEN a IS NULL THEN b IS NOT NULL
      //                              WHEN b IS NULL THEN true ELSE a <> b END
      bool distinct = e.op == BinaryOp::kIsDistinctFrom;
      auto is_null = [](const Expr& x, bool want_null) {
        std::vector<ExprPtr> c;
        c.push_back(x.Clone());
        return MakeNode(want_null ? ExprKind::kIsNull : ExprKind::kIsNotNull, TypeId::kBoolean,
                        std::move(c));
      };
      std::vector<ExprPtr> children;
      children.push_back(is_null(*left, true));
      children.push_back(is_null(*right, !distinct));
      children.push_back(is_null(*right, true));
      children.push_back(Expr::Constant(Value::Boolean(distinct)));
      children.push_back(
          Compare(distinct ? "<>" : "=", std::move(left), std::move(right), e.position));
      return MakeNode(ExprKind::kCase, TypeId::kBoolean, std::move(children));
    }
    default: break;
  }
  std::string op = BinaryOpText(e.op);
  std::string display = left->name + " " + op + " " + right->name;
  if (e.op == BinaryOp::kConcat) {
    // || works on text; other types are rendered as text first (DuckDB does the same).
    if (left->type != TypeId::kVarchar)
      left = CastTo(std::move(left), TypeId::kVarchar, e.position);
    if (right->type != TypeId::kVarchar)
      right = CastTo(std::move(right), TypeId::kVarchar, e.position);
  }
  std::vector<ExprPtr> args;
  args.push_back(std::move(left));
  args.push_back(std::move(right));
  return CallScalar(op, std::move(args), e.position, display);
}

ExprPtr Binder::BindInList(const InListExpr& e, ExpressionScope& scope) {
  ExprPtr value = BindExpression(*e.value, scope);
  std::vector<ExprPtr> items;
  TypeId type = value->type;
  for (const auto& item : e.list) {
    ExprPtr bound = BindExpression(*item, scope);
    if (IsStringLiteral(*bound) && value->type != TypeId::kVarchar &&
        value->type != TypeId::kNull) {
      bound = CastTo(std::move(bound), value->type, item->position);
    }
    auto common = CommonSupertype(type, bound->type);
    if (!common) {
      Fail(item->position, fmt::format("IN list item of type {} cannot be compared with {}",
                                       ::sluice::TypeName(bound->type), ::sluice::TypeName(type)));
    }
    type = *common;
    items.push_back(std::move(bound));
  }
  std::vector<ExprPtr> children;
  children.push_back(CastTo(std::move(value), type, e.position));
  for (size_t i = 0; i < items.size(); i++) {
    children.push_back(CastTo(std::move(items[i]), type, e.list[i]->position));
  }
  auto node = MakeNode(ExprKind::kIn, TypeId::kBoolean, std::move(children));
  node->negated = e.negated;
  return node;
}

ExprPtr Binder::BindCase(const CaseExpr& e, ExpressionScope& scope) {
  std::vector<ExprPtr> conditions, results;
  ExprPtr operand = e.operand ? BindExpression(*e.operand, scope) : nullptr;
  for (const auto& w : e.whens) {
    ExprPtr when = BindExpression(*w.when, scope);
    if (operand) {
      when = Compare("=", operand->Clone(), std::move(when), w.when->position);
    } else {
      when = AsBoolean(std::move(when), w.when->position, "CASE WHEN");
    }
    conditions.push_back(std::move(when));
    results.push_back(BindExpression(*w.then, scope));
  }
  results.push_back(e.else_result ? BindExpression(*e.else_result, scope)
                                  : Expr::Constant(Value::Null()));
  TypeId type = TypeId::kNull;
  for (size_t i = 0; i < results.size(); i++) {
    auto common = CommonSupertype(type, results[i]->type);
    if (!common) {
      size_t pos = i < e.whens.size() ? e.whens[i].then->position : e.position;
      Fail(pos, fmt::format("CASE branches have incompatible types {} and {}",
                            ::sluice::TypeName(type), ::sluice::TypeName(results[i]->type)));
    }
    type = *common;
  }
  std::vector<ExprPtr> children;
  for (size_t i = 0; i < conditions.size(); i++) {
    children.push_back(std::move(conditions[i]));
    children.push_back(CastTo(std::move(results[i]), type, e.position));
  }
  children.push_back(CastTo(std::move(results.back()), type, e.position));
  return MakeNode(ExprKind::kCase, type, std::move(children));
}

ExprPtr Binder::BindAggregateCall(const FunctionExpr& e, ExpressionScope& scope) {
  AggregateBinding& ab = *scope.aggregates;
  if (e.window != nullptr) Fail(e.position, "not supported: window functions (OVER) yet");
  std::string name = Lower(e.function_name());
  std::string key = e.ToString();
  for (size_t i = 0; i < ab.aggregate_keys.size(); i++) {
    if (ab.aggregate_keys[i] == key) {
      return Expr::ColumnRef(ab.groups.size() + i, ab.aggregates[i].function->return_type, key);
    }
  }
  ExpressionScope input{ab.input, nullptr, false, "an aggregate's argument"};
  std::vector<ExprPtr> args;
  for (const auto& a : e.args) {
    if (ContainsAggregate(*a)) Fail(a->position, "aggregate function calls cannot be nested");
    args.push_back(BindExpression(*a, input));
  }
  if (!e.order_by.empty()) Fail(e.position, "not supported: ORDER BY inside an aggregate call yet");
  std::string function_name = name;
  if (e.star) {
    if (name != "count") Fail(e.position, fmt::format("{}(*) is not valid; only count(*)", name));
    function_name = "count_star";
  }
  std::vector<TypeId> types;
  for (const auto& a : args) types.push_back(a->type);
  auto resolved = AggregateFunctionRegistry::Resolve(function_name, types);
  if (!resolved) {
    std::string call = name + "(";
    for (size_t i = 0; i < types.size(); i++)
      call += (i ? ", " : "") + std::string(::sluice::TypeName(types[i]));
    std::string candidates;
    for (const auto& s : AggregateFunctionRegistry::Signatures(function_name))
      candidates += "\n  " + s;
    Fail(e.position,
         fmt::format("no aggregate function matches {}); candidates are:{}", call, candidates));
  }
  AggregateSpec spec;
  spec.function = resolved->function;
  for (size_t i = 0; i < args.size(); i++) {
    args[i] = CastTo(std::move(args[i]), resolved->argument_types[i], e.args[i]->position);
  }
  spec.arguments = std::move(args);
  spec.distinct = e.distinct;
  if (e.filter) {
    spec.filter = AsBoolean(BindExpression(*e.filter, input), e.filter->position, "FILTER");
  }
  spec.name = key;
  ab.aggregates.push_back(std::move(spec));
  ab.aggregate_keys.push_back(key);
  return Expr::ColumnRef(ab.groups.size() + ab.aggregates.size() - 1,
                         resolved->function->return_type, key);
}

ExprPtr Binder::BindFunction(const FunctionExpr& e, ExpressionScope& scope) {
  std::string name = Lower(e.function_name());
  if (e.window != nullptr) return BindWindowCall(e, scope);
  if (IsAggregateFunctionName(name) && !ScalarFunctionRegistry::Exists(name)) {
    if (scope.aggregates == nullptr) {
      Fail(e.position, fmt::format("aggregate function '{}' is not allowed in {}", name,
                                   *scope.clause ? scope.clause : "this context"));
    }
    return BindAggregateCall(e, scope);
  }
  if (e.star) Fail(e.position, fmt::format("{}(*) is not valid; only count(*)", name));
  if (e.distinct || e.filter) {
    Fail(e.position, fmt::format("DISTINCT / FILTER are only valid for aggregate functions, and "
                                 "'{}' is not one",
                                 name));
  }
  std::vector<ExprPtr> args;
  for (const auto& a : e.args) args.push_back(BindExpression(*a, scope));
  if (name == "coalesce" || name == "ifnull") {
    if (args.empty()) Fail(e.position, "COALESCE needs at least one argument");
    TypeId type = TypeId::kNull;
    for (size_t i = 0; i < args.size(); i++) {
      auto common = CommonSupertype(type, args[i]->type);
      if (!common) {
        Fail(e.args[i]->position,
             fmt::format("COALESCE arguments have incompatible types {} and {}",
                         ::sluice::TypeName(type), ::sluice::TypeName(args[i]->type)));
      }
      type = *common;
    }
    for (size_t i = 0; i < args.size(); i++)
      args[i] = CastTo(std::move(args[i]), type, e.args[i]->position);
    auto node = MakeNode(ExprKind::kCoalesce, type, std::move(args));
    node->name = e.ToString();
    return node;
  }
  // extract(epoch FROM x) has fractional seconds (DOUBLE) unlike the other parts (BIGINT).
  if ((name == "date_part" || name == "datepart") && args.size() == 2 &&
      args[0]->kind == ExprKind::kConstant && args[0]->type == TypeId::kVarchar &&
      !args[0]->constant.is_null() && Lower(args[0]->constant.string_value()) == "epoch") {
    std::vector<ExprPtr> rest;
    rest.push_back(std::move(args[1]));
    return CallScalar("epoch", std::move(rest), e.position, e.ToString());
  }
  return CallScalar(name, std::move(args), e.position, e.ToString());
}

ExprPtr Binder::BindExpression(const ParsedExpr& expr, ExpressionScope& scope) {
  // In aggregate mode, whole subexpressions that equal a GROUP BY expression refer to it.
  if (scope.aggregates != nullptr && expr.kind != ParsedExprKind::kConstant &&
      !ContainsAggregate(expr) && !ContainsWindow(expr)) {
    AggregateBinding& ab = *scope.aggregates;
    ExpressionScope input{ab.input, nullptr, false, scope.clause};
    ExprPtr bound = BindExpression(expr, input);
    for (size_t g = 0; g < ab.groups.size(); g++) {
      if (bound->Equals(*ab.groups[g])) return Expr::ColumnRef(g, bound->type, ab.group_names[g]);
    }
    std::vector<size_t> columns;
    bound->CollectColumns(columns);
    if (columns.empty()) return bound;
    if (expr.kind == ParsedExprKind::kColumnRef) {
      Fail(expr.position, fmt::format("column '{}' must appear in the GROUP BY clause or be used "
                                      "in an aggregate function",
                                      expr.ToString()));
    }
    // Otherwise bind the parts: `a + 1` with `a` grouped.
  }
  switch (expr.kind) {
    case ParsedExprKind::kColumnRef: return BindColumnRef(expr.As<ColumnRefExpr>(), scope);
    case ParsedExprKind::kStar:
      Fail(expr.position, "'*' is only allowed in a select list or in count(*)");
    case ParsedExprKind::kConstant: {
      auto c = Expr::Constant(ConstantValue(expr.As<ConstantExpr>()));
      c->name = expr.ToString();
      return c;
    }
    case ParsedExprKind::kTypedLiteral: {
      const auto& t = expr.As<TypedLiteralExpr>();
      auto type = ParseTypeName(t.type_name);
      if (!type) Fail(expr.position, fmt::format("not supported: {} literals", t.type_name));
      auto c = CastTo(Expr::Constant(Value::Varchar(t.value)), *type, expr.position);
      c->name = expr.ToString();
      return c;
    }
    case ParsedExprKind::kInterval: Fail(expr.position, "not supported: INTERVAL values yet");
    case ParsedExprKind::kUnary: {
      const auto& u = expr.As<UnaryExpr>();
      ExprPtr child = BindExpression(*u.child, scope);
      if (u.op == UnaryOp::kPlus) return child;
      if (u.op == UnaryOp::kNot) {
        std::vector<ExprPtr> c;
        c.push_back(AsBoolean(std::move(child), u.child->position, "NOT"));
        return MakeNode(ExprKind::kNot, TypeId::kBoolean, std::move(c));
      }
      // Fold -literal at once so -2147483648 stays an INTEGER-range constant.
      if (child->kind == ExprKind::kConstant && !child->constant.is_null() &&
          IsNumeric(child->type)) {
        const Value& v = child->constant;
        if (v.type() == TypeId::kDouble) return Expr::Constant(Value::Double(-v.double_value()));
        int64_t n = -v.int_value();
        if (n >= INT32_MIN && n <= INT32_MAX && v.type() == TypeId::kInteger) {
          return Expr::Constant(Value::Integer(static_cast<int32_t>(n)));
        }
        return Expr::Constant(Value::Bigint(n));
      }
      std::vector<ExprPtr> args;
      args.push_back(std::move(child));
      return CallScalar("negate", std::move(args), u.position, expr.ToString());
    }
    case ParsedExprKind::kBinary: return BindBinary(expr.As<BinaryExpr>(), scope);
    case ParsedExprKind::kIs: {
      const auto& is = expr.As<IsExpr>();
      ExprPtr child = BindExpression(*is.child, scope);
      std::vector<ExprPtr> c;
      if (is.test == IsTest::kNull) {
        c.push_back(std::move(child));
        return MakeNode(is.negated ? ExprKind::kIsNotNull : ExprKind::kIsNull, TypeId::kBoolean,
                        std::move(c));
      }
      // x IS TRUE == coalesce(x, false); x IS FALSE == coalesce(NOT x, false).
      child = AsBoolean(std::move(child), is.child->position, "IS TRUE/FALSE");
      if (is.test == IsTest::kFalse) {
        std::vector<ExprPtr> n;
        n.push_back(std::move(child));
        child = MakeNode(ExprKind::kNot, TypeId::kBoolean, std::move(n));
      }
      c.push_back(std::move(child));
      c.push_back(Expr::Constant(Value::Boolean(false)));
      auto result = MakeNode(ExprKind::kCoalesce, TypeId::kBoolean, std::move(c));
      if (!is.negated) return result;
      std::vector<ExprPtr> n;
      n.push_back(std::move(result));
      return MakeNode(ExprKind::kNot, TypeId::kBoolean, std::move(n));
    }
    case ParsedExprKind::kInList: return BindInList(expr.As<InListExpr>(), scope);
    case ParsedExprKind::kBetween: {
      const auto& b = expr.As<BetweenExpr>();
      ExprPtr value = BindExpression(*b.value, scope);
      ExprPtr low = Compare(">=", value->Clone(), BindExpression(*b.low, scope), b.position);
      ExprPtr high = Compare("<=", std::move(value), BindExpression(*b.high, scope), b.position);
      std::vector<ExprPtr> c;
      c.push_back(std::move(low));
      c.push_back(std::move(high));
      auto both = MakeNode(ExprKind::kAnd, TypeId::kBoolean, std::move(c));
      if (!b.negated) return both;
      std::vector<ExprPtr> n;
      n.push_back(std::move(both));
      return MakeNode(ExprKind::kNot, TypeId::kBoolean, std::move(n));
    }
    case ParsedExprKind::kLike: {
      const auto& l = expr.As<LikeExpr>();
      if (l.escape) Fail(l.escape->position, "not supported: LIKE ... ESCAPE yet");
      ExprPtr value = BindExpression(*l.value, scope);
      ExprPtr pattern = BindExpression(*l.pattern, scope);
      if (value->type != TypeId::kVarchar)
        value = CastTo(std::move(value), TypeId::kVarchar, l.position);
      std::string op = l.case_insensitive ? "~~*" : "~~";
      if (l.negated) op = "!" + op;
      std::vector<ExprPtr> args;
      args.push_back(std::move(value));
      args.push_back(std::move(pattern));
      return CallScalar(op, std::move(args), l.position, expr.ToString());
    }
    case ParsedExprKind::kCase: return BindCase(expr.As<CaseExpr>(), scope);
    case ParsedExprKind::kCast: {
      const auto& c = expr.As<CastExpr>();
      auto type = ParseTypeName(c.type.name);
      if (!type || c.type.array_dims > 0) {
        Fail(c.type.position, fmt::format("unknown or unsupported type '{}'", c.type.ToString()));
      }
      ExprPtr child = BindExpression(*c.child, scope);
      if (child->kind == ExprKind::kConstant && !c.try_cast) {
        auto folded = CastTo(std::move(child), *type, c.position);
        folded->name = expr.ToString();
        return folded;
      }
      auto cast = Expr::Cast(std::move(child), *type, c.try_cast);
      cast->name = expr.ToString();
      return cast;
    }
    case ParsedExprKind::kFunction: return BindFunction(expr.As<FunctionExpr>(), scope);
    case ParsedExprKind::kSubquery: return BindSubquery(expr.As<SubqueryExpr>(), scope);
    case ParsedExprKind::kList:
    case ParsedExprKind::kStruct:
      Fail(expr.position, "lists and structs are only supported as table function options");
  }
  Fail(expr.position, "unsupported expression");
}

Value Binder::BindConstant(const ParsedExpr& expr, const char* what) {
  ExpressionScope scope{nullptr, nullptr, false, what};
  ExprPtr bound = BindExpression(expr, scope);
  if (!bound->IsConstant()) Fail(expr.position, fmt::format("{} must be a constant", what));
  try {
    return EvaluateConstant(*bound);
  } catch (const Error& e) {
    Fail(expr.position, e.message());
  }
}

OptionValue Binder::BindOption(const ParsedExpr& expr, const char* what) {
  if (expr.kind == ParsedExprKind::kList) {
    OptionValue list;
    list.kind = OptionValue::Kind::kList;
    for (const auto& e : expr.As<ListExpr>().elements) list.items.push_back(BindOption(*e, what));
    return list;
  }
  if (expr.kind == ParsedExprKind::kStruct) {
    OptionValue s;
    s.kind = OptionValue::Kind::kStruct;
    for (const auto& f : expr.As<StructExpr>().fields) {
      s.fields.emplace_back(f.key, BindOption(*f.value, what));
    }
    return s;
  }
  if (expr.kind == ParsedExprKind::kColumnRef) {
    // A bare word as an option value (FORMAT parquet): its text.
    const auto& parts = expr.As<ColumnRefExpr>().parts;
    std::string text;
    for (size_t i = 0; i < parts.size(); i++) text += (i ? "." : "") + parts[i];
    return OptionValue::Scalar(Value::Varchar(text));
  }
  return OptionValue::Scalar(BindConstant(expr, what));
}

}  // namespace sluice
