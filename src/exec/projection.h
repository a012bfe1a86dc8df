// PhysicalProjection — computes a list of expressions over each chunk (streaming).
// PhysicalFilter — keeps rows where a predicate is TRUE by setting a selection vector on
// the chunk, never copying rows (streaming).
//
// Thread-safety: see PhysicalOperator; each worker has its own ExpressionExecutor.
#pragma once

#include <vector>

#include "exec/physical_operator.h"
#include "expr/expression.h"

namespace sluice {

class PhysicalProjection final : public PhysicalOperator {
 public:
  PhysicalProjection(std::vector<ExprPtr> expressions);
  std::unique_ptr<OperatorState> InitOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;
  std::string Describe() const override;
  const std::vector<ExprPtr>& expressions() const { return expressions_; }

 private:
  std::vector<ExprPtr> expressions_;
};

class PhysicalFilter final : public PhysicalOperator {
 public:
  PhysicalFilter(ExprPtr predicate, std::vector<TypeId> types);
  std::unique_ptr<OperatorState> InitOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;
  std::string Describe() const override;

 private:
  ExprPtr predicate_;
};

}  // namespace sluice
