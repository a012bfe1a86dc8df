#include "cli/run_details.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "catalog/catalog.h"
#include "common/error.h"
#include "lake/lake_catalog_location.h"
#include "storage/file_system.h"
#include "types/text_codec.h"

namespace sluice::cli {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
// How many runs `FindRun` searches for a shortened id.
constexpr size_t kRunsSearched = 100000;
// Quality history is read newest first; this many later runs may be skipped over.
constexpr size_t kLaterRunsSkipped = 1000;

}  // namespace

std::string LakeRootFor(const std::optional<std::string>& lake_flag) {
  if (lake_flag) return *lake_flag;
  if (const char* env = std::getenv("SLUICE_LAKE"); env != nullptr && *env != '\0') return env;
  return "./lake";
}

bool CatalogMayExist(const std::string& uri) {
  return uri.find("://") != std::string::npos || FileSystem::For(uri).Exists(uri);
}

std::unique_ptr<catalog::RunStore> OpenLakeRunStore(const std::string& lake_root,
                                                    const std::optional<std::string>& catalog) {
  std::string path = lake::ResolveCatalogUri(lake_root, catalog);
  if (!CatalogMayExist(path)) return nullptr;
  return catalog::OpenRunStore(path);
}

catalog::RunRecord FindRun(catalog::RunStore& store, const std::string& run_id) {
  if (run_id == "latest") {
    auto runs = store.ListRuns(std::nullopt, 1);
    if (runs.empty()) {
      throw Error::UserInput("there are no runs yet (run a pipeline with 'sluice run')");
    }
    return runs.front();
  }
  if (auto run = store.GetRun(run_id)) return *run;
  std::vector<catalog::RunRecord> matches;
  if (!run_id.empty()) {
    for (auto& run : store.ListRuns(std::nullopt, kRunsSearched)) {
      const std::string& id = run.run_id;
      bool prefix = id.compare(0, run_id.size(), run_id) == 0;
      bool suffix = id.size() >= run_id.size() &&
                    id.compare(id.size() - run_id.size(), run_id.size(), run_id) == 0;
      if (prefix || suffix) matches.push_back(std::move(run));
    }
  }
  if (matches.size() == 1) return matches.front();
  if (matches.size() > 1) {
    throw Error::UserInput(
        "run id '{}' is ambiguous: it matches {} runs, such as {} and {} (give "
        "more of the id; 'sluice runs' lists them)",
        run_id, matches.size(), matches[0].run_id, matches[1].run_id);
  }
  throw Error::UserInput("unknown run '{}' ('sluice runs' lists the runs; 'latest' is the newest)",
                         run_id);
}

RunDetails LoadRunDetails(catalog::RunStore& store, const catalog::RunRecord& run,
                          size_t history_limit) {
  RunDetails details;
  details.run = run;
  details.stages = store.ListStages(run.run_id);
  details.outcomes = store.ListRuleOutcomes(run.run_id);
  details.quality = store.ListDatasetQuality(run.run_id);
  details.lineage = store.ListLineage(run.run_id);
  for (const auto& quality : details.quality) {
    QualityHistory history{quality.dataset, {}};
    // Newest first; runs after this one are skipped, so fetch a margin beyond the limit.
    auto points = store.DatasetQualityHistory(run.pipeline, quality.dataset,
                                              history_limit + kLaterRunsSkipped);
    for (auto& point : points) {
      if (point.run_id > run.run_id) continue;
      if (history.points.size() == history_limit) break;
      history.points.push_back(std::move(point));
    }
    if (history.points.empty() || history.points.front().run_id != run.run_id) {
      history.points.insert(history.points.begin(), quality);
      if (history.points.size() > history_limit && history_limit > 0) history.points.pop_back();
    }
    std::reverse(history.points.begin(), history.points.end());
    details.history.push_back(std::move(history));
  }
  return details;
}

std::string FormatRunTime(int64_t micros) {
  if (micros == 0) return "-";
  return FormatTimestamp(FloorDiv(micros, kMicrosPerSecond) * kMicrosPerSecond) + " UTC";
}

std::string FormatDuration(int64_t started_micros, int64_t finished_micros) {
  if (finished_micros == 0 || started_micros == 0) return "-";
  int64_t micros = std::max<int64_t>(0, finished_micros - started_micros);
  if (micros < kMicrosPerSecond) return fmt::format("{}ms", micros / 1000);
  int64_t seconds = micros / kMicrosPerSecond;
  if (seconds < 60) return fmt::format("{:.1f}s", static_cast<double>(micros) / kMicrosPerSecond);
  if (seconds < 3600) return fmt::format("{}m {:02}s", seconds / 60, seconds % 60);
  return fmt::format("{}h {:02}m", seconds / 3600, seconds / 60 % 60);
}

std::string FormatCount(uint64_t count) {
  std::string digits = std::to_string(count);
  std::string out;
  for (size_t i = 0; i < digits.size(); i++) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string FormatPercent(double share) {
  std::string text = fmt::format("{:.2f}%", share * 100.0);
  if (share < 1.0 && text == "100.00%") return "99.99%";
  if (share > 0.0 && text == "0.00%") return "0.01%";
  return text;
}

std::string FormatMeasure(double value) {
  std::string text = fmt::format("{:.4f}", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

std::vector<std::string> OrderSummaryColumns(const std::vector<std::string>& keys) {
  static const char* const kReadingOrder[] = {
      "stage",        "item",     "name", "from",     "to",    "table", "path",    "mode",
      "materialized", "attempts", "rows", "snapshot", "files", "bytes", "seconds", "detail"};
  std::vector<std::string> ordered;
  for (const char* known : kReadingOrder) {
    if (std::find(keys.begin(), keys.end(), known) != keys.end()) ordered.emplace_back(known);
  }
  for (const auto& key : keys) {
    if (std::find(ordered.begin(), ordered.end(), key) == ordered.end()) ordered.push_back(key);
  }
  return ordered;
}

double PassRate(const catalog::RuleOutcome& outcome) {
  if (outcome.rows_checked == 0) return outcome.passed ? 1.0 : 0.0;
  uint64_t failed = std::min(outcome.rows_failed, outcome.rows_checked);
  return static_cast<double>(outcome.rows_checked - failed) /
         static_cast<double>(outcome.rows_checked);
}

std::string FirstLine(std::string_view text, size_t max_chars) {
  std::string_view line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  bool more_lines = line.size() < text.size() &&
                    text.find_first_not_of(" \r\n", line.size()) != std::string_view::npos;
  // Count characters, not bytes: UTF-8 continuation bytes do not start one.
  size_t chars = 0;
  for (size_t i = 0; i < line.size(); i++) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars) return std::string(line.substr(0, i)) + "...";
    chars++;
  }
  return more_lines ? std::string(line) + " ..." : std::string(line);
}

}  // namespace sluice::cli
