// FlaggedRows — the native pass over the result of the check query (row_rule_sql.h):
// counts failing and corrected rows per rule, keeps samples of failing rows, and splits
// the rows into those that go on and those that are quarantined, moving whole chunks
// without copying when none of their rows failed.
//
// Thread-safety: not thread-safe; one check at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "exec/chunk_collection.h"
#include "quality/row_rule_sql.h"
#include "sql/session.h"

namespace sluice::quality {

// Per rule, one byte per row of the checked data: 1 where the row fails the rule.
struct RowFlags {
  uint64_t rows = 0;
  std::vector<std::vector<uint8_t>> failed;  // per rule (empty: fails nowhere)
  std::vector<std::vector<uint8_t>> fired;   // per fixed rule (CheckQuery::fixed)
};

// Copies the flag columns of the check query's result into `flags` (sized here).
void TakeQueryFlags(const QueryResult& result, const CheckQuery& query, RowFlags& flags);

// Moves the dataset's columns out of the result of a rewriting check query (no copy).
std::shared_ptr<ChunkCollection> TakeQueryData(QueryResult& result, const CheckQuery& query);

struct FlagCounts {
  uint64_t error_failing = 0;        // rows failing at least one error-level rule
  uint64_t changed = 0;              // rows on which at least one fix fired
  std::vector<uint64_t> failed;      // per rule
  std::vector<uint64_t> corrected;   // per rule
  std::vector<std::string> samples;  // per rule: JSON array of failing rows
};

FlagCounts CountFlags(const ChunkCollection& data, const RowFlags& flags, const CheckQuery& query,
                      size_t sample_size);

struct QuarantineColumns {
  std::string run_id;
  int64_t checked_at_micros = 0;
};

// Puts the rows of `data` failing no error-level rule into `good` (every row when
// `quarantined` is null; chunks without failures are shared, not copied) and the others
// into `quarantined` with `_failed_rules`, `_run_id`, `_checked_at`.
void SplitRows(const ChunkCollection& data, const RowFlags& flags, const CheckQuery& query,
               const QuarantineColumns& extra, ChunkCollection& good, ChunkCollection* quarantined);

// Sample strings are cut after this many characters (then "…").
constexpr size_t kSampleChars = 200;

// `value` as JSON: numbers and booleans bare, NULL as null, everything else a string
// (cut after kSampleChars; bytes that are not UTF-8 as U+FFFD).
std::string ValueJson(const Value& value);

}  // namespace sluice::quality
