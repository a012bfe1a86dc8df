// Binding of FROM items: table functions (read_csv, read_parquet, ...), subqueries,
// CTEs, in-session tables and views.
#include <algorithm>

#include "common/error.h"
#include "sql/binder.h"
#include "sql/parser/parser.h"

namespace sluice {

using namespace sql;  // NOLINT: AST node names read better unqualified here

namespace {

// Applies `alias (c1, c2)` column renames.
void ApplyColumnAliases(const TableRef& ref, std::vector<std::string>& names, Binder& binder) {
  if (ref.column_aliases.size() > names.size()) {
    binder.Fail(ref.position, fmt::format("'{}' has {} columns but {} column aliases were given",
                                          ref.alias, names.size(), ref.column_aliases.size()));
  }
  for (size_t i = 0; i < ref.column_aliases.size(); i++) names[i] = ref.column_aliases[i];
}

// Makes a FROM item's columns visible under `alias`, after the columns bound so far.
void AddRelation(BindContext& context, std::string alias, const std::vector<std::string>& columns,
                 const std::vector<TypeId>& types) {
  RelationBinding binding;
  binding.alias = std::move(alias);
  binding.columns = columns;
  binding.types = types;
  binding.offset = context.column_count();
  context.AddRelation(std::move(binding));
}

}  // namespace

LogicalOperatorPtr Binder::BindTableRef(const TableRef& ref, BindContext& context) {
  switch (ref.kind) {
    case TableRefKind::kTableFunction:
      return BindTableFunction(ref.As<TableFunctionRef>(), context);
    case TableRefKind::kBaseTable: return BindBaseTable(ref.As<BaseTableRef>(), context);
    case TableRefKind::kSubquery:
      return BindSubqueryRef(*ref.As<SubqueryRef>().query, ref, "unnamed_subquery", context);
    case TableRefKind::kJoin: return BindJoin(ref.As<JoinRef>(), context);
  }
  Fail(ref.position, "unsupported FROM item");
}

LogicalOperatorPtr Binder::BindJoin(const JoinRef& ref, BindContext& context) {
  size_t start = context.column_count();
  size_t first_left_relation = context.relations().size();
  LogicalOperatorPtr left = BindTableRef(*ref.left, context);
  size_t first_right_relation = context.relations().size();
  LogicalOperatorPtr right = BindTableRef(*ref.right, context);
  size_t end_relation = context.relations().size();
  auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  switch (ref.type) {
    case JoinType::kInner: join->join_type = LogicalJoinType::kInner; break;
    case JoinType::kLeft: join->join_type = LogicalJoinType::kLeft; break;
    case JoinType::kRight: join->join_type = LogicalJoinType::kRight; break;
    case JoinType::kFull: join->join_type = LogicalJoinType::kFull; break;
    case JoinType::kCross: join->join_type = LogicalJoinType::kCross; break;
  }
  join->types = left->types;
  join->types.insert(join->types.end(), right->types.begin(), right->types.end());
  join->names = left->names;
  join->names.insert(join->names.end(), right->names.begin(), right->names.end());
  // Conditions are bound against the whole FROM context; shift them to this join's output.
  std::vector<size_t> shift(context.column_count(), SIZE_MAX);
  for (size_t i = start; i < context.column_count(); i++) shift[i] = i - start;
  auto find_in = [&](size_t from, size_t to,
                     const std::string& column) -> std::optional<std::pair<size_t, size_t>> {
    std::optional<std::pair<size_t, size_t>> found;
    for (size_t r = from; r < to; r++) {
      const RelationBinding& rel = context.relations()[r];
      for (size_t c = 0; c < rel.columns.size(); c++) {
        if (rel.columns[c] != column || (!rel.hidden.empty() && rel.hidden[c])) continue;
        if (found)
          Fail(ref.position,
               fmt::format("column '{}' of USING is ambiguous on one side of the join", column));
        found = std::make_pair(r, c);
      }
    }
    return found;
  };
  std::vector<std::string> using_columns = ref.using_columns;
  if (ref.natural) {
    for (size_t r = first_left_relation; r < first_right_relation; r++) {
      for (const auto& c : context.relations()[r].columns) {
        if (find_in(first_right_relation, end_relation, c) &&
            std::find(using_columns.begin(), using_columns.end(), c) == using_columns.end()) {
          using_columns.push_back(c);
        }
      }
    }
    if (using_columns.empty() && ref.type != JoinType::kCross)
      join->join_type = LogicalJoinType::kCross;
  }
  std::vector<ExprPtr> merged_columns;  // FULL JOIN USING: COALESCE(left, right)
  if (!using_columns.empty()) {
    for (const auto& column : using_columns) {
      auto l = find_in(first_left_relation, first_right_relation, column);
      auto r = find_in(first_right_relation, end_relation, column);
      if (!l || !r) {
        Fail(ref.position, fmt::format("USING column '{}' is missing on the {} side of the join",
                                       column, !l ? "left" : "right"));
      }
      RelationBinding& lrel = context.relation(l->first);
      RelationBinding& rrel = context.relation(r->first);
      size_t li = lrel.offset + l->second, ri = rrel.offset + r->second;
      ExprPtr cond = Compare("=", Expr::ColumnRef(li, lrel.types[l->second], column),
                             Expr::ColumnRef(ri, rrel.types[r->second], column), ref.position);
      cond->RemapColumns(shift);
      join->expressions.push_back(std::move(cond));
      // Unqualified `column` means the preserved side's column; for FULL joins, whichever
      // side has it.
      auto hide = [](RelationBinding& rel, size_t index) {
        if (rel.hidden.empty()) rel.hidden.assign(rel.columns.size(), false);
        rel.hidden[index] = true;
      };
      if (ref.type == JoinType::kFull) {
        auto type = CommonSupertype(lrel.types[l->second], rrel.types[r->second]);
        auto merged = std::make_unique<Expr>();
        merged->kind = ExprKind::kCoalesce;
        merged->type = *type;
        merged->name = column;
        merged->children.push_back(CastTo(
            Expr::ColumnRef(li - start, lrel.types[l->second], column), *type, ref.position));
        merged->children.push_back(CastTo(
            Expr::ColumnRef(ri - start, rrel.types[r->second], column), *type, ref.position));
        merged_columns.push_back(std::move(merged));
        hide(lrel, l->second);
        hide(rrel, r->second);
      } else if (ref.type == JoinType::kRight) {
        hide(lrel, l->second);
      } else {
        hide(rrel, r->second);
      }
    }
  } else if (ref.condition) {
    ExpressionScope scope{&context, nullptr, false, "JOIN ... ON"};
    if (ContainsAggregate(*ref.condition)) {
      Fail(ref.condition->position, "aggregate functions are not allowed in JOIN conditions");
    }
    ExprPtr cond = AsBoolean(BindExpression(*ref.condition, scope), ref.condition->position, "ON");
    cond->RemapColumns(shift);
    join->expressions.push_back(std::move(cond));
  } else if (ref.type != JoinType::kCross && !ref.natural) {
    Fail(ref.position, "JOIN needs an ON or USING clause (or write CROSS JOIN)");
  }
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(right));
  if (merged_columns.empty()) return join;
  // Append the merged USING columns after the join's own columns.
  auto projection = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  RelationBinding merged_binding;
  merged_binding.offset = context.column_count();
  merged_binding.star_first = true;
  for (size_t i = 0; i < join->types.size(); i++) {
    projection->expressions.push_back(Expr::ColumnRef(i, join->types[i], join->names[i]));
    projection->names.push_back(join->names[i]);
  }
  for (auto& m : merged_columns) {
    merged_binding.columns.push_back(m->name);
    merged_binding.types.push_back(m->type);
    projection->names.push_back(m->name);
    projection->expressions.push_back(std::move(m));
  }
  for (const auto& e : projection->expressions) projection->types.push_back(e->type);
  context.AddRelation(std::move(merged_binding));
  projection->children.push_back(std::move(join));
  return projection;
}

LogicalOperatorPtr Binder::BindTableFunction(const TableFunctionRef& ref, BindContext& context) {
  const std::string& name = ref.function_name();
  const TableSourceFactory* factory = TableFunctionRegistry::Find(name);
  if (factory == nullptr) {
    std::string suggestion = ClosestMatch(name, TableFunctionRegistry::Names());
    Fail(ref.position,
         fmt::format("unknown table function '{}'{}", name,
                     suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
  }
  Options options(name);
  for (const auto& arg : ref.args)
    options.positional().push_back(BindOption(*arg, "a table function argument"));
  for (const auto& named : ref.named_args) {
    options.AddNamed(named.name, BindOption(*named.value, "a table function option"));
  }
  std::shared_ptr<TableSource> source;
  try {
    source = (*factory)(options);
  } catch (const Error& e) {
    // Reader errors name the file already; add where in the SQL the call is.
    throw Error(e.kind(), e.message());
  }
  const Schema& schema = source->schema();
  auto get = std::make_unique<LogicalOperator>(LogicalKind::kGet);
  get->source = source;
  for (size_t i = 0; i < schema.size(); i++) {
    get->column_ids.push_back(i);
    get->types.push_back(schema[i].type);
    get->names.push_back(schema[i].name);
  }
  ApplyColumnAliases(ref, get->names, *this);
  AddRelation(context, ref.alias.empty() ? name : ref.alias, get->names, get->types);
  return get;
}

LogicalOperatorPtr Binder::BindSubqueryRef(const QueryNode& query, const TableRef& ref,
                                           const std::string& default_alias, BindContext& context) {
  Binder inner = Child();
  BoundQuery bound = inner.BindQuery(query);
  std::vector<std::string> names = bound.names;
  ApplyColumnAliases(ref, names, *this);
  AddRelation(context, ref.alias.empty() ? default_alias : ref.alias, names, bound.types);
  bound.plan->names = names;
  return std::move(bound.plan);
}

LogicalOperatorPtr Binder::BindBaseTable(const BaseTableRef& ref, BindContext& context) {
  std::string full;
  for (size_t i = 0; i < ref.name.size(); i++) full += (i ? "." : "") + ref.name[i];
  if (ref.name.size() == 1) {
    const std::string& name = ref.name[0];
    // CTEs, innermost first. A CTE sees only the CTEs before it in its WITH list.
    for (auto scope = cte_scopes_.rbegin(); scope != cte_scopes_.rend(); ++scope) {
      auto it = scope->find(name);
      if (it == scope->end()) continue;
      const CommonTableExpr& cte = *it->second;
      if (ref.version) Fail(ref.position, "VERSION AS OF applies to catalog tables, not CTEs");
      Binder inner(sql_, catalog_);
      inner.run_subquery_ = run_subquery_;
      inner.resolve_catalog_table_ = resolve_catalog_table_;
      inner.view_depth_ = view_depth_;
      // Visible: every scope outside this one, plus the CTEs of this scope defined earlier.
      size_t depth = static_cast<size_t>(scope.base() - cte_scopes_.begin()) - 1;
      for (size_t i = 0; i < depth; i++) inner.cte_scopes_.push_back(cte_scopes_[i]);
      std::map<std::string, const CommonTableExpr*> earlier;
      for (const auto& [n, c] : *scope) {
        if (c->position < cte.position) earlier[n] = c;
      }
      inner.cte_scopes_.push_back(std::move(earlier));
      BoundQuery bound = inner.BindQuery(*cte.query);
      std::vector<std::string> names = bound.names;
      if (cte.column_aliases.size() > names.size()) {
        Fail(cte.position, fmt::format("CTE '{}' has {} columns but {} names were given", cte.name,
                                       names.size(), cte.column_aliases.size()));
      }
      for (size_t i = 0; i < cte.column_aliases.size(); i++) names[i] = cte.column_aliases[i];
      ApplyColumnAliases(ref, names, *this);
      AddRelation(context, ref.alias.empty() ? name : ref.alias, names, bound.types);
      bound.plan->names = names;
      return std::move(bound.plan);
    }
    if (const SessionTable* table = catalog_.FindTable(name)) {
      auto get = std::make_unique<LogicalOperator>(LogicalKind::kChunkGet);
      get->data = table->data;
      get->data_name = name;
      for (const auto& f : table->schema) {
        get->types.push_back(f.type);
        get->names.push_back(f.name);
      }
      ApplyColumnAliases(ref, get->names, *this);
      AddRelation(context, ref.alias.empty() ? name : ref.alias, get->names, get->types);
      return get;
    }
    if (const SessionView* view = catalog_.FindView(name)) {
      if (view_depth_ > 32) Fail(ref.position, fmt::format("view '{}' refers to itself", name));
      // The view's text is parsed and bound in its own right; errors in it name the view.
      auto statements = sql::ParseSql(view->sql);
      SLUICE_ASSERT(statements.size() == 1 && statements[0]->kind == StatementKind::kSelect);
      const QueryNode& query = *statements[0]->As<SelectStatement>().query;
      Binder inner(view->sql, catalog_);
      inner.view_depth_ = view_depth_ + 1;
      inner.run_subquery_ = run_subquery_;
      inner.resolve_catalog_table_ = resolve_catalog_table_;
      BoundQuery bound = inner.BindQuery(query);
      std::vector<std::string> names = bound.names;
      for (size_t i = 0; i < view->column_aliases.size() && i < names.size(); i++) {
        names[i] = view->column_aliases[i];
      }
      ApplyColumnAliases(ref, names, *this);
      AddRelation(context, ref.alias.empty() ? name : ref.alias, names, bound.types);
      bound.plan->names = names;
      return std::move(bound.plan);
    }
    std::vector<std::string> candidates = catalog_.Names();
    for (const auto& scope : cte_scopes_) {
      for (const auto& [n, _] : scope) candidates.push_back(n);
    }
    std::string suggestion = ClosestMatch(name, candidates);
    std::string hint = suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)";
    if (suggestion.empty() && name.find('.') == std::string::npos &&
        (name.size() > 4 && (name.substr(name.size() - 4) == ".csv"))) {
      hint = " (to read a file, use read_csv('" + name + "'))";
    }
    Fail(ref.position, fmt::format("unknown table '{}'{}", name, hint));
  }
  if (ref.name.size() != 2) {
    Fail(ref.position,
         fmt::format("unknown table '{}': catalog tables are named database.table", full));
  }
  if (!resolve_catalog_table_)
    Fail(ref.position, fmt::format("unknown table '{}': no lake catalog here", full));
  std::shared_ptr<TableSource> source;
  try {
    source = resolve_catalog_table_(full, ref.version);
  } catch (const Error& e) {
    Fail(ref.position, e.message());
  }
  const Schema& schema = source->schema();
  auto get = std::make_unique<LogicalOperator>(LogicalKind::kGet);
  get->source = source;
  for (size_t i = 0; i < schema.size(); i++) {
    get->column_ids.push_back(i);
    get->types.push_back(schema[i].type);
    get->names.push_back(schema[i].name);
  }
  ApplyColumnAliases(ref, get->names, *this);
  AddRelation(context, ref.alias.empty() ? ref.name[1] : ref.alias, get->names, get->types);
  return get;
}

}  // namespace sluice
