// The text forms of catalog values that the catalog implementations store as JSON: string
// lists (partition columns), partition values of a data file, and the summary of a
// snapshot commit. One definition, so that every implementation stores the same text.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/table_metadata.h"

namespace sluice::catalog {

std::string StringListToJson(const std::vector<std::string>& list);
// Throws internal when the stored text is not a list of strings (a corrupt catalog).
std::vector<std::string> StringListFromJson(const std::string& text);

// [["order_date","2024-01-01"],["region",null]]: an array keeps the partition order.
std::string PartitionToJson(const PartitionValues& values);
PartitionValues PartitionFromJson(const std::string& text);

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

// Microseconds since the epoch, UTC: the catalog's timestamps.
int64_t CatalogNowMicros();

}  // namespace sluice::catalog
