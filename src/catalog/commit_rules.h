// The rules every Catalog implementation applies to a snapshot commit, in one place so that
// SQLite and PostgreSQL commit alike: the optimistic parent check, when the schema gets a new
// version, and the totals and summary of the new snapshot.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "catalog/table_metadata.h"

namespace sluice::catalog {

// Throws the retryable "conflict: table X changed since snapshot N (now at snapshot M),
// retry" when the table's current snapshot is not the request's expected parent.
void CheckCommitParent(const CommitRequest& request, int64_t current_snapshot);

// The schema the table has after the commit, when it differs from `current` (a new schema
// version: a column added or widened); nullopt when the version stays. Throws user_input
// for a refused change (schema_evolution.h).
std::optional<Schema> EvolvedSchemaForCommit(const CommitRequest& request, const Schema& current);

// Files, rows and bytes of a set of data files.
struct FileTotals {
  uint64_t files = 0;
  uint64_t rows = 0;
  uint64_t bytes = 0;
  void Add(const DataFile& file) {
    files++;
    rows += file.rows;
    bytes += file.bytes;
  }
};

// The snapshot summary: the request's own summary object with the added and removed
// totals set. Throws internal when request.summary_json is not a JSON object.
std::string CommitSummaryJson(const CommitRequest& request, const FileTotals& added,
                              const FileTotals& removed);

}  // namespace sluice::catalog
