// RowRuleSql — turns the row rules of a dataset (and its declared schema) into one SQL
// query over the dataset with one BOOLEAN flag per rule: TRUE where the row fails the rule
// after its fix. Rules that compare rows with other rows (unique, foreign_key) have no
// flag here: they are judged natively against a KeySet (key_set.h).
//
// Without fixes or declared casts the query is a projection of flags only, one output row
// per dataset row in the dataset's order, so the data is never copied. With them it also
// carries every column (fixes and casts applied), and `__qx<k>` flags (the fix of rule
// fixed[k] fired: the row failed before the fix); a fixed foreign_key column is judged
// before its fix by a LEFT JOIN against the referenced keys.
//
// Thread-safety: plain functions over values.
#pragma once

#include <string>
#include <vector>

#include "pipeline/pipeline_spec.h"
#include "types/type.h"

namespace sluice::quality {

// One row rule of the query.
struct RowRule {
  pipeline::RuleSpec spec;
  std::string name;             // Describe(), or "schema(col TYPE)" for a declared type
  size_t result_index = 0;      // into CheckReport::rules
  bool error = true;            // severity error
  std::vector<size_t> columns;  // dataset columns the rule reads (sample); empty: all
  bool has_fix = false;
  std::string fail_sql;              // the failure condition alone (for diagnostics)
  std::string declared_cast_column;  // declared schema rule: the raw column name
};

struct CheckQuery {
  std::string sql;                   // the flagged query; empty when no rule needs one
  Schema schema;                     // the dataset's columns after declared casts
  std::vector<RowRule> rules;        // flag __qf<i> for rules[i]
  std::vector<size_t> fixed;         // indices into rules with a fix: flag __qx<k> for fixed[k]
  bool rewrites_columns = false;     // casts or fixes: the query outputs the columns first
  std::vector<int> flag_column;      // per rule: output column of its flag, -1 for native rules
  std::vector<size_t> fired_column;  // per fixed rule: output column of its __qx flag
  std::string base_sql;              // the dataset after declared casts, as a FROM item
};

// Rules judged natively (KeySet) rather than by a flag of the query.
bool IsNativeRule(const std::string& kind);

// Resolves a rule's column name (case-insensitive) against the schema; throws user_input
// naming the dataset, the rule and its spec line, with a suggestion, when it is missing.
size_t ResolveColumn(const Schema& schema, const std::string& name, const std::string& dataset,
                     const pipeline::RuleSpec& rule);

// Prefix of every error about one rule: "checks.enriched: rule range(quantity) (line 12)".
std::string RuleContext(const std::string& dataset, const pipeline::RuleSpec& rule);

// Builds the query for `rules` (only row-rule kinds; result_index pre-filled) over the
// session table `dataset` with schema `input`. `declared` is the source's declared schema
// (may be empty). Throws user_input for unknown columns and values that do not fit.
CheckQuery BuildCheckQuery(const std::string& dataset, const Schema& input, const Schema& declared,
                           std::vector<RowRule> rules);

}  // namespace sluice::quality
