#include "catalog/postgres_run_store.h"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace sluice::catalog {
namespace {

using postgres::Params;
using postgres::PostgresResult;

std::string SqlDouble(double value) {
  return fmt::format("{}", value);  // the shortest text that reads back as the same double
}

std::optional<std::string> SqlOptionalDouble(std::optional<double> value) {
  if (!value) return std::nullopt;
  return SqlDouble(*value);
}

std::string SqlLimit(size_t limit) {
  return SqlInt(static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
}

std::string JsonOrDefault(const std::string& json, const char* fallback) {
  return json.empty() ? std::string(fallback) : json;
}

std::optional<ErrorKind> StoredErrorKind(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return ErrorKindFromName(*text).value_or(ErrorKind::kInternal);
}

}  // namespace

PostgresRunStore::PostgresRunStore(const std::string& uri)
    : uri_(uri), connection_(uri, PostgresCatalogConnection::Tables::kRunStore) {}

std::string PostgresRunStore::RequireRun(const std::string& run_id) {
  PostgresResult run = connection_.Execute(
      "SELECT pipeline FROM sluice_catalog.runs WHERE run_id = $1", {run_id}, "reading run");
  if (run.rows() == 0) throw Error::UserInput("run '{}' does not exist", run_id);
  return run.Text(0, 0);
}

RunRecord PostgresRunStore::StartRun(const std::string& pipeline, const std::string& params_json,
                                     const std::string& run_id) {
  RunRecord run;
  run.run_id = run_id.empty() ? NewRunId() : run_id;
  run.pipeline = pipeline;
  run.params_json = JsonOrDefault(params_json, "{}");
  run.started_micros = CatalogNowMicros();
  connection_.Write("starting run " + run.run_id, [&] {
    PostgresResult inserted = connection_.Execute(
        "INSERT INTO sluice_catalog.runs (run_id, pipeline, params_json, status, "
        "started_micros) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id) DO NOTHING",
        {run.run_id, run.pipeline, run.params_json, std::string(RunStatusName(run.status)),
         SqlInt(run.started_micros)},
        "starting run");
    if (inserted.AffectedRows() == 0) throw Error::UserInput("run '{}' already exists", run.run_id);
  });
  return run;
}

void PostgresRunStore::FinishRun(const std::string& run_id, RunStatus status,
                                 std::optional<ErrorKind> error_kind,
                                 const std::string& error_message,
                                 std::optional<double> quality_score) {
  connection_.Write("finishing run " + run_id, [&] {
    RequireRun(run_id);
    std::optional<std::string> kind;
    if (error_kind) kind = std::string(ErrorKindName(*error_kind));
    connection_.Execute(
        "UPDATE sluice_catalog.runs SET status = $2, error_kind = $3, error_message = $4, "
        "finished_micros = $5, quality_score = $6 WHERE run_id = $1",
        {run_id, std::string(RunStatusName(status)), kind, error_message,
         SqlInt(CatalogNowMicros()), SqlOptionalDouble(quality_score)},
        "finishing run");
  });
}

void PostgresRunStore::StartStage(const std::string& run_id, const std::string& stage,
                                  int attempt) {
  connection_.Write("starting stage " + stage, [&] {
    RequireRun(run_id);
    // Starting an attempt again replaces it (and moves it to the end, as it started last).
    Params key{run_id, stage, SqlInt(attempt)};
    connection_.Execute(
        "DELETE FROM sluice_catalog.run_stages WHERE run_id = $1 AND stage = $2 AND "
        "attempt = $3",
        key, "starting stage");
    key.push_back(SqlInt(CatalogNowMicros()));
    connection_.Execute(
        "INSERT INTO sluice_catalog.run_stages (run_id, stage, attempt, status, "
        "started_micros) VALUES ($1, $2, $3, 'running', $4)",
        key, "starting stage");
  });
}

void PostgresRunStore::FinishStage(const std::string& run_id, const std::string& stage, int attempt,
                                   StageStatus status, uint64_t rows_in, uint64_t rows_out) {
  connection_.Write("finishing stage " + stage, [&] {
    PostgresResult updated = connection_.Execute(
        "UPDATE sluice_catalog.run_stages SET status = $4, finished_micros = $5, rows_in = $6, "
        "rows_out = $7 WHERE run_id = $1 AND stage = $2 AND attempt = $3",
        {run_id, stage, SqlInt(attempt), std::string(StageStatusName(status)),
         SqlInt(CatalogNowMicros()), SqlInt(static_cast<int64_t>(rows_in)),
         SqlInt(static_cast<int64_t>(rows_out))},
        "finishing stage");
    if (updated.AffectedRows() == 0) {
      throw Error::Internal("run '{}': stage '{}' attempt {} was never started", run_id, stage,
                            attempt);
    }
  });
}

void PostgresRunStore::RecordRuleOutcome(const RuleOutcome& o) {
  connection_.Write("recording a rule outcome", [&] {
    RequireRun(o.run_id);
    connection_.Execute(
        "INSERT INTO sluice_catalog.rule_outcomes (run_id, dataset, rule, severity, "
        "rows_checked, rows_failed, sample_json, rows_corrected, passed, message) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {o.run_id, o.dataset, o.rule, o.severity, SqlInt(static_cast<int64_t>(o.rows_checked)),
         SqlInt(static_cast<int64_t>(o.rows_failed)), JsonOrDefault(o.sample_json, "[]"),
         SqlInt(static_cast<int64_t>(o.rows_corrected)), std::string(o.passed ? "t" : "f"),
         o.message},
        "recording a rule outcome");
  });
}

void PostgresRunStore::RecordDatasetQuality(const DatasetQuality& q) {
  connection_.Write("recording dataset quality", [&] {
    RequireRun(q.run_id);
    connection_.Execute(
        "INSERT INTO sluice_catalog.dataset_quality (run_id, dataset, rows_checked, "
        "rows_passed, rows_quarantined, rows_corrected, score, min_score, on_fail, verdict, "
        "recorded_micros) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
        "ON CONFLICT (run_id, dataset) DO UPDATE SET rows_checked = excluded.rows_checked, "
        "rows_passed = excluded.rows_passed, rows_quarantined = excluded.rows_quarantined, "
        "rows_corrected = excluded.rows_corrected, score = excluded.score, "
        "min_score = excluded.min_score, on_fail = excluded.on_fail, "
        "verdict = excluded.verdict, recorded_micros = excluded.recorded_micros",
        {q.run_id, q.dataset, SqlInt(static_cast<int64_t>(q.rows_checked)),
         SqlInt(static_cast<int64_t>(q.rows_passed)),
         SqlInt(static_cast<int64_t>(q.rows_quarantined)),
         SqlInt(static_cast<int64_t>(q.rows_corrected)), SqlDouble(q.score),
         SqlOptionalDouble(q.min_score), q.on_fail, q.verdict,
         SqlInt(q.recorded_micros != 0 ? q.recorded_micros : CatalogNowMicros())},
        "recording dataset quality");
  });
}

void PostgresRunStore::SetRunSummary(const std::string& run_id, const std::string& summary_json) {
  connection_.Write("recording the summary of run " + run_id, [&] {
    RequireRun(run_id);
    connection_.Execute("UPDATE sluice_catalog.runs SET summary_json = $2 WHERE run_id = $1",
                        {run_id, JsonOrDefault(summary_json, "{}")}, "recording a run summary");
  });
}

std::vector<RunRecord> PostgresRunStore::SelectRuns(const std::string& where,
                                                    const std::string& arg, size_t limit) {
  std::vector<RunRecord> runs;
  connection_.Read("listing runs", [&] {
    PostgresResult result = connection_.Execute(
        "SELECT run_id, pipeline, params_json, status, error_kind, error_message, "
        "started_micros, finished_micros, quality_score, summary_json FROM sluice_catalog.runs " +
            where + " ORDER BY started_micros DESC, run_id DESC LIMIT $2",
        {arg, SqlLimit(limit)}, "listing runs");
    for (int r = 0; r < result.rows(); r++) {
      RunRecord run;
      run.run_id = result.Text(r, 0);
      run.pipeline = result.Text(r, 1);
      run.params_json = result.Text(r, 2);
      run.status = ParseRunStatus(result.Text(r, 3));
      run.error_kind = StoredErrorKind(result.OptionalText(r, 4));
      run.error_message = result.Text(r, 5);
      run.started_micros = result.Int(r, 6);
      run.finished_micros = result.Int(r, 7);
      if (!result.IsNull(r, 8)) run.quality_score = result.Double(r, 8);
      run.summary_json = result.Text(r, 9);
      runs.push_back(std::move(run));
    }
  });
  return runs;
}

std::optional<RunRecord> PostgresRunStore::GetRun(const std::string& run_id) {
  auto runs = SelectRuns("WHERE run_id = $1", run_id, 1);
  if (runs.empty()) return std::nullopt;
  return runs[0];
}

std::vector<RunRecord> PostgresRunStore::ListRuns(const std::optional<std::string>& pipeline,
                                                  size_t limit) {
  // $1 is unused without a filter; it still needs a type.
  return pipeline ? SelectRuns("WHERE pipeline = $1", *pipeline, limit)
                  : SelectRuns("WHERE $1::text IS NOT NULL", "", limit);
}

std::vector<StageRecord> PostgresRunStore::ListStages(const std::string& run_id) {
  std::vector<StageRecord> stages;
  connection_.Read("listing stages", [&] {
    PostgresResult result = connection_.Execute(
        "SELECT stage, attempt, status, started_micros, finished_micros, rows_in, rows_out "
        "FROM sluice_catalog.run_stages WHERE run_id = $1 ORDER BY started_micros, stage_seq",
        {run_id}, "listing stages");
    for (int r = 0; r < result.rows(); r++) {
      StageRecord s;
      s.run_id = run_id;
      s.stage = result.Text(r, 0);
      s.attempt = static_cast<int>(result.Int(r, 1));
      s.status = ParseStageStatus(result.Text(r, 2));
      s.started_micros = result.Int(r, 3);
      s.finished_micros = result.Int(r, 4);
      s.rows_in = static_cast<uint64_t>(result.Int(r, 5));
      s.rows_out = static_cast<uint64_t>(result.Int(r, 6));
      stages.push_back(std::move(s));
    }
  });
  return stages;
}

std::vector<RuleOutcome> PostgresRunStore::ListRuleOutcomes(const std::string& run_id) {
  std::vector<RuleOutcome> outcomes;
  connection_.Read("listing rule outcomes", [&] {
    PostgresResult result = connection_.Execute(
        "SELECT dataset, rule, severity, rows_checked, rows_failed, sample_json, "
        "rows_corrected, passed, message FROM sluice_catalog.rule_outcomes WHERE run_id = $1 "
        "ORDER BY outcome_id",
        {run_id}, "listing rule outcomes");
    for (int r = 0; r < result.rows(); r++) {
      RuleOutcome o;
      o.run_id = run_id;
      o.dataset = result.Text(r, 0);
      o.rule = result.Text(r, 1);
      o.severity = result.Text(r, 2);
      o.rows_checked = static_cast<uint64_t>(result.Int(r, 3));
      o.rows_failed = static_cast<uint64_t>(result.Int(r, 4));
      o.sample_json = result.Text(r, 5);
      o.rows_corrected = static_cast<uint64_t>(result.Int(r, 6));
      o.passed = result.Text(r, 7) == "t";
      o.message = result.Text(r, 8);
      outcomes.push_back(std::move(o));
    }
  });
  return outcomes;
}

std::vector<DatasetQuality> PostgresRunStore::SelectQuality(const std::string& sql,
                                                            const Params& params) {
  std::vector<DatasetQuality> rows;
  connection_.Read("reading dataset quality", [&] {
    PostgresResult result = connection_.Execute(
        "SELECT q.run_id, q.dataset, q.rows_checked, q.rows_passed, q.rows_quarantined, "
        "q.rows_corrected, q.score, q.min_score, q.on_fail, q.verdict, q.recorded_micros "
        "FROM sluice_catalog.dataset_quality q " +
            sql,
        params, "reading dataset quality");
    for (int r = 0; r < result.rows(); r++) {
      DatasetQuality q;
      q.run_id = result.Text(r, 0);
      q.dataset = result.Text(r, 1);
      q.rows_checked = static_cast<uint64_t>(result.Int(r, 2));
      q.rows_passed = static_cast<uint64_t>(result.Int(r, 3));
      q.rows_quarantined = static_cast<uint64_t>(result.Int(r, 4));
      q.rows_corrected = static_cast<uint64_t>(result.Int(r, 5));
      q.score = result.Double(r, 6);
      if (!result.IsNull(r, 7)) q.min_score = result.Double(r, 7);
      q.on_fail = result.Text(r, 8);
      q.verdict = result.Text(r, 9);
      q.recorded_micros = result.Int(r, 10);
      rows.push_back(std::move(q));
    }
  });
  return rows;
}

std::vector<DatasetQuality> PostgresRunStore::ListDatasetQuality(const std::string& run_id) {
  return SelectQuality("WHERE q.run_id = $1 ORDER BY q.recorded_micros, q.dataset", {run_id});
}

std::vector<DatasetQuality> PostgresRunStore::DatasetQualityHistory(const std::string& pipeline,
                                                                    const std::string& dataset,
                                                                    size_t limit) {
  return SelectQuality(
      "JOIN sluice_catalog.runs r ON r.run_id = q.run_id WHERE r.pipeline = $1 AND "
      "q.dataset = $2 ORDER BY q.run_id DESC LIMIT $3",
      {pipeline, dataset, SqlLimit(limit)});
}

void PostgresRunStore::RecordLineage(const std::string& run_id,
                                     const std::vector<LineageEdge>& edges) {
  connection_.Write("recording the lineage of run " + run_id, [&] {
    std::string pipeline = RequireRun(run_id);
    connection_.Execute("DELETE FROM sluice_catalog.lineage_edges WHERE run_id = $1", {run_id},
                        "replacing lineage");
    if (edges.empty()) return;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& edge : edges) {
      rows.push_back({{"from_node", edge.from_node},
                      {"from_column", edge.from_column},
                      {"to_node", edge.to_node},
                      {"to_column", edge.to_column},
                      {"kind", edge.kind}});
    }
    // WITH ORDINALITY keeps the edges in the order given (edge_id follows it).
    connection_.Execute(
        "INSERT INTO sluice_catalog.lineage_edges (run_id, pipeline, from_node, from_column, "
        "to_node, to_column, kind) SELECT $1, $2, e->>'from_node', e->>'from_column', "
        "e->>'to_node', e->>'to_column', e->>'kind' FROM json_array_elements($3::json) "
        "WITH ORDINALITY AS a(e, n) ORDER BY n",
        {run_id, pipeline, rows.dump()}, "recording lineage");
  });
}

std::vector<LineageEdge> PostgresRunStore::SelectLineage(const std::string& where,
                                                         const Params& params) {
  std::vector<LineageEdge> edges;
  connection_.Read("reading lineage", [&] {
    PostgresResult result = connection_.Execute(
        "SELECT run_id, pipeline, from_node, from_column, to_node, to_column, kind "
        "FROM sluice_catalog.lineage_edges " +
            where + " ORDER BY pipeline, edge_id",
        params, "reading lineage");
    for (int r = 0; r < result.rows(); r++) {
      edges.push_back(LineageEdge{result.Text(r, 0), result.Text(r, 1), result.Text(r, 2),
                                  result.Text(r, 3), result.Text(r, 4), result.Text(r, 5),
                                  result.Text(r, 6)});
    }
  });
  return edges;
}

std::vector<LineageEdge> PostgresRunStore::ListLineage(const std::string& run_id) {
  return SelectLineage("WHERE run_id = $1", {run_id});
}

std::vector<LineageEdge> PostgresRunStore::LatestLineage() {
  // Per pipeline, the run with lineage that started last.
  return SelectLineage(
      "WHERE run_id IN (SELECT run_id FROM (SELECT l.run_id, row_number() OVER (PARTITION BY "
      "l.pipeline ORDER BY r.started_micros DESC, l.run_id DESC) AS n FROM (SELECT DISTINCT "
      "run_id, pipeline FROM sluice_catalog.lineage_edges) l JOIN sluice_catalog.runs r "
      "ON r.run_id = l.run_id) newest WHERE n = 1)",
      {});
}

int64_t PostgresRunStore::AddDlqEntry(const DlqEntry& e) {
  int64_t id = 0;
  connection_.Write("adding a dead-letter entry", [&] {
    PostgresResult inserted = connection_.Execute(
        "INSERT INTO sluice_catalog.dlq (pipeline, run_id, spec_file, params_json, error_kind, "
        "error_message, stage, attempts, created_micros) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {e.pipeline, e.run_id, e.spec_file, JsonOrDefault(e.params_json, "{}"),
         std::string(ErrorKindName(e.error_kind)), e.error_message, e.stage, SqlInt(e.attempts),
         SqlInt(e.created_micros != 0 ? e.created_micros : CatalogNowMicros())},
        "adding a dead-letter entry");
    id = inserted.Int(0, 0);
  });
  return id;
}

std::vector<DlqEntry> PostgresRunStore::SelectDlq(const std::string& where, const Params& params) {
  std::vector<DlqEntry> entries;
  connection_.Read("reading the dead-letter queue", [&] {
    PostgresResult result = connection_.Execute(
        "SELECT id, pipeline, run_id, spec_file, params_json, error_kind, error_message, "
        "stage, attempts, created_micros, status, retried_by, closed_micros "
        "FROM sluice_catalog.dlq " +
            where + " ORDER BY id DESC",
        params, "reading the dead-letter queue");
    for (int r = 0; r < result.rows(); r++) {
      DlqEntry e;
      e.id = result.Int(r, 0);
      e.pipeline = result.Text(r, 1);
      e.run_id = result.Text(r, 2);
      e.spec_file = result.Text(r, 3);
      e.params_json = result.Text(r, 4);
      e.error_kind = StoredErrorKind(result.Text(r, 5)).value_or(ErrorKind::kInternal);
      e.error_message = result.Text(r, 6);
      e.stage = result.Text(r, 7);
      e.attempts = static_cast<int>(result.Int(r, 8));
      e.created_micros = result.Int(r, 9);
      e.status = result.Text(r, 10);
      e.retried_by = result.Text(r, 11);
      e.closed_micros = result.Int(r, 12);
      entries.push_back(std::move(e));
    }
  });
  return entries;
}

std::vector<DlqEntry> PostgresRunStore::ListDlq(bool include_closed) {
  return SelectDlq(include_closed ? "" : "WHERE status = 'open'", {});
}

std::optional<DlqEntry> PostgresRunStore::GetDlqEntry(int64_t id) {
  auto entries = SelectDlq("WHERE id = $1", {SqlInt(id)});
  if (entries.empty()) return std::nullopt;
  return entries[0];
}

bool PostgresRunStore::CloseDlqEntry(int64_t id, const std::string& status,
                                     const std::string& retried_by) {
  bool closed = false;
  connection_.Write("closing a dead-letter entry", [&] {
    // Two closers of one entry: the second waits for the first's row lock, then finds
    // the entry no longer open.
    PostgresResult updated = connection_.Execute(
        "UPDATE sluice_catalog.dlq SET status = $2, retried_by = $3, closed_micros = $4 "
        "WHERE id = $1 AND status = 'open'",
        {SqlInt(id), status, retried_by, SqlInt(CatalogNowMicros())},
        "closing a dead-letter entry");
    closed = updated.AffectedRows() == 1;
  });
  return closed;
}

}  // namespace sluice::catalog
