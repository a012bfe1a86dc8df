// RunChecks — the data-quality gate of a pipeline (docs/design.md §5): evaluates a
// dataset's rules with the vectorized engine, applies `fix:` corrections, scores the
// dataset, and splits it into good and quarantined rows by the policy.
//
//   quality::CheckOptions options;
//   options.quarantine_table = "__quarantine_enriched";
//   options.run_id = run.run_id;
//   quality::CheckReport report = quality::RunChecks(session, spec.checks.at("enriched"),
//                                                    options);
//   // session table "enriched" now holds the corrected rows that go on;
//   // "__quarantine_enriched" the failing rows (policy quarantine) with `_failed_rules`.
//
// Rules (pipeline::RuleSpec::kind):
//   row rules    not_null, unique, accepted_values, range, regex, length, row, foreign_key,
//                and the declared source schema (a value that does not cast to the
//                declared type); each row passes or fails each rule;
//   table rules  row_count, freshness, schema, sql; pass or fail as a whole.
// A NULL value passes every row rule except not_null (as in dbt and Great Expectations).
// `unique` fails every row whose key occurs more than once (NULL keys never collide).
// `fix:` is applied before the rule is judged; a row the fix repairs counts as corrected,
// not failed, and goes on with the repaired value.
//
// Score = rows passing every error-level row rule / rows checked (1.0 for no rows).
// Verdict:
//   failed       an error-level table rule failed (unless on_fail is warn), or on_fail is
//                fail and an error-level row rule failed, or score < min_score (any policy);
//   quarantined  on_fail is quarantine and some rows failed an error-level rule: they are
//                removed from the dataset and put in options.quarantine_table;
//   warned       only warn-level rules failed, or on_fail is warn;
//   passed       nothing failed.
// RunChecks itself does not throw for failed data: the caller turns the verdict into the
// run's outcome. It throws user_input for a rule that cannot be evaluated (unknown column,
// bad regex, an SQL expression that does not bind), naming the dataset and the rule.
//
// Thread-safety: uses the session (one thread at a time per Session).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/pipeline_spec.h"
#include "sql/session.h"

namespace sluice::quality {

struct RuleResult {
  pipeline::RuleSpec rule;
  std::string name;  // rule.Describe(), e.g. "range(quantity)"
  bool table_level = false;
  bool passed = true;
  uint64_t rows_checked = 0;
  uint64_t rows_failed = 0;        // after fixes
  uint64_t rows_corrected = 0;     // failed before the fix, pass after it
  std::string message;             // table rules: what was measured; row rules: may be empty
  std::string sample_json = "[]";  // JSON array: up to sample_size failing rows as objects
};

enum class Verdict { kPassed, kWarned, kQuarantined, kFailed };
std::string_view VerdictName(Verdict verdict);  // passed | warned | quarantined | failed

struct CheckReport {
  std::string dataset;
  std::vector<RuleResult> rules;
  uint64_t rows_checked = 0;
  uint64_t rows_passed = 0;       // pass every error-level rule (after fixes)
  uint64_t rows_quarantined = 0;  // moved to the quarantine table
  uint64_t rows_corrected = 0;    // rows changed by at least one fix
  double score = 1.0;
  std::optional<double> min_score;
  std::string on_fail;
  Verdict verdict = Verdict::kPassed;
  std::string message;  // for failed/warned: a one-line reason naming the rules
};

struct CheckOptions {
  // Session table that receives the quarantined rows (policy quarantine): the dataset's
  // columns (after fixes) plus `_failed_rules` VARCHAR (the names of the error-level
  // rules the row broke, comma-separated), `_run_id` VARCHAR and `_checked_at` TIMESTAMP.
  // Replaced if it exists; left absent when no row is quarantined.
  std::string quarantine_table;
  std::string run_id;
  size_t sample_size = 5;
  int64_t now_micros = 0;  // freshness reference time; 0: the system clock
  // A source's declared `schema:`. Columns are cast to the declared types (TRY_CAST);
  // a value that does not cast fails the row rule "schema(column TYPE)"; a missing
  // declared column fails the table rule "schema". Columns not declared are kept.
  std::optional<Schema> declared_schema;
};

// Checks the session table `checks.dataset` (which must exist) and replaces it with the
// rows that go on (all rows unless quarantined; with fixes applied). `checks.rules` may be
// empty (only a declared schema is enforced).
CheckReport RunChecks(Session& session, const pipeline::DatasetChecks& checks,
                      const CheckOptions& options);

}  // namespace sluice::quality
