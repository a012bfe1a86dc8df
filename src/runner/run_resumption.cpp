#include "runner/run_resumption.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "common/error.h"

namespace sluice::runner {

nlohmann::json ReportToJson(const quality::CheckReport& report) {
  nlohmann::json j = {{"dataset", report.dataset},
                      {"rows_checked", report.rows_checked},
                      {"rows_passed", report.rows_passed},
                      {"rows_quarantined", report.rows_quarantined},
                      {"rows_corrected", report.rows_corrected},
                      {"score", report.score},
                      {"on_fail", report.on_fail},
                      {"verdict", std::string(quality::VerdictName(report.verdict))},
                      {"message", report.message}};
  if (report.min_score) j["min_score"] = *report.min_score;
  return j;
}

quality::CheckReport ReportFromJson(const nlohmann::json& j) {
  quality::CheckReport report;
  report.dataset = j.at("dataset").get<std::string>();
  report.rows_checked = j.at("rows_checked").get<uint64_t>();
  report.rows_passed = j.at("rows_passed").get<uint64_t>();
  report.rows_quarantined = j.at("rows_quarantined").get<uint64_t>();
  report.rows_corrected = j.at("rows_corrected").get<uint64_t>();
  report.score = j.at("score").get<double>();
  report.on_fail = j.at("on_fail").get<std::string>();
  report.message = j.at("message").get<std::string>();
  if (j.contains("min_score")) report.min_score = j["min_score"].get<double>();
  std::string verdict = j.at("verdict").get<std::string>();
  for (auto v : {quality::Verdict::kPassed, quality::Verdict::kWarned,
                 quality::Verdict::kQuarantined, quality::Verdict::kFailed}) {
    if (quality::VerdictName(v) == verdict) report.verdict = v;
  }
  return report;
}

nlohmann::json SinkToJson(const SinkSummary& sink) {
  return {{"from", sink.from},   {"to", sink.to},       {"target", sink.target},
          {"mode", sink.mode},   {"rows", sink.rows},   {"snapshot", sink.snapshot},
          {"files", sink.files}, {"bytes", sink.bytes}, {"already_loaded", sink.already_loaded}};
}

SinkSummary SinkFromJson(const nlohmann::json& j) {
  SinkSummary sink;
  sink.from = j.at("from").get<std::string>();
  sink.to = j.at("to").get<std::string>();
  sink.target = j.at("target").get<std::string>();
  sink.mode = j.at("mode").get<std::string>();
  sink.rows = j.at("rows").get<uint64_t>();
  sink.snapshot = j.at("snapshot").get<int64_t>();
  sink.files = j.at("files").get<uint64_t>();
  sink.bytes = j.at("bytes").get<uint64_t>();
  sink.already_loaded = j.at("already_loaded").get<bool>();
  return sink;
}

ResumePoint ReopenForResume(catalog::RunStore& runs, const std::string& pipeline,
                            const std::string& run_id, const std::string& catalog_uri) {
  std::string id = run_id;
  if (id.empty()) {
    std::vector<catalog::RunRecord> newest = runs.ListRuns(pipeline, 1);
    if (newest.empty() || newest[0].status == catalog::RunStatus::kSucceeded) {
      throw Error::UserInput(
          "pipeline '{}' has no unfinished run to resume{}", pipeline,
          newest.empty() ? "" : " (its last run, " + newest[0].run_id + ", succeeded)");
    }
    id = newest[0].run_id;
  }
  std::optional<catalog::RunRecord> run = runs.GetRun(id);
  if (!run) {
    throw Error::UserInput("there is no run '{}' in {}", id,
                           catalog::DescribeCatalogUri(catalog_uri));
  }
  if (run->pipeline != pipeline) {
    throw Error::UserInput("run '{}' belongs to pipeline '{}', not '{}'", id, run->pipeline,
                           pipeline);
  }
  if (run->status == catalog::RunStatus::kSucceeded) {
    throw Error::UserInput("run '{}' succeeded: there is nothing to resume", id);
  }
  if (run->status == catalog::RunStatus::kQualityFailed) {
    throw Error::UserInput(
        "run '{}' stopped at a failed quality gate and loaded nothing: start a new run", id);
  }
  runs.ReopenRun(id);
  ResumePoint point;
  point.run_id = id;
  for (const auto& checkpoint : runs.ListStageCheckpoints(id)) {
    point.checkpoints[checkpoint.stage] = nlohmann::json::parse(checkpoint.state_json);
  }
  for (const auto& stage : runs.ListStages(id)) {
    point.attempts_before[stage.stage] =
        std::max(point.attempts_before[stage.stage], stage.attempt);
  }
  return point;
}

std::optional<std::string> AbandonUnfinishedRun(catalog::RunStore& runs,
                                                const std::string& pipeline,
                                                const std::string& spec_file, bool abandon) {
  std::vector<catalog::RunRecord> newest = runs.ListRuns(pipeline, 1);
  if (newest.empty()) return std::nullopt;
  const catalog::RunRecord& last = newest[0];
  bool unfinished = last.status == catalog::RunStatus::kRunning;
  std::string what = "was interrupted";
  if (last.status == catalog::RunStatus::kFailed) {
    for (const auto& stage : runs.ListStages(last.run_id)) {
      if (stage.stage.rfind("load:", 0) == 0 && stage.status == catalog::StageStatus::kSucceeded) {
        unfinished = true;
        what = fmt::format("failed after committing {}", stage.stage.substr(5));
        break;
      }
    }
  }
  if (!unfinished) return std::nullopt;
  if (!abandon) {
    throw Error::UserInput(
        "run {} of pipeline '{}' {} and did not finish.\n"
        "  Resume it (finished stages are not redone, nothing is loaded twice):\n"
        "    sluice run {} --resume {}\n"
        "  or abandon it and start a new run (its committed loads stay):\n"
        "    sluice run {} --abandon",
        last.run_id, pipeline, what, spec_file, last.run_id, spec_file);
  }
  runs.FinishRun(last.run_id, catalog::RunStatus::kFailed, ErrorKind::kUserInput,
                 "abandoned (sluice run --abandon)", last.quality_score);
  return last.run_id;
}

std::optional<catalog::Snapshot> CommittedSnapshot(catalog::Catalog& catalog,
                                                   const std::string& table,
                                                   const std::string& run_id,
                                                   const std::string& sink) {
  catalog::TableName name = catalog::TableName::Parse(table);
  if (!catalog.GetTable(name)) return std::nullopt;
  for (const auto& snapshot : catalog.ListSnapshots(name)) {
    if (snapshot.run_id != run_id) continue;
    nlohmann::json summary = nlohmann::json::parse(snapshot.summary_json, nullptr, false);
    if (summary.is_object() && summary.value("sink", std::string()) == sink) return snapshot;
  }
  return std::nullopt;
}

}  // namespace sluice::runner
