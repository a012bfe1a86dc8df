#include "catalog/sqlite_run_store.h"

#include <chrono>
#include <ctime>
#include <random>

#include "common/error.h"

namespace sluice::catalog {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr const char* kSchemaSql = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  pipeline TEXT NOT NULL,
  params_json TEXT NOT NULL,
  status TEXT NOT NULL,
  error_kind TEXT,
  error_message TEXT NOT NULL DEFAULT '',
  started_micros INTEGER NOT NULL,
  finished_micros INTEGER NOT NULL DEFAULT 0,
  quality_score REAL);
CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs (pipeline, run_id);
CREATE TABLE IF NOT EXISTS run_stages (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  stage TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  status TEXT NOT NULL,
  started_micros INTEGER NOT NULL,
  finished_micros INTEGER NOT NULL DEFAULT 0,
  rows_in INTEGER NOT NULL DEFAULT 0,
  rows_out INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, stage, attempt));
CREATE TABLE IF NOT EXISTS rule_outcomes (
  outcome_id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  dataset TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  rows_checked INTEGER NOT NULL,
  rows_failed INTEGER NOT NULL,
  sample_json TEXT NOT NULL);
)sql";

std::optional<ErrorKind> ParseErrorKind(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  for (auto kind : {ErrorKind::kUserInput, ErrorKind::kDataQuality, ErrorKind::kRetryable,
                    ErrorKind::kPermanent, ErrorKind::kInternal}) {
    if (ErrorKindName(kind) == *text) return kind;
  }
  return ErrorKind::kInternal;
}

}  // namespace

std::string_view RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kRunning: return "running";
    case RunStatus::kSucceeded: return "succeeded";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kQualityFailed: return "quality_failed";
  }
  return "failed";
}

RunStatus ParseRunStatus(std::string_view text) {
  for (auto s : {RunStatus::kRunning, RunStatus::kSucceeded, RunStatus::kFailed,
                 RunStatus::kQualityFailed}) {
    if (RunStatusName(s) == text) return s;
  }
  throw Error::UserInput(
      "unknown run status '{}' (expected running, succeeded, failed or quality_failed)", text);
}

std::string_view StageStatusName(StageStatus status) {
  switch (status) {
    case StageStatus::kRunning: return "running";
    case StageStatus::kSucceeded: return "succeeded";
    case StageStatus::kFailed: return "failed";
  }
  return "failed";
}

StageStatus ParseStageStatus(std::string_view text) {
  for (auto s : {StageStatus::kRunning, StageStatus::kSucceeded, StageStatus::kFailed}) {
    if (StageStatusName(s) == text) return s;
  }
  throw Error::UserInput("unknown stage status '{}' (expected running, succeeded or failed)", text);
}

std::string NewRunId() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &utc);
  static thread_local std::mt19937_64 random(std::random_device{}() ^
                                             static_cast<uint64_t>(NowMicros()));
  return fmt::format("{}-{:06x}", stamp, random() & 0xffffff);
}

std::unique_ptr<RunStore> OpenRunStore(const std::string& uri) {
  if (uri.find("://") != std::string::npos) {
    throw Error::NotSupported("run store {}: only a local SQLite file is available yet", uri);
  }
  return std::make_unique<SqliteRunStore>(uri);
}

SqliteRunStore::SqliteRunStore(const std::string& path) : connection_(path) {
  connection_.Transaction([&] { connection_.Execute(kSchemaSql); });
}

void SqliteRunStore::RequireRun(const std::string& run_id) {
  auto stmt = connection_.Prepare("SELECT 1 FROM runs WHERE run_id = ?1");
  stmt.Bind(1, run_id);
  if (!stmt.Step()) throw Error::UserInput("run '{}' does not exist", run_id);
}

RunRecord SqliteRunStore::StartRun(const std::string& pipeline, const std::string& params_json,
                                   const std::string& run_id) {
  RunRecord run;
  run.run_id = run_id.empty() ? NewRunId() : run_id;
  run.pipeline = pipeline;
  run.params_json = params_json.empty() ? "{}" : params_json;
  run.started_micros = NowMicros();
  connection_.Transaction([&] {
    auto exists = connection_.Prepare("SELECT 1 FROM runs WHERE run_id = ?1");
    exists.Bind(1, run.run_id);
    if (exists.Step()) throw Error::UserInput("run '{}' already exists", run.run_id);
    connection_
        .Prepare(
            "INSERT INTO runs (run_id, pipeline, params_json, status, started_micros) VALUES (?1, "
            "?2, ?3, ?4, ?5)")
        .Bind(1, run.run_id)
        .Bind(2, run.pipeline)
        .Bind(3, run.params_json)
        .Bind(4, RunStatusName(run.status))
        .Bind(5, run.started_micros)
        .Run();
  });
  return run;
}

void SqliteRunStore::FinishRun(const std::string& run_id, RunStatus status,
                               std::optional<ErrorKind> error_kind,
                               const std::string& error_message,
                               std::optional<double> quality_score) {
  connection_.Transaction([&] {
    RequireRun(run_id);
    auto stmt = connection_.Prepare(
        "UPDATE runs SET status = ?2, error_kind = ?3, error_message = ?4, finished_micros = ?5, "
        "quality_score = ?6 "
        "WHERE run_id = ?1");
    stmt.Bind(1, run_id).Bind(2, RunStatusName(status));
    if (error_kind) {
      stmt.Bind(3, ErrorKindName(*error_kind));
    } else {
      stmt.BindNull(3);
    }
    stmt.Bind(4, error_message).Bind(5, NowMicros());
    if (quality_score) {
      stmt.Bind(6, *quality_score);
    } else {
      stmt.BindNull(6);
    }
    stmt.Run();
  });
}

void SqliteRunStore::StartStage(const std::string& run_id, const std::string& stage, int attempt) {
  connection_.Transaction([&] {
    RequireRun(run_id);
    connection_
        .Prepare(
            "INSERT OR REPLACE INTO run_stages (run_id, stage, attempt, status, started_micros) "
            "VALUES (?1, ?2, ?3, 'running', ?4)")
        .Bind(1, run_id)
        .Bind(2, stage)
        .Bind(3, int64_t{attempt})
        .Bind(4, NowMicros())
        .Run();
  });
}

void SqliteRunStore::FinishStage(const std::string& run_id, const std::string& stage, int attempt,
                                 StageStatus status, uint64_t rows_in, uint64_t rows_out) {
  connection_.Transaction([&] {
    auto stmt = connection_.Prepare(
        "UPDATE run_stages SET status = ?4, finished_micros = ?5, rows_in = ?6, rows_out = ?7 "
        "WHERE run_id = ?1 AND stage = ?2 AND attempt = ?3");
    stmt.Bind(1, run_id)
        .Bind(2, stage)
        .Bind(3, int64_t{attempt})
        .Bind(4, StageStatusName(status))
        .Bind(5, NowMicros())
        .Bind(6, static_cast<int64_t>(rows_in))
        .Bind(7, static_cast<int64_t>(rows_out))
        .Run();
    auto check = connection_.Prepare("SELECT changes()");
    if (check.Step() && check.Int(0) == 0) {
      throw Error::Internal("run '{}': stage '{}' attempt {} was never started", run_id, stage,
                            attempt);
    }
  });
}

void SqliteRunStore::RecordRuleOutcome(const RuleOutcome& outcome) {
  connection_.Transaction([&] {
    RequireRun(outcome.run_id);
    connection_
        .Prepare(
            "INSERT INTO rule_outcomes (run_id, dataset, rule, severity, rows_checked, "
            "rows_failed, sample_json) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .Bind(1, outcome.run_id)
        .Bind(2, outcome.dataset)
        .Bind(3, outcome.rule)
        .Bind(4, outcome.severity)
        .Bind(5, static_cast<int64_t>(outcome.rows_checked))
        .Bind(6, static_cast<int64_t>(outcome.rows_failed))
        .Bind(7, outcome.sample_json.empty() ? std::string("[]") : outcome.sample_json)
        .Run();
  });
}

std::vector<RunRecord> SqliteRunStore::SelectRuns(const std::string& where, const std::string& arg,
                                                  size_t limit) {
  std::vector<RunRecord> runs;
  connection_.Query([&] {
    auto stmt = connection_.Prepare(
        "SELECT run_id, pipeline, params_json, status, error_kind, error_message, started_micros, "
        "finished_micros, "
        "quality_score FROM runs " +
        where + " ORDER BY run_id DESC LIMIT ?2");
    if (!where.empty()) stmt.Bind(1, arg);
    stmt.Bind(2, static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
    while (stmt.Step()) {
      RunRecord r;
      r.run_id = stmt.Text(0);
      r.pipeline = stmt.Text(1);
      r.params_json = stmt.Text(2);
      r.status = ParseRunStatus(stmt.Text(3));
      r.error_kind = ParseErrorKind(stmt.OptionalText(4));
      r.error_message = stmt.Text(5);
      r.started_micros = stmt.Int(6);
      r.finished_micros = stmt.Int(7);
      if (!stmt.IsNull(8)) r.quality_score = stmt.Double(8);
      runs.push_back(std::move(r));
    }
  });
  return runs;
}

std::optional<RunRecord> SqliteRunStore::GetRun(const std::string& run_id) {
  auto runs = SelectRuns("WHERE run_id = ?1", run_id, 1);
  if (runs.empty()) return std::nullopt;
  return runs[0];
}

std::vector<RunRecord> SqliteRunStore::ListRuns(const std::optional<std::string>& pipeline,
                                                size_t limit) {
  return pipeline ? SelectRuns("WHERE pipeline = ?1", *pipeline, limit) : SelectRuns("", "", limit);
}

std::vector<StageRecord> SqliteRunStore::ListStages(const std::string& run_id) {
  std::vector<StageRecord> stages;
  connection_.Query([&] {
    auto stmt = connection_.Prepare(
        "SELECT stage, attempt, status, started_micros, finished_micros, rows_in, rows_out FROM "
        "run_stages "
        "WHERE run_id = ?1 ORDER BY started_micros, rowid");
    stmt.Bind(1, run_id);
    while (stmt.Step()) {
      StageRecord s;
      s.run_id = run_id;
      s.stage = stmt.Text(0);
      s.attempt = static_cast<int>(stmt.Int(1));
      s.status = ParseStageStatus(stmt.Text(2));
      s.started_micros = stmt.Int(3);
      s.finished_micros = stmt.Int(4);
      s.rows_in = static_cast<uint64_t>(stmt.Int(5));
      s.rows_out = static_cast<uint64_t>(stmt.Int(6));
      stages.push_back(std::move(s));
    }
  });
  return stages;
}

std::vector<RuleOutcome> SqliteRunStore::ListRuleOutcomes(const std::string& run_id) {
  std::vector<RuleOutcome> outcomes;
  connection_.Query([&] {
    auto stmt = connection_.Prepare(
        "SELECT dataset, rule, severity, rows_checked, rows_failed, sample_json FROM rule_outcomes "
        "WHERE run_id = ?1 ORDER BY outcome_id");
    stmt.Bind(1, run_id);
    while (stmt.Step()) {
      RuleOutcome o;
      o.run_id = run_id;
      o.dataset = stmt.Text(0);
      o.rule = stmt.Text(1);
      o.severity = stmt.Text(2);
      o.rows_checked = static_cast<uint64_t>(stmt.Int(3));
      o.rows_failed = static_cast<uint64_t>(stmt.Int(4));
      o.sample_json = stmt.Text(5);
      outcomes.push_back(std::move(o));
    }
  });
  return outcomes;
}

}  // namespace sluice::catalog
