#include "catalog/postgres_catalog.h"

#include "catalog/metadata_json.h"
#include "catalog/schema_evolution.h"
#include "common/error.h"

namespace sluice::catalog {
namespace {

using postgres::PostgresResult;

constexpr std::string_view kTableColumns =
    "table_id, db, name, location, format, schema_version, partition_columns, current_snapshot, "
    "created_micros, updated_micros";

}  // namespace

PostgresCatalog::PostgresCatalog(const std::string& uri)
    : connection_(uri, PostgresCatalogConnection::Tables::kCatalog) {}

void PostgresCatalog::InsertDatabaseIfMissing(const std::string& name, int64_t now) {
  connection_.Execute(
      "INSERT INTO sluice_catalog.databases (name, created_micros) VALUES ($1, $2) "
      "ON CONFLICT (name) DO NOTHING",
      {name, SqlInt(now)}, "adding database " + name);
}

void PostgresCatalog::CreateDatabase(const std::string& name, bool if_not_exists) {
  std::string normalized = NormalizeIdentifier(name, "database");
  connection_.Write("creating database " + normalized, [&] {
    PostgresResult inserted = connection_.Execute(
        "INSERT INTO sluice_catalog.databases (name, created_micros) VALUES ($1, $2) "
        "ON CONFLICT (name) DO NOTHING",
        {normalized, SqlInt(CatalogNowMicros())}, "creating database " + normalized);
    if (inserted.AffectedRows() == 0 && !if_not_exists)
      throw Error::UserInput("database '{}' already exists", normalized);
  });
}

std::vector<std::string> PostgresCatalog::ListDatabases() {
  std::vector<std::string> names;
  connection_.Read("listing databases", [&] {
    PostgresResult result = connection_.Execute(
        "SELECT name FROM sluice_catalog.databases ORDER BY name", {}, "listing databases");
    for (int r = 0; r < result.rows(); r++) names.push_back(result.Text(r, 0));
  });
  return names;
}

std::optional<PostgresCatalog::TableRow> PostgresCatalog::FindTable(const TableName& name,
                                                                    bool for_update) {
  std::string what = "reading table " + name.ToString();
  PostgresResult table = connection_.Execute(
      fmt::format("SELECT {} FROM sluice_catalog.lake_tables WHERE db = $1 AND name = $2{}",
                  kTableColumns, for_update ? " FOR UPDATE" : ""),
      {name.database, name.name}, what);
  if (table.rows() == 0) return std::nullopt;
  TableRow row;
  row.id = table.Int(0, 0);
  row.info.name = TableName{table.Text(0, 1), table.Text(0, 2)};
  row.info.location = table.Text(0, 3);
  row.info.format = table.Text(0, 4);
  row.info.schema_version = table.Int(0, 5);
  row.info.partition_columns = StringListFromJson(table.Text(0, 6));
  row.info.current_snapshot = table.Int(0, 7);
  row.info.created_micros = table.Int(0, 8);
  row.info.updated_micros = table.Int(0, 9);
  PostgresResult schema = connection_.Execute(
      "SELECT schema_json FROM sluice_catalog.schema_versions WHERE table_id = $1 AND "
      "version = $2",
      {SqlInt(row.id), SqlInt(row.info.schema_version)}, what);
  if (schema.rows() == 0) {
    throw Error::Internal("catalog {}: table {} has no schema version {}", Describe(),
                          name.ToString(), row.info.schema_version);
  }
  row.info.schema = SchemaFromJson(schema.Text(0, 0));
  return row;
}

PostgresCatalog::TableRow PostgresCatalog::RequireTable(const TableName& name, bool for_update) {
  auto row = FindTable(name, for_update);
  if (!row) throw Error::UserInput("table {} does not exist", name.ToString());
  return *row;
}

TableInfo PostgresCatalog::CreateTable(const TableSpec& spec) {
  TableName name = ValidateTableSpec(spec);
  TableInfo result;
  connection_.Write("creating table " + name.ToString(), [&] {
    int64_t now = CatalogNowMicros();
    InsertDatabaseIfMissing(name.database, now);
    // A concurrent creator of the same name makes the insert wait for its commit and then
    // do nothing: the table exists either way.
    PostgresResult inserted = connection_.Execute(
        "INSERT INTO sluice_catalog.lake_tables (db, name, location, format, schema_version, "
        "partition_columns, current_snapshot, created_micros, updated_micros) "
        "VALUES ($1, $2, $3, $4, 1, $5, 0, $6, $6) ON CONFLICT (db, name) DO NOTHING "
        "RETURNING table_id",
        {name.database, name.name, spec.location, spec.format,
         StringListToJson(spec.partition_columns), SqlInt(now)},
        "creating table " + name.ToString());
    if (inserted.rows() == 0) {
      if (!spec.if_not_exists) throw Error::UserInput("table {} already exists", name.ToString());
      result = RequireTable(name).info;
      return;
    }
    connection_.Execute(
        "INSERT INTO sluice_catalog.schema_versions (table_id, version, schema_json, "
        "created_micros) VALUES ($1, 1, $2, $3)",
        {inserted.Text(0, 0), SchemaToJson(spec.schema), SqlInt(now)},
        "creating table " + name.ToString());
    result = RequireTable(name).info;
  });
  return result;
}

std::optional<TableInfo> PostgresCatalog::GetTable(const TableName& name) {
  std::optional<TableInfo> result;
  connection_.Read("reading table " + name.ToString(), [&] {
    if (auto row = FindTable(name)) result = row->info;
  });
  return result;
}

std::vector<TableInfo> PostgresCatalog::ListTables(const std::optional<std::string>& database) {
  std::vector<TableInfo> tables;
  std::string db = database ? NormalizeIdentifier(*database, "database") : "";
  connection_.Read("listing tables", [&] {
    PostgresResult names = connection_.Execute(
        "SELECT db, name FROM sluice_catalog.lake_tables WHERE $1 = '' OR db = $1 "
        "ORDER BY db, name",
        {db}, "listing tables");
    for (int r = 0; r < names.rows(); r++)
      tables.push_back(RequireTable(TableName{names.Text(r, 0), names.Text(r, 1)}).info);
  });
  return tables;
}

std::vector<Snapshot> PostgresCatalog::SelectSnapshots(int64_t table_id,
                                                       std::optional<int64_t> snapshot_id) {
  std::string sql =
      "SELECT snapshot_id, parent_id, committed_micros, run_id, operation, row_count, "
      "file_count, byte_count, schema_version, summary_json FROM sluice_catalog.snapshots "
      "WHERE table_id = $1";
  postgres::Params params{SqlInt(table_id)};
  if (snapshot_id) {
    sql += " AND snapshot_id = $2";
    params.push_back(SqlInt(*snapshot_id));
  } else {
    sql += " ORDER BY snapshot_id";
  }
  PostgresResult result = connection_.Execute(sql, params, "reading snapshots");
  std::vector<Snapshot> snapshots;
  for (int r = 0; r < result.rows(); r++) {
    Snapshot s;
    s.id = result.Int(r, 0);
    s.parent = result.Int(r, 1);
    s.committed_micros = result.Int(r, 2);
    s.run_id = result.Text(r, 3);
    s.operation = ParseSnapshotOperation(result.Text(r, 4));
    s.rows = static_cast<uint64_t>(result.Int(r, 5));
    s.files = static_cast<uint64_t>(result.Int(r, 6));
    s.bytes = static_cast<uint64_t>(result.Int(r, 7));
    s.schema_version = result.Int(r, 8);
    s.summary_json = result.Text(r, 9);
    snapshots.push_back(std::move(s));
  }
  return snapshots;
}

std::optional<Snapshot> PostgresCatalog::CurrentSnapshot(const TableName& table) {
  std::optional<Snapshot> result;
  connection_.Read("reading the current snapshot of " + table.ToString(), [&] {
    TableRow row = RequireTable(table);
    if (row.info.current_snapshot == 0) return;
    auto snapshots = SelectSnapshots(row.id, row.info.current_snapshot);
    if (!snapshots.empty()) result = snapshots[0];
  });
  return result;
}

std::optional<Snapshot> PostgresCatalog::GetSnapshot(const TableName& table, int64_t snapshot_id) {
  std::optional<Snapshot> result;
  connection_.Read("reading a snapshot of " + table.ToString(), [&] {
    auto snapshots = SelectSnapshots(RequireTable(table).id, snapshot_id);
    if (!snapshots.empty()) result = snapshots[0];
  });
  return result;
}

std::vector<Snapshot> PostgresCatalog::ListSnapshots(const TableName& table) {
  std::vector<Snapshot> result;
  connection_.Read("listing the snapshots of " + table.ToString(),
                   [&] { result = SelectSnapshots(RequireTable(table).id, std::nullopt); });
  return result;
}

std::vector<DataFile> PostgresCatalog::LiveFiles(int64_t table_id, int64_t snapshot_id) {
  PostgresResult result = connection_.Execute(
      "SELECT path, row_count, byte_count, partition_json, stats_json "
      "FROM sluice_catalog.data_files WHERE table_id = $1 AND added_snapshot <= $2 "
      "AND (removed_snapshot IS NULL OR removed_snapshot > $2) ORDER BY path",
      {SqlInt(table_id), SqlInt(snapshot_id)}, "listing files");
  std::vector<DataFile> files;
  files.reserve(static_cast<size_t>(result.rows()));
  for (int r = 0; r < result.rows(); r++) {
    DataFile f;
    f.path = result.Text(r, 0);
    f.rows = static_cast<uint64_t>(result.Int(r, 1));
    f.bytes = static_cast<uint64_t>(result.Int(r, 2));
    f.partition = PartitionFromJson(result.Text(r, 3));
    f.column_stats_json = result.OptionalText(r, 4).value_or("");
    files.push_back(std::move(f));
  }
  return files;
}

std::vector<DataFile> PostgresCatalog::ListFiles(const TableName& table, int64_t snapshot_id) {
  std::vector<DataFile> files;
  connection_.Read("listing the files of " + table.ToString(), [&] {
    TableRow row = RequireTable(table);
    if (snapshot_id < 0 || snapshot_id > row.info.current_snapshot) {
      throw Error::UserInput("table {} has no snapshot {} (latest is {})", table.ToString(),
                             snapshot_id, row.info.current_snapshot);
    }
    files = LiveFiles(row.id, snapshot_id);
  });
  return files;
}

std::vector<PartitionInfo> PostgresCatalog::ListPartitions(const TableName& table,
                                                           int64_t snapshot_id) {
  return GroupFilesByPartition(ListFiles(table, snapshot_id));
}

std::vector<std::string> PostgresCatalog::ListReferencedFiles(const TableName& table) {
  std::vector<std::string> paths;
  connection_.Read("listing the files of " + table.ToString(), [&] {
    PostgresResult result = connection_.Execute(
        "SELECT path FROM sluice_catalog.data_files WHERE table_id = $1 ORDER BY path",
        {SqlInt(RequireTable(table).id)}, "listing referenced files");
    for (int r = 0; r < result.rows(); r++) paths.push_back(result.Text(r, 0));
  });
  return paths;
}

std::vector<SchemaVersion> PostgresCatalog::ListSchemaVersions(const TableName& table) {
  std::vector<SchemaVersion> versions;
  connection_.Read("listing the schema versions of " + table.ToString(), [&] {
    PostgresResult result = connection_.Execute(
        "SELECT version, schema_json, created_micros FROM sluice_catalog.schema_versions "
        "WHERE table_id = $1 ORDER BY version",
        {SqlInt(RequireTable(table).id)}, "listing schema versions");
    for (int r = 0; r < result.rows(); r++) {
      versions.push_back(
          SchemaVersion{result.Int(r, 0), SchemaFromJson(result.Text(r, 1)), result.Int(r, 2)});
    }
  });
  return versions;
}

}  // namespace sluice::catalog
