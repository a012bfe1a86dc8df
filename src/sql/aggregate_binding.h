// AggregateBinding — the state of binding a SELECT in aggregate mode: the bound GROUP BY
// expressions and the aggregate calls found so far. Expressions bound in this mode refer
// to the aggregate's output: group g is column g, aggregate a is column groups + a.
//
// Thread-safety: used by one binder.
#pragma once

#include <string>
#include <vector>

#include "exec/hash_aggregate.h"
#include "exec/window.h"
#include "sql/bind_context.h"
#include "sql/parser/ast.h"

namespace sluice {

struct AggregateBinding {
  const BindContext* input = nullptr;  // the FROM clause's columns
  std::vector<ExprPtr> groups;
  std::vector<std::string> group_names;
  std::vector<AggregateSpec> aggregates;
  std::vector<std::string> aggregate_keys;  // canonical text, to reuse equal calls
};

// Window calls found while binding a SELECT's select list, QUALIFY and ORDER BY. They are
// referenced as columns kWindowColumnBase + i until the window operator's input width is
// known, then re-addressed (RebaseWindowColumns).
struct WindowBinding {
  static constexpr size_t kWindowColumnBase = size_t{1} << 40;
  std::vector<WindowCall> calls;
  std::vector<std::string> keys;
  const std::vector<sql::NamedWindow>* named = nullptr;  // the WINDOW clause
};

// Rewrites references kWindowColumnBase + i to base + i.
void RebaseWindowColumns(Expr& expr, size_t base);

}  // namespace sluice
