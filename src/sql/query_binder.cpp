// Binding of queries: SELECT blocks (FROM, WHERE, GROUP BY, HAVING, select list,
// DISTINCT, ORDER BY, LIMIT/OFFSET), VALUES, CTE visibility.
#include <algorithm>

#include "common/error.h"
#include "expr/aggregate_function.h"
#include "expr/expression_executor.h"
#include "sql/aggregate_binding.h"
#include "sql/binder.h"

namespace sluice {

using namespace sql;  // NOLINT: AST node names read better unqualified here

Binder::Binder(std::string_view sql, SessionCatalog& catalog) : sql_(sql), catalog_(catalog) {}

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

LogicalOperatorPtr MakeFilter(LogicalOperatorPtr child, ExprPtr predicate) {
  auto f = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  f->types = child->types;
  f->names = child->names;
  f->expressions.push_back(std::move(predicate));
  f->children.push_back(std::move(child));
  return f;
}

struct SelectColumn {
  const ParsedExpr* expr = nullptr;  // null for columns expanded from *
  size_t star_index = 0;             // FROM column for expanded *
  TypeId star_type = TypeId::kNull;
  std::string name;
  std::string text;  // for matching ORDER BY expressions to select items
};

bool IsIntegerLiteral(const ParsedExpr& e) {
  return e.kind == ParsedExprKind::kConstant &&
         e.As<ConstantExpr>().constant_kind == ConstantKind::kInteger;
}

}  // namespace

BoundQuery Binder::BindQuery(const QueryNode& query) {
  std::map<std::string, const CommonTableExpr*> scope;
  for (const auto& cte : query.ctes) {
    if (scope.count(cte.name))
      Fail(cte.position, fmt::format("CTE '{}' is defined twice", cte.name));
    scope[cte.name] = &cte;
  }
  // CTEs are visible to later CTEs and to the body: push the scope now; a CTE's body sees
  // the ones defined before it because binding happens lazily at the reference.
  cte_scopes_.push_back(std::move(scope));
  struct Pop {
    std::vector<std::map<std::string, const CommonTableExpr*>>& scopes;
    ~Pop() { scopes.pop_back(); }
  } pop{cte_scopes_};
  switch (query.kind) {
    case QueryKind::kSelect: return BindSelect(query.As<SelectNode>());
    case QueryKind::kValues: return ApplyModifiers(BindValues(query.As<ValuesNode>()), query);
    case QueryKind::kSetOperation:
      return ApplyModifiers(BindSetOperation(query.As<SetOperationNode>()), query);
  }
  Fail(query.position, "unsupported query");
}

uint64_t Binder::BindLimitValue(const ParsedExpr& expr, const char* what) {
  Value v = BindConstant(expr, what);
  if (v.is_null()) return UINT64_MAX;
  Value n = v.TryCastTo(TypeId::kBigint);
  if (n.is_null() || n.int_value() < 0) {
    Fail(expr.position,
         fmt::format("{} must be a non-negative integer, got {}", what, v.ToSqlLiteral()));
  }
  return static_cast<uint64_t>(n.int_value());
}

BoundQuery Binder::ApplyModifiers(BoundQuery bound, const QueryNode& query) {
  if (!query.order_by.empty()) {
    BindContext outputs;
    outputs.AddRelation(RelationBinding{"", bound.names, bound.types, 0, {}});
    ExpressionScope scope{&outputs, nullptr, false, "ORDER BY"};
    auto order = std::make_unique<LogicalOperator>(LogicalKind::kOrder);
    for (const auto& item : query.order_by) {
      std::vector<ExprPtr> keys;
      if (query.order_by_all) {
        for (size_t i = 0; i < bound.types.size(); i++) {
          keys.push_back(Expr::ColumnRef(i, bound.types[i], bound.names[i]));
        }
      } else if (IsIntegerLiteral(*item.expr)) {
        int64_t k = item.expr->As<ConstantExpr>().int_value;
        if (k < 1 || static_cast<size_t>(k) > bound.types.size()) {
          Fail(item.expr->position, fmt::format("ORDER BY position {} is not in the select list "
                                                "(1..{})",
                                                k, bound.types.size()));
        }
        keys.push_back(
            Expr::ColumnRef(static_cast<size_t>(k - 1), bound.types[k - 1], bound.names[k - 1]));
      } else {
        keys.push_back(BindExpression(*item.expr, scope));
      }
      for (auto& key : keys) {
        SortKey sk;
        sk.expression = std::move(key);
        sk.descending = item.direction == OrderDirection::kDescending;
        sk.nulls_first = item.nulls == NullsOrder::kFirst;
        order->sort_keys.push_back(std::move(sk));
      }
    }
    order->types = bound.types;
    order->names = bound.names;
    order->children.push_back(std::move(bound.plan));
    bound.plan = std::move(order);
  }
  if (query.limit || query.offset) {
    auto limit = std::make_unique<LogicalOperator>(LogicalKind::kLimit);
    limit->limit = query.limit ? BindLimitValue(*query.limit, "LIMIT") : UINT64_MAX;
    limit->offset = query.offset ? BindLimitValue(*query.offset, "OFFSET") : 0;
    if (limit->offset == UINT64_MAX) limit->offset = 0;
    limit->types = bound.types;
    limit->names = bound.names;
    limit->children.push_back(std::move(bound.plan));
    bound.plan = std::move(limit);
  }
  return bound;
}

BoundQuery Binder::BindValues(const ValuesNode& values) {
  size_t columns = values.rows.empty() ? 0 : values.rows[0].size();
  std::vector<std::vector<Value>> rows;
  std::vector<TypeId> types(columns, TypeId::kNull);
  for (const auto& row : values.rows) {
    std::vector<Value> out;
    for (size_t c = 0; c < row.size(); c++) {
      Value v = BindConstant(*row[c], "a VALUES entry");
      auto common = CommonSupertype(types[c], v.type());
      if (!common) {
        Fail(row[c]->position,
             fmt::format("VALUES column {} mixes {} and {}", c + 1, ::sluice::TypeName(types[c]),
                         ::sluice::TypeName(v.type())));
      }
      types[c] = *common;
      out.push_back(std::move(v));
    }
    rows.push_back(std::move(out));
  }
  for (auto& t : types) {
    if (t == TypeId::kNull) t = TypeId::kVarchar;  // an all-NULL column: DuckDB types it too
  }
  auto data = std::make_shared<ChunkCollection>(types);
  DataChunk chunk;
  chunk.Initialize(types);
  for (const auto& row : rows) {
    if (chunk.size() == chunk.capacity()) {
      data->Append(chunk);
      chunk.Reset();
    }
    for (size_t c = 0; c < columns; c++) {
      Value v = row[c].is_null() ? Value::Null(types[c]) : row[c].CastTo(types[c]);
      chunk.column(c).SetValue(chunk.size(), v);
      if (v.is_null() && types[c] == TypeId::kVarchar) {
        chunk.column(c).data<StringRef>()[chunk.size()] = StringRef("", 0);
      }
    }
    chunk.SetSize(chunk.size() + 1);
  }
  if (chunk.size() > 0) data->Append(chunk);
  auto get = std::make_unique<LogicalOperator>(LogicalKind::kChunkGet);
  get->data = data;
  get->data_name = "VALUES";
  get->types = types;
  for (size_t c = 0; c < columns; c++) get->names.push_back("col" + std::to_string(c));
  BoundQuery bound;
  bound.names = get->names;
  bound.types = types;
  bound.plan = std::move(get);
  return bound;
}

BoundQuery Binder::BindSelect(const SelectNode& select) {
  BindContext context;
  LogicalOperatorPtr plan;
  if (select.from) {
    plan = BindTableRef(*select.from, context);
  } else {
    plan = std::make_unique<LogicalOperator>(LogicalKind::kEmpty);
  }
  ExpressionScope input{&context, nullptr, false, "WHERE"};
  input.from_plan = &plan;
  input.mutable_context = &context;
  if (select.where) {
    if (ContainsAggregate(*select.where)) {
      Fail(select.where->position, "aggregate functions are not allowed in WHERE (use HAVING)");
    }
    std::vector<const ParsedExpr*> conjuncts;
    std::vector<const ParsedExpr*> stack{select.where.get()};
    while (!stack.empty()) {
      const ParsedExpr* e = stack.back();
      stack.pop_back();
      if (e->kind == ParsedExprKind::kBinary && e->As<BinaryExpr>().op == BinaryOp::kAnd) {
        stack.push_back(e->As<BinaryExpr>().right.get());
        stack.push_back(e->As<BinaryExpr>().left.get());
      } else {
        conjuncts.push_back(e);
      }
    }
    std::vector<ExprPtr> filters;
    for (const ParsedExpr* c : conjuncts) {
      if (BindWhereSubquery(*c, plan, context)) continue;
      filters.push_back(AsBoolean(BindExpression(*c, input), c->position, "WHERE"));
    }
    for (auto& f : filters) plan = MakeFilter(std::move(plan), std::move(f));
  }

  // Expand the select list.
  std::vector<SelectColumn> columns;
  for (const auto& item : select.select_list) {
    if (item.expr->kind == ParsedExprKind::kStar) {
      const auto& star = item.expr->As<StarExpr>();
      bool matched_relation = star.relation.empty();
      std::vector<const RelationBinding*> ordered;
      for (const auto& rel : context.relations()) {
        if (rel.star_first) ordered.push_back(&rel);
      }
      for (const auto& rel : context.relations()) {
        if (!rel.star_first) ordered.push_back(&rel);
      }
      for (const RelationBinding* rel_ptr : ordered) {
        const RelationBinding& rel = *rel_ptr;
        if (!star.relation.empty() && rel.alias != star.relation) continue;
        matched_relation = true;
        for (size_t c = 0; c < rel.columns.size(); c++) {
          if (!rel.hidden.empty() && rel.hidden[c] && star.relation.empty()) continue;
          if (std::find(star.exclude.begin(), star.exclude.end(), rel.columns[c]) !=
              star.exclude.end()) {
            continue;
          }
          SelectColumn col;
          col.star_index = rel.offset + c;
          col.star_type = rel.types[c];
          col.name = rel.columns[c];
          col.text = rel.columns[c];
          columns.push_back(std::move(col));
        }
      }
      if (!matched_relation) {
        Fail(star.position,
             fmt::format("unknown table or alias '{}' in '{}.*'", star.relation, star.relation));
      }
      if (context.relations().empty()) Fail(star.position, "SELECT * needs a FROM clause");
      continue;
    }
    SelectColumn col;
    col.expr = item.expr.get();
    if (!item.alias.empty()) {
      col.name = item.alias;
    } else if (item.expr->kind == ParsedExprKind::kColumnRef) {
      col.name = item.expr->As<ColumnRefExpr>().parts.back();
    } else {
      col.name = item.text.empty() ? item.expr->ToString() : item.text;
    }
    col.text = item.expr->ToString();
    columns.push_back(std::move(col));
  }

  bool aggregate_mode = !select.group_by.empty() || select.group_by_all || select.having;
  for (const auto& c : columns)
    aggregate_mode = aggregate_mode || (c.expr && ContainsAggregate(*c.expr));
  for (const auto& o : select.order_by) {
    aggregate_mode = aggregate_mode || (o.expr && ContainsAggregate(*o.expr));
  }

  AggregateBinding aggregates;
  aggregates.input = &context;
  ExpressionScope projected = input;
  projected.clause = "the select list";
  if (aggregate_mode) {
    projected.from_plan = nullptr;
    projected.mutable_context = nullptr;
  }
  WindowBinding windows;
  windows.named = &select.windows;
  projected.windows = &windows;
  if (aggregate_mode) {
    auto add_group = [&](ExprPtr g, const std::string& name) {
      for (const auto& existing : aggregates.groups) {
        if (existing->Equals(*g)) return;
      }
      aggregates.groups.push_back(std::move(g));
      aggregates.group_names.push_back(name);
    };
    ExpressionScope group_scope{&context, nullptr, false, "GROUP BY"};
    for (const auto& g : select.group_by) {
      if (IsIntegerLiteral(*g)) {
        int64_t k = g->As<ConstantExpr>().int_value;
        if (k < 1 || static_cast<size_t>(k) > columns.size()) {
          Fail(g->position, fmt::format("GROUP BY position {} is not in the select list (1..{})", k,
                                        columns.size()));
        }
        const SelectColumn& col = columns[static_cast<size_t>(k - 1)];
        if (col.expr == nullptr) {
          add_group(Expr::ColumnRef(col.star_index, col.star_type, col.name), col.name);
          continue;
        }
        if (ContainsAggregate(*col.expr)) {
          Fail(g->position, fmt::format("GROUP BY position {} refers to an aggregate", k));
        }
        add_group(BindExpression(*col.expr, group_scope), col.name);
        continue;
      }
      if (ContainsAggregate(*g))
        Fail(g->position, "aggregate functions are not allowed in GROUP BY");
      // A bare name that is not a column but a select alias groups by that item.
      if (g->kind == ParsedExprKind::kColumnRef && g->As<ColumnRefExpr>().parts.size() == 1) {
        const std::string& name = g->As<ColumnRefExpr>().parts[0];
        std::string ambiguity;
        if (!context.Lookup({name}, &ambiguity) && ambiguity.empty()) {
          auto it = std::find_if(columns.begin(), columns.end(),
                                 [&](const SelectColumn& c) { return c.name == name && c.expr; });
          if (it != columns.end() && !ContainsAggregate(*it->expr)) {
            add_group(BindExpression(*it->expr, group_scope), name);
            continue;
          }
        }
      }
      add_group(BindExpression(*g, group_scope), g->ToString());
    }
    if (select.group_by_all) {
      for (const auto& col : columns) {
        if (col.expr == nullptr) {
          add_group(Expr::ColumnRef(col.star_index, col.star_type, col.name), col.name);
        } else if (!ContainsAggregate(*col.expr)) {
          ExprPtr bound = BindExpression(*col.expr, group_scope);
          if (!bound->IsConstant()) add_group(std::move(bound), col.name);
        }
      }
    }
    projected.aggregates = &aggregates;
  }

  std::vector<ExprPtr> exprs;
  std::vector<std::string> names;
  for (const auto& col : columns) {
    ExprPtr bound;
    if (col.expr == nullptr) {
      bound = Expr::ColumnRef(col.star_index, col.star_type, col.name);
      if (aggregate_mode) {
        auto it = std::find_if(aggregates.groups.begin(), aggregates.groups.end(),
                               [&](const ExprPtr& g) { return g->Equals(*bound); });
        if (it == aggregates.groups.end()) {
          Fail(select.position, fmt::format("column '{}' must appear in the GROUP BY clause or be "
                                            "used in an aggregate function",
                                            col.name));
        }
        bound = Expr::ColumnRef(static_cast<size_t>(it - aggregates.groups.begin()), col.star_type,
                                col.name);
      }
    } else {
      bound = BindExpression(*col.expr, projected);
    }
    bound->name = col.name;
    exprs.push_back(std::move(bound));
    names.push_back(col.name);
  }
  ExprPtr qualify;
  if (select.qualify) {
    ExpressionScope qualify_scope = projected;
    qualify_scope.clause = "QUALIFY";
    qualify = AsBoolean(BindExpression(*select.qualify, qualify_scope), select.qualify->position,
                        "QUALIFY");
  }
  ExprPtr having;
  if (select.having) {
    ExpressionScope having_scope = projected;
    having_scope.windows = nullptr;
    having_scope.clause = "HAVING";
    having =
        AsBoolean(BindExpression(*select.having, having_scope), select.having->position, "HAVING");
  }

  // ORDER BY keys: output columns (by position, alias or same text), else expressions
  // over the input carried as hidden extra columns.
  struct OrderKey {
    size_t column;
    bool descending;
    bool nulls_first;
  };
  std::vector<OrderKey> order_keys;
  size_t visible = exprs.size();
  for (const auto& item : select.order_by) {
    bool desc = item.direction == OrderDirection::kDescending;
    bool nulls_first = item.nulls == NullsOrder::kFirst;
    if (select.order_by_all) {
      for (size_t i = 0; i < visible; i++) order_keys.push_back({i, desc, nulls_first});
      continue;
    }
    const ParsedExpr& e = *item.expr;
    if (IsIntegerLiteral(e)) {
      int64_t k = e.As<ConstantExpr>().int_value;
      if (k < 1 || static_cast<size_t>(k) > visible) {
        Fail(e.position,
             fmt::format("ORDER BY position {} is not in the select list (1..{})", k, visible));
      }
      order_keys.push_back({static_cast<size_t>(k - 1), desc, nulls_first});
      continue;
    }
    std::optional<size_t> match;
    if (e.kind == ParsedExprKind::kColumnRef && e.As<ColumnRefExpr>().parts.size() == 1) {
      const std::string& name = e.As<ColumnRefExpr>().parts[0];
      for (size_t i = 0; i < visible && !match; i++) {
        if (names[i] == name) match = i;
      }
    }
    std::string text = e.ToString();
    for (size_t i = 0; i < visible && !match; i++) {
      if (columns[i].text == text) match = i;
    }
    if (match) {
      order_keys.push_back({*match, desc, nulls_first});
      continue;
    }
    if (select.distinct) {
      Fail(e.position, "for SELECT DISTINCT, ORDER BY expressions must appear in the select list");
    }
    ExpressionScope order_scope = projected;
    order_scope.clause = "ORDER BY";
    ExprPtr bound = BindExpression(e, order_scope);
    // Reuse an equal projected expression.
    for (size_t i = 0; i < exprs.size() && !match; i++) {
      if (exprs[i]->Equals(*bound)) match = i;
    }
    if (!match) {
      match = exprs.size();
      names.push_back(text);
      exprs.push_back(std::move(bound));
    }
    order_keys.push_back({*match, desc, nulls_first});
  }

  if (aggregate_mode) {
    auto agg = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
    for (const auto& g : aggregates.groups) agg->types.push_back(g->type);
    agg->names = aggregates.group_names;
    for (const auto& a : aggregates.aggregates) {
      agg->types.push_back(a.function->return_type);
      agg->names.push_back(a.name);
    }
    agg->groups = std::move(aggregates.groups);
    agg->aggregates = std::move(aggregates.aggregates);
    agg->children.push_back(std::move(plan));
    plan = std::move(agg);
    if (having) plan = MakeFilter(std::move(plan), std::move(having));
  }
  if (!windows.calls.empty()) {
    size_t base = plan->types.size();
    for (auto& e : exprs) RebaseWindowColumns(*e, base);
    if (qualify) RebaseWindowColumns(*qualify, base);
    auto window = std::make_unique<LogicalOperator>(LogicalKind::kWindow);
    window->types = plan->types;
    window->names = plan->names;
    for (const auto& c : windows.calls) {
      window->types.push_back(c.type);
      window->names.push_back(c.name);
    }
    window->window_calls = std::move(windows.calls);
    window->children.push_back(std::move(plan));
    plan = std::move(window);
  }
  if (qualify) plan = MakeFilter(std::move(plan), std::move(qualify));
  std::vector<TypeId> types;
  for (const auto& e : exprs) types.push_back(e->type);
  plan = MakeProjection(std::move(plan), std::move(exprs), names);

  if (select.distinct) {
    auto distinct = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
    for (size_t i = 0; i < types.size(); i++)
      distinct->groups.push_back(Expr::ColumnRef(i, types[i], names[i]));
    distinct->types = types;
    distinct->names = names;
    distinct->children.push_back(std::move(plan));
    plan = std::move(distinct);
  }
  if (!order_keys.empty()) {
    auto order = std::make_unique<LogicalOperator>(LogicalKind::kOrder);
    for (const auto& k : order_keys) {
      SortKey sk;
      sk.expression = Expr::ColumnRef(k.column, types[k.column], names[k.column]);
      sk.descending = k.descending;
      sk.nulls_first = k.nulls_first;
      order->sort_keys.push_back(std::move(sk));
    }
    order->types = types;
    order->names = names;
    order->children.push_back(std::move(plan));
    plan = std::move(order);
  }
  if (select.limit || select.offset) {
    auto limit = std::make_unique<LogicalOperator>(LogicalKind::kLimit);
    limit->limit = select.limit ? BindLimitValue(*select.limit, "LIMIT") : UINT64_MAX;
    limit->offset = select.offset ? BindLimitValue(*select.offset, "OFFSET") : 0;
    if (limit->offset == UINT64_MAX) limit->offset = 0;
    limit->types = types;
    limit->names = names;
    limit->children.push_back(std::move(plan));
    plan = std::move(limit);
  }
  if (types.size() > visible) {
    std::vector<ExprPtr> final_exprs;
    for (size_t i = 0; i < visible; i++)
      final_exprs.push_back(Expr::ColumnRef(i, types[i], names[i]));
    names.resize(visible);
    types.resize(visible);
    plan = MakeProjection(std::move(plan), std::move(final_exprs), names);
  }
  BoundQuery bound;
  bound.plan = std::move(plan);
  bound.names = std::move(names);
  bound.types = std::move(types);
  return bound;
}

}  // namespace sluice
