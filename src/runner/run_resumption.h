// Resuming a run (docs/design.md §5, "Checkpoints and resume"): what a stage checkpoint
// holds of a check or a load, which run a resume continues, when a new run must not start,
// and whether a lake sink was committed by a run before it was killed.
//
// Thread-safety: plain functions over the run store and catalog (themselves thread-safe).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "catalog/run_store.h"
#include "quality/check_runner.h"
#include "runner/pipeline_runner.h"

namespace sluice::runner {

// The dataset-level part of a check's report (its rule outcomes are in the run store).
nlohmann::json ReportToJson(const quality::CheckReport& report);
quality::CheckReport ReportFromJson(const nlohmann::json& json);
nlohmann::json SinkToJson(const SinkSummary& sink);
SinkSummary SinkFromJson(const nlohmann::json& json);

// The run a resume continues, reopened: its stage checkpoints (stage -> state) and the
// attempts each stage already made.
struct ResumePoint {
  std::string run_id;
  std::map<std::string, nlohmann::json> checkpoints;
  std::map<std::string, int> attempts_before;
};

// Reopens `run_id` (empty: the pipeline's newest run). Throws user_input when there is no
// such run, it belongs to another pipeline, it succeeded, or it stopped at a quality gate.
ResumePoint ReopenForResume(catalog::RunStore& runs, const std::string& pipeline,
                            const std::string& run_id, const std::string& catalog_uri);

// A run killed (still `running` while nobody holds the pipeline lock) or one that failed
// after committing a load must be resumed or abandoned: a new run would read the same
// input again and load it twice. Throws user_input naming the commands unless `abandon`;
// with it, marks that run failed and returns its id. nullopt: nothing unfinished.
std::optional<std::string> AbandonUnfinishedRun(catalog::RunStore& runs,
                                                const std::string& pipeline,
                                                const std::string& spec_file, bool abandon);

// The snapshot of `table` that run `run_id` committed for `sink`, if any (a resumed run
// whose crash came between the commit and the stage checkpoint).
std::optional<catalog::Snapshot> CommittedSnapshot(catalog::Catalog& catalog,
                                                   const std::string& table,
                                                   const std::string& run_id,
                                                   const std::string& sink);

}  // namespace sluice::runner
