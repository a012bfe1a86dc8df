#include "lake/lake_table_writer.h"

#include <algorithm>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>

#include "catalog/schema_evolution.h"
#include "common/error.h"
#include "lake/chunk_schema_adapter.h"
#include "lake/lake_table_source.h"
#include "vector/chunk_shares.h"

namespace sluice::lake {
namespace {

using catalog::SnapshotOperation;

// The merge keys seen in the new data: integers of one key column in a hash set of
// int64 (the common case: ids), anything else as a compact binary encoding per row.
// Encodings put INTEGER and BIGINT in one class, so that a widened column still matches.
class MergeKeySet {
 public:
  MergeKeySet(const DataChunk* sample, const std::vector<size_t>& keys)
      : single_int_(keys.size() == 1 && sample != nullptr &&
                    IsIntegerLike(sample->column(keys[0]).type())) {}

  // Adds row `row`'s key; false if it was there already.
  bool Insert(const DataChunk& chunk, const std::vector<size_t>& keys, size_t row) {
    if (single_int_) {
      std::optional<int64_t> v = Int(chunk, keys[0], row);
      if (!v) return nulls_.insert(Encode(chunk, keys, row)).second;
      return ints_.insert(*v).second;
    }
    return encoded_.insert(Encode(chunk, keys, row)).second;
  }

  bool Contains(const DataChunk& chunk, const std::vector<size_t>& keys, size_t row) {
    if (single_int_ && IsIntegerLike(chunk.column(keys[0]).type())) {
      std::optional<int64_t> v = Int(chunk, keys[0], row);
      return v ? ints_.count(*v) > 0 : nulls_.count(Encode(chunk, keys, row)) > 0;
    }
    if (single_int_) return false;  // the table's key column has another type class
    return encoded_.count(Encode(chunk, keys, row)) > 0;
  }

  void Reserve(size_t n) {
    if (single_int_) {
      ints_.reserve(n);
    } else {
      encoded_.reserve(n);
    }
  }

 private:
  static bool IsIntegerLike(TypeId type) {
    return type == TypeId::kInteger || type == TypeId::kBigint;
  }

  static std::optional<int64_t> Int(const DataChunk& chunk, size_t column, size_t row) {
    ColumnView view(chunk, column);
    if (!view.IsValid(row)) return std::nullopt;
    if (chunk.column(column).type() == TypeId::kInteger) return view.Get<int32_t>(row);
    return view.Get<int64_t>(row);
  }

  std::string& Encode(const DataChunk& chunk, const std::vector<size_t>& keys, size_t row) {
    buffer_.clear();
    for (size_t k : keys) {
      ColumnView view(chunk, k);
      TypeId type = chunk.column(k).type();
      if (!view.IsValid(row)) {
        buffer_ += 'N';
        continue;
      }
      auto append = [&](char tag, const void* bytes, size_t n) {
        buffer_ += tag;
        buffer_.append(static_cast<const char*>(bytes), n);
      };
      switch (type) {
        case TypeId::kInteger: {
          int64_t v = view.Get<int32_t>(row);
          append('I', &v, sizeof v);
          break;
        }
        case TypeId::kBigint: append('I', &view.Get<int64_t>(row), sizeof(int64_t)); break;
        case TypeId::kDouble: append('D', &view.Get<double>(row), sizeof(double)); break;
        case TypeId::kDate: append('d', &view.Get<int32_t>(row), sizeof(int32_t)); break;
        case TypeId::kTimestamp: append('T', &view.Get<int64_t>(row), sizeof(int64_t)); break;
        case TypeId::kVarchar: {
          const StringRef& str = view.Get<StringRef>(row);
          uint32_t n = str.size;
          append('S', &n, sizeof n);
          buffer_.append(str.data, str.size);
          break;
        }
        default: buffer_ += 'V' + chunk.column(k).GetValue(view.Index(row)).ToString(); break;
      }
    }
    return buffer_;
  }

  bool single_int_;
  std::unordered_set<int64_t> ints_;
  std::unordered_set<std::string> nulls_;  // single-int keys that are NULL
  std::unordered_set<std::string> encoded_;
  std::string buffer_;
};

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

void LakeTableWriter::WriteAll(const std::vector<const DataChunk*>& chunks, size_t workers) {
  // Contiguous shares of about equal size; small writes stay in one file.
  std::vector<size_t> bounds = ChunkShares(chunks, workers);
  if (options_.mode == SnapshotOperation::kMerge || bounds.size() <= 2) {
    for (const DataChunk* chunk : chunks) {
      DataChunk view;
      view.Reference(*chunk);
      Write(view);
    }
    return;
  }
  if (closed_) throw Error::Internal("lake write to {}: Write after Close", table_.name.ToString());
  std::vector<LakeFileWriter*> writers = {files_.get()};
  for (size_t w = 1; w + 1 < bounds.size(); w++) {
    extra_files_.push_back(std::make_unique<LakeFileWriter>(
        table_.location, files_->schema(), table_.partition_columns, options_.run_id));
    writers.push_back(extra_files_.back().get());
  }
  std::vector<std::exception_ptr> errors(writers.size());
  auto work = [&](size_t w) {
    try {
      for (size_t i = bounds[w]; i < bounds[w + 1]; i++) {
        DataChunk view;
        view.Reference(*chunks[i]);
        writers[w]->Write(view);
      }
    } catch (...) {
      errors[w] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t w = 1; w < writers.size(); w++) threads.emplace_back(work, w);
  work(0);
  for (auto& t : threads) t.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
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
  MergeKeySet keys(merge_rows_.empty() ? nullptr : &merge_rows_[0], new_keys);
  size_t new_rows = 0;
  for (const DataChunk& chunk : merge_rows_) new_rows += chunk.size();
  keys.Reserve(new_rows);
  for (const DataChunk& chunk : merge_rows_) {
    for (size_t r = 0; r < chunk.size(); r++) {
      if (!keys.Insert(chunk, new_keys, r)) {
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
        if (!keys.Contains(chunk, old_keys, r)) kept.push_back(static_cast<sel_t>(r));
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
  request.checkpoints = options_.checkpoints;
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
  for (auto& extra : extra_files_) {
    std::vector<catalog::DataFile> more = extra->Close();
    files.insert(files.end(), more.begin(), more.end());
  }
  std::sort(files.begin(), files.end(),
            [](const catalog::DataFile& a, const catalog::DataFile& b) { return a.path < b.path; });
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
