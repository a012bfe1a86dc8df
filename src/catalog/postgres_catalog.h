// PostgresCatalog — the Catalog on a PostgreSQL server (`catalog: postgresql://...`), so
// that several machines share one catalog. The tables of SqliteCatalog, in the schema
// `sluice_catalog` (created on first open, see postgres_catalog_connection.h).
//
// Commits are optimistic, as in SQLite: CommitSnapshot locks the table's row
// (SELECT ... FOR UPDATE), so concurrent commits to one table serialize on the server;
// one that finds the table moved past its expected parent throws the retryable conflict
// and changes nothing. The snapshot, its files, a new schema version and the request's
// checkpoint entries commit in one transaction. Reads run in a read-only snapshot
// transaction, so a reader never sees half a commit.
//
// Thread-safety: thread-safe (one connection guarded by a mutex); any number of processes
// may share the catalog.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/commit_rules.h"
#include "catalog/postgres_catalog_connection.h"

namespace sluice::catalog {

class PostgresCatalog final : public Catalog {
 public:
  // Connects to `uri` (postgresql://user[:password]@host:port/database?...).
  explicit PostgresCatalog(const std::string& uri);

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

  // "postgresql host:port/db", without user or password.
  const std::string& Describe() const { return connection_.Describe(); }

 private:
  struct TableRow {
    int64_t id = 0;
    TableInfo info;
  };

  // Inside a Read/Write body: the table's row (locked until the end of the transaction
  // when `for_update`), or nullopt.
  std::optional<TableRow> FindTable(const TableName& name, bool for_update = false);
  TableRow RequireTable(const TableName& name, bool for_update = false);
  std::vector<DataFile> LiveFiles(int64_t table_id, int64_t snapshot_id);
  std::vector<Snapshot> SelectSnapshots(int64_t table_id, std::optional<int64_t> snapshot_id);
  void InsertDatabaseIfMissing(const std::string& name, int64_t now);
  // Inside a Write body: writes or deletes the entries.
  void StoreCheckpoints(const std::vector<CheckpointEntry>& entries, int64_t now);
  // Inside CommitSnapshot's transaction: records the evolved schema when it changed and
  // returns its version; marks the removed files and inserts the added ones, returning
  // the totals of the removed files and of the new snapshot's live files.
  int64_t CommitSchema(const CommitRequest& request, const TableRow& row, int64_t now);
  struct FileChanges {
    FileTotals live, added, removed;
  };
  FileChanges CommitFiles(const CommitRequest& request, const TableRow& row, int64_t snapshot_id);

  PostgresCatalogConnection connection_;
};

}  // namespace sluice::catalog
