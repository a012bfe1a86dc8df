#include "catalog/postgres_catalog_connection.h"

#include <chrono>
#include <span>

#include "common/error.h"

namespace sluice::catalog {
namespace {

using postgres::PostgresConnection;

// Names, keys and paths sort bytewise ("C"), as SQLite sorts them, whatever the database's
// collation. Timestamps are microseconds since the epoch; JSON is stored as text so that it
// reads back exactly as written.
constexpr std::string_view kCatalogTablesSql = R"sql(
CREATE SCHEMA IF NOT EXISTS sluice_catalog;
CREATE TABLE IF NOT EXISTS sluice_catalog.databases (
  name text COLLATE "C" PRIMARY KEY,
  created_micros bigint NOT NULL);
CREATE TABLE IF NOT EXISTS sluice_catalog.lake_tables (
  table_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  db text COLLATE "C" NOT NULL REFERENCES sluice_catalog.databases (name),
  name text COLLATE "C" NOT NULL,
  location text NOT NULL,
  format text NOT NULL,
  schema_version bigint NOT NULL,
  partition_columns text NOT NULL,
  current_snapshot bigint NOT NULL DEFAULT 0,
  created_micros bigint NOT NULL,
  updated_micros bigint NOT NULL,
  UNIQUE (db, name));
CREATE TABLE IF NOT EXISTS sluice_catalog.schema_versions (
  table_id bigint NOT NULL REFERENCES sluice_catalog.lake_tables (table_id),
  version bigint NOT NULL,
  schema_json text NOT NULL,
  created_micros bigint NOT NULL,
  PRIMARY KEY (table_id, version));
CREATE TABLE IF NOT EXISTS sluice_catalog.snapshots (
  table_id bigint NOT NULL REFERENCES sluice_catalog.lake_tables (table_id),
  snapshot_id bigint NOT NULL,
  parent_id bigint NOT NULL,
  committed_micros bigint NOT NULL,
  run_id text NOT NULL,
  operation text NOT NULL,
  row_count bigint NOT NULL,
  file_count bigint NOT NULL,
  byte_count bigint NOT NULL,
  schema_version bigint NOT NULL,
  summary_json text NOT NULL,
  PRIMARY KEY (table_id, snapshot_id));
CREATE TABLE IF NOT EXISTS sluice_catalog.data_files (
  table_id bigint NOT NULL REFERENCES sluice_catalog.lake_tables (table_id),
  path text COLLATE "C" NOT NULL,
  row_count bigint NOT NULL,
  byte_count bigint NOT NULL,
  partition_json text NOT NULL,
  stats_json text,
  added_snapshot bigint NOT NULL,
  removed_snapshot bigint,
  PRIMARY KEY (table_id, path));
CREATE INDEX IF NOT EXISTS data_files_live
  ON sluice_catalog.data_files (table_id, removed_snapshot);
CREATE TABLE IF NOT EXISTS sluice_catalog.checkpoints (
  pipeline text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  value_json text NOT NULL,
  run_id text NOT NULL,
  updated_micros bigint NOT NULL,
  PRIMARY KEY (pipeline, key));
)sql";

constexpr std::string_view kCatalogTables[] = {"databases", "lake_tables", "schema_versions",
                                               "snapshots", "data_files",  "checkpoints"};

// Identity columns keep the order rows were recorded in (SQLite's rowid).
constexpr std::string_view kRunStoreTablesSql = R"sql(
CREATE SCHEMA IF NOT EXISTS sluice_catalog;
CREATE TABLE IF NOT EXISTS sluice_catalog.runs (
  run_id text COLLATE "C" PRIMARY KEY,
  pipeline text COLLATE "C" NOT NULL,
  params_json text NOT NULL,
  status text NOT NULL,
  error_kind text,
  error_message text NOT NULL DEFAULT '',
  started_micros bigint NOT NULL,
  finished_micros bigint NOT NULL DEFAULT 0,
  quality_score double precision,
  summary_json text NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS runs_by_pipeline ON sluice_catalog.runs (pipeline, run_id);
CREATE TABLE IF NOT EXISTS sluice_catalog.run_stages (
  stage_seq bigint GENERATED ALWAYS AS IDENTITY,
  run_id text COLLATE "C" NOT NULL REFERENCES sluice_catalog.runs (run_id),
  stage text NOT NULL,
  attempt integer NOT NULL,
  status text NOT NULL,
  started_micros bigint NOT NULL,
  finished_micros bigint NOT NULL DEFAULT 0,
  rows_in bigint NOT NULL DEFAULT 0,
  rows_out bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, stage, attempt));
CREATE TABLE IF NOT EXISTS sluice_catalog.rule_outcomes (
  outcome_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id text COLLATE "C" NOT NULL REFERENCES sluice_catalog.runs (run_id),
  dataset text NOT NULL,
  rule text NOT NULL,
  severity text NOT NULL,
  rows_checked bigint NOT NULL,
  rows_failed bigint NOT NULL,
  sample_json text NOT NULL,
  rows_corrected bigint NOT NULL DEFAULT 0,
  passed boolean NOT NULL DEFAULT true,
  message text NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS rule_outcomes_by_run ON sluice_catalog.rule_outcomes (run_id);
CREATE TABLE IF NOT EXISTS sluice_catalog.dlq (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pipeline text NOT NULL,
  run_id text NOT NULL,
  spec_file text NOT NULL,
  params_json text NOT NULL,
  error_kind text NOT NULL,
  error_message text NOT NULL,
  stage text NOT NULL,
  attempts integer NOT NULL,
  created_micros bigint NOT NULL,
  status text NOT NULL DEFAULT 'open',
  retried_by text NOT NULL DEFAULT '',
  closed_micros bigint NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sluice_catalog.dataset_quality (
  run_id text COLLATE "C" NOT NULL REFERENCES sluice_catalog.runs (run_id),
  dataset text COLLATE "C" NOT NULL,
  rows_checked bigint NOT NULL,
  rows_passed bigint NOT NULL,
  rows_quarantined bigint NOT NULL,
  rows_corrected bigint NOT NULL,
  score double precision NOT NULL,
  min_score double precision,
  on_fail text NOT NULL,
  verdict text NOT NULL,
  recorded_micros bigint NOT NULL,
  PRIMARY KEY (run_id, dataset));
CREATE TABLE IF NOT EXISTS sluice_catalog.lineage_edges (
  edge_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id text COLLATE "C" NOT NULL REFERENCES sluice_catalog.runs (run_id),
  pipeline text COLLATE "C" NOT NULL,
  from_node text NOT NULL,
  from_column text NOT NULL,
  to_node text NOT NULL,
  to_column text NOT NULL,
  kind text NOT NULL);
CREATE INDEX IF NOT EXISTS lineage_edges_by_run ON sluice_catalog.lineage_edges (run_id);
CREATE TABLE IF NOT EXISTS sluice_catalog.stage_checkpoints (
  checkpoint_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id text COLLATE "C" NOT NULL REFERENCES sluice_catalog.runs (run_id),
  stage text NOT NULL,
  state_json text NOT NULL,
  recorded_micros bigint NOT NULL,
  UNIQUE (run_id, stage));
)sql";

constexpr std::string_view kRunStoreTables[] = {
    "runs",          "run_stages",       "rule_outcomes", "dlq", "dataset_quality",
    "lineage_edges", "stage_checkpoints"};

}  // namespace

int64_t CatalogNowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

PostgresCatalogConnection::PostgresCatalogConnection(const std::string& uri, Tables tables)
    : connection_(uri, "catalog"), description_("postgresql " + connection_.Describe()) {
  CreateTables(tables);
}

void PostgresCatalogConnection::CreateTables(Tables tables) {
  bool catalog = tables == Tables::kCatalog;
  std::string names;
  std::span<const std::string_view> tables_needed =
      catalog ? std::span<const std::string_view>(kCatalogTables) : kRunStoreTables;
  for (std::string_view table : tables_needed)
    names += fmt::format("{}'sluice_catalog.{}'", names.empty() ? "" : ", ", table);
  Write("creating the catalog tables", [&] {
    std::string exists = fmt::format(
        "SELECT bool_and(to_regclass(t) IS NOT NULL) FROM unnest(ARRAY[{}]) AS t", names);
    if (Execute(exists, {}, "looking for the catalog tables").Text(0, 0) == "t") return;
    // Two processes creating the tables at once would collide on the system catalogs.
    Execute("SELECT pg_advisory_xact_lock(hashtextextended('sluice_catalog tables', 0))", {},
            "locking the catalog schema");
    connection_.ExecuteScript(catalog ? kCatalogTablesSql : kRunStoreTablesSql,
                              fmt::format("catalog {}: creating the tables", description_));
  });
}

void PostgresCatalogConnection::Read(std::string_view what, const std::function<void()>& body) {
  std::lock_guard<std::mutex> lock(mutex_);
  connection_.Transaction(fmt::format("catalog {}: {}", description_, what), body,
                          PostgresConnection::TransactionMode::kReadOnlySnapshot);
}

void PostgresCatalogConnection::Write(std::string_view what, const std::function<void()>& body) {
  std::lock_guard<std::mutex> lock(mutex_);
  connection_.Transaction(fmt::format("catalog {}: {}", description_, what), body);
}

postgres::PostgresResult PostgresCatalogConnection::Execute(std::string_view sql,
                                                            const postgres::Params& params,
                                                            std::string_view what) {
  return connection_.Execute(sql, params, fmt::format("catalog {}: {}", description_, what));
}

}  // namespace sluice::catalog
