// ExpressionExecutor — evaluates bound expressions over chunks, vector at a time.
//
// Each expression node keeps scratch vectors in a per-executor state tree, so evaluating
// a chunk allocates nothing after the first chunk. Evaluation works on a subset of the
// input's rows ("rows", logical indices into the chunk): CASE and COALESCE evaluate each
// branch only on the rows that reach it, so `CASE WHEN s ~ '^[0-9]+$' THEN s::INT END`
// never casts a non-numeric s.
//
// Results: Execute writes input.size() rows into `result`, flat or constant; the result
// may share buffers with the input (a column reference is not copied), so it is valid
// until the input chunk changes.
//
// Thread-safety: one executor per worker thread; expressions are shared read-only.
#pragma once

#include <memory>
#include <vector>

#include "expr/expression.h"
#include "vector/data_chunk.h"

namespace sluice {

class ExpressionExecutor {
 public:
  ExpressionExecutor();
  explicit ExpressionExecutor(const std::vector<const Expr*>& expressions);
  ~ExpressionExecutor();
  ExpressionExecutor(ExpressionExecutor&&) noexcept;
  ExpressionExecutor& operator=(ExpressionExecutor&&) noexcept;

  void AddExpression(const Expr* expression);
  size_t expression_count() const { return roots_.size(); }

  // Evaluates expression i over every row of `input`.
  void Execute(const DataChunk& input, size_t i, Vector& result);
  // Evaluates every expression into the columns of `output` (sized input.size()).
  void ExecuteAll(const DataChunk& input, DataChunk& output);
  // Evaluates boolean expression i and writes the logical indices of rows where it is
  // TRUE (not NULL, not FALSE) to `selected`; returns their count.
  size_t Select(const DataChunk& input, size_t i, sel_t* selected);

  struct NodeState;

 private:
  std::vector<const Expr*> roots_;
  std::vector<std::unique_ptr<NodeState>> states_;
};

// Evaluates a constant expression (no column references) to a Value.
Value EvaluateConstant(const Expr& expression);

}  // namespace sluice
