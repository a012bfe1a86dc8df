// Catalog — the metadata store of the lake (what the Glue Data Catalog does): databases,
// tables with their location, schema versions and partition columns, and each table's
// snapshots with the data files they consist of.
//
// Writers publish data with CommitSnapshot: in one transaction the catalog checks that the
// table is still at the snapshot the writer built on (optimistic concurrency), evolves the
// schema by the rules of schema_evolution.h, and records the new snapshot and its files.
// Readers ask for a snapshot's file list and never see a half-done commit.
//
// Everything outside catalog/ uses this interface only.
//
// The catalog also keeps each pipeline's checkpoint store (watermarks and processed files
// of incremental sources, CheckpointEntry): it must commit in the same transaction as the
// snapshots that publish the data those checkpoints describe.
//
// Implementations: SqliteCatalog (`<lake>/_catalog.db`) and PostgresCatalog
// (`postgresql://...`, shared by several machines).
//
// Not yet here: snapshot expiry, DropTable.
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
  // request.checkpoints are written in the same transaction.
  virtual Snapshot CommitSnapshot(const CommitRequest& request) = 0;

  // The checkpoint store. ListCheckpoints: the pipeline's entries ordered by key (every
  // pipeline's, ordered by pipeline and key, when `pipeline` is empty); `key_prefix`
  // filters. WriteCheckpoints writes (or deletes, for an empty value_json) entries in one
  // transaction; updated_micros is set by the catalog.
  virtual std::vector<CheckpointEntry> ListCheckpoints(const std::string& pipeline,
                                                       const std::string& key_prefix = "") = 0;
  virtual void WriteCheckpoints(const std::vector<CheckpointEntry>& entries) = 0;
};

// The catalog at `uri`: a SQLite file path, or postgresql://... .
std::unique_ptr<Catalog> OpenCatalog(const std::string& uri);

// The catalog at `uri` for messages and run summaries: a SQLite path as it is, a server as
// "postgresql host:port/db" (never the user's password).
std::string DescribeCatalogUri(const std::string& uri);

// `<lake>/_catalog.db` for a local lake root. SQLite needs a local file, so for an s3://
// lake the caller must name a local catalog path.
std::string DefaultCatalogPath(const std::string& lake_root);

}  // namespace sluice::catalog
