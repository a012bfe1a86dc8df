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
  quality_score REAL,
  summary_json TEXT NOT NULL DEFAULT '{}');
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
  sample_json TEXT NOT NULL,
  rows_corrected INTEGER NOT NULL DEFAULT 0,
  passed INTEGER NOT NULL DEFAULT 1,
  message TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS dlq (
  id INTEGER PRIMARY KEY,
  pipeline TEXT NOT NULL,
  run_id TEXT NOT NULL,
  spec_file TEXT NOT NULL,
  params_json TEXT NOT NULL,
  error_kind TEXT NOT NULL,
  error_message TEXT NOT NULL,
  stage TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_micros INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  retried_by TEXT NOT NULL DEFAULT '',
  closed_micros INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS dataset_quality (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  dataset TEXT NOT NULL,
  rows_checked INTEGER NOT NULL,
  rows_passed INTEGER NOT NULL,
  rows_quarantined INTEGER NOT NULL,
  rows_corrected INTEGER NOT NULL,
  score REAL NOT NULL,
  min_score REAL,
  on_fail TEXT NOT NULL,
  verdict TEXT NOT NULL,
  recorded_micros INTEGER NOT NULL,
  PRIMARY KEY (run_id, dataset));
CREATE TABLE IF NOT EXISTS lineage_edges (
  edge_id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  pipeline TEXT NOT NULL,
  from_node TEXT NOT NULL,
  from_column TEXT NOT NULL,
  to_node TEXT NOT NULL,
  to_column TEXT NOT NULL,
  kind TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS lineage_edges_by_run ON lineage_edges (run_id);
CREATE TABLE IF NOT EXISTS stage_checkpoints (
  checkpoint_id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  stage TEXT NOT NULL,
  state_json TEXT NOT NULL,
  recorded_micros INTEGER NOT NULL,
  UNIQUE (run_id, stage));
)sql";

std::optional<ErrorKind> ParseErrorKind(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return ErrorKindFromName(*text).value_or(ErrorKind::kInternal);
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

SqliteRunStore::SqliteRunStore(const std::string& path) : connection_(path) {
  connection_.Transaction([&] {
    connection_.Execute(kSchemaSql);
    // Run stores made before these columns existed.
    const std::pair<const char*, const char*> added[] = {
        {"runs", "summary_json TEXT NOT NULL DEFAULT '{}'"},
        {"rule_outcomes", "rows_corrected INTEGER NOT NULL DEFAULT 0"},
        {"rule_outcomes", "passed INTEGER NOT NULL DEFAULT 1"},
        {"rule_outcomes", "message TEXT NOT NULL DEFAULT ''"}};
    for (const auto& [table, column] : added) {
      std::string name(column, std::string_view(column).find(' '));
      auto info =
          connection_.Prepare(fmt::format("SELECT 1 FROM pragma_table_info('{}') "
                                          "WHERE name = '{}'",
                                          table, name));
      if (!info.Step())
        connection_.Execute(fmt::format("ALTER TABLE {} ADD COLUMN {}", table, column));
    }
  });
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
    connection_
        .Prepare(
            "UPDATE rule_outcomes SET rows_corrected = ?1, passed = ?2, message = ?3 "
            "WHERE outcome_id = last_insert_rowid()")
        .Bind(1, static_cast<int64_t>(outcome.rows_corrected))
        .Bind(2, int64_t{outcome.passed ? 1 : 0})
        .Bind(3, outcome.message)
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
        "quality_score, summary_json FROM runs " +
        where + " ORDER BY started_micros DESC, run_id DESC LIMIT ?2");
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
      r.summary_json = stmt.Text(9);
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
        "SELECT dataset, rule, severity, rows_checked, rows_failed, sample_json, rows_corrected, "
        "passed, message FROM rule_outcomes "
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
      o.rows_corrected = static_cast<uint64_t>(stmt.Int(6));
      o.passed = stmt.Int(7) != 0;
      o.message = stmt.Text(8);
      outcomes.push_back(std::move(o));
    }
  });
  return outcomes;
}

void SqliteRunStore::RecordDatasetQuality(const DatasetQuality& q) {
  connection_.Transaction([&] {
    RequireRun(q.run_id);
    auto stmt = connection_.Prepare(
        "INSERT OR REPLACE INTO dataset_quality (run_id, dataset, rows_checked, rows_passed, "
        "rows_quarantined, rows_corrected, score, min_score, on_fail, verdict, recorded_micros) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    stmt.Bind(1, q.run_id)
        .Bind(2, q.dataset)
        .Bind(3, static_cast<int64_t>(q.rows_checked))
        .Bind(4, static_cast<int64_t>(q.rows_passed))
        .Bind(5, static_cast<int64_t>(q.rows_quarantined))
        .Bind(6, static_cast<int64_t>(q.rows_corrected))
        .Bind(7, q.score);
    if (q.min_score) {
      stmt.Bind(8, *q.min_score);
    } else {
      stmt.BindNull(8);
    }
    stmt.Bind(9, q.on_fail)
        .Bind(10, q.verdict)
        .Bind(11, q.recorded_micros != 0 ? q.recorded_micros : NowMicros())
        .Run();
  });
}

void SqliteRunStore::SetRunSummary(const std::string& run_id, const std::string& summary_json) {
  connection_.Transaction([&] {
    RequireRun(run_id);
    connection_.Prepare("UPDATE runs SET summary_json = ?2 WHERE run_id = ?1")
        .Bind(1, run_id)
        .Bind(2, summary_json.empty() ? std::string("{}") : summary_json)
        .Run();
  });
}

std::vector<DatasetQuality> SqliteRunStore::SelectQuality(const std::string& sql,
                                                          const std::string& arg1,
                                                          const std::string& arg2, size_t limit) {
  std::vector<DatasetQuality> rows;
  connection_.Query([&] {
    auto stmt = connection_.Prepare(
        "SELECT q.run_id, q.dataset, q.rows_checked, q.rows_passed, q.rows_quarantined, "
        "q.rows_corrected, q.score, q.min_score, q.on_fail, q.verdict, q.recorded_micros "
        "FROM dataset_quality q " +
        sql + " LIMIT ?3");
    stmt.Bind(1, arg1);
    if (!arg2.empty()) stmt.Bind(2, arg2);
    stmt.Bind(3, static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
    while (stmt.Step()) {
      DatasetQuality q;
      q.run_id = stmt.Text(0);
      q.dataset = stmt.Text(1);
      q.rows_checked = static_cast<uint64_t>(stmt.Int(2));
      q.rows_passed = static_cast<uint64_t>(stmt.Int(3));
      q.rows_quarantined = static_cast<uint64_t>(stmt.Int(4));
      q.rows_corrected = static_cast<uint64_t>(stmt.Int(5));
      q.score = stmt.Double(6);
      if (!stmt.IsNull(7)) q.min_score = stmt.Double(7);
      q.on_fail = stmt.Text(8);
      q.verdict = stmt.Text(9);
      q.recorded_micros = stmt.Int(10);
      rows.push_back(std::move(q));
    }
  });
  return rows;
}

std::vector<DatasetQuality> SqliteRunStore::ListDatasetQuality(const std::string& run_id) {
  return SelectQuality("WHERE q.run_id = ?1 ORDER BY q.recorded_micros, q.dataset", run_id, "",
                       SIZE_MAX);
}

std::vector<DatasetQuality> SqliteRunStore::DatasetQualityHistory(const std::string& pipeline,
                                                                  const std::string& dataset,
                                                                  size_t limit) {
  return SelectQuality(
      "JOIN runs r ON r.run_id = q.run_id WHERE r.pipeline = ?1 AND q.dataset = ?2 "
      "ORDER BY q.run_id DESC",
      pipeline, dataset, limit);
}

void SqliteRunStore::RecordLineage(const std::string& run_id,
                                   const std::vector<LineageEdge>& edges) {
  connection_.Transaction([&] {
    auto run = connection_.Prepare("SELECT pipeline FROM runs WHERE run_id = ?1");
    run.Bind(1, run_id);
    if (!run.Step()) throw Error::UserInput("run '{}' does not exist", run_id);
    std::string pipeline = run.Text(0);
    connection_.Prepare("DELETE FROM lineage_edges WHERE run_id = ?1").Bind(1, run_id).Run();
    auto insert = connection_.Prepare(
        "INSERT INTO lineage_edges (run_id, pipeline, from_node, from_column, to_node, "
        "to_column, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const auto& edge : edges) {
      insert.Reset();
      insert.Bind(1, run_id)
          .Bind(2, pipeline)
          .Bind(3, edge.from_node)
          .Bind(4, edge.from_column)
          .Bind(5, edge.to_node)
          .Bind(6, edge.to_column)
          .Bind(7, edge.kind)
          .Run();
    }
  });
}

std::vector<LineageEdge> SqliteRunStore::SelectLineage(const std::string& where,
                                                       const std::string& arg) {
  std::vector<LineageEdge> edges;
  connection_.Query([&] {
    auto stmt = connection_.Prepare(
        "SELECT run_id, pipeline, from_node, from_column, to_node, to_column, kind "
        "FROM lineage_edges " +
        where + " ORDER BY pipeline, edge_id");
    if (!arg.empty()) stmt.Bind(1, arg);
    while (stmt.Step()) {
      edges.push_back(LineageEdge{stmt.Text(0), stmt.Text(1), stmt.Text(2), stmt.Text(3),
                                  stmt.Text(4), stmt.Text(5), stmt.Text(6)});
    }
  });
  return edges;
}

std::vector<LineageEdge> SqliteRunStore::ListLineage(const std::string& run_id) {
  return SelectLineage("WHERE run_id = ?1", run_id);
}

std::vector<LineageEdge> SqliteRunStore::LatestLineage() {
  // Per pipeline, the run with lineage that started last.
  return SelectLineage(
      "WHERE run_id IN (SELECT run_id FROM (SELECT l.run_id, row_number() OVER (PARTITION BY "
      "l.pipeline ORDER BY r.started_micros DESC, l.run_id DESC) AS n FROM (SELECT DISTINCT "
      "run_id, pipeline FROM lineage_edges) l JOIN runs r ON r.run_id = l.run_id) WHERE n = 1)",
      "");
}

int64_t SqliteRunStore::AddDlqEntry(const DlqEntry& e) {
  int64_t id = 0;
  connection_.Transaction([&] {
    connection_
        .Prepare(
            "INSERT INTO dlq (pipeline, run_id, spec_file, params_json, error_kind, "
            "error_message, stage, attempts, created_micros) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .Bind(1, e.pipeline)
        .Bind(2, e.run_id)
        .Bind(3, e.spec_file)
        .Bind(4, e.params_json.empty() ? std::string("{}") : e.params_json)
        .Bind(5, ErrorKindName(e.error_kind))
        .Bind(6, e.error_message)
        .Bind(7, e.stage)
        .Bind(8, int64_t{e.attempts})
        .Bind(9, e.created_micros != 0 ? e.created_micros : NowMicros())
        .Run();
    auto last = connection_.Prepare("SELECT last_insert_rowid()");
    if (last.Step()) id = last.Int(0);
  });
  return id;
}

namespace {
constexpr const char* kDlqColumns =
    "SELECT id, pipeline, run_id, spec_file, params_json, error_kind, error_message, stage, "
    "attempts, created_micros, status, retried_by, closed_micros FROM dlq ";

DlqEntry ReadDlq(SqliteStatement& stmt) {
  DlqEntry e;
  e.id = stmt.Int(0);
  e.pipeline = stmt.Text(1);
  e.run_id = stmt.Text(2);
  e.spec_file = stmt.Text(3);
  e.params_json = stmt.Text(4);
  e.error_kind = ParseErrorKind(stmt.Text(5)).value_or(ErrorKind::kInternal);
  e.error_message = stmt.Text(6);
  e.stage = stmt.Text(7);
  e.attempts = static_cast<int>(stmt.Int(8));
  e.created_micros = stmt.Int(9);
  e.status = stmt.Text(10);
  e.retried_by = stmt.Text(11);
  e.closed_micros = stmt.Int(12);
  return e;
}
}  // namespace

std::vector<DlqEntry> SqliteRunStore::ListDlq(bool include_closed) {
  std::vector<DlqEntry> entries;
  connection_.Query([&] {
    auto stmt =
        connection_.Prepare(std::string(kDlqColumns) +
                            (include_closed ? "" : "WHERE status = 'open' ") + "ORDER BY id DESC");
    while (stmt.Step()) entries.push_back(ReadDlq(stmt));
  });
  return entries;
}

std::optional<DlqEntry> SqliteRunStore::GetDlqEntry(int64_t id) {
  std::optional<DlqEntry> entry;
  connection_.Query([&] {
    auto stmt = connection_.Prepare(std::string(kDlqColumns) + "WHERE id = ?1");
    stmt.Bind(1, id);
    if (stmt.Step()) entry = ReadDlq(stmt);
  });
  return entry;
}

bool SqliteRunStore::CloseDlqEntry(int64_t id, const std::string& status,
                                   const std::string& retried_by) {
  bool closed = false;
  connection_.Transaction([&] {
    connection_
        .Prepare(
            "UPDATE dlq SET status = ?2, retried_by = ?3, closed_micros = ?4 "
            "WHERE id = ?1 AND status = 'open'")
        .Bind(1, id)
        .Bind(2, status)
        .Bind(3, retried_by)
        .Bind(4, NowMicros())
        .Run();
    auto changes = connection_.Prepare("SELECT changes()");
    closed = changes.Step() && changes.Int(0) == 1;
  });
  return closed;
}

}  // namespace sluice::catalog
