#include "catalog/sqlite_catalog.h"

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "catalog/metadata_json.h"
#include "catalog/schema_evolution.h"
#include "common/error.h"

namespace sluice::catalog {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr const char* kSchemaSql = R"sql(
CREATE TABLE IF NOT EXISTS databases (
  name TEXT PRIMARY KEY,
  created_micros INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS lake_tables (
  table_id INTEGER PRIMARY KEY,
  db TEXT NOT NULL REFERENCES databases(name),
  name TEXT NOT NULL,
  location TEXT NOT NULL,
  format TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  partition_columns TEXT NOT NULL,
  current_snapshot INTEGER NOT NULL DEFAULT 0,
  created_micros INTEGER NOT NULL,
  updated_micros INTEGER NOT NULL,
  UNIQUE (db, name));
CREATE TABLE IF NOT EXISTS schema_versions (
  table_id INTEGER NOT NULL REFERENCES lake_tables(table_id),
  version INTEGER NOT NULL,
  schema_json TEXT NOT NULL,
  created_micros INTEGER NOT NULL,
  PRIMARY KEY (table_id, version));
CREATE TABLE IF NOT EXISTS snapshots (
  table_id INTEGER NOT NULL REFERENCES lake_tables(table_id),
  snapshot_id INTEGER NOT NULL,
  parent_id INTEGER NOT NULL,
  committed_micros INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  operation TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  file_count INTEGER NOT NULL,
  byte_count INTEGER NOT NULL,
  schema_version INTEGER NOT NULL,
  summary_json TEXT NOT NULL,
  PRIMARY KEY (table_id, snapshot_id));
CREATE TABLE IF NOT EXISTS data_files (
  table_id INTEGER NOT NULL REFERENCES lake_tables(table_id),
  path TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  byte_count INTEGER NOT NULL,
  partition_json TEXT NOT NULL,
  stats_json TEXT,
  added_snapshot INTEGER NOT NULL,
  removed_snapshot INTEGER,
  PRIMARY KEY (table_id, path));
CREATE INDEX IF NOT EXISTS data_files_live ON data_files (table_id, removed_snapshot);
CREATE TABLE IF NOT EXISTS checkpoints (
  pipeline TEXT NOT NULL,
  key TEXT NOT NULL,
  value_json TEXT NOT NULL,
  run_id TEXT NOT NULL,
  updated_micros INTEGER NOT NULL,
  PRIMARY KEY (pipeline, key));
)sql";

constexpr const char* kTableColumns =
    "table_id, db, name, location, format, schema_version, partition_columns, current_snapshot, "
    "created_micros, updated_micros";

}  // namespace

SqliteCatalog::SqliteCatalog(const std::string& path) : connection_(path) {
  CreateSchema();
}

void SqliteCatalog::CreateSchema() {
  connection_.Transaction([&] { connection_.Execute(kSchemaSql); });
}

void SqliteCatalog::InsertDatabaseIfMissing(const std::string& name, int64_t now) {
  connection_.Prepare("INSERT OR IGNORE INTO databases (name, created_micros) VALUES (?1, ?2)")
      .Bind(1, name)
      .Bind(2, now)
      .Run();
}

void SqliteCatalog::CreateDatabase(const std::string& name, bool if_not_exists) {
  std::string normalized = NormalizeIdentifier(name, "database");
  connection_.Transaction([&] {
    auto exists = connection_.Prepare("SELECT 1 FROM databases WHERE name = ?1");
    exists.Bind(1, normalized);
    if (exists.Step()) {
      if (if_not_exists) return;
      throw Error::UserInput("database '{}' already exists", normalized);
    }
    InsertDatabaseIfMissing(normalized, NowMicros());
  });
}

std::vector<std::string> SqliteCatalog::ListDatabases() {
  std::vector<std::string> names;
  connection_.Query([&] {
    auto stmt = connection_.Prepare("SELECT name FROM databases ORDER BY name");
    while (stmt.Step()) names.push_back(stmt.Text(0));
  });
  return names;
}

std::optional<SqliteCatalog::TableRow> SqliteCatalog::FindTable(const TableName& name) {
  auto stmt = connection_.Prepare(std::string("SELECT ") + kTableColumns +
                                  " FROM lake_tables WHERE db = ?1 AND name = ?2");
  stmt.Bind(1, name.database).Bind(2, name.name);
  if (!stmt.Step()) return std::nullopt;
  TableRow row;
  row.id = stmt.Int(0);
  row.info.name = TableName{stmt.Text(1), stmt.Text(2)};
  row.info.location = stmt.Text(3);
  row.info.format = stmt.Text(4);
  row.info.schema_version = stmt.Int(5);
  row.info.partition_columns = StringListFromJson(stmt.Text(6));
  row.info.current_snapshot = stmt.Int(7);
  row.info.created_micros = stmt.Int(8);
  row.info.updated_micros = stmt.Int(9);
  auto schema = connection_.Prepare(
      "SELECT schema_json FROM schema_versions WHERE table_id = ?1 AND version = ?2");
  schema.Bind(1, row.id).Bind(2, row.info.schema_version);
  if (!schema.Step()) {
    throw Error::Internal("catalog {}: table {} has no schema version {}", path(), name.ToString(),
                          row.info.schema_version);
  }
  row.info.schema = SchemaFromJson(schema.Text(0));
  return row;
}

SqliteCatalog::TableRow SqliteCatalog::RequireTable(const TableName& name) {
  auto row = FindTable(name);
  if (!row) throw Error::UserInput("table {} does not exist", name.ToString());
  return *row;
}

TableInfo SqliteCatalog::CreateTable(const TableSpec& spec) {
  TableName name = ValidateTableSpec(spec);
  TableInfo result;
  connection_.Transaction([&] {
    if (auto existing = FindTable(name)) {
      if (spec.if_not_exists) {
        result = existing->info;
        return;
      }
      throw Error::UserInput("table {} already exists", name.ToString());
    }
    int64_t now = NowMicros();
    InsertDatabaseIfMissing(name.database, now);
    connection_
        .Prepare(
            "INSERT INTO lake_tables (db, name, location, format, schema_version, "
            "partition_columns, "
            "current_snapshot, created_micros, updated_micros) VALUES (?1, ?2, ?3, ?4, 1, ?5, 0, "
            "?6, ?6)")
        .Bind(1, name.database)
        .Bind(2, name.name)
        .Bind(3, spec.location)
        .Bind(4, spec.format)
        .Bind(5, StringListToJson(spec.partition_columns))
        .Bind(6, now)
        .Run();
    int64_t id = connection_.LastInsertRowId();
    connection_
        .Prepare(
            "INSERT INTO schema_versions (table_id, version, schema_json, created_micros) VALUES "
            "(?1, 1, ?2, ?3)")
        .Bind(1, id)
        .Bind(2, SchemaToJson(spec.schema))
        .Bind(3, now)
        .Run();
    result = RequireTable(name).info;
  });
  return result;
}

std::optional<TableInfo> SqliteCatalog::GetTable(const TableName& name) {
  std::optional<TableInfo> result;
  connection_.Query([&] {
    if (auto row = FindTable(name)) result = row->info;
  });
  return result;
}

std::vector<TableInfo> SqliteCatalog::ListTables(const std::optional<std::string>& database) {
  std::vector<TableInfo> tables;
  connection_.Query([&] {
    std::vector<TableName> names;
    auto stmt = connection_.Prepare(
        database ? "SELECT db, name FROM lake_tables WHERE db = ?1 ORDER BY db, name"
                 : "SELECT db, name FROM lake_tables ORDER BY db, name");
    if (database) stmt.Bind(1, NormalizeIdentifier(*database, "database"));
    while (stmt.Step()) names.push_back(TableName{stmt.Text(0), stmt.Text(1)});
    for (const auto& name : names) tables.push_back(RequireTable(name).info);
  });
  return tables;
}

std::vector<Snapshot> SqliteCatalog::SelectSnapshots(int64_t table_id,
                                                     std::optional<int64_t> snapshot_id) {
  std::string sql =
      "SELECT snapshot_id, parent_id, committed_micros, run_id, operation, row_count, file_count, "
      "byte_count, "
      "schema_version, summary_json FROM snapshots WHERE table_id = ?1";
  sql += snapshot_id ? " AND snapshot_id = ?2" : " ORDER BY snapshot_id";
  auto stmt = connection_.Prepare(sql);
  stmt.Bind(1, table_id);
  if (snapshot_id) stmt.Bind(2, *snapshot_id);
  std::vector<Snapshot> snapshots;
  while (stmt.Step()) {
    Snapshot s;
    s.id = stmt.Int(0);
    s.parent = stmt.Int(1);
    s.committed_micros = stmt.Int(2);
    s.run_id = stmt.Text(3);
    s.operation = ParseSnapshotOperation(stmt.Text(4));
    s.rows = static_cast<uint64_t>(stmt.Int(5));
    s.files = static_cast<uint64_t>(stmt.Int(6));
    s.bytes = static_cast<uint64_t>(stmt.Int(7));
    s.schema_version = stmt.Int(8);
    s.summary_json = stmt.Text(9);
    snapshots.push_back(std::move(s));
  }
  return snapshots;
}

std::optional<Snapshot> SqliteCatalog::CurrentSnapshot(const TableName& table) {
  std::optional<Snapshot> result;
  connection_.Query([&] {
    TableRow row = RequireTable(table);
    if (row.info.current_snapshot == 0) return;
    auto snapshots = SelectSnapshots(row.id, row.info.current_snapshot);
    if (!snapshots.empty()) result = snapshots[0];
  });
  return result;
}

std::optional<Snapshot> SqliteCatalog::GetSnapshot(const TableName& table, int64_t snapshot_id) {
  std::optional<Snapshot> result;
  connection_.Query([&] {
    auto snapshots = SelectSnapshots(RequireTable(table).id, snapshot_id);
    if (!snapshots.empty()) result = snapshots[0];
  });
  return result;
}

std::vector<Snapshot> SqliteCatalog::ListSnapshots(const TableName& table) {
  std::vector<Snapshot> result;
  connection_.Query([&] { result = SelectSnapshots(RequireTable(table).id, std::nullopt); });
  return result;
}

std::vector<DataFile> SqliteCatalog::LiveFiles(int64_t table_id, int64_t snapshot_id) {
  auto stmt = connection_.Prepare(
      "SELECT path, row_count, byte_count, partition_json, stats_json FROM data_files WHERE "
      "table_id = ?1 "
      "AND added_snapshot <= ?2 AND (removed_snapshot IS NULL OR removed_snapshot > ?2) ORDER BY "
      "path");
  stmt.Bind(1, table_id).Bind(2, snapshot_id);
  std::vector<DataFile> files;
  while (stmt.Step()) {
    DataFile f;
    f.path = stmt.Text(0);
    f.rows = static_cast<uint64_t>(stmt.Int(1));
    f.bytes = static_cast<uint64_t>(stmt.Int(2));
    f.partition = PartitionFromJson(stmt.Text(3));
    f.column_stats_json = stmt.OptionalText(4).value_or("");
    files.push_back(std::move(f));
  }
  return files;
}

std::vector<DataFile> SqliteCatalog::ListFiles(const TableName& table, int64_t snapshot_id) {
  std::vector<DataFile> files;
  connection_.Query([&] {
    TableRow row = RequireTable(table);
    if (snapshot_id < 0 || snapshot_id > row.info.current_snapshot) {
      throw Error::UserInput("table {} has no snapshot {} (latest is {})", table.ToString(),
                             snapshot_id, row.info.current_snapshot);
    }
    files = LiveFiles(row.id, snapshot_id);
  });
  return files;
}

std::vector<PartitionInfo> SqliteCatalog::ListPartitions(const TableName& table,
                                                         int64_t snapshot_id) {
  return GroupFilesByPartition(ListFiles(table, snapshot_id));
}

std::vector<std::string> SqliteCatalog::ListReferencedFiles(const TableName& table) {
  std::vector<std::string> paths;
  connection_.Query([&] {
    auto stmt =
        connection_.Prepare("SELECT path FROM data_files WHERE table_id = ?1 ORDER BY path");
    stmt.Bind(1, RequireTable(table).id);
    while (stmt.Step()) paths.push_back(stmt.Text(0));
  });
  return paths;
}

std::vector<SchemaVersion> SqliteCatalog::ListSchemaVersions(const TableName& table) {
  std::vector<SchemaVersion> versions;
  connection_.Query([&] {
    auto stmt = connection_.Prepare(
        "SELECT version, schema_json, created_micros FROM schema_versions WHERE table_id = ?1 "
        "ORDER BY version");
    stmt.Bind(1, RequireTable(table).id);
    while (stmt.Step())
      versions.push_back(SchemaVersion{stmt.Int(0), SchemaFromJson(stmt.Text(1)), stmt.Int(2)});
  });
  return versions;
}

}  // namespace sluice::catalog
