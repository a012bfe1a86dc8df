// PhysicalPlanner — turns an optimized logical plan into physical operators.
//
// Thread-safety: stateless.
#pragma once

#include "exec/physical_operator.h"
#include "plan/logical_operator.h"

namespace sluice {

PhysicalOperatorPtr CreatePhysicalPlan(LogicalOperator& plan);

// EXPLAIN rendering: an indented tree, one operator per line, with estimated rows and,
// when `context` holds statistics (EXPLAIN ANALYZE), actual rows and time.
std::string ExplainPhysicalPlan(const PhysicalOperator& root, const ExecutionContext* context);

}  // namespace sluice
