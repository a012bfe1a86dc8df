// RunStore — the history of pipeline runs: one record per run (status, error, quality
// score), its stages (extract, transform, check, load; one row per attempt) and the
// outcome of every quality rule. `sluice runs` and the dashboard read it; the pipeline
// runner writes it as a run progresses, so a crashed run shows where it stopped.
//
// A run that is killed stays `running`; its finished stages left stage checkpoints (what
// they produced and where it was materialized) so that `sluice run --resume` continues
// it under the same run id without recomputing them. A pipeline lock tells a crashed run
// (nobody holds the lock) from one still running in another process.
//
// Implementations: SqliteRunStore (embedded; by default the same file as the catalog,
// `<lake>/_catalog.db`) and PostgresRunStore (`postgresql://...`).
//
// Thread-safety: implementations are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace sluice::catalog {

enum class RunStatus { kRunning, kSucceeded, kFailed, kQualityFailed };
std::string_view RunStatusName(RunStatus status);  // running|succeeded|failed|quality_failed
RunStatus ParseRunStatus(std::string_view text);

enum class StageStatus { kRunning, kSucceeded, kFailed };
std::string_view StageStatusName(StageStatus status);
StageStatus ParseStageStatus(std::string_view text);

struct RunRecord {
  std::string run_id;
  std::string pipeline;
  std::string params_json = "{}";
  RunStatus status = RunStatus::kRunning;
  std::optional<ErrorKind> error_kind;
  std::string error_message;
  int64_t started_micros = 0;
  int64_t finished_micros = 0;  // 0 while running
  std::optional<double> quality_score;
  // What the run did, as a JSON object written at the end (steps, sinks, snapshots,
  // files); "{}" until then.
  std::string summary_json = "{}";
};

struct StageRecord {
  std::string run_id;
  std::string stage;  // extract | transform | check | load (optionally "load:db.table")
  int attempt = 1;
  StageStatus status = StageStatus::kRunning;
  int64_t started_micros = 0;
  int64_t finished_micros = 0;
  uint64_t rows_in = 0;
  uint64_t rows_out = 0;
};

struct RuleOutcome {
  std::string run_id;
  std::string dataset;
  std::string rule;      // the rule as written ("not_null(order_id)")
  std::string severity;  // error | warn
  uint64_t rows_checked = 0;
  uint64_t rows_failed = 0;
  std::string sample_json = "[]";  // a few failing rows
  uint64_t rows_corrected = 0;     // rows a `fix:` repaired (not counted as failed)
  bool passed = true;              // no failing row (table rules: the condition held)
  std::string message;             // table rules: what was measured ("row count 7 < min 10")
};

// The quality outcome of one checked dataset in one run: the score (share of rows that
// pass every error-level rule) against the gate, and what happened to the failing rows.
struct DatasetQuality {
  std::string run_id;
  std::string dataset;
  uint64_t rows_checked = 0;
  uint64_t rows_passed = 0;
  uint64_t rows_quarantined = 0;
  uint64_t rows_corrected = 0;
  double score = 1.0;
  std::optional<double> min_score;
  std::string on_fail;  // quarantine | fail | warn
  std::string verdict;  // passed | warned | quarantined | failed
  int64_t recorded_micros = 0;
};

// One edge of a run's data lineage: `to_column` of `to_node` is computed from
// `from_column` of `from_node`. Nodes: "source:<name>" and "step:<name>" are internal to
// the pipeline; "lake:db.table", "warehouse:schema.table" and "file:<path>" are shared,
// so lineage recorded by different pipelines connects through them. An empty column is
// a table-level edge.
struct LineageEdge {
  std::string run_id;
  std::string pipeline;
  std::string from_node;
  std::string from_column;
  std::string to_node;
  std::string to_column;
  std::string kind;  // direct | derived | aggregate | window | join | filter
};

// A dead-letter queue entry: a run that failed permanently or exhausted its retries, with
// what is needed to run it again (the pipeline file and its parameters).
struct DlqEntry {
  int64_t id = 0;
  std::string pipeline;
  std::string run_id;
  std::string spec_file;
  std::string params_json = "{}";
  ErrorKind error_kind = ErrorKind::kPermanent;
  std::string error_message;
  std::string stage;  // where it failed ("load:lake:sales.orders")
  int attempts = 1;
  int64_t created_micros = 0;
  std::string status = "open";  // open | retried | discarded
  std::string retried_by;       // the run that retried it
  int64_t closed_micros = 0;
};

// What a finished stage of a run left for a resumed run: a JSON object (the datasets it
// materialized and where, its report). One per (run, stage); saving again replaces it.
struct StageCheckpoint {
  std::string run_id;
  std::string stage;  // "transform:enriched", "load:lake:sales.orders"
  std::string state_json = "{}";
  int64_t recorded_micros = 0;
};

// Held while a process runs a pipeline; released when destroyed or when the process dies
// (a file lock for SQLite, a session advisory lock for PostgreSQL).
class PipelineLock {
 public:
  virtual ~PipelineLock() = default;
};

// A new run id: the UTC start time and 6 random hex digits, "20261125T031500Z-3fa9c1".
// Ids sort by start time (to the second) and are unique.
std::string NewRunId();

class RunStore {
 public:
  virtual ~RunStore() = default;

  // Records a new running run and returns it (with a fresh run id unless run_id is given).
  virtual RunRecord StartRun(const std::string& pipeline, const std::string& params_json,
                             const std::string& run_id = "") = 0;
  virtual void FinishRun(const std::string& run_id, RunStatus status,
                         std::optional<ErrorKind> error_kind, const std::string& error_message,
                         std::optional<double> quality_score) = 0;
  // A resumed run: back to running (error and finish time cleared). Throws user_input when
  // the run does not exist.
  virtual void ReopenRun(const std::string& run_id) = 0;
  virtual void StartStage(const std::string& run_id, const std::string& stage, int attempt) = 0;
  virtual void FinishStage(const std::string& run_id, const std::string& stage, int attempt,
                           StageStatus status, uint64_t rows_in, uint64_t rows_out) = 0;
  virtual void RecordRuleOutcome(const RuleOutcome& outcome) = 0;
  virtual void RecordDatasetQuality(const DatasetQuality& quality) = 0;
  virtual void SetRunSummary(const std::string& run_id, const std::string& summary_json) = 0;

  virtual std::optional<RunRecord> GetRun(const std::string& run_id) = 0;
  // Newest first (by start time); `pipeline` filters when given; at most `limit` runs.
  virtual std::vector<RunRecord> ListRuns(const std::optional<std::string>& pipeline,
                                          size_t limit) = 0;
  virtual std::vector<StageRecord> ListStages(const std::string& run_id) = 0;
  virtual std::vector<RuleOutcome> ListRuleOutcomes(const std::string& run_id) = 0;
  virtual std::vector<DatasetQuality> ListDatasetQuality(const std::string& run_id) = 0;
  // The dataset's quality in the pipeline's runs, newest first, at most `limit`.
  virtual std::vector<DatasetQuality> DatasetQualityHistory(const std::string& pipeline,
                                                            const std::string& dataset,
                                                            size_t limit) = 0;

  // Lineage, written once per run (after the transforms); RecordLineage replaces what the
  // run recorded before. ListLineage: the run's edges. LatestLineage: the edges of the
  // newest run of each pipeline that recorded any.
  virtual void RecordLineage(const std::string& run_id, const std::vector<LineageEdge>& edges) = 0;
  virtual std::vector<LineageEdge> ListLineage(const std::string& run_id) = 0;
  virtual std::vector<LineageEdge> LatestLineage() = 0;

  // Stage checkpoints (see StageCheckpoint); List returns them in the order recorded.
  virtual void SaveStageCheckpoint(const StageCheckpoint& checkpoint) = 0;
  virtual std::vector<StageCheckpoint> ListStageCheckpoints(const std::string& run_id) = 0;

  // The lock on running `pipeline`; nullptr when another process holds it.
  virtual std::unique_ptr<PipelineLock> TryLockPipeline(const std::string& pipeline) = 0;

  // The dead-letter queue. AddDlqEntry returns the new id. CloseDlqEntry moves an open
  // entry to `status` (retried | discarded) in one transaction and returns false when the
  // entry is not open any more, so that two retries of one entry never both run.
  virtual int64_t AddDlqEntry(const DlqEntry& entry) = 0;
  virtual std::vector<DlqEntry> ListDlq(bool include_closed) = 0;  // newest first
  virtual std::optional<DlqEntry> GetDlqEntry(int64_t id) = 0;
  virtual bool CloseDlqEntry(int64_t id, const std::string& status,
                             const std::string& retried_by) = 0;
};

// The run store at `uri`: a SQLite file path, or postgresql://... .
std::unique_ptr<RunStore> OpenRunStore(const std::string& uri);

}  // namespace sluice::catalog
