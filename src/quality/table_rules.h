// Table rules — checks that pass or fail for a dataset as a whole: row_count, freshness,
// schema (expected columns and types) and sql (an aggregate condition). The aggregate
// ones (freshness, sql) are evaluated together in one query over the dataset.
//
// Thread-safety: uses the session (one thread at a time per Session).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "quality/check_runner.h"

namespace sluice::quality {

struct TableRuleInput {
  std::string dataset;
  std::string relation;  // the dataset as a FROM item (declared casts applied)
  Schema schema;         // its columns
  uint64_t rows = 0;
  int64_t now_micros = 0;
};

bool IsTableRule(const std::string& kind);

// Fills passed, message, rows_checked of each result (whose `rule` is a table rule).
// Throws user_input naming the rule when one cannot be evaluated.
void EvaluateTableRules(Session& session, const TableRuleInput& input,
                        std::vector<RuleResult*>& results);

}  // namespace sluice::quality
