// SqliteCatalog::CommitSnapshot — the one write path of table data, kept apart from the
// metadata queries in sqlite_catalog.cpp.
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "catalog/commit_rules.h"
#include "catalog/metadata_json.h"
#include "catalog/schema_evolution.h"
#include "catalog/sqlite_catalog.h"
#include "common/error.h"

namespace sluice::catalog {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Snapshot SqliteCatalog::CommitSnapshot(const CommitRequest& request) {
  const std::string table_name = request.table.ToString();
  Snapshot snapshot;
  connection_.Transaction([&] {
    TableRow row = RequireTable(request.table);
    const int64_t parent = row.info.current_snapshot;
    CheckCommitParent(request, parent);
    const int64_t now = NowMicros();
    const int64_t id = parent + 1;

    // Schema: a new version only when the evolved schema differs.
    int64_t schema_version = row.info.schema_version;
    if (auto evolved = EvolvedSchemaForCommit(request, row.info.schema)) {
      schema_version++;
      connection_
          .Prepare(
              "INSERT INTO schema_versions (table_id, version, schema_json, created_micros) "
              "VALUES (?1, ?2, ?3, ?4)")
          .Bind(1, row.id)
          .Bind(2, schema_version)
          .Bind(3, SchemaToJson(*evolved))
          .Bind(4, now)
          .Run();
    }

    // Files: mark the removed ones, insert the added ones.
    std::vector<DataFile> live = LiveFiles(row.id, parent);
    std::set<std::string> to_remove(request.removed.begin(), request.removed.end());
    FileTotals total, added, removed;
    for (const DataFile& f : live) {
      if (request.remove_all || to_remove.count(f.path) > 0) {
        removed.Add(f);
        to_remove.erase(f.path);
      } else {
        total.Add(f);
      }
    }
    if (!to_remove.empty()) {
      throw Error::Internal("commit to {}: file '{}' is not part of snapshot {}", table_name,
                            *to_remove.begin(), parent);
    }
    auto mark = connection_.Prepare(
        "UPDATE data_files SET removed_snapshot = ?3 WHERE table_id = ?1 AND path = ?2 AND "
        "removed_snapshot IS NULL");
    std::set<std::string> asked(request.removed.begin(), request.removed.end());
    for (const DataFile& f : live) {
      if (!request.remove_all && asked.count(f.path) == 0) continue;
      mark.Bind(1, row.id).Bind(2, f.path).Bind(3, id).Run();
      mark.Reset();
    }
    for (const DataFile& f : request.added) {
      if (f.path.empty() || f.path[0] == '/' || f.path.find("..") != std::string::npos) {
        throw Error::Internal("commit to {}: file path '{}' must be relative to the table location",
                              table_name, f.path);
      }
      auto exists =
          connection_.Prepare("SELECT 1 FROM data_files WHERE table_id = ?1 AND path = ?2");
      exists.Bind(1, row.id).Bind(2, f.path);
      if (exists.Step())
        throw Error::Internal("commit to {}: file '{}' was already committed", table_name, f.path);
      connection_
          .Prepare(
              "INSERT INTO data_files (table_id, path, row_count, byte_count, partition_json, "
              "stats_json, "
              "added_snapshot, removed_snapshot) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL)")
          .Bind(1, row.id)
          .Bind(2, f.path)
          .Bind(3, static_cast<int64_t>(f.rows))
          .Bind(4, static_cast<int64_t>(f.bytes))
          .Bind(5, PartitionToJson(f.partition))
          .Bind(6, f.column_stats_json.empty() ? std::optional<std::string>() : f.column_stats_json)
          .Bind(7, id)
          .Run();
      added.Add(f);
      total.Add(f);
    }

    snapshot.id = id;
    snapshot.parent = parent;
    snapshot.committed_micros = now;
    snapshot.run_id = request.run_id;
    snapshot.operation = request.operation;
    snapshot.rows = total.rows;
    snapshot.files = total.files;
    snapshot.bytes = total.bytes;
    snapshot.schema_version = schema_version;
    snapshot.summary_json = CommitSummaryJson(request, added, removed);
    connection_
        .Prepare(
            "INSERT INTO snapshots (table_id, snapshot_id, parent_id, committed_micros, run_id, "
            "operation, "
            "row_count, file_count, byte_count, schema_version, summary_json) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
        .Bind(1, row.id)
        .Bind(2, id)
        .Bind(3, parent)
        .Bind(4, now)
        .Bind(5, request.run_id)
        .Bind(6, SnapshotOperationName(request.operation))
        .Bind(7, static_cast<int64_t>(total.rows))
        .Bind(8, static_cast<int64_t>(total.files))
        .Bind(9, static_cast<int64_t>(total.bytes))
        .Bind(10, schema_version)
        .Bind(11, snapshot.summary_json)
        .Run();
    connection_
        .Prepare(
            "UPDATE lake_tables SET current_snapshot = ?2, schema_version = ?3, updated_micros = "
            "?4 "
            "WHERE table_id = ?1")
        .Bind(1, row.id)
        .Bind(2, id)
        .Bind(3, schema_version)
        .Bind(4, now)
        .Run();
    StoreCheckpoints(request.checkpoints, now);
  });
  return snapshot;
}

void SqliteCatalog::StoreCheckpoints(const std::vector<CheckpointEntry>& entries, int64_t now) {
  for (const CheckpointEntry& entry : entries) {
    if (entry.pipeline.empty() || entry.key.empty()) {
      throw Error::Internal("checkpoint entry without a pipeline or key");
    }
    if (entry.value_json.empty()) {
      connection_.Prepare("DELETE FROM checkpoints WHERE pipeline = ?1 AND key = ?2")
          .Bind(1, entry.pipeline)
          .Bind(2, entry.key)
          .Run();
      continue;
    }
    connection_
        .Prepare(
            "INSERT INTO checkpoints (pipeline, key, value_json, run_id, updated_micros) "
            "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (pipeline, key) DO UPDATE SET "
            "value_json = excluded.value_json, run_id = excluded.run_id, "
            "updated_micros = excluded.updated_micros")
        .Bind(1, entry.pipeline)
        .Bind(2, entry.key)
        .Bind(3, entry.value_json)
        .Bind(4, entry.run_id)
        .Bind(5, now)
        .Run();
  }
}

void SqliteCatalog::WriteCheckpoints(const std::vector<CheckpointEntry>& entries) {
  connection_.Transaction([&] { StoreCheckpoints(entries, NowMicros()); });
}

std::vector<CheckpointEntry> SqliteCatalog::ListCheckpoints(const std::string& pipeline,
                                                            const std::string& key_prefix) {
  std::vector<CheckpointEntry> entries;
  connection_.Query([&] {
    // substr() instead of LIKE: keys hold paths, whose '%' and '_' must not be patterns.
    auto statement = connection_.Prepare(
        "SELECT pipeline, key, value_json, run_id, updated_micros FROM checkpoints "
        "WHERE (?1 = '' OR pipeline = ?1) AND substr(key, 1, length(?2)) = ?2 "
        "ORDER BY pipeline, key");
    statement.Bind(1, pipeline).Bind(2, key_prefix);
    while (statement.Step()) {
      entries.push_back(CheckpointEntry{statement.Text(0), statement.Text(1), statement.Text(2),
                                        statement.Text(3), statement.Int(4)});
    }
  });
  return entries;
}

}  // namespace sluice::catalog
