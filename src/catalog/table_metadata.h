// The catalog's vocabulary: table names, table definitions, data files, snapshots and
// commit requests. Plain values shared by Catalog implementations, lake/ and the CLI.
//
// File lists: a snapshot's live files are stored as intervals, not copied per snapshot.
// Each data file row records the snapshot that added it and, once replaced, the snapshot
// that removed it; the live set of snapshot N is every file with
// added_snapshot <= N < removed_snapshot (removed_snapshot NULL = still live). History is
// linear (every commit's parent is the snapshot it replaced), so this gives exactly the
// full file list of any snapshot with one query and O(files) storage.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "types/type.h"

namespace sluice::catalog {

// "db.table". Names are identifiers ([A-Za-z_][A-Za-z0-9_]*), stored lower-case: they
// are also directory names under the lake.
struct TableName {
  std::string database;
  std::string name;

  // Parses "db.table"; throws user_input naming the text when it is not of that form.
  static TableName Parse(std::string_view text);
  std::string ToString() const { return database + "." + name; }
  bool operator==(const TableName&) const = default;
};

// Validates an identifier and returns it lower-cased; `what` names it in the message.
std::string NormalizeIdentifier(std::string_view text, std::string_view what);

enum class SnapshotOperation { kAppend, kOverwrite, kOverwritePartitions, kMerge };
std::string_view SnapshotOperationName(SnapshotOperation op);
// Accepts append|overwrite|overwrite_partitions|merge; throws user_input otherwise.
SnapshotOperation ParseSnapshotOperation(std::string_view text);

struct TableSpec {
  TableName name;
  std::string location;  // directory of the table's files (local path or s3://...)
  std::string format = "parquet";
  Schema schema;
  std::vector<std::string> partition_columns;  // must be columns of schema
  bool if_not_exists = false;                  // return the existing table instead of failing
};

// Checks a table definition (a location, at least one column, typed and unique columns,
// partition columns among them) and returns its name normalized; throws user_input naming
// the table and the problem.
TableName ValidateTableSpec(const TableSpec& spec);

struct TableInfo {
  TableName name;
  std::string location;
  std::string format;
  Schema schema;               // current schema
  int64_t schema_version = 1;  // version of `schema`
  std::vector<std::string> partition_columns;
  int64_t current_snapshot = 0;  // 0: no snapshot yet (an empty table)
  int64_t created_micros = 0;    // since the epoch, UTC
  int64_t updated_micros = 0;
};

// One partition value as it appears in a hive path segment; nullopt is NULL.
using PartitionValues = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct DataFile {
  std::string path;  // relative to the table location ("order_date=2024-01-01/part-....parquet")
  uint64_t rows = 0;
  uint64_t bytes = 0;
  PartitionValues partition;
  std::string column_stats_json;  // optional, free-form JSON; empty when unknown
};

struct Snapshot {
  int64_t id = 0;      // 1, 2, 3, ... per table
  int64_t parent = 0;  // 0 for the first snapshot
  int64_t committed_micros = 0;
  std::string run_id;
  SnapshotOperation operation = SnapshotOperation::kAppend;
  uint64_t rows = 0;  // of the whole table at this snapshot
  uint64_t files = 0;
  uint64_t bytes = 0;
  int64_t schema_version = 1;
  std::string summary_json;  // {"added_files":..,"removed_files":..,"added_rows":..,...}
};

struct SchemaVersion {
  int64_t version = 1;
  Schema schema;
  int64_t created_micros = 0;
};

struct PartitionInfo {
  PartitionValues values;
  uint64_t files = 0;
  uint64_t rows = 0;
  uint64_t bytes = 0;
};

// One entry of a pipeline's checkpoint store (docs/design.md §5, "Incremental runs"): what
// an incremental source has processed so far, as a JSON value under a key of the pipeline
// ("watermark:orders" -> {"value": "2024-05-01 10:00:00", ...}; "file:orders:<path>" ->
// {"size": .., "fingerprint": ..}). Entries move only with the data they describe: a run
// writes them in the same catalog transaction as its last lake snapshot (CommitRequest::
// checkpoints), or alone when it has no lake sink after its last load.
struct CheckpointEntry {
  std::string pipeline;
  std::string key;
  std::string value_json;  // in a write: empty deletes the entry
  std::string run_id;      // the run that wrote it
  int64_t updated_micros = 0;
};

struct CommitRequest {
  TableName table;
  // The snapshot the writer read and built on (0: the table was empty). The commit fails
  // with a retryable conflict if the table moved on since.
  int64_t expected_parent = 0;
  SnapshotOperation operation = SnapshotOperation::kAppend;
  std::string run_id;
  // Schema of the written data; evolves the table schema (new columns, widening). Empty:
  // keep the current schema.
  Schema schema;
  std::vector<DataFile> added;
  std::vector<std::string> removed;  // paths (relative) of files live at expected_parent
  bool remove_all = false;           // overwrite: every file live at expected_parent goes
  std::string summary_json;          // extra JSON object merged into the snapshot summary
  // Checkpoint entries written (or deleted) in the same transaction as the snapshot, so
  // that a source's watermark never advances without the data it covers.
  std::vector<CheckpointEntry> checkpoints;
};

}  // namespace sluice::catalog
