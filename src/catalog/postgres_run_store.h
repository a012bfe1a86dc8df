// PostgresRunStore — the RunStore on a PostgreSQL server (`postgresql://...`), beside the
// PostgresCatalog in the schema `sluice_catalog` (the tables of SqliteRunStore, created
// on first open). The pipeline lock is a session-level advisory lock held by a connection
// of its own: the server releases it when the lock object closes that connection or when
// the process holding it dies.
//
// Thread-safety: thread-safe (one connection guarded by a mutex).
#pragma once

#include <memory>
#include <string>

#include "catalog/postgres_catalog_connection.h"
#include "catalog/run_store.h"

namespace sluice::catalog {

class PostgresRunStore final : public RunStore {
 public:
  // Connects to `uri` (postgresql://user[:password]@host:port/database?...).
  explicit PostgresRunStore(const std::string& uri);

  RunRecord StartRun(const std::string& pipeline, const std::string& params_json,
                     const std::string& run_id = "") override;
  void FinishRun(const std::string& run_id, RunStatus status, std::optional<ErrorKind> error_kind,
                 const std::string& error_message, std::optional<double> quality_score) override;
  void ReopenRun(const std::string& run_id) override;
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
  void SaveStageCheckpoint(const StageCheckpoint& checkpoint) override;
  std::vector<StageCheckpoint> ListStageCheckpoints(const std::string& run_id) override;
  std::unique_ptr<PipelineLock> TryLockPipeline(const std::string& pipeline) override;
  int64_t AddDlqEntry(const DlqEntry& entry) override;
  std::vector<DlqEntry> ListDlq(bool include_closed) override;
  std::optional<DlqEntry> GetDlqEntry(int64_t id) override;
  bool CloseDlqEntry(int64_t id, const std::string& status, const std::string& retried_by) override;

  // "postgresql host:port/db", without user or password.
  const std::string& Describe() const { return connection_.Describe(); }

 private:
  // Inside a Read/Write body: throws user_input when the run does not exist; returns its
  // pipeline.
  std::string RequireRun(const std::string& run_id);
  std::vector<RunRecord> SelectRuns(const std::string& where, const std::string& arg, size_t limit);
  std::vector<DatasetQuality> SelectQuality(const std::string& sql, const postgres::Params& params);
  std::vector<LineageEdge> SelectLineage(const std::string& where, const postgres::Params& params);
  std::vector<DlqEntry> SelectDlq(const std::string& where, const postgres::Params& params);

  std::string uri_;  // for the pipeline locks' own connections
  PostgresCatalogConnection connection_;
};

}  // namespace sluice::catalog
