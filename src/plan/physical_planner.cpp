#include "plan/physical_planner.h"

#include "common/error.h"
#include "exec/copy_to_file.h"
#include "exec/hash_aggregate.h"
#include "exec/order.h"
#include "exec/projection.h"
#include "exec/result_collector.h"
#include "exec/table_scan.h"

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

}  // namespace

PhysicalOperatorPtr CreatePhysicalPlan(LogicalOperator& op) {
  PhysicalOperatorPtr result;
  switch (op.kind) {
    case LogicalKind::kGet: {
      ScanRequest request;
      request.columns = op.column_ids;
      request.filters = op.pushed_filters;
      result = std::make_unique<PhysicalTableScan>(op.source, request, op.types);
      if (auto rows = op.source->EstimatedRows()) result->estimated_rows = static_cast<double>(*rows);
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
    case LogicalKind::kEmpty:
      return std::make_unique<PhysicalEmptyRow>(op.empty_has_row);
    case LogicalKind::kProjection:
      result = std::make_unique<PhysicalProjection>(std::move(op.expressions));
      break;
    case LogicalKind::kFilter:
      result = std::make_unique<PhysicalFilter>(AndAll(std::move(op.expressions)), op.types);
      break;
    case LogicalKind::kAggregate:
      result = std::make_unique<PhysicalHashAggregate>(std::move(op.groups), std::move(op.aggregates));
      break;
    case LogicalKind::kOrder:
      result = std::make_unique<PhysicalOrder>(op.types, std::move(op.sort_keys));
      break;
    case LogicalKind::kLimit:
      result = std::make_unique<PhysicalLimit>(op.types, op.limit, op.offset);
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
void Explain(const PhysicalOperator& op, const ExecutionContext* context, int depth, std::string& out) {
  out += std::string(static_cast<size_t>(depth) * 2, ' ') + op.Describe();
  if (op.estimated_rows >= 0) out += fmt::format("  (est. rows {:.0f})", op.estimated_rows);
  if (context != nullptr) {
    auto it = context->stats.find(&op);
    if (it != context->stats.end()) {
      out += fmt::format("  [rows {}]", it->second.rows_out.load());
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
