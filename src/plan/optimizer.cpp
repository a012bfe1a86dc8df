#include "plan/optimizer.h"

#include <algorithm>
#include <set>

#include "common/error.h"
#include "expr/expression_executor.h"

namespace sluice {
namespace {

void ForEachExpression(LogicalOperator& op, const std::function<void(ExprPtr&)>& fn) {
  for (auto& e : op.expressions) fn(e);
  for (auto& e : op.groups) fn(e);
  for (auto& a : op.aggregates) {
    for (auto& e : a.arguments) fn(e);
    if (a.filter) fn(a.filter);
  }
  for (auto& k : op.sort_keys) fn(k.expression);
  for (auto& w : op.window_calls) {
    for (auto& e : w.arguments) fn(e);
    for (auto& e : w.partition_by) fn(e);
    for (auto& k : w.order_by) fn(k.expression);
  }
}

// Splits AND trees into conjuncts.
void SplitConjuncts(ExprPtr expr, std::vector<ExprPtr>& out) {
  if (expr->kind == ExprKind::kAnd) {
    for (auto& c : expr->children) SplitConjuncts(std::move(c), out);
    return;
  }
  out.push_back(std::move(expr));
}

bool IsTrueConstant(const Expr& e) {
  return e.kind == ExprKind::kConstant && !e.constant.is_null() && e.type == TypeId::kBoolean &&
         e.constant.bool_value();
}

// Replaces column refs to projection outputs by the projected expressions.
ExprPtr Substitute(const Expr& e, const std::vector<ExprPtr>& projection) {
  if (e.kind == ExprKind::kColumnRef) return projection[e.column_index]->Clone();
  auto copy = e.Clone();
  for (size_t i = 0; i < copy->children.size(); i++) {
    copy->children[i] = Substitute(*e.children[i], projection);
  }
  return copy;
}

bool HasVolatile(const Expr& e) {
  if (e.kind == ExprKind::kFunction && e.function->is_volatile) return true;
  for (const auto& c : e.children) {
    if (HasVolatile(*c)) return true;
  }
  return false;
}

// column op constant -> a ColumnFilter the source may use for skipping.
void OfferToSource(const Expr& e, LogicalOperator& get) {
  auto column_of = [&](const Expr& x) -> const Expr* {
    return x.kind == ExprKind::kColumnRef ? &x : nullptr;
  };
  if (e.kind == ExprKind::kIsNull || e.kind == ExprKind::kIsNotNull) {
    if (const Expr* c = column_of(*e.children[0])) {
      ColumnFilter f;
      f.column = get.column_ids[c->column_index];
      f.op = e.kind == ExprKind::kIsNull ? ColumnFilter::Op::kIsNull : ColumnFilter::Op::kIsNotNull;
      get.pushed_filters.push_back(f);
    }
    return;
  }
  if (e.kind != ExprKind::kFunction || e.children.size() != 2) return;
  static const std::pair<const char*, ColumnFilter::Op> kOps[] = {
      {"=", ColumnFilter::Op::kEqual},   {"<>", ColumnFilter::Op::kNotEqual},
      {"<", ColumnFilter::Op::kLess},    {"<=", ColumnFilter::Op::kLessEqual},
      {">", ColumnFilter::Op::kGreater}, {">=", ColumnFilter::Op::kGreaterEqual},
  };
  static const std::pair<ColumnFilter::Op, ColumnFilter::Op> kFlipped[] = {
      {ColumnFilter::Op::kLess, ColumnFilter::Op::kGreater},
      {ColumnFilter::Op::kLessEqual, ColumnFilter::Op::kGreaterEqual},
      {ColumnFilter::Op::kGreater, ColumnFilter::Op::kLess},
      {ColumnFilter::Op::kGreaterEqual, ColumnFilter::Op::kLessEqual},
  };
  for (const auto& [name, op] : kOps) {
    if (e.function->name != name) continue;
    const Expr* col = column_of(*e.children[0]);
    const Expr* constant = e.children[1].get();
    ColumnFilter::Op actual = op;
    if (col == nullptr) {
      col = column_of(*e.children[1]);
      constant = e.children[0].get();
      for (const auto& [from, to] : kFlipped) {
        if (from == op) actual = to;
      }
    }
    if (col == nullptr || constant->kind != ExprKind::kConstant || constant->constant.is_null())
      return;
    ColumnFilter f;
    f.column = get.column_ids[col->column_index];
    f.op = actual;
    f.constant = constant->constant;
    get.pushed_filters.push_back(f);
    return;
  }
}

LogicalOperatorPtr Push(LogicalOperatorPtr op, std::vector<ExprPtr> filters);

enum class Side { kNone, kLeft, kRight, kBoth };

Side SideOf(const Expr& e, size_t left_columns) {
  std::vector<size_t> cols;
  e.CollectColumns(cols);
  if (cols.empty()) return Side::kNone;
  bool left = false, right = false;
  for (size_t c : cols) (c < left_columns ? left : right) = true;
  return left && right ? Side::kBoth : (left ? Side::kLeft : Side::kRight);
}

ExprPtr ShiftToRight(ExprPtr e, size_t left_columns, size_t total) {
  std::vector<size_t> mapping(total, SIZE_MAX);
  for (size_t i = left_columns; i < total; i++) mapping[i] = i - left_columns;
  e->RemapColumns(mapping);
  return e;
}

// Joins: WHERE conjuncts on one side go below the join when the join type allows it;
// conjuncts over both sides of an inner/cross join become join conditions. ON conjuncts
// of inner joins over one side go below too; for left joins only right-side ON conjuncts.
LogicalOperatorPtr PushJoin(LogicalOperatorPtr op, std::vector<ExprPtr> filters) {
  size_t left_columns = op->children[0]->types.size();
  size_t total = left_columns + op->children[1]->types.size();
  LogicalJoinType type = op->join_type;
  bool inner = type == LogicalJoinType::kInner || type == LogicalJoinType::kCross;
  bool left_pushable = inner || type == LogicalJoinType::kLeft || type == LogicalJoinType::kSemi ||
                       type == LogicalJoinType::kAnti;
  bool right_pushable = inner || type == LogicalJoinType::kRight;
  std::vector<ExprPtr> to_left, to_right, keep;
  // ON conditions.
  std::vector<ExprPtr> conditions;
  for (auto& e : op->expressions) SplitConjuncts(std::move(e), conditions);
  op->expressions.clear();
  for (auto& c : conditions) {
    Side side = SideOf(*c, left_columns);
    bool on_right_ok = inner || type == LogicalJoinType::kLeft || type == LogicalJoinType::kSemi ||
                       type == LogicalJoinType::kAnti;
    if (side == Side::kLeft && (inner || type == LogicalJoinType::kRight)) {
      to_left.push_back(std::move(c));
    } else if (side == Side::kRight && on_right_ok && !HasVolatile(*c)) {
      to_right.push_back(ShiftToRight(std::move(c), left_columns, total));
    } else {
      op->expressions.push_back(std::move(c));
    }
  }
  // WHERE conjuncts from above (semi/anti joins only expose left columns).
  for (auto& f : filters) {
    Side side = SideOf(*f, left_columns);
    if (HasVolatile(*f)) {
      keep.push_back(std::move(f));
    } else if (side == Side::kLeft && left_pushable) {
      to_left.push_back(std::move(f));
    } else if (side == Side::kRight && right_pushable) {
      to_right.push_back(ShiftToRight(std::move(f), left_columns, total));
    } else if (side == Side::kBoth && inner) {
      op->expressions.push_back(std::move(f));
    } else {
      keep.push_back(std::move(f));
    }
  }
  if (type == LogicalJoinType::kCross && !op->expressions.empty())
    op->join_type = LogicalJoinType::kInner;
  op->children[0] = Push(std::move(op->children[0]), std::move(to_left));
  op->children[1] = Push(std::move(op->children[1]), std::move(to_right));
  if (keep.empty()) return op;
  auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  filter->types = op->types;
  filter->names = op->names;
  filter->expressions = std::move(keep);
  filter->children.push_back(std::move(op));
  return filter;
}

// Pushes `filters` (over op's output columns) as far down as possible; returns the plan
// with whatever could not be pushed applied on top.
LogicalOperatorPtr Push(LogicalOperatorPtr op, std::vector<ExprPtr> filters) {
  auto wrap = [](LogicalOperatorPtr child, std::vector<ExprPtr> remaining) {
    if (remaining.empty()) return child;
    auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
    filter->types = child->types;
    filter->names = child->names;
    filter->expressions = std::move(remaining);
    filter->children.push_back(std::move(child));
    return filter;
  };
  switch (op->kind) {
    case LogicalKind::kFilter: {
      for (auto& e : op->expressions) SplitConjuncts(std::move(e), filters);
      return Push(std::move(op->children[0]), std::move(filters));
    }
    case LogicalKind::kGet: {
      for (auto& f : filters) {
        if (IsTrueConstant(*f)) continue;
        OfferToSource(*f, *op);
        op->expressions.push_back(std::move(f));
      }
      return op;
    }
    case LogicalKind::kProjection: {
      std::vector<ExprPtr> down, keep;
      bool projection_volatile = false;
      for (const auto& e : op->expressions)
        projection_volatile = projection_volatile || HasVolatile(*e);
      for (auto& f : filters) {
        if (projection_volatile) {
          keep.push_back(std::move(f));
        } else {
          down.push_back(Substitute(*f, op->expressions));
        }
      }
      op->children[0] = Push(std::move(op->children[0]), std::move(down));
      return wrap(std::move(op), std::move(keep));
    }
    case LogicalKind::kAggregate: {
      // Filters on group columns only can go below the aggregate.
      std::vector<ExprPtr> down, keep;
      size_t group_count = op->groups.size();
      for (auto& f : filters) {
        std::vector<size_t> cols;
        f->CollectColumns(cols);
        bool only_groups = !cols.empty() && std::all_of(cols.begin(), cols.end(),
                                                        [&](size_t c) { return c < group_count; });
        if (only_groups && !HasVolatile(*f)) {
          down.push_back(Substitute(*f, op->groups));
        } else {
          keep.push_back(std::move(f));
        }
      }
      op->children[0] = Push(std::move(op->children[0]), std::move(down));
      return wrap(std::move(op), std::move(keep));
    }
    case LogicalKind::kOrder: {
      op->children[0] = Push(std::move(op->children[0]), std::move(filters));
      return op;
    }
    case LogicalKind::kJoin: return PushJoin(std::move(op), std::move(filters));
    case LogicalKind::kUnion: {
      for (auto& child : op->children) {
        std::vector<ExprPtr> copies;
        for (const auto& f : filters) copies.push_back(f->Clone());
        child = Push(std::move(child), std::move(copies));
      }
      return op;
    }
    default: {
      // Limits, copies, constants: filters stay above; children get a fresh start.
      for (auto& c : op->children) c = Push(std::move(c), {});
      return wrap(std::move(op), std::move(filters));
    }
  }
}

// ---- column pruning ----

void Remap(ExprPtr& e, const std::vector<size_t>& mapping) {
  e->RemapColumns(mapping);
}

// Keeps only the outputs of `op` listed in `required` (sorted, unique) where the operator
// allows it. Returns old output index -> new output index (SIZE_MAX for dropped).
std::vector<size_t> Prune(LogicalOperator& op, const std::set<size_t>& required) {
  size_t outputs = op.types.size();
  std::vector<size_t> identity(outputs);
  for (size_t i = 0; i < outputs; i++) identity[i] = i;
  auto child_needs = [&](const std::vector<const Expr*>& exprs, std::set<size_t> extra) {
    for (const Expr* e : exprs) {
      std::vector<size_t> cols;
      e->CollectColumns(cols);
      extra.insert(cols.begin(), cols.end());
    }
    return extra;
  };
  switch (op.kind) {
    case LogicalKind::kGet: {
      // Columns used by scan filters must stay readable; they are dropped from the output
      // by a projection only if unused above (kept simple: keep them).
      std::set<size_t> keep = required;
      for (const auto& e : op.expressions) {
        std::vector<size_t> cols;
        e->CollectColumns(cols);
        keep.insert(cols.begin(), cols.end());
      }
      std::vector<size_t> mapping(outputs, SIZE_MAX);
      std::vector<size_t> new_ids;
      std::vector<TypeId> types;
      std::vector<std::string> names;
      for (size_t c : keep) {
        mapping[c] = new_ids.size();
        new_ids.push_back(op.column_ids[c]);
        types.push_back(op.types[c]);
        names.push_back(op.names[c]);
      }
      for (auto& e : op.expressions) Remap(e, mapping);
      op.column_ids = std::move(new_ids);
      op.types = std::move(types);
      op.names = std::move(names);
      return mapping;
    }
    case LogicalKind::kProjection: {
      std::vector<size_t> mapping(outputs, SIZE_MAX);
      std::vector<ExprPtr> kept;
      std::vector<TypeId> types;
      std::vector<std::string> names;
      for (size_t c : required) {
        mapping[c] = kept.size();
        kept.push_back(std::move(op.expressions[c]));
        types.push_back(op.types[c]);
        names.push_back(op.names[c]);
      }
      op.expressions = std::move(kept);
      op.types = std::move(types);
      op.names = std::move(names);
      std::vector<const Expr*> exprs;
      for (const auto& e : op.expressions) exprs.push_back(e.get());
      auto child_map = Prune(*op.child(), child_needs(exprs, {}));
      for (auto& e : op.expressions) Remap(e, child_map);
      return mapping;
    }
    case LogicalKind::kFilter:
    case LogicalKind::kOrder:
    case LogicalKind::kLimit: {
      std::vector<const Expr*> exprs;
      for (const auto& e : op.expressions) exprs.push_back(e.get());
      for (const auto& k : op.sort_keys) exprs.push_back(k.expression.get());
      auto child_map = Prune(*op.child(), child_needs(exprs, required));
      for (auto& e : op.expressions) Remap(e, child_map);
      for (auto& k : op.sort_keys) Remap(k.expression, child_map);
      op.types = op.child()->types;
      op.names = op.child()->names;
      return child_map;
    }
    case LogicalKind::kAggregate: {
      // Groups always stay (they define the rows); unused aggregates go.
      size_t groups = op.groups.size();
      std::vector<size_t> mapping(outputs, SIZE_MAX);
      for (size_t g = 0; g < groups; g++) mapping[g] = g;
      std::vector<AggregateSpec> kept;
      std::vector<TypeId> types(op.types.begin(), op.types.begin() + static_cast<long>(groups));
      std::vector<std::string> names(op.names.begin(),
                                     op.names.begin() + static_cast<long>(groups));
      for (size_t a = 0; a < op.aggregates.size(); a++) {
        if (required.count(groups + a) == 0) continue;
        mapping[groups + a] = groups + kept.size();
        kept.push_back(std::move(op.aggregates[a]));
        types.push_back(op.types[groups + a]);
        names.push_back(op.names[groups + a]);
      }
      op.aggregates = std::move(kept);
      op.types = std::move(types);
      op.names = std::move(names);
      std::vector<const Expr*> exprs;
      for (const auto& g : op.groups) exprs.push_back(g.get());
      for (const auto& a : op.aggregates) {
        for (const auto& e : a.arguments) exprs.push_back(e.get());
        if (a.filter) exprs.push_back(a.filter.get());
      }
      auto child_map = Prune(*op.child(), child_needs(exprs, {}));
      for (auto& g : op.groups) Remap(g, child_map);
      for (auto& a : op.aggregates) {
        for (auto& e : a.arguments) Remap(e, child_map);
        if (a.filter) Remap(a.filter, child_map);
      }
      return mapping;
    }
    case LogicalKind::kCopy: {
      std::set<size_t> all;
      for (size_t i = 0; i < op.child()->types.size(); i++) all.insert(i);
      Prune(*op.child(), all);
      return identity;
    }
    case LogicalKind::kJoin: {
      size_t left_columns = op.child(0)->types.size();
      size_t right_columns = op.child(1)->types.size();
      std::set<size_t> needed = required;
      for (const auto& e : op.expressions) {
        std::vector<size_t> cols;
        e->CollectColumns(cols);
        needed.insert(cols.begin(), cols.end());
      }
      std::set<size_t> left_needed, right_needed;
      for (size_t c : needed) {
        if (c < left_columns) {
          left_needed.insert(c);
        } else {
          right_needed.insert(c - left_columns);
        }
      }
      auto left_map = Prune(*op.child(0), left_needed);
      auto right_map = Prune(*op.child(1), right_needed);
      size_t new_left = op.child(0)->types.size();
      std::vector<size_t> mapping(left_columns + right_columns, SIZE_MAX);
      for (size_t i = 0; i < left_columns; i++) mapping[i] = left_map[i];
      for (size_t i = 0; i < right_columns; i++) {
        mapping[left_columns + i] = right_map[i] == SIZE_MAX ? SIZE_MAX : new_left + right_map[i];
      }
      for (auto& e : op.expressions) Remap(e, mapping);
      bool semi = op.join_type == LogicalJoinType::kSemi || op.join_type == LogicalJoinType::kAnti;
      op.types = op.child(0)->types;
      op.names = op.child(0)->names;
      if (!semi) {
        op.types.insert(op.types.end(), op.child(1)->types.begin(), op.child(1)->types.end());
        op.names.insert(op.names.end(), op.child(1)->names.begin(), op.child(1)->names.end());
      }
      if (semi) mapping.resize(left_columns);
      return mapping;
    }
    case LogicalKind::kWindow: {
      size_t inputs = op.child()->types.size();
      std::set<size_t> needed;
      for (size_t c : required) {
        if (c < inputs) needed.insert(c);
      }
      std::vector<const Expr*> exprs;
      for (const auto& w : op.window_calls) {
        for (const auto& e : w.arguments) exprs.push_back(e.get());
        for (const auto& e : w.partition_by) exprs.push_back(e.get());
        for (const auto& k : w.order_by) exprs.push_back(k.expression.get());
      }
      auto child_map = Prune(*op.child(), child_needs(exprs, needed));
      for (auto& w : op.window_calls) {
        for (auto& e : w.arguments) Remap(e, child_map);
        for (auto& e : w.partition_by) Remap(e, child_map);
        for (auto& k : w.order_by) Remap(k.expression, child_map);
      }
      size_t new_inputs = op.child()->types.size();
      std::vector<size_t> mapping(outputs, SIZE_MAX);
      for (size_t c = 0; c < inputs; c++) mapping[c] = child_map[c];
      for (size_t k = 0; k < op.window_calls.size(); k++) mapping[inputs + k] = new_inputs + k;
      std::vector<TypeId> types = op.child()->types;
      std::vector<std::string> names = op.child()->names;
      for (size_t k = 0; k < op.window_calls.size(); k++) {
        types.push_back(op.types[inputs + k]);
        names.push_back(op.names[inputs + k]);
      }
      op.types = std::move(types);
      op.names = std::move(names);
      return mapping;
    }
    case LogicalKind::kUnion: {
      // Every branch must produce exactly the required columns, in order.
      std::vector<size_t> mapping(outputs, SIZE_MAX);
      size_t next = 0;
      for (size_t c : required) mapping[c] = next++;
      for (auto& child : op.children) {
        auto child_map = Prune(*child, required);
        bool exact = child->types.size() == required.size();
        size_t i = 0;
        for (size_t c : required) exact = exact && child_map[c] == i++;
        if (exact) continue;
        std::vector<ExprPtr> exprs;
        std::vector<std::string> names;
        for (size_t c : required) {
          exprs.push_back(Expr::ColumnRef(child_map[c], child->types[child_map[c]],
                                          child->names[child_map[c]]));
          names.push_back(child->names[child_map[c]]);
        }
        auto projection = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
        for (const auto& e : exprs) projection->types.push_back(e->type);
        projection->names = std::move(names);
        projection->expressions = std::move(exprs);
        projection->children.push_back(std::move(child));
        child = std::move(projection);
      }
      std::vector<TypeId> types;
      std::vector<std::string> names;
      for (size_t c : required) {
        types.push_back(op.types[c]);
        names.push_back(op.names[c]);
      }
      op.types = std::move(types);
      op.names = std::move(names);
      return mapping;
    }
    case LogicalKind::kChunkGet:
    case LogicalKind::kEmpty: return identity;
  }
  return identity;
}

}  // namespace

void FoldConstantExpression(ExprPtr& expr) {
  for (auto& c : expr->children) FoldConstantExpression(c);
  if (expr->kind == ExprKind::kConstant || !expr->IsConstant()) return;
  try {
    Value v = EvaluateConstant(*expr);
    if (v.is_null()) v = Value::Null(expr->type);
    auto folded = Expr::Constant(v.is_null() ? v : v.CastTo(expr->type));
    folded->type = expr->type;
    folded->name = expr->name;
    expr = std::move(folded);
  } catch (const Error&) {
    // Leave it: the error surfaces at run time only if the expression is evaluated.
  }
}

void FoldConstants(LogicalOperator& plan) {
  ForEachExpression(plan, FoldConstantExpression);
  for (auto& c : plan.children) FoldConstants(*c);
}

LogicalOperatorPtr PushDownFilters(LogicalOperatorPtr plan) {
  return Push(std::move(plan), {});
}

void PruneColumns(LogicalOperator& root) {
  std::set<size_t> all;
  for (size_t i = 0; i < root.types.size(); i++) all.insert(i);
  Prune(root, all);
}

LogicalOperatorPtr Optimize(LogicalOperatorPtr plan) {
  FoldConstants(*plan);
  plan = PushDownFilters(std::move(plan));
  PruneColumns(*plan);
  return plan;
}

}  // namespace sluice
