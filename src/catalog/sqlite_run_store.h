// SqliteRunStore — the embedded RunStore: tables runs, run_stages and rule_outcomes in a
// SQLite file (may be the catalog's file; the table names do not collide). The pipeline
// lock is an flock(2) on `<file>.lock-<pipeline>` beside the database (an in-memory store
// locks per process).
//
// Thread-safety: thread-safe (one connection guarded by a mutex).
#pragma once

#include <memory>
#include <string>

#include "catalog/run_store.h"
#include "catalog/sqlite_connection.h"

namespace sluice::catalog {

class SqliteRunStore final : public RunStore {
 public:
  explicit SqliteRunStore(const std::string& path);

  RunRecord StartRun(const std::string& pipeline, const std::string& params_json,
                     const std::string& run_id = "") override;
  void FinishRun(const std::string& run_id, RunStatus status, std::optional<ErrorKind> error_kind,
                 const std::string& error_message, std::optional<double> quality_score) override;
  void StartStage(const std::string& run_id, const std::string& stage, int attempt) override;
  void FinishStage(const std::string& run_id, const std::string& stage, int attempt,
                   StageStatus status, uint64_t rows_in, uint64_t rows_out) override;
  void RecordRuleOutcome(const RuleOutcome& outcome) override;
  void RecordDatasetQuality(const DatasetQuality& quality) override;
  void SetRunSummary(const std::string& run_id, const std::string& summary_json) override;

  std::optional<RunRecord> GetRun(const std::string& run_id) override;
  std::vector<RunRecord> ListRuns(const std::optional<std::string>& pipeline,
                                  size_t limit) override;
  std::vector<StageRecord> ListStages(const std::string& run_id) override;
  std::vector<RuleOutcome> ListRuleOutcomes(const std::string& run_id) override;
  std::vector<DatasetQuality> ListDatasetQuality(const std::string& run_id) override;
  std::vector<DatasetQuality> DatasetQualityHistory(const std::string& pipeline,
                                                    const std::string& dataset,
                                                    size_t limit) override;
  void RecordLineage(const std::string& run_id, const std::vector<LineageEdge>& edges) override;
  std::vector<LineageEdge> ListLineage(const std::string& run_id) override;
  std::vector<LineageEdge> LatestLineage() override;
  int64_t AddDlqEntry(const DlqEntry& entry) override;
  std::vector<DlqEntry> ListDlq(bool include_closed) override;
  std::optional<DlqEntry> GetDlqEntry(int64_t id) override;
  bool CloseDlqEntry(int64_t id, const std::string& status, const std::string& retried_by) override;
  void ReopenRun(const std::string& run_id) override;
  void SaveStageCheckpoint(const StageCheckpoint& checkpoint) override;
  std::vector<StageCheckpoint> ListStageCheckpoints(const std::string& run_id) override;
  std::unique_ptr<PipelineLock> TryLockPipeline(const std::string& pipeline) override;

 private:
  std::vector<LineageEdge> SelectLineage(const std::string& where, const std::string& arg);
  void RequireRun(const std::string& run_id);
  std::vector<DatasetQuality> SelectQuality(const std::string& sql, const std::string& arg1,
                                            const std::string& arg2, size_t limit);
  std::vector<RunRecord> SelectRuns(const std::string& where, const std::string& arg, size_t limit);

  SqliteConnection connection_;
};

}  // namespace sluice::catalog
