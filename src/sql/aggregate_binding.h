// AggregateBinding — the state of binding a SELECT in aggregate mode: the bound GROUP BY
// expressions and the aggregate calls found so far. Expressions bound in this mode refer
// to the aggregate's output: group g is column g, aggregate a is column groups + a.
//
// Thread-safety: used by one binder.
#pragma once

#include <string>
#include <vector>

#include "exec/hash_aggregate.h"
#include "sql/bind_context.h"

namespace sluice {

struct AggregateBinding {
  const BindContext* input = nullptr;  // the FROM clause's columns
  std::vector<ExprPtr> groups;
  std::vector<std::string> group_names;
  std::vector<AggregateSpec> aggregates;
  std::vector<std::string> aggregate_keys;  // canonical text, to reuse equal calls
};

}  // namespace sluice
