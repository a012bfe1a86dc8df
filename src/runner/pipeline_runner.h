// RunPipeline — executes a validated pipeline (docs/design.md §5) as one recorded run:
//
//   extract:<source>     sources become in-session datasets (read lazily as views when
//                        nothing else needs them materialized);
//   check:<dataset>      the dataset's quality rules, right after it is produced, so that
//                        quarantined rows never reach later steps;
//   transform:<step>     steps in dependency order, each materialized in memory;
//   load:<to>:<target>   sinks (lake tables, the warehouse, files) and the quarantine
//                        tables `_quarantine.<pipeline>__<dataset>` in the lake.
//
// Each finished stage leaves a stage checkpoint (its output under the run area, see
// run_area.h, and its state in the run store), so that a run killed at any point resumes
// with `options.resume` without recomputing finished stages; sinks committed before the
// crash are recognized (lake snapshots carry the run id and sink, warehouse loads the
// ledger) and not committed again. Incremental sources (incremental_source.h) read only
// what their checkpoints have not seen; their checkpoints are committed with the run's
// last lake snapshot, or alone after the last load.
//
// Every stage is recorded in the run store (<lake>/_catalog.db by default) as it starts
// and ends, so a crashed run shows where it stopped; rule outcomes and per-dataset quality
// are recorded when a check finishes; the summary (a JSON object) when the run ends.
//
// Outcome: RunPipeline does not throw once the run is recorded; failures end the run
// with status failed (or quality_failed for a quality gate) and the error's kind and
// message. It throws only when the run cannot start (the catalog cannot be opened).
//
// RunPipeline throws (user_input) before a run starts when another process runs the
// pipeline, when the pipeline's newest run is unfinished and neither resume nor abandon
// is asked, or when the run to resume cannot be resumed.
//
// Thread-safety: one run per call; calls may run concurrently on different lakes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/run_store.h"
#include "common/error.h"
#include "pipeline/pipeline_spec.h"
#include "quality/check_runner.h"
#include "runner/incremental_source.h"

namespace sluice::runner {

struct StageEvent {
  enum class Kind { kStart, kEnd, kFailed, kRetry };
  Kind kind = Kind::kStart;
  std::string stage;  // "extract", "check", "transform", "load"
  std::string item;   // the dataset or sink target
  uint64_t rows = 0;  // kEnd: rows produced/checked/written
  double seconds = 0;
  std::string detail;  // kEnd: a short note ("quarantined 12", "snapshot 4, 2 files");
                       // kFailed/kRetry: the error
  int attempt = 1;
  std::chrono::milliseconds wait{0};  // kRetry: the wait before the next attempt
};

struct RunOptions {
  std::optional<std::string> lake;  // overrides the spec's lake root
  std::string spec_file;            // recorded in dead-letter entries, for `sluice dlq retry`
  std::string run_id;               // the run's id; empty: a new one
  // Continue an unfinished run (resume_run_id, else the pipeline's newest run) from its
  // stage checkpoints instead of starting a new one.
  bool resume = false;
  std::string resume_run_id;
  // A new run refuses to start while the pipeline's newest run is unfinished (killed, or
  // failed after committing some of its sinks); with abandon that run is marked failed
  // and the new run starts.
  bool abandon = false;
  IncrementalOptions incremental;  // --full-refresh, --from/--to
  // Materialize finished stages for --resume (run_area.h). Off: a failed run resumes from
  // its committed loads only and recomputes every dataset.
  bool checkpoint_stages = true;
  size_t threads = 0;
  uint64_t memory_limit_bytes = 0;
  std::string params_json = "{}";  // recorded with the run
  std::function<void(const StageEvent&)> on_event;
  int64_t now_micros = 0;  // reference time for freshness rules; 0: the clock
  // Fault injection for tests: called before each sink commits ("lake:sales.orders").
  std::function<void(const std::string& sink)> before_commit;
  // Waits between retry attempts (tests pass a fake clock); default: sleeps.
  std::function<void(std::chrono::milliseconds)> sleep;
  // Uniform random numbers in [0, 1) for the jitter; default: a seeded generator.
  std::function<double()> random;
};

// The wait before retry number `attempt` + 1 (attempt >= 1) under `policy`, given a
// uniform random number u in [0, 1): cap * (1 - jitter * u) with
// cap = min(max, initial * multiplier^(attempt - 1)).
std::chrono::milliseconds RetryDelay(const pipeline::RetryPolicy& policy, int attempt, double u);

struct StageSummary {
  std::string stage;
  std::string item;
  double seconds = 0;
  uint64_t rows = 0;
  std::string detail;
  int attempts = 1;
  std::vector<std::chrono::milliseconds> waits;  // before attempts 2, 3, ...
};

struct DatasetSummary {
  std::string name;
  bool is_source = false;
  bool materialized = false;
  std::optional<uint64_t> rows;  // unknown for a source read lazily by its consumers
};

struct SinkSummary {
  std::string from;
  std::string to;      // lake | warehouse | file | quarantine
  std::string target;  // table or path
  std::string mode;
  uint64_t rows = 0;
  int64_t snapshot = 0;  // lake: the snapshot committed
  uint64_t files = 0;
  uint64_t bytes = 0;
  bool already_loaded = false;  // committed by this run before (ledger or snapshot)
};

// What an incremental source read in this run.
struct IncrementalSummary {
  std::string source;
  std::string read;  // "2 new or changed of 5 files", "order_ts > '...'"
  size_t checkpoint_entries = 0;
};

struct RunSummary {
  std::string run_id;
  std::string pipeline;
  std::string lake_root;
  std::string catalog;
  std::string warehouse;
  catalog::RunStatus status = catalog::RunStatus::kRunning;
  std::optional<ErrorKind> error_kind;
  std::string error_message;
  std::string failed_stage;  // "check:enriched"
  bool resumed = false;      // continued from stage checkpoints
  size_t stages_restored = 0;
  std::vector<IncrementalSummary> incremental;
  size_t checkpoints_committed = 0;
  std::vector<StageSummary> stages;
  std::vector<DatasetSummary> datasets;
  std::vector<quality::CheckReport> checks;
  std::vector<SinkSummary> sinks;
  std::optional<double> quality_score;  // rows passing / rows checked over all checks
  double seconds = 0;
  size_t lineage_edges = 0;           // recorded in the run store
  std::optional<int64_t> dlq_id;      // the dead-letter entry a failed run became
  std::vector<std::string> warnings;  // things that did not fail the run

  std::string ToJson() const;
};

RunSummary RunPipeline(const pipeline::PipelineSpec& spec, const RunOptions& options);

// Parses every step's SQL and every SQL expression of the checks (`row:`, `sql:`, `fix:
// {sql: …}`) without running anything; throws one user_input Error listing each problem
// with the file, the line and the step or rule ("pipeline.yaml:12: step 'enriched': …").
void ValidatePipelineSql(const pipeline::PipelineSpec& spec);

// The lake root a run uses: options.lake, else the spec's `lake:`, else $SLUICE_LAKE,
// else ./lake.
std::string ResolveLakeRoot(const pipeline::PipelineSpec& spec,
                            const std::optional<std::string>& override_lake);

}  // namespace sluice::runner
