// Catalog — the metadata store of the lake (what the Glue Data Catalog does): databases,
// tables with their location, schema versions and partition columns, and each table's
// snapshots with the data files they consist of.
//
// Writers publish data with CommitSnapshot: in one transaction the catalog checks that the
// table is still at the snapshot the writer built on (optimistic concurrency), evolves the
// schema by the rules of schema_evolution.h, and records the new snapshot and its files.
// Readers ask for a snapshot's file list and never see a half-done commit.
//
// Implementations: SqliteCatalog (embedded default, `<lake>/_catalog.db`); PostgreSQL
// later. Everything outside catalog/ uses this interface only.
//
// Not yet here: a generic key/value table for source watermarks and checkpoints (it will
// live beside the run store, see run_store.h), snapshot expiry, DropTable.
//
// Thread-safety: implementations are thread-safe; several processes may share a catalog.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_metadata.h"

namespace sluice::catalog {

class Catalog {
 public:
  virtual ~Catalog() = default;

  // Throws user_input if the database exists and !if_not_exists.
  virtual void CreateDatabase(const std::string& name, bool if_not_exists) = 0;
  virtual std::vector<std::string> ListDatabases() = 0;

  // Creates a table without snapshots. The database is created if missing. Throws
  // user_input if the table exists (unless spec.if_not_exists: then returns the existing
  // one unchanged).
  virtual TableInfo CreateTable(const TableSpec& spec) = 0;
  virtual std::optional<TableInfo> GetTable(const TableName& name) = 0;
  // Tables of `database`, or of every database when nullopt; ordered by name.
  virtual std::vector<TableInfo> ListTables(const std::optional<std::string>& database) = 0;

  // Snapshot queries throw user_input naming the table when it does not exist.
  virtual std::optional<Snapshot> CurrentSnapshot(const TableName& table) = 0;
  virtual std::optional<Snapshot> GetSnapshot(const TableName& table, int64_t snapshot_id) = 0;
  virtual std::vector<Snapshot> ListSnapshots(const TableName& table) = 0;  // oldest first
  // The full list of live files of a snapshot, ordered by path. Snapshot 0: empty.
  virtual std::vector<DataFile> ListFiles(const TableName& table, int64_t snapshot_id) = 0;
  // Live files of a snapshot grouped by partition values.
  virtual std::vector<PartitionInfo> ListPartitions(const TableName& table,
                                                    int64_t snapshot_id) = 0;
  // Every file path any snapshot of the table ever referenced (for vacuum).
  virtual std::vector<std::string> ListReferencedFiles(const TableName& table) = 0;
  virtual std::vector<SchemaVersion> ListSchemaVersions(const TableName& table) = 0;

  // Publishes a new snapshot atomically (see the header comment). Throws:
  //  - retryable "conflict: table X changed since snapshot N, retry" when the table's
  //    current snapshot is not request.expected_parent;
  //  - user_input for a refused schema change or a missing table;
  //  - internal when a removed file is not live at the parent.
  virtual Snapshot CommitSnapshot(const CommitRequest& request) = 0;
};

// The catalog at `uri`: a SQLite file path, or postgresql://... (not supported yet:
// throws user_input saying so).
std::unique_ptr<Catalog> OpenCatalog(const std::string& uri);

// `<lake>/_catalog.db` for a local lake root. SQLite needs a local file, so for an s3://
// lake the caller must name a local catalog path.
std::string DefaultCatalogPath(const std::string& lake_root);

}  // namespace sluice::catalog
