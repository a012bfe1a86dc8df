// RunDetails — what the run store knows about one run, gathered for display by
// `sluice runs show` and `sluice report`: the run, its stages, every rule outcome, each
// checked dataset's quality and that dataset's score over the pipeline's runs up to this
// one. Also the few formatting rules both commands share (times, durations, rates).
//
// Thread-safety: free functions; the store's own contract applies.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/run_store.h"

namespace sluice::cli {

// The lake root of a command: --lake, else $SLUICE_LAKE, else ./lake.
std::string LakeRootFor(const std::optional<std::string>& lake_flag);

// The run store in the lake's catalog file (lake::ResolveCatalogUri: $SLUICE_CATALOG for
// an s3:// lake), or nullptr when the lake has no catalog file yet (no run was ever
// recorded). Never creates the file.
std::unique_ptr<catalog::RunStore> OpenLakeRunStore(
    const std::string& lake_root, const std::optional<std::string>& catalog = std::nullopt);
// Whether the catalog at `uri` may hold runs: a server or object-store URI always may; a
// local SQLite file only when it exists (commands that read never create one).
bool CatalogMayExist(const std::string& uri);

// The run named by `run_id`: an exact id, "latest" (the newest run), or an unambiguous
// prefix or suffix of an id ("3fa9c1"). Throws user_input naming the id otherwise.
catalog::RunRecord FindRun(catalog::RunStore& store, const std::string& run_id);

// One dataset's score in the pipeline's runs, oldest first, ending with the shown run.
struct QualityHistory {
  std::string dataset;
  std::vector<catalog::DatasetQuality> points;
};

struct RunDetails {
  catalog::RunRecord run;
  std::vector<catalog::StageRecord> stages;
  std::vector<catalog::RuleOutcome> outcomes;
  std::vector<catalog::DatasetQuality> quality;
  std::vector<QualityHistory> history;        // one per entry of `quality`, same order
  std::vector<catalog::LineageEdge> lineage;  // the run's recorded column lineage
};

// Reads everything about `run` from the store; history keeps at most `history_limit`
// runs per dataset (runs after `run` are left out).
RunDetails LoadRunDetails(catalog::RunStore& store, const catalog::RunRecord& run,
                          size_t history_limit);

// "2026-11-25 03:15:00 UTC" (to the second); "-" for 0.
std::string FormatRunTime(int64_t micros);
// "850ms", "12.4s", "3m 05s", "2h 07m"; "-" when the run or stage has not finished.
std::string FormatDuration(int64_t started_micros, int64_t finished_micros);
// A count with thousands separators: 1234567 -> "1,234,567".
std::string FormatCount(uint64_t count);
// A share as a percentage: 0.975 -> "97.50%". Never rounds to 100.00% below 1, nor to
// 0.00% above 0: one failing row in 100,000 is "99.99%", not a pass.
std::string FormatPercent(double share);
// The share of checked rows that passed the rule; for a table rule without rows, 1 or 0
// by whether it held.
double PassRate(const catalog::RuleOutcome& outcome);
// A measured number for reading (summary seconds): at most 4 decimals, trailing zeros
// dropped: 0.0065422020000000004 -> "0.0065", 3.2 -> "3.2".
std::string FormatMeasure(double value);
// Summary record keys (from a run's summary JSON) in reading order: the known keys
// (name, from, to, table, ... rows, snapshot, files, bytes) first, then the others as given.
std::vector<std::string> OrderSummaryColumns(const std::vector<std::string>& keys);
// The first line of `text`, cut to `max_chars` characters with "..." when longer.
std::string FirstLine(std::string_view text, size_t max_chars);

}  // namespace sluice::cli
