// Binding of set operations: UNION [ALL], INTERSECT [ALL], EXCEPT [ALL].
//
// UNION ALL is a union node; UNION adds a DISTINCT aggregate. INTERSECT and EXCEPT tag each
// row with its side and group by every column (GROUP BY treats NULLs as equal, as set
// operations must); the ALL forms also number equal rows (row_number() over the row's
// values) so that the n-th copy on one side pairs with the n-th copy on the other.
#include "common/error.h"
#include "expr/aggregate_function.h"
#include "sql/binder.h"

namespace sluice {

using namespace sql;  // NOLINT: AST node names read better unqualified here

namespace {

LogicalOperatorPtr MakeProjection(LogicalOperatorPtr child, std::vector<ExprPtr> exprs,
                                  std::vector<std::string> names) {
  auto p = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  for (const auto& e : exprs) p->types.push_back(e->type);
  p->names = std::move(names);
  p->expressions = std::move(exprs);
  p->children.push_back(std::move(child));
  return p;
}

LogicalOperatorPtr CastColumns(LogicalOperatorPtr plan, const std::vector<TypeId>& types,
                               const std::vector<std::string>& names, Binder& binder,
                               size_t position) {
  bool same = plan->types == types;
  if (same) return plan;
  std::vector<ExprPtr> exprs;
  for (size_t i = 0; i < types.size(); i++) {
    exprs.push_back(
        binder.CastTo(Expr::ColumnRef(i, plan->types[i], names[i]), types[i], position));
  }
  return MakeProjection(std::move(plan), std::move(exprs), names);
}

}  // namespace

BoundQuery Binder::BindSetOperation(const SetOperationNode& node) {
  BoundQuery left = BindQuery(*node.left);
  BoundQuery right = BindQuery(*node.right);
  const char* op_name = node.op == SetOpKind::kUnion       ? "UNION"
                        : node.op == SetOpKind::kIntersect ? "INTERSECT"
                                                           : "EXCEPT";
  if (left.types.size() != right.types.size()) {
    Fail(node.position, fmt::format("each {} query must have the same number of columns ({} vs {})",
                                    op_name, left.types.size(), right.types.size()));
  }
  std::vector<TypeId> types;
  for (size_t i = 0; i < left.types.size(); i++) {
    auto common = CommonSupertype(left.types[i], right.types[i]);
    if (!common) {
      Fail(node.position,
           fmt::format("{} column {} ('{}') has types {} and {} that cannot be combined", op_name,
                       i + 1, left.names[i], ::sluice::TypeName(left.types[i]),
                       ::sluice::TypeName(right.types[i])));
    }
    types.push_back(*common == TypeId::kNull ? TypeId::kVarchar : *common);
  }
  const std::vector<std::string>& names = left.names;
  auto make_union = [&](LogicalOperatorPtr a, LogicalOperatorPtr b, const std::vector<TypeId>& t,
                        const std::vector<std::string>& n) {
    auto u = std::make_unique<LogicalOperator>(LogicalKind::kUnion);
    u->types = t;
    u->names = n;
    u->children.push_back(std::move(a));
    u->children.push_back(std::move(b));
    return u;
  };
  LogicalOperatorPtr l = CastColumns(std::move(left.plan), types, names, *this, node.position);
  LogicalOperatorPtr r =
      CastColumns(std::move(right.plan), types, right.names, *this, node.position);
  BoundQuery bound;
  bound.names = names;
  bound.types = types;
  if (node.op == SetOpKind::kUnion) {
    bound.plan = make_union(std::move(l), std::move(r), types, names);
    if (!node.all) {
      auto distinct = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
      for (size_t i = 0; i < types.size(); i++)
        distinct->groups.push_back(Expr::ColumnRef(i, types[i], names[i]));
      distinct->types = types;
      distinct->names = names;
      distinct->children.push_back(std::move(bound.plan));
      bound.plan = std::move(distinct);
    }
    return bound;
  }
  // INTERSECT / EXCEPT: tag rows by side, group by every column (GROUP BY treats NULLs as
  // equal, as set operations must), keep groups seen on the right sides. For the ALL forms
  // each row also carries its occurrence number among equal rows (row_number() over the
  // row's own values), so the n-th copy on one side pairs with the n-th on the other.
  size_t key_columns = types.size() + (node.all ? 1 : 0);
  auto number_copies = [&](LogicalOperatorPtr plan) {
    WindowCall call;
    call.kind = WindowFunctionKind::kRowNumber;
    for (size_t i = 0; i < types.size(); i++)
      call.partition_by.push_back(Expr::ColumnRef(i, types[i], names[i]));
    call.type = TypeId::kBigint;
    call.name = "__copy";
    auto window = std::make_unique<LogicalOperator>(LogicalKind::kWindow);
    window->types = plan->types;
    window->names = plan->names;
    window->types.push_back(TypeId::kBigint);
    window->names.push_back("__copy");
    window->window_calls.push_back(std::move(call));
    window->children.push_back(std::move(plan));
    return window;
  };
  std::vector<TypeId> key_types = types;
  std::vector<std::string> key_names = names;
  if (node.all) {
    l = number_copies(std::move(l));
    r = number_copies(std::move(r));
    key_types.push_back(TypeId::kBigint);
    key_names.push_back("__copy");
  }
  auto tag = [&](LogicalOperatorPtr plan, int64_t side) {
    std::vector<ExprPtr> exprs;
    std::vector<std::string> tagged_names = key_names;
    for (size_t i = 0; i < key_columns; i++)
      exprs.push_back(Expr::ColumnRef(i, key_types[i], key_names[i]));
    exprs.push_back(Expr::Constant(Value::Bigint(side)));
    tagged_names.push_back("__side");
    return MakeProjection(std::move(plan), std::move(exprs), tagged_names);
  };
  std::vector<TypeId> tagged_types = key_types;
  tagged_types.push_back(TypeId::kBigint);
  std::vector<std::string> tagged_names = key_names;
  tagged_names.push_back("__side");
  auto both = make_union(tag(std::move(l), 0), tag(std::move(r), 1), tagged_types, tagged_names);
  auto agg = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
  for (size_t i = 0; i < key_columns; i++)
    agg->groups.push_back(Expr::ColumnRef(i, key_types[i], key_names[i]));
  AggregateSpec count;
  count.function = AggregateFunctionRegistry::Resolve("count_star", {})->function;
  count.name = "__rows";
  AggregateSpec right_rows;
  right_rows.function = AggregateFunctionRegistry::Resolve("sum", {TypeId::kBigint})->function;
  right_rows.arguments.push_back(Expr::ColumnRef(key_columns, TypeId::kBigint, "__side"));
  right_rows.name = "__right_rows";
  agg->aggregates.push_back(std::move(count));
  agg->aggregates.push_back(std::move(right_rows));
  agg->types = key_types;
  agg->types.push_back(TypeId::kBigint);
  agg->types.push_back(agg->aggregates[1].function->return_type);
  agg->names = key_names;
  agg->names.push_back("__rows");
  agg->names.push_back("__right_rows");
  agg->children.push_back(std::move(both));
  size_t n = key_columns;
  ExprPtr rows = Expr::ColumnRef(n, TypeId::kBigint, "__rows");
  ExprPtr right_count = Expr::ColumnRef(n + 1, agg->types[n + 1], "__right_rows");
  std::vector<ExprPtr> left_minus;
  left_minus.push_back(std::move(rows));
  left_minus.push_back(right_count->Clone());
  ExprPtr left_count = CallScalar("-", std::move(left_minus), node.position, "__left_rows");
  ExprPtr has_left =
      Compare(">", std::move(left_count), Expr::Constant(Value::Bigint(0)), node.position);
  ExprPtr right_test = Compare(node.op == SetOpKind::kIntersect ? ">" : "=", std::move(right_count),
                               Expr::Constant(Value::Bigint(0)), node.position);
  auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  filter->types = agg->types;
  filter->names = agg->names;
  filter->expressions.push_back(std::move(has_left));
  filter->expressions.push_back(std::move(right_test));
  filter->children.push_back(std::move(agg));
  std::vector<ExprPtr> out;
  for (size_t i = 0; i < types.size(); i++) out.push_back(Expr::ColumnRef(i, types[i], names[i]));
  bound.plan = MakeProjection(std::move(filter), std::move(out), names);
  return bound;
}

}  // namespace sluice
