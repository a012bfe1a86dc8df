// Optimizer — rewrites a logical plan without changing its result:
//   1. constant folding: constant subexpressions become literals (errors are left for
//      run time, so `SELECT CASE WHEN false THEN 1/0 END` still works);
//   2. filter pushdown: conjuncts move down through projections, into scans (evaluated
//      right after the scan, and simple `column op constant` forms offered to the source
//      for skipping row groups / partitions);
//   3. column pruning: every operator produces only the columns someone above uses, so a
//      scan reads only the columns the query needs.
//
// Thread-safety: stateless functions over a plan owned by the caller.
#pragma once

#include "plan/logical_operator.h"

namespace sluice {

LogicalOperatorPtr Optimize(LogicalOperatorPtr plan);

// Individual passes (exposed for tests).
void FoldConstants(LogicalOperator& plan);
LogicalOperatorPtr PushDownFilters(LogicalOperatorPtr plan);
void PruneColumns(LogicalOperator& root);
// Folds constant subtrees of one expression in place.
void FoldConstantExpression(ExprPtr& expr);

}  // namespace sluice
