// PostgresRunStore: reopening runs, stage checkpoints and the pipeline lock — what resuming
// a crashed run needs, kept apart from the history queries in postgres_run_store.cpp.
#include "catalog/postgres_run_store.h"
#include "common/error.h"

namespace sluice::catalog {
namespace {

using postgres::PostgresConnection;
using postgres::PostgresResult;

// Holds the lock's own connection: the server releases a session's advisory locks when the
// session ends, so closing the connection (or the process dying) is the release.
class AdvisoryPipelineLock final : public PipelineLock {
 public:
  explicit AdvisoryPipelineLock(std::unique_ptr<PostgresConnection> connection)
      : connection_(std::move(connection)) {}

 private:
  std::unique_ptr<PostgresConnection> connection_;
};

}  // namespace

void PostgresRunStore::ReopenRun(const std::string& run_id) {
  connection_.Write("reopening run " + run_id, [&] {
    RequireRun(run_id);
    connection_.Execute(
        "UPDATE sluice_catalog.runs SET status = 'running', error_kind = NULL, "
        "error_message = '', finished_micros = 0 WHERE run_id = $1",
        {run_id}, "reopening run");
  });
}

void PostgresRunStore::SaveStageCheckpoint(const StageCheckpoint& checkpoint) {
  connection_.Write("saving the checkpoint of stage " + checkpoint.stage, [&] {
    RequireRun(checkpoint.run_id);
    connection_.Execute(
        "INSERT INTO sluice_catalog.stage_checkpoints (run_id, stage, state_json, "
        "recorded_micros) VALUES ($1, $2, $3, $4) ON CONFLICT (run_id, stage) DO UPDATE SET "
        "state_json = excluded.state_json, recorded_micros = excluded.recorded_micros",
        {checkpoint.run_id, checkpoint.stage,
         checkpoint.state_json.empty() ? std::string("{}") : checkpoint.state_json,
         SqlInt(CatalogNowMicros())},
        "saving a stage checkpoint");
  });
}

std::vector<StageCheckpoint> PostgresRunStore::ListStageCheckpoints(const std::string& run_id) {
  std::vector<StageCheckpoint> checkpoints;
  connection_.Read("listing stage checkpoints", [&] {
    PostgresResult result = connection_.Execute(
        "SELECT run_id, stage, state_json, recorded_micros FROM "
        "sluice_catalog.stage_checkpoints WHERE run_id = $1 ORDER BY checkpoint_id",
        {run_id}, "listing stage checkpoints");
    for (int r = 0; r < result.rows(); r++) {
      checkpoints.push_back(StageCheckpoint{result.Text(r, 0), result.Text(r, 1), result.Text(r, 2),
                                            result.Int(r, 3)});
    }
  });
  return checkpoints;
}

std::unique_ptr<PipelineLock> PostgresRunStore::TryLockPipeline(const std::string& pipeline) {
  auto connection = std::make_unique<PostgresConnection>(uri_, "catalog");
  // The key is computed by the server, so that every client maps a name to the same lock.
  PostgresResult locked = connection->Execute(
      "SELECT pg_try_advisory_lock(hashtextextended('sluice pipeline ' || $1, 0))", {pipeline},
      fmt::format("catalog {}: locking pipeline {}", Describe(), pipeline));
  if (locked.Text(0, 0) != "t") return nullptr;
  return std::make_unique<AdvisoryPipelineLock>(std::move(connection));
}

}  // namespace sluice::catalog
