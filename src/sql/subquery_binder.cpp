// Binding of subqueries.
//
//   - Uncorrelated scalar / IN / EXISTS subqueries in expressions are run once, before the
//     query, through the session's SubqueryRunner, and become constants.
//   - `[NOT] EXISTS (...)` and `x [NOT] IN (...)` as top-level WHERE conjuncts become semi
//     and anti joins (NOT IN: null-aware), correlated or not. A correlated subquery's WHERE
//     becomes the join condition.
//   - A correlated scalar subquery with an aggregate, `(SELECT max(v) FROM t WHERE t.k =
//     o.k)`, becomes a LEFT JOIN with the subquery grouped by its correlation keys.
#include "common/error.h"
#include "expr/aggregate_function.h"
#include "sql/aggregate_binding.h"
#include "sql/binder.h"

namespace sluice {

using namespace sql;  // NOLINT: AST node names read better unqualified here

namespace {

struct CorrelatedReference {};

void SplitParsedConjuncts(const ParsedExpr& e, std::vector<const ParsedExpr*>& out) {
  if (e.kind == ParsedExprKind::kBinary && e.As<BinaryExpr>().op == BinaryOp::kAnd) {
    SplitParsedConjuncts(*e.As<BinaryExpr>().left, out);
    SplitParsedConjuncts(*e.As<BinaryExpr>().right, out);
    return;
  }
  out.push_back(&e);
}

bool IsSimpleSelect(const QueryNode& q) {
  if (q.kind != QueryKind::kSelect || !q.ctes.empty() || q.limit || q.offset) return false;
  const auto& s = q.As<SelectNode>();
  if (s.distinct || !s.group_by.empty() || s.group_by_all || s.having || s.qualify || !s.from)
    return false;
  for (const auto& item : s.select_list) {
    if (item.expr->kind != ParsedExprKind::kStar && ContainsAggregate(*item.expr)) return false;
  }
  return true;
}

}  // namespace

// Called by BindColumnRef for names the query's own scope does not have.
void ThrowIfCorrelated(const BindContext* outer_probe, const std::vector<std::string>& parts) {
  if (outer_probe == nullptr) return;
  std::string ambiguity;
  if (outer_probe->Lookup(parts, &ambiguity) || !ambiguity.empty()) throw CorrelatedReference{};
}

Binder Binder::Child() const {
  Binder child(sql_, catalog_);
  child.cte_scopes_ = cte_scopes_;
  child.view_depth_ = view_depth_;
  child.run_subquery_ = run_subquery_;
  child.resolve_catalog_table_ = resolve_catalog_table_;
  return child;
}

bool Binder::IsCorrelated(const QueryNode& query, const BindContext* outer) {
  if (outer == nullptr || outer->column_count() == 0) return false;
  Binder probe = Child();
  probe.outer_probe_ = outer;
  try {
    probe.BindQuery(query);
    return false;
  } catch (const CorrelatedReference&) {
    return true;
  }
}

LogicalOperatorPtr Binder::BindCorrelatedFrom(const SelectNode& select, const BindContext& outer,
                                              BindContext& combined) {
  Binder inner = Child();
  BindContext inner_context;
  LogicalOperatorPtr plan = inner.BindTableRef(*select.from, inner_context);
  for (const auto& r : outer.relations()) combined.AddRelation(r);
  size_t shift = outer.column_count();
  for (auto r : inner_context.relations()) {
    r.offset += shift;
    r.level = 1;
    combined.AddRelation(std::move(r));
  }
  return plan;
}

ExprPtr Binder::BindSubquery(const SubqueryExpr& e, ExpressionScope& scope) {
  const QueryNode& query = *e.query;
  if (IsCorrelated(query, scope.context)) {
    if (e.subquery_kind != SubqueryKind::kScalar) {
      Fail(e.position,
           "not supported: correlated EXISTS / IN outside the top level of WHERE "
           "(write it as a top-level WHERE condition, or as a join)");
    }
    if (scope.from_plan == nullptr || scope.aggregates != nullptr) {
      Fail(e.position,
           "not supported: a correlated scalar subquery here (only in WHERE or the "
           "select list of a query without GROUP BY)");
    }
    if (query.kind != QueryKind::kSelect || !query.ctes.empty() || query.limit || query.offset) {
      Fail(e.position, "not supported: this form of correlated scalar subquery");
    }
    const auto& select = query.As<SelectNode>();
    if (select.select_list.size() != 1 || !select.from || !select.group_by.empty() ||
        select.group_by_all || select.having || select.distinct ||
        !ContainsAggregate(*select.select_list[0].expr)) {
      Fail(e.position,
           "not supported: a correlated scalar subquery must be one aggregate over "
           "FROM ... WHERE ... (e.g. SELECT max(x) FROM t WHERE t.k = o.k)");
    }
    BindContext& outer = *scope.mutable_context;
    size_t outer_count = outer.column_count();
    BindContext combined;
    LogicalOperatorPtr inner_plan = BindCorrelatedFrom(select, outer, combined);
    // WHERE: correlation equalities become grouping keys; the rest must be inner-only.
    std::vector<ExprPtr> outer_keys, inner_keys, inner_filters;
    if (select.where) {
      std::vector<const ParsedExpr*> conjuncts;
      SplitParsedConjuncts(*select.where, conjuncts);
      ExpressionScope where{&combined, nullptr, false, "WHERE"};
      for (const ParsedExpr* c : conjuncts) {
        ExprPtr bound = AsBoolean(BindExpression(*c, where), c->position, "WHERE");
        std::vector<size_t> cols;
        bound->CollectColumns(cols);
        bool any_outer = false, any_inner = false;
        for (size_t col : cols) (col < outer_count ? any_outer : any_inner) = true;
        std::vector<size_t> to_inner(combined.column_count(), SIZE_MAX);
        for (size_t i = outer_count; i < combined.column_count(); i++)
          to_inner[i] = i - outer_count;
        if (!any_outer) {
          bound->RemapColumns(to_inner);
          inner_filters.push_back(std::move(bound));
          continue;
        }
        bool is_equality = bound->kind == ExprKind::kFunction && bound->function->name == "=";
        if (is_equality) {
          auto side = [&](const Expr& x) {
            std::vector<size_t> xs;
            x.CollectColumns(xs);
            bool o = false, i = false;
            for (size_t col : xs) (col < outer_count ? o : i) = true;
            return o && !i ? 1 : (i && !o ? 2 : 0);
          };
          int a = side(*bound->children[0]), b = side(*bound->children[1]);
          if ((a == 1 && b == 2) || (a == 2 && b == 1)) {
            ExprPtr o = std::move(bound->children[a == 1 ? 0 : 1]);
            ExprPtr i = std::move(bound->children[a == 1 ? 1 : 0]);
            i->RemapColumns(to_inner);
            outer_keys.push_back(std::move(o));
            inner_keys.push_back(std::move(i));
            continue;
          }
        }
        Fail(c->position,
             "not supported: in a correlated scalar subquery, outer columns may only "
             "appear in equality conditions (inner = outer)");
      }
    }
    if (!inner_filters.empty()) {
      auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
      filter->types = inner_plan->types;
      filter->names = inner_plan->names;
      filter->expressions = std::move(inner_filters);
      filter->children.push_back(std::move(inner_plan));
      inner_plan = std::move(filter);
    }
    // Group the subquery by its correlation keys and compute the select expression.
    BindContext inner_context;
    for (const auto& r : combined.relations()) {
      if (r.level != 1) continue;
      RelationBinding copy = r;
      copy.offset -= outer_count;
      copy.level = 0;
      inner_context.AddRelation(std::move(copy));
    }
    AggregateBinding aggregates;
    aggregates.input = &inner_context;
    for (size_t k = 0; k < inner_keys.size(); k++) {
      aggregates.groups.push_back(inner_keys[k]->Clone());
      aggregates.group_names.push_back("__key" + std::to_string(k));
    }
    Binder inner = Child();
    ExpressionScope select_scope{&inner_context, &aggregates, true, "the subquery's select list"};
    const ParsedExpr& select_expr = *select.select_list[0].expr;
    ExprPtr value = inner.BindExpression(select_expr, select_scope);
    auto agg = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
    for (const auto& g : aggregates.groups) agg->types.push_back(g->type);
    agg->names = aggregates.group_names;
    for (const auto& a : aggregates.aggregates) {
      agg->types.push_back(a.function->return_type);
      agg->names.push_back(a.name);
    }
    agg->groups = std::move(aggregates.groups);
    agg->aggregates = std::move(aggregates.aggregates);
    agg->children.push_back(std::move(inner_plan));
    size_t key_count = inner_keys.size();
    auto projection = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
    for (size_t k = 0; k < key_count; k++) {
      projection->expressions.push_back(Expr::ColumnRef(k, agg->types[k], agg->names[k]));
    }
    TypeId value_type = value->type;
    projection->expressions.push_back(std::move(value));
    for (const auto& x : projection->expressions) projection->types.push_back(x->type);
    for (size_t k = 0; k < key_count; k++) projection->names.push_back("__key" + std::to_string(k));
    projection->names.push_back("__subquery");
    projection->children.push_back(std::move(agg));
    auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
    join->join_type = LogicalJoinType::kLeft;
    for (size_t k = 0; k < key_count; k++) {
      join->expressions.push_back(
          Compare("=", std::move(outer_keys[k]),
                  Expr::ColumnRef(outer_count + k, projection->types[k], "__key"), e.position));
    }
    join->types = (*scope.from_plan)->types;
    join->names = (*scope.from_plan)->names;
    join->types.insert(join->types.end(), projection->types.begin(), projection->types.end());
    join->names.insert(join->names.end(), projection->names.begin(), projection->names.end());
    RelationBinding binding;
    binding.alias = "__subquery";
    binding.columns = projection->names;
    binding.types = projection->types;
    binding.offset = outer_count;
    binding.hidden.assign(projection->names.size(), true);
    join->children.push_back(std::move(*scope.from_plan));
    join->children.push_back(std::move(projection));
    *scope.from_plan = std::move(join);
    outer.AddRelation(std::move(binding));
    ExprPtr result = Expr::ColumnRef(outer_count + key_count, value_type, e.ToString());
    // count(...) over no rows is 0, not NULL (the LEFT JOIN finds no group).
    if (select_expr.kind == ParsedExprKind::kFunction &&
        select_expr.As<FunctionExpr>().function_name() == "count") {
      std::vector<ExprPtr> args;
      args.push_back(std::move(result));
      args.push_back(Expr::Constant(Value::Bigint(0)));
      auto coalesce = std::make_unique<Expr>();
      coalesce->kind = ExprKind::kCoalesce;
      coalesce->type = value_type;
      coalesce->children = std::move(args);
      result = std::move(coalesce);
    }
    return result;
  }
  if (!run_subquery_) Fail(e.position, "not supported: subqueries in this context");
  auto run = [&](size_t max_rows) {
    Binder inner = Child();
    return run_subquery_(inner.BindQuery(query), max_rows);
  };
  switch (e.subquery_kind) {
    case SubqueryKind::kScalar: {
      SubqueryRows rows = run(2);
      if (rows.types.size() != 1) {
        Fail(e.position,
             fmt::format("a scalar subquery must return one column, this one returns {}",
                         rows.types.size()));
      }
      if (rows.rows.size() > 1) Fail(e.position, "more than one row returned by a scalar subquery");
      Value v = rows.rows.empty() ? Value::Null(rows.types[0]) : rows.rows[0][0];
      if (v.is_null()) v = Value::Null(rows.types[0]);
      auto c = Expr::Constant(v);
      c->type = rows.types[0];
      c->name = e.ToString();
      return c;
    }
    case SubqueryKind::kExists: {
      SubqueryRows rows = run(1);
      return Expr::Constant(Value::Boolean(!rows.rows.empty()));
    }
    case SubqueryKind::kIn: {
      ExprPtr value = BindExpression(*e.value, scope);
      SubqueryRows rows = run(SIZE_MAX);
      if (rows.types.size() != 1) {
        Fail(e.position, fmt::format("an IN subquery must return one column, this one returns {}",
                                     rows.types.size()));
      }
      auto common = CommonSupertype(value->type, rows.types[0]);
      if (!common) {
        Fail(e.position,
             fmt::format("cannot compare {} with the subquery's {}",
                         ::sluice::TypeName(value->type), ::sluice::TypeName(rows.types[0])));
      }
      auto node = std::make_unique<Expr>();
      node->kind = ExprKind::kIn;
      node->type = TypeId::kBoolean;
      node->negated = e.negated;
      node->children.push_back(CastTo(std::move(value), *common, e.position));
      for (const auto& row : rows.rows) {
        Value v = row[0].is_null() ? Value::Null(*common) : row[0].CastTo(*common);
        auto c = Expr::Constant(v);
        c->type = *common;
        node->children.push_back(std::move(c));
      }
      if (node->children.size() == 1) {
        // x IN (empty) is false, x NOT IN (empty) is true, even for NULL x.
        return Expr::Constant(Value::Boolean(e.negated));
      }
      return node;
    }
  }
  Fail(e.position, "unsupported subquery");
}

bool Binder::BindWhereSubquery(const ParsedExpr& conjunct, LogicalOperatorPtr& plan,
                               BindContext& context) {
  const ParsedExpr* e = &conjunct;
  bool negated = false;
  if (e->kind == ParsedExprKind::kUnary && e->As<UnaryExpr>().op == UnaryOp::kNot &&
      e->As<UnaryExpr>().child->kind == ParsedExprKind::kSubquery &&
      e->As<UnaryExpr>().child->As<SubqueryExpr>().subquery_kind == SubqueryKind::kExists) {
    negated = true;
    e = e->As<UnaryExpr>().child.get();
  }
  if (e->kind != ParsedExprKind::kSubquery) return false;
  const auto& sub = e->As<SubqueryExpr>();
  if (sub.subquery_kind == SubqueryKind::kScalar) return false;
  if (sub.subquery_kind == SubqueryKind::kIn) negated = sub.negated;
  const QueryNode& query = *sub.query;
  size_t outer_count = context.column_count();
  auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  join->join_type = negated ? LogicalJoinType::kAnti : LogicalJoinType::kSemi;
  join->types = plan->types;
  join->names = plan->names;
  ExpressionScope outer_scope{&context, nullptr, false, "WHERE"};
  if (!IsCorrelated(query, &context)) {
    Binder inner = Child();
    BoundQuery bound = inner.BindQuery(query);
    if (sub.subquery_kind == SubqueryKind::kIn) {
      if (bound.types.size() != 1) {
        Fail(sub.position, fmt::format("an IN subquery must return one column, this one returns {}",
                                       bound.types.size()));
      }
      ExprPtr value = BindExpression(*sub.value, outer_scope);
      join->expressions.push_back(
          Compare("=", std::move(value),
                  Expr::ColumnRef(outer_count, bound.types[0], bound.names[0]), sub.position));
      join->null_aware = negated;
    }
    join->children.push_back(std::move(plan));
    join->children.push_back(std::move(bound.plan));
    plan = std::move(join);
    return true;
  }
  if (!IsSimpleSelect(query)) {
    Fail(sub.position,
         "not supported: a correlated subquery with GROUP BY, aggregates, DISTINCT "
         "or LIMIT in EXISTS / IN");
  }
  if (sub.subquery_kind == SubqueryKind::kIn && negated) {
    Fail(sub.position, "not supported: correlated NOT IN (rewrite as NOT EXISTS)");
  }
  const auto& select = query.As<SelectNode>();
  BindContext combined;
  LogicalOperatorPtr inner_plan = BindCorrelatedFrom(select, context, combined);
  ExpressionScope where{&combined, nullptr, false, "WHERE"};
  if (select.where) {
    join->expressions.push_back(
        AsBoolean(BindExpression(*select.where, where), select.where->position, "WHERE"));
  }
  if (sub.subquery_kind == SubqueryKind::kIn) {
    if (select.select_list.size() != 1 ||
        select.select_list[0].expr->kind == ParsedExprKind::kStar) {
      Fail(sub.position, "an IN subquery must return one column");
    }
    ExprPtr value = BindExpression(*sub.value, where);
    ExprPtr item = BindExpression(*select.select_list[0].expr, where);
    join->expressions.push_back(Compare("=", std::move(value), std::move(item), sub.position));
  }
  join->children.push_back(std::move(plan));
  join->children.push_back(std::move(inner_plan));
  plan = std::move(join);
  return true;
}

}  // namespace sluice
