// SqliteCatalog — the embedded Catalog: one SQLite file (default `<lake>/_catalog.db`) in
// WAL mode with a busy timeout; every write is one BEGIN IMMEDIATE transaction, so two
// processes committing to the same table serialize and the loser sees a conflict.
//
// Tables (plain SQL, portable to PostgreSQL): databases, lake_tables, schema_versions,
// snapshots, data_files (file intervals, see table_metadata.h), checkpoints. Timestamps are integer
// microseconds since the epoch (UTC); JSON is stored as text.
//
// Thread-safety: thread-safe (one connection guarded by a mutex).
#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "catalog/sqlite_connection.h"

namespace sluice::catalog {

class SqliteCatalog final : public Catalog {
 public:
  // Opens or creates the catalog database at `path` (":memory:" for tests).
  explicit SqliteCatalog(const std::string& path);

  void CreateDatabase(const std::string& name, bool if_not_exists) override;
  std::vector<std::string> ListDatabases() override;
  TableInfo CreateTable(const TableSpec& spec) override;
  std::optional<TableInfo> GetTable(const TableName& name) override;
  std::vector<TableInfo> ListTables(const std::optional<std::string>& database) override;
  std::optional<Snapshot> CurrentSnapshot(const TableName& table) override;
  std::optional<Snapshot> GetSnapshot(const TableName& table, int64_t snapshot_id) override;
  std::vector<Snapshot> ListSnapshots(const TableName& table) override;
  std::vector<DataFile> ListFiles(const TableName& table, int64_t snapshot_id) override;
  std::vector<PartitionInfo> ListPartitions(const TableName& table, int64_t snapshot_id) override;
  std::vector<std::string> ListReferencedFiles(const TableName& table) override;
  std::vector<SchemaVersion> ListSchemaVersions(const TableName& table) override;
  Snapshot CommitSnapshot(const CommitRequest& request) override;
  std::vector<CheckpointEntry> ListCheckpoints(const std::string& pipeline,
                                               const std::string& key_prefix) override;
  void WriteCheckpoints(const std::vector<CheckpointEntry>& entries) override;

  const std::string& path() const { return connection_.path(); }

 private:
  struct TableRow {
    int64_t id = 0;
    TableInfo info;
  };

  void CreateSchema();
  // Inside a transaction/query: the table's row, or nullopt.
  std::optional<TableRow> FindTable(const TableName& name);
  TableRow RequireTable(const TableName& name);
  std::vector<DataFile> LiveFiles(int64_t table_id, int64_t snapshot_id);
  std::vector<Snapshot> SelectSnapshots(int64_t table_id, std::optional<int64_t> snapshot_id);
  void InsertDatabaseIfMissing(const std::string& name, int64_t now);
  // Inside a transaction: writes or deletes the entries.
  void StoreCheckpoints(const std::vector<CheckpointEntry>& entries, int64_t now);

  SqliteConnection connection_;
};

}  // namespace sluice::catalog
