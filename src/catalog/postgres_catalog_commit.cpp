// PostgresCatalog::CommitSnapshot and the checkpoint store — the write paths of table data,
// kept apart from the metadata queries in postgres_catalog.cpp. File lists and checkpoint
// entries travel as one JSON parameter each, so a commit costs a fixed number of round
// trips however many files it adds.
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "catalog/commit_rules.h"
#include "catalog/metadata_json.h"
#include "catalog/postgres_catalog.h"
#include "catalog/schema_evolution.h"
#include "common/error.h"

namespace sluice::catalog {
namespace {

using postgres::PostgresResult;

std::string JsonArray(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump();
}

}  // namespace

Snapshot PostgresCatalog::CommitSnapshot(const CommitRequest& request) {
  const std::string table_name = request.table.ToString();
  Snapshot snapshot;
  connection_.Write("commit to " + table_name, [&] {
    // The row lock serializes commits to the table; after waiting for another committer
    // the row read is the one it left, so a moved table is seen here.
    TableRow row = RequireTable(request.table, /*for_update=*/true);
    const int64_t parent = row.info.current_snapshot;
    CheckCommitParent(request, parent);
    const int64_t now = CatalogNowMicros();
    const int64_t id = parent + 1;
    int64_t schema_version = CommitSchema(request, row, now);
    FileChanges files = CommitFiles(request, row, id);

    snapshot.id = id;
    snapshot.parent = parent;
    snapshot.committed_micros = now;
    snapshot.run_id = request.run_id;
    snapshot.operation = request.operation;
    snapshot.rows = files.live.rows;
    snapshot.files = files.live.files;
    snapshot.bytes = files.live.bytes;
    snapshot.schema_version = schema_version;
    snapshot.summary_json = CommitSummaryJson(request, files.added, files.removed);
    connection_.Execute(
        "INSERT INTO sluice_catalog.snapshots (table_id, snapshot_id, parent_id, "
        "committed_micros, run_id, operation, row_count, file_count, byte_count, "
        "schema_version, summary_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        {SqlInt(row.id), SqlInt(id), SqlInt(parent), SqlInt(now), request.run_id,
         std::string(SnapshotOperationName(request.operation)),
         SqlInt(static_cast<int64_t>(snapshot.rows)), SqlInt(static_cast<int64_t>(snapshot.files)),
         SqlInt(static_cast<int64_t>(snapshot.bytes)), SqlInt(schema_version),
         snapshot.summary_json},
        "recording snapshot of " + table_name);
    connection_.Execute(
        "UPDATE sluice_catalog.lake_tables SET current_snapshot = $2, schema_version = $3, "
        "updated_micros = $4 WHERE table_id = $1",
        {SqlInt(row.id), SqlInt(id), SqlInt(schema_version), SqlInt(now)},
        "moving " + table_name + " to its new snapshot");
    StoreCheckpoints(request.checkpoints, now);
  });
  return snapshot;
}

int64_t PostgresCatalog::CommitSchema(const CommitRequest& request, const TableRow& row,
                                      int64_t now) {
  std::optional<Schema> evolved = EvolvedSchemaForCommit(request, row.info.schema);
  if (!evolved) return row.info.schema_version;
  int64_t schema_version = row.info.schema_version + 1;
  connection_.Execute(
      "INSERT INTO sluice_catalog.schema_versions (table_id, version, schema_json, "
      "created_micros) VALUES ($1, $2, $3, $4)",
      {SqlInt(row.id), SqlInt(schema_version), SchemaToJson(*evolved), SqlInt(now)},
      "recording the schema of " + request.table.ToString());
  return schema_version;
}

PostgresCatalog::FileChanges PostgresCatalog::CommitFiles(const CommitRequest& request,
                                                          const TableRow& row,
                                                          int64_t snapshot_id) {
  const std::string table_name = request.table.ToString();
  const int64_t parent = snapshot_id - 1;
  FileChanges changes;
  std::set<std::string> to_remove(request.removed.begin(), request.removed.end());
  std::vector<std::string> removed_paths;
  for (const DataFile& f : LiveFiles(row.id, parent)) {
    if (request.remove_all || to_remove.count(f.path) > 0) {
      changes.removed.Add(f);
      to_remove.erase(f.path);
      removed_paths.push_back(f.path);
    } else {
      changes.live.Add(f);
    }
  }
  if (!to_remove.empty()) {
    throw Error::Internal("commit to {}: file '{}' is not part of snapshot {}", table_name,
                          *to_remove.begin(), parent);
  }
  if (!removed_paths.empty()) {
    connection_.Execute(
        "UPDATE sluice_catalog.data_files SET removed_snapshot = $2 WHERE table_id = $1 AND "
        "removed_snapshot IS NULL AND path IN (SELECT json_array_elements_text($3::json))",
        {SqlInt(row.id), SqlInt(snapshot_id), JsonArray(removed_paths)},
        "removing files from " + table_name);
  }
  if (request.added.empty()) return changes;

  std::set<std::string> added_paths;
  nlohmann::json rows = nlohmann::json::array();
  for (const DataFile& f : request.added) {
    if (f.path.empty() || f.path[0] == '/' || f.path.find("..") != std::string::npos) {
      throw Error::Internal("commit to {}: file path '{}' must be relative to the table location",
                            table_name, f.path);
    }
    if (!added_paths.insert(f.path).second)
      throw Error::Internal("commit to {}: file '{}' was already committed", table_name, f.path);
    rows.push_back(
        {{"path", f.path},
         {"row_count", f.rows},
         {"byte_count", f.bytes},
         {"partition_json", PartitionToJson(f.partition)},
         {"stats_json", f.column_stats_json.empty() ? nlohmann::json(nullptr)
                                                    : nlohmann::json(f.column_stats_json)}});
    changes.added.Add(f);
    changes.live.Add(f);
  }
  PostgresResult existing = connection_.Execute(
      "SELECT path FROM sluice_catalog.data_files WHERE table_id = $1 AND path IN "
      "(SELECT json_array_elements_text($2::json)) ORDER BY path LIMIT 1",
      {SqlInt(row.id), JsonArray({added_paths.begin(), added_paths.end()})},
      "looking for files already in " + table_name);
  if (existing.rows() > 0) {
    throw Error::Internal("commit to {}: file '{}' was already committed", table_name,
                          existing.Text(0, 0));
  }
  connection_.Execute(
      "INSERT INTO sluice_catalog.data_files (table_id, path, row_count, byte_count, "
      "partition_json, stats_json, added_snapshot) "
      "SELECT $1, f.path, f.row_count, f.byte_count, f.partition_json, f.stats_json, $2 "
      "FROM json_to_recordset($3::json) AS f(path text, row_count bigint, byte_count bigint, "
      "partition_json text, stats_json text)",
      {SqlInt(row.id), SqlInt(snapshot_id), rows.dump()}, "adding files to " + table_name);
  return changes;
}

void PostgresCatalog::StoreCheckpoints(const std::vector<CheckpointEntry>& entries, int64_t now) {
  // Entries apply in order: the last one for a key wins, as if written one by one.
  std::map<std::pair<std::string, std::string>, const CheckpointEntry*> last;
  for (const CheckpointEntry& entry : entries) {
    if (entry.pipeline.empty() || entry.key.empty())
      throw Error::Internal("checkpoint entry without a pipeline or key");
    last[{entry.pipeline, entry.key}] = &entry;
  }
  if (last.empty()) return;
  nlohmann::json deleted = nlohmann::json::array();
  nlohmann::json written = nlohmann::json::array();
  for (const auto& [key, entry] : last) {
    if (entry->value_json.empty()) {
      deleted.push_back({{"pipeline", key.first}, {"key", key.second}});
    } else {
      written.push_back({{"pipeline", key.first},
                         {"key", key.second},
                         {"value_json", entry->value_json},
                         {"run_id", entry->run_id}});
    }
  }
  if (!deleted.empty()) {
    connection_.Execute(
        "DELETE FROM sluice_catalog.checkpoints c USING json_to_recordset($1::json) AS "
        "e(pipeline text, key text) WHERE c.pipeline = e.pipeline AND c.key = e.key",
        {deleted.dump()}, "deleting checkpoint entries");
  }
  if (!written.empty()) {
    connection_.Execute(
        "INSERT INTO sluice_catalog.checkpoints (pipeline, key, value_json, run_id, "
        "updated_micros) SELECT e.pipeline, e.key, e.value_json, e.run_id, $2 "
        "FROM json_to_recordset($1::json) AS e(pipeline text, key text, value_json text, "
        "run_id text) ON CONFLICT (pipeline, key) DO UPDATE SET value_json = "
        "excluded.value_json, run_id = excluded.run_id, updated_micros = excluded.updated_micros",
        {written.dump(), SqlInt(now)}, "writing checkpoint entries");
  }
}

void PostgresCatalog::WriteCheckpoints(const std::vector<CheckpointEntry>& entries) {
  connection_.Write("writing checkpoint entries",
                    [&] { StoreCheckpoints(entries, CatalogNowMicros()); });
}

std::vector<CheckpointEntry> PostgresCatalog::ListCheckpoints(const std::string& pipeline,
                                                              const std::string& key_prefix) {
  std::vector<CheckpointEntry> entries;
  connection_.Read("listing checkpoint entries", [&] {
    // starts_with, not LIKE: keys hold paths, whose '%' and '_' must not be patterns.
    PostgresResult result = connection_.Execute(
        "SELECT pipeline, key, value_json, run_id, updated_micros FROM "
        "sluice_catalog.checkpoints WHERE ($1 = '' OR pipeline = $1) AND starts_with(key, $2) "
        "ORDER BY pipeline, key",
        {pipeline, key_prefix}, "listing checkpoint entries");
    for (int r = 0; r < result.rows(); r++) {
      entries.push_back(CheckpointEntry{result.Text(r, 0), result.Text(r, 1), result.Text(r, 2),
                                        result.Text(r, 3), result.Int(r, 4)});
    }
  });
  return entries;
}

}  // namespace sluice::catalog
