#include "plan/physical_planner.h"

#include <atomic>
#include <optional>

#include "common/error.h"
#include "exec/copy_to_file.h"
#include "exec/hash_aggregate.h"
#include "exec/hash_join.h"
#include "exec/order.h"
#include "exec/projection.h"
#include "exec/result_collector.h"
#include "exec/table_scan.h"
#include "exec/window.h"

namespace sluice {
namespace {

ExprPtr AndAll(std::vector<ExprPtr> conjuncts) {
  if (conjuncts.size() == 1) return std::move(conjuncts[0]);
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kAnd;
  e->type = TypeId::kBoolean;
  e->children = std::move(conjuncts);
  return e;
}

// A source of exactly one row without columns, or of none.
class PhysicalEmptyRow final : public PhysicalOperator {
 public:
  explicit PhysicalEmptyRow(bool has_row)
      : PhysicalOperator(PhysicalOperatorKind::kEmptyResult, {}), has_row_(has_row) {}
  bool IsSource() const override { return true; }
  struct State final : GlobalSourceState {
    std::atomic<bool> done{false};
  };
  std::unique_ptr<GlobalSourceState> InitGlobalSource(ExecutionContext&) const override {
    return std::make_unique<State>();
  }
  bool GetData(ExecutionContext&, DataChunk& out, GlobalSourceState& global,
               LocalSourceState&) const override {
    auto& s = static_cast<State&>(global);
    if (!has_row_ || s.done.exchange(true)) return false;
    out.columns().clear();
    out.ClearSelection();
    out.SetSize(1);
    return true;
  }
  std::string Describe() const override { return has_row_ ? "EMPTY_ROW" : "EMPTY_RESULT"; }

 private:
  bool has_row_;
};

std::optional<double> EstimateRows(const LogicalOperator& op) {
  switch (op.kind) {
    case LogicalKind::kGet: {
      auto rows = op.source->EstimatedRows();
      if (!rows) return std::nullopt;
      return op.expressions.empty() ? static_cast<double>(*rows) : static_cast<double>(*rows) / 2;
    }
    case LogicalKind::kChunkGet: return static_cast<double>(op.data->row_count());
    case LogicalKind::kEmpty: return 1;
    case LogicalKind::kLimit: {
      auto child = EstimateRows(*op.children[0]);
      double limit = static_cast<double>(op.limit);
      return child ? std::min(*child, limit) : limit;
    }
    case LogicalKind::kFilter: {
      auto child = EstimateRows(*op.children[0]);
      if (!child) return std::nullopt;
      return *child / 2;
    }
    case LogicalKind::kJoin: {
      auto left = EstimateRows(*op.children[0]);
      auto right = EstimateRows(*op.children[1]);
      if (!left || !right) return std::nullopt;
      return std::max(*left, *right);
    }
    default:
      if (op.children.empty()) return std::nullopt;
      return EstimateRows(*op.children[0]);
  }
}

// An ON conjunct `left_expr = right_expr` becomes a key pair (right side shifted to the
// build child's columns); anything else stays residual.
bool SplitKey(const Expr& e, size_t left_columns, ExprPtr* left_key, ExprPtr* right_key) {
  if (e.kind != ExprKind::kFunction || e.function->name != "=" || e.children.size() != 2)
    return false;
  auto side = [&](const Expr& x) {
    std::vector<size_t> cols;
    x.CollectColumns(cols);
    if (cols.empty()) return 0;
    bool l = false, r = false;
    for (size_t c : cols) (c < left_columns ? l : r) = true;
    return l && r ? 3 : (l ? 1 : 2);
  };
  int a = side(*e.children[0]), b = side(*e.children[1]);
  const Expr* l = nullptr;
  const Expr* r = nullptr;
  if (a == 1 && b == 2) {
    l = e.children[0].get();
    r = e.children[1].get();
  } else if (a == 2 && b == 1) {
    l = e.children[1].get();
    r = e.children[0].get();
  } else {
    return false;
  }
  *left_key = l->Clone();
  *right_key = r->Clone();
  std::vector<size_t> cols;
  (*right_key)->CollectColumns(cols);
  size_t max_col = 0;
  for (size_t c : cols) max_col = std::max(max_col, c);
  std::vector<size_t> mapping(max_col + 1, SIZE_MAX);
  for (size_t c = left_columns; c <= max_col; c++) mapping[c] = c - left_columns;
  (*right_key)->RemapColumns(mapping);
  return true;
}

PhysicalOperatorPtr PlanJoin(LogicalOperator& op) {
  size_t left_columns = op.children[0]->types.size();
  size_t right_columns = op.children[1]->types.size();
  std::vector<ExprPtr> left_keys, right_keys, residual;
  for (auto& e : op.expressions) {
    ExprPtr l, r;
    if (SplitKey(*e, left_columns, &l, &r)) {
      left_keys.push_back(std::move(l));
      right_keys.push_back(std::move(r));
    } else {
      residual.push_back(std::move(e));
    }
  }
  JoinKind kind = JoinKind::kInner;
  switch (op.join_type) {
    case LogicalJoinType::kInner:
    case LogicalJoinType::kCross: kind = JoinKind::kInner; break;
    case LogicalJoinType::kLeft: kind = JoinKind::kLeft; break;
    case LogicalJoinType::kRight: kind = JoinKind::kRightOuter; break;
    case LogicalJoinType::kFull: kind = JoinKind::kFull; break;
    case LogicalJoinType::kSemi: kind = JoinKind::kSemi; break;
    case LogicalJoinType::kAnti: kind = JoinKind::kAnti; break;
  }
  // Build the smaller side of an inner join (the right one unless estimates say otherwise).
  bool swap = false;
  if (kind == JoinKind::kInner) {
    auto l = EstimateRows(*op.children[0]);
    auto r = EstimateRows(*op.children[1]);
    swap = l && r && *l * 2 < *r;
  }
  std::vector<TypeId> left_types = op.children[0]->types;
  std::vector<TypeId> right_types = op.children[1]->types;
  ExprPtr residual_expr = residual.empty() ? nullptr : AndAll(std::move(residual));
  if (!swap) {
    auto join = std::make_unique<PhysicalHashJoin>(kind, left_types, right_types,
                                                   std::move(left_keys), std::move(right_keys),
                                                   std::move(residual_expr), op.null_aware);
    join->AddChild(CreatePhysicalPlan(*op.children[0]));
    join->AddChild(CreatePhysicalPlan(*op.children[1]));
    return join;
  }
  // Swapped: probe = right, build = left; residual columns are re-addressed and a
  // projection restores [left..., right...].
  if (residual_expr) {
    std::vector<size_t> mapping(left_columns + right_columns);
    for (size_t i = 0; i < left_columns; i++) mapping[i] = right_columns + i;
    for (size_t i = 0; i < right_columns; i++) mapping[left_columns + i] = i;
    residual_expr->RemapColumns(mapping);
  }
  auto join =
      std::make_unique<PhysicalHashJoin>(kind, right_types, left_types, std::move(right_keys),
                                         std::move(left_keys), std::move(residual_expr), false);
  join->AddChild(CreatePhysicalPlan(*op.children[1]));
  join->AddChild(CreatePhysicalPlan(*op.children[0]));
  std::vector<ExprPtr> reorder;
  for (size_t i = 0; i < left_columns; i++) {
    reorder.push_back(Expr::ColumnRef(right_columns + i, left_types[i], op.names[i]));
  }
  for (size_t i = 0; i < right_columns; i++) {
    reorder.push_back(Expr::ColumnRef(i, right_types[i], op.names[left_columns + i]));
  }
  auto projection = std::make_unique<PhysicalProjection>(std::move(reorder));
  projection->AddChild(std::move(join));
  return projection;
}

// UNION ALL: never executed itself; the pipeline builder runs each child into the sink.
class PhysicalUnion final : public PhysicalOperator {
 public:
  explicit PhysicalUnion(std::vector<TypeId> types)
      : PhysicalOperator(PhysicalOperatorKind::kUnion, std::move(types)) {}
  std::string Describe() const override { return "UNION_ALL"; }
};

}  // namespace

PhysicalOperatorPtr CreatePhysicalPlan(LogicalOperator& op) {
  PhysicalOperatorPtr result;
  switch (op.kind) {
    case LogicalKind::kGet: {
      ScanRequest request;
      request.columns = op.column_ids;
      request.filters = op.pushed_filters;
      result = std::make_unique<PhysicalTableScan>(op.source, request, op.types);
      if (auto rows = op.source->EstimatedRows())
        result->estimated_rows = static_cast<double>(*rows);
      if (!op.expressions.empty()) {
        auto filter = std::make_unique<PhysicalFilter>(AndAll(std::move(op.expressions)), op.types);
        filter->AddChild(std::move(result));
        result = std::move(filter);
      }
      return result;
    }
    case LogicalKind::kChunkGet: {
      std::vector<size_t> columns;
      for (size_t i = 0; i < op.types.size(); i++) columns.push_back(i);
      result = std::make_unique<PhysicalChunkScan>(op.data, columns, op.data_name);
      result->estimated_rows = static_cast<double>(op.data->row_count());
      return result;
    }
    case LogicalKind::kEmpty: return std::make_unique<PhysicalEmptyRow>(op.empty_has_row);
    case LogicalKind::kProjection:
      result = std::make_unique<PhysicalProjection>(std::move(op.expressions));
      break;
    case LogicalKind::kFilter:
      result = std::make_unique<PhysicalFilter>(AndAll(std::move(op.expressions)), op.types);
      break;
    case LogicalKind::kAggregate:
      result =
          std::make_unique<PhysicalHashAggregate>(std::move(op.groups), std::move(op.aggregates));
      break;
    case LogicalKind::kOrder:
      result = std::make_unique<PhysicalOrder>(op.types, std::move(op.sort_keys));
      break;
    case LogicalKind::kLimit:
      result = std::make_unique<PhysicalLimit>(op.types, op.limit, op.offset);
      break;
    case LogicalKind::kJoin: return PlanJoin(op);
    case LogicalKind::kUnion: result = std::make_unique<PhysicalUnion>(op.types); break;
    case LogicalKind::kWindow:
      result = std::make_unique<PhysicalWindow>(op.children[0]->types, std::move(op.window_calls));
      break;
    case LogicalKind::kCopy:
      result = std::make_unique<PhysicalCopyToFile>(op.child()->types, op.copy_path, op.copy_format,
                                                    op.make_writer);
      break;
  }
  for (auto& c : op.children) result->AddChild(CreatePhysicalPlan(*c));
  return result;
}

namespace {
void Explain(const PhysicalOperator& op, const ExecutionContext* context, int depth,
             std::string& out) {
  out += std::string(static_cast<size_t>(depth) * 2, ' ') + op.Describe();
  if (op.estimated_rows >= 0) out += fmt::format("  (est. rows {:.0f})", op.estimated_rows);
  if (context != nullptr) {
    auto it = context->stats.find(&op);
    if (it != context->stats.end()) {
      out += fmt::format("  [rows {}, {:.1f} ms]", it->second.rows_out.load(),
                         static_cast<double>(it->second.nanos.load()) / 1e6);
    }
  }
  out += "\n";
  for (const auto& c : op.children()) Explain(*c, context, depth + 1, out);
}
}  // namespace

std::string ExplainPhysicalPlan(const PhysicalOperator& root, const ExecutionContext* context) {
  std::string out;
  Explain(root, context, 0, out);
  return out;
}

}  // namespace sluice
