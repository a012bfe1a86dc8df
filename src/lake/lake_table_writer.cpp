#include "lake/lake_table_writer.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "catalog/schema_evolution.h"
#include "common/error.h"
#include "lake/chunk_schema_adapter.h"
#include "lake/lake_table_source.h"

namespace sluice::lake {
namespace {

using catalog::SnapshotOperation;

// A row's merge key as text: type class + value per key column, so that INTEGER 1 and
// BIGINT 1 (a widened column) compare equal.
std::string MergeKey(const DataChunk& chunk, const std::vector<size_t>& keys, size_t row) {
  std::string key;
  for (size_t k : keys) {
    Value v = chunk.column(k).GetValue(chunk.RowIndex(row));
    if (v.is_null()) {
      key += "N";
    } else if (IsIntegral(v.type())) {
      key += "I" + std::to_string(v.int_value());
    } else {
      key += "V" + v.ToString();
    }
    key += '\x1f';
  }
  return key;
}

std::vector<size_t> ColumnIndices(const Schema& schema, const std::vector<std::string>& names) {
  std::vector<size_t> out;
  for (const auto& name : names) {
    for (size_t i = 0; i < schema.size(); i++) {
      if (schema[i].name == name) out.push_back(i);
    }
  }
  return out;
}

}  // namespace

std::string DefaultTableLocation(const std::string& lake_root, const catalog::TableName& table) {
  return JoinPath(JoinPath(lake_root, table.database), table.name);
}

std::unique_ptr<LakeTableWriter> LakeTableWriter::Open(catalog::Catalog& catalog,
                                                       const std::string& lake_root,
                                                       const catalog::TableName& table,
                                                       const Schema& schema,
                                                       LakeWriteOptions options) {
  if (options.run_id.empty())
    throw Error::Internal("lake write to {}: no run id", table.ToString());
  std::optional<catalog::TableInfo> info = catalog.GetTable(table);
  if (!info) {
    catalog::TableSpec spec;
    spec.name = table;
    spec.location = DefaultTableLocation(lake_root, table);
    spec.schema = schema;
    spec.partition_columns = options.partition_by;
    spec.if_not_exists = true;
    info = catalog.CreateTable(spec);
  } else if (!options.partition_by.empty() && options.partition_by != info->partition_columns) {
    std::string existing;
    for (const auto& c : info->partition_columns) existing += (existing.empty() ? "" : ", ") + c;
    throw Error::UserInput("{}: the table is partitioned by ({}); a write cannot change that",
                           table.ToString(), existing);
  }
  return std::unique_ptr<LakeTableWriter>(
      new LakeTableWriter(catalog, std::move(*info), schema, std::move(options)));
}

LakeTableWriter::LakeTableWriter(catalog::Catalog& catalog, catalog::TableInfo table, Schema schema,
                                 LakeWriteOptions options)
    : catalog_(catalog),
      table_(std::move(table)),
      schema_(std::move(schema)),
      options_(std::move(options)) {
  parent_ = table_.current_snapshot;
  const std::string name = table_.name.ToString();
  // Refuse an incompatible schema before writing anything.
  Schema evolved = catalog::EvolveSchema(name, table_.schema, schema_);
  for (const auto& column : table_.partition_columns) {
    if (ColumnIndices(schema_, {column}).empty()) {
      throw Error::UserInput("{}: the data has no column '{}', a partition column of the table",
                             name, column);
    }
  }
  Schema file_schema = schema_;
  if (options_.mode == SnapshotOperation::kMerge) {
    CheckMergeKeys();
    file_schema = evolved;  // old and new rows are rewritten together
  } else if (!options_.merge_keys.empty()) {
    throw Error::UserInput("{}: key columns are only used by mode merge", name);
  }
  files_ = std::make_unique<LakeFileWriter>(table_.location, file_schema, table_.partition_columns,
                                            options_.run_id);
}

void LakeTableWriter::CheckMergeKeys() const {
  const std::string name = table_.name.ToString();
  if (options_.merge_keys.empty()) throw Error::UserInput("{}: mode merge needs key columns", name);
  for (const auto& key : options_.merge_keys) {
    if (ColumnIndices(schema_, {key}).empty()) {
      throw Error::UserInput("{}: merge key '{}' is not a column of the data {}", name, key,
                             catalog::SchemaToString(schema_));
    }
  }
}

void LakeTableWriter::Write(DataChunk& chunk) {
  if (closed_) throw Error::Internal("lake write to {}: Write after Close", table_.name.ToString());
  if (options_.mode == SnapshotOperation::kMerge) {
    BufferForMerge(chunk);
  } else {
    files_->Write(chunk);
  }
}

void LakeTableWriter::BufferForMerge(DataChunk& chunk) {
  if (chunk.size() == 0) return;
  DataChunk copy;
  copy.Initialize(chunk.types(), chunk.size());
  copy.Append(chunk, 0, chunk.size());
  merge_rows_.push_back(std::move(copy));
}

void LakeTableWriter::WriteMerged() {
  const std::string name = table_.name.ToString();
  const Schema& target = files_->schema();
  std::vector<size_t> new_keys = ColumnIndices(schema_, options_.merge_keys);
  std::unordered_set<std::string> keys;
  for (const DataChunk& chunk : merge_rows_) {
    for (size_t r = 0; r < chunk.size(); r++) {
      if (!keys.insert(MergeKey(chunk, new_keys, r)).second) {
        throw Error::UserInput(
            "{}: merge key ({}) has the same value on two rows of the new data: {}", name,
            fmt::format("{}", fmt::join(options_.merge_keys, ", ")),
            chunk.ToString().substr(0, 200));
      }
    }
  }
  // Current rows whose key is not replaced.
  if (parent_ > 0) {
    auto source = LakeTableSource::Open(catalog_, table_.name, parent_);
    ScanRequest request;
    for (size_t c = 0; c < source->schema().size(); c++) request.columns.push_back(c);
    auto scan = source->Scan(request);
    auto local = scan->InitLocal();
    ChunkSchemaAdapter adapter(source->schema(), target, name);
    std::vector<size_t> old_keys = ColumnIndices(source->schema(), options_.merge_keys);
    if (old_keys.size() != options_.merge_keys.size()) {
      throw Error::UserInput("{}: merge key ({}) is not a column of the table {}", name,
                             fmt::format("{}", fmt::join(options_.merge_keys, ", ")),
                             catalog::SchemaToString(source->schema()));
    }
    DataChunk chunk;
    DataChunk adapted;
    while (scan->Next(*local, chunk)) {
      chunk.Flatten();
      std::vector<sel_t> kept;
      for (size_t r = 0; r < chunk.size(); r++) {
        if (keys.count(MergeKey(chunk, old_keys, r)) == 0) kept.push_back(static_cast<sel_t>(r));
      }
      if (kept.empty()) continue;
      if (kept.size() != chunk.size()) chunk.Select(kept.data(), kept.size());
      adapter.Adapt(chunk, adapted);
      files_->Write(adapted);
    }
  }
  ChunkSchemaAdapter adapter(schema_, target, name);
  DataChunk adapted;
  for (DataChunk& chunk : merge_rows_) {
    adapter.Adapt(chunk, adapted);
    files_->Write(adapted);
  }
  merge_rows_.clear();
}

catalog::CommitRequest LakeTableWriter::BuildCommit(
    const std::vector<catalog::DataFile>& files) const {
  catalog::CommitRequest request;
  request.table = table_.name;
  request.expected_parent = parent_;
  request.operation = options_.mode;
  request.run_id = options_.run_id;
  request.schema = files_->schema();
  request.added = files;
  request.summary_json = options_.summary_json;
  switch (options_.mode) {
    case SnapshotOperation::kAppend: break;
    case SnapshotOperation::kOverwrite:
    case SnapshotOperation::kMerge: request.remove_all = true; break;
    case SnapshotOperation::kOverwritePartitions: {
      if (table_.partition_columns.empty()) {
        request.remove_all = true;
        break;
      }
      std::vector<catalog::PartitionValues> written = files_->PartitionsWritten();
      std::set<catalog::PartitionValues> replaced(written.begin(), written.end());
      if (parent_ > 0) {
        for (const auto& f : catalog_.ListFiles(table_.name, parent_)) {
          if (replaced.count(f.partition) > 0) request.removed.push_back(f.path);
        }
      }
      break;
    }
  }
  return request;
}

WriterStats LakeTableWriter::Close() {
  if (closed_)
    throw Error::Internal("lake write to {}: Close called twice", table_.name.ToString());
  closed_ = true;
  if (options_.mode == SnapshotOperation::kMerge) WriteMerged();
  std::vector<catalog::DataFile> files = files_->Close();
  if (options_.before_commit) options_.before_commit();
  // Files are complete; a failure from here on leaves them unreferenced (Vacuum deletes
  // them). They are not deleted on error: a commit that reports failure may still have
  // succeeded (a lost connection), and deleting would break the table.
  catalog::CommitRequest request = BuildCommit(files);
  for (int attempt = 0;; attempt++) {
    try {
      committed_ = catalog_.CommitSnapshot(request);
      break;
    } catch (const Error& e) {
      bool retry = e.kind() == ErrorKind::kRetryable &&
                   options_.mode == SnapshotOperation::kAppend &&
                   attempt < options_.max_append_retries;
      if (!retry) throw;
      auto current = catalog_.CurrentSnapshot(table_.name);
      request.expected_parent = current ? current->id : 0;
    }
  }
  WriterStats stats;
  for (const auto& f : files) {
    stats.rows += f.rows;
    stats.bytes += f.bytes;
    stats.files.push_back(JoinPath(table_.location, f.path));
  }
  return stats;
}

}  // namespace sluice::lake
