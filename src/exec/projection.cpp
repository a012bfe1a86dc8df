#include "exec/projection.h"

#include "expr/expression_executor.h"

namespace sluice {
namespace {

std::vector<TypeId> TypesOf(const std::vector<ExprPtr>& exprs) {
  std::vector<TypeId> types;
  for (const auto& e : exprs) types.push_back(e->type);
  return types;
}

struct ExecutorState final : OperatorState {
  ExpressionExecutor executor;
  std::vector<sel_t> selection;
};

}  // namespace

PhysicalProjection::PhysicalProjection(std::vector<ExprPtr> expressions)
    : PhysicalOperator(PhysicalOperatorKind::kProjection, TypesOf(expressions)),
      expressions_(std::move(expressions)) {}

std::unique_ptr<OperatorState> PhysicalProjection::InitOperatorState(ExecutionContext&) const {
  auto st = std::make_unique<ExecutorState>();
  for (const auto& e : expressions_) st->executor.AddExpression(e.get());
  return st;
}

OperatorResult PhysicalProjection::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                           OperatorState& state) const {
  static_cast<ExecutorState&>(state).executor.ExecuteAll(input, output);
  return OperatorResult::kNeedMoreInput;
}

std::string PhysicalProjection::Describe() const {
  std::string s = "PROJECTION [";
  for (size_t i = 0; i < expressions_.size(); i++) {
    s += (i ? ", " : "") + expressions_[i]->ToString();
  }
  return s + "]";
}

PhysicalFilter::PhysicalFilter(ExprPtr predicate, std::vector<TypeId> types)
    : PhysicalOperator(PhysicalOperatorKind::kFilter, std::move(types)),
      predicate_(std::move(predicate)) {}

std::unique_ptr<OperatorState> PhysicalFilter::InitOperatorState(ExecutionContext&) const {
  auto st = std::make_unique<ExecutorState>();
  st->executor.AddExpression(predicate_.get());
  st->selection.resize(kChunkCapacity);
  return st;
}

OperatorResult PhysicalFilter::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                       OperatorState& state) const {
  auto& st = static_cast<ExecutorState&>(state);
  if (st.selection.size() < input.size()) st.selection.resize(input.size());
  size_t n = st.executor.Select(input, 0, st.selection.data());
  output.Reference(input);
  if (n != input.size()) output.Select(st.selection.data(), n);
  return OperatorResult::kNeedMoreInput;
}

std::string PhysicalFilter::Describe() const {
  return "FILTER " + predicate_->ToString();
}

}  // namespace sluice
