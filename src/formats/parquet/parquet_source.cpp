#include "formats/parquet/parquet_source.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>

#include "common/error.h"
#include "formats/parquet/column_chunk_reader.h"
#include "formats/parquet/hive_partitioning.h"

namespace sluice::parquet {
namespace {

bool Comparable(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return false;
  if (a.type() == TypeId::kDouble && std::isnan(a.double_value())) return false;
  if (b.type() == TypeId::kDouble && std::isnan(b.double_value())) return false;
  return a.type() == b.type() || (IsNumeric(a.type()) && IsNumeric(b.type()));
}

// False when no value in [min, max] (nulls: null_count of rows) can pass the filter.
bool RangeMayMatch(const ColumnFilter& f, const std::optional<Value>& min,
                   const std::optional<Value>& max, std::optional<int64_t> null_count,
                   int64_t rows) {
  using Op = ColumnFilter::Op;
  if (f.op == Op::kIsNull) return !null_count || *null_count > 0;
  if (f.op == Op::kIsNotNull) return !null_count || *null_count < rows;
  if (null_count && *null_count == rows && rows > 0)
    return false;  // only NULLs: no comparison passes
  const Value& c = f.constant;
  if (c.is_null()) return false;  // x <op> NULL is never true
  bool have_min = min && Comparable(*min, c);
  bool have_max = max && Comparable(*max, c);
  switch (f.op) {
    case Op::kEqual:
      return !(have_min && c.Compare(*min) < 0) && !(have_max && c.Compare(*max) > 0);
    case Op::kNotEqual:
      return !(have_min && have_max && min->Compare(c) == 0 && max->Compare(c) == 0);
    case Op::kLess: return !(have_min && min->Compare(c) >= 0);
    case Op::kLessEqual: return !(have_min && min->Compare(c) > 0);
    case Op::kGreater:
      // Doubles may hold NaN, which sorts above everything and is left out of statistics.
      if (min && min->type() == TypeId::kDouble) return true;
      return !(have_max && max->Compare(c) <= 0);
    case Op::kGreaterEqual:
      if (min && min->type() == TypeId::kDouble) return true;
      return !(have_max && max->Compare(c) < 0);
    default: return true;
  }
}

struct Morsel {
  size_t file;
  size_t row_group;
};

// A constant vector; a NULL VARCHAR still holds a valid empty string in its slot.
Vector ConstantVector(const Value& value, TypeId type) {
  Vector v = Vector::Constant(value, type);
  if (value.is_null() && type == TypeId::kVarchar) v.data<StringRef>()[0] = StringRef("", 0);
  return v;
}

class ParquetLocalState final : public SourceLocalState {
 public:
  bool active = false;
  size_t file = 0;
  size_t row_group = 0;
  int64_t rows_left = 0;
  std::vector<std::unique_ptr<ColumnChunkReader>> readers;  // per output column (or null)
  std::vector<ParquetFile::ChunkBuffer> buffers;            // per output column, reused
};

class ParquetScan final : public SourceScan {
 public:
  ParquetScan(const Schema& schema, const std::vector<ParquetSource::FileEntry>& files,
              size_t file_columns, size_t partition_columns, std::vector<size_t> columns,
              std::vector<Morsel> morsels)
      : schema_(schema),
        files_(files),
        file_columns_(file_columns),
        partition_columns_(partition_columns),
        columns_(std::move(columns)),
        morsels_(std::move(morsels)) {
    for (size_t c : columns_) types_.push_back(schema_[c].type);
  }

  std::unique_ptr<SourceLocalState> InitLocal() override {
    return std::make_unique<ParquetLocalState>();
  }

  size_t MaxThreads() const override { return std::max<size_t>(1, morsels_.size()); }

  double Progress() const override {
    if (morsels_.empty()) return 1;
    return std::min(1.0, static_cast<double>(next_.load()) / static_cast<double>(morsels_.size()));
  }

  bool Next(SourceLocalState& local_base, DataChunk& out) override {
    auto& local = static_cast<ParquetLocalState&>(local_base);
    while (!local.active || local.rows_left == 0) {
      size_t m = next_.fetch_add(1);
      if (m >= morsels_.size()) {
        out.Initialize(types_);
        out.SetSize(0);
        return false;
      }
      StartMorsel(local, m);
    }
    size_t count = static_cast<size_t>(std::min<int64_t>(local.rows_left, kChunkCapacity));
    out.Initialize(types_);
    const ParquetSource::FileEntry& entry = files_[local.file];
    for (size_t i = 0; i < columns_.size(); i++) {
      size_t c = columns_[i];
      if (c < file_columns_) {
        if (local.readers[i] == nullptr) {
          out.column(i) = ConstantVector(Value::Null(types_[i]), types_[i]);
          continue;
        }
        try {
          local.readers[i]->Read(count, out.column(i));
        } catch (const Error& e) {
          throw e.WithPrefix(fmt::format("{}: column '{}' (row group {}): ", entry.file->path(),
                                         schema_[c].name, local.row_group));
        }
      } else if (c < file_columns_ + partition_columns_) {
        out.column(i) = ConstantVector(entry.partition_values[c - file_columns_], types_[i]);
      } else {
        out.column(i) = ConstantVector(Value::Varchar(entry.file->path()), types_[i]);
      }
    }
    out.SetSize(count);
    local.rows_left -= static_cast<int64_t>(count);
    if (local.rows_left == 0) {
      for (size_t i = 0; i < columns_.size(); i++) {
        if (local.readers[i] == nullptr) continue;
        try {
          local.readers[i]->CheckFinished();
        } catch (const Error& e) {
          throw e.WithPrefix(fmt::format("{}: column '{}' (row group {}): ", entry.file->path(),
                                         schema_[columns_[i]].name, local.row_group));
        }
      }
    }
    return true;
  }

 private:
  void StartMorsel(ParquetLocalState& local, size_t m) {
    const Morsel& morsel = morsels_[m];
    const ParquetSource::FileEntry& entry = files_[morsel.file];
    const RowGroup& rg = entry.file->metadata().row_groups[morsel.row_group];
    local.active = true;
    local.batch_index = m;
    local.file = morsel.file;
    local.row_group = morsel.row_group;
    local.rows_left = rg.num_rows;
    local.readers.clear();
    local.readers.resize(columns_.size());
    local.buffers.resize(columns_.size());
    for (size_t i = 0; i < columns_.size(); i++) {
      size_t c = columns_[i];
      if (c >= file_columns_ || entry.leaf_of_column[c] < 0) continue;
      auto leaf = static_cast<size_t>(entry.leaf_of_column[c]);
      size_t size = 0;
      auto bytes = entry.file->ReadColumnChunk(morsel.row_group, leaf, &size, &local.buffers[i]);
      local.readers[i] = std::make_unique<ColumnChunkReader>(
          entry.file->columns()[leaf], rg.columns[leaf].meta_data.codec, std::move(bytes), size,
          static_cast<uint64_t>(rg.num_rows));
    }
  }

  Schema schema_;
  std::vector<ParquetSource::FileEntry> files_;
  size_t file_columns_;
  size_t partition_columns_;
  std::vector<size_t> columns_;
  std::vector<TypeId> types_;
  std::vector<Morsel> morsels_;
  std::atomic<size_t> next_{0};
};

}  // namespace

std::unique_ptr<TableSource> ParquetSource::Make(Options& options) {
  auto source = std::unique_ptr<ParquetSource>(new ParquetSource());
  std::vector<std::string> paths = ExpandPaths(options, "read_parquet");
  std::optional<bool> hive = options.TakeBool("hive_partitioning");
  source->filename_ = options.TakeBool("filename").value_or(false);
  options.TakeBool("union_by_name");
  options.TakeBool("binary_as_string");
  options.CheckAllTaken({"hive_partitioning", "filename", "union_by_name", "binary_as_string"});
  source->AddFiles(paths);
  source->AddPartitionColumns(hive);
  if (source->filename_) source->schema_.push_back(Field{"filename", TypeId::kVarchar});
  source->description_ = "read_parquet(" + paths[0] + (paths.size() > 1 ? ", ..." : "") + ")";
  return source;
}

void ParquetSource::AddFiles(const std::vector<std::string>& paths) {
  std::map<std::string, std::pair<size_t, std::string>> by_name;  // name -> (index, first file)
  for (const auto& path : paths) {
    FileEntry entry;
    entry.file = ParquetFile::Open(path);
    total_rows_ += static_cast<uint64_t>(std::max<int64_t>(0, entry.file->metadata().num_rows));
    for (size_t leaf = 0; leaf < entry.file->columns().size(); leaf++) {
      const LeafColumn& col = entry.file->columns()[leaf];
      auto it = by_name.find(col.name);
      if (it == by_name.end()) {
        it = by_name.emplace(col.name, std::make_pair(schema_.size(), path)).first;
        schema_.push_back(Field{col.name, col.type});
      } else if (schema_[it->second.first].type != col.type) {
        throw Error::UserInput("read_parquet: column '{}' is {} in {} but {} in {}", col.name,
                               TypeName(schema_[it->second.first].type), it->second.second,
                               TypeName(col.type), path);
      }
      size_t index = it->second.first;
      if (entry.leaf_of_column.size() <= index) entry.leaf_of_column.resize(index + 1, -1);
      if (entry.leaf_of_column[index] >= 0) {
        throw Error::UserInput("{}: column '{}' appears twice", path, col.name);
      }
      entry.leaf_of_column[index] = static_cast<int>(leaf);
    }
    files_.push_back(std::move(entry));
  }
  file_columns_ = schema_.size();
  for (auto& f : files_) f.leaf_of_column.resize(file_columns_, -1);
}

void ParquetSource::AddPartitionColumns(std::optional<bool> hive_partitioning) {
  std::vector<std::vector<std::pair<std::string, std::optional<std::string>>>> parsed;
  for (const auto& f : files_) parsed.push_back(ParseHivePartitions(f.file->path()));
  if (!hive_partitioning) {
    // Auto-detect: every file sits under the same non-empty set of key=value directories.
    bool same = !parsed.empty() && !parsed[0].empty();
    for (const auto& p : parsed) {
      if (!same || p.size() != parsed[0].size()) {
        same = false;
        break;
      }
      for (size_t i = 0; i < p.size(); i++) same = same && p[i].first == parsed[0][i].first;
    }
    hive_partitioning = same;
  }
  if (!*hive_partitioning) return;
  std::vector<std::string> keys;
  for (const auto& p : parsed) {
    for (const auto& [key, _] : p) {
      bool is_file_column = false;
      for (size_t c = 0; c < file_columns_; c++)
        is_file_column = is_file_column || schema_[c].name == key;
      if (!is_file_column && std::find(keys.begin(), keys.end(), key) == keys.end())
        keys.push_back(key);
    }
  }
  for (const auto& key : keys) {
    std::vector<const std::string*> values;
    for (const auto& p : parsed) {
      for (const auto& [k, v] : p) {
        if (k == key && v) values.push_back(&*v);
      }
    }
    TypeId type = InferPartitionType(values);
    schema_.push_back(Field{key, type});
    for (size_t f = 0; f < files_.size(); f++) {
      std::optional<std::string> value;
      for (const auto& [k, v] : parsed[f]) {
        if (k == key) value = v;
      }
      files_[f].partition_values.push_back(PartitionValue(value, type));
    }
  }
  partition_columns_ = keys.size();
}

bool ParquetSource::FileMayMatch(const FileEntry& file,
                                 const std::vector<ColumnFilter>& filters) const {
  for (const auto& f : filters) {
    if (f.column < file_columns_ || f.column >= file_columns_ + partition_columns_) continue;
    const Value& v = file.partition_values[f.column - file_columns_];
    int64_t null_count = v.is_null() ? 1 : 0;
    if (!RangeMayMatch(f, v, v, null_count, 1)) return false;
  }
  return true;
}

bool ParquetSource::RowGroupMayMatch(const FileEntry& file, size_t row_group,
                                     const std::vector<ColumnFilter>& filters) const {
  int64_t rows = file.file->metadata().row_groups[row_group].num_rows;
  for (const auto& f : filters) {
    if (f.column >= file_columns_) continue;
    int leaf = file.leaf_of_column[f.column];
    if (leaf < 0) {
      // The column is all NULL in this file.
      if (!RangeMayMatch(f, std::nullopt, std::nullopt, rows, rows)) return false;
      continue;
    }
    auto stats = file.file->Stats(row_group, static_cast<size_t>(leaf));
    if (!RangeMayMatch(f, stats.min, stats.max, stats.null_count, rows)) return false;
  }
  return true;
}

std::unique_ptr<SourceScan> ParquetSource::Scan(const ScanRequest& request) {
  for (size_t c : request.columns) {
    if (c >= schema_.size()) throw Error::Internal("read_parquet: column index {} out of range", c);
  }
  std::vector<Morsel> morsels;
  for (size_t f = 0; f < files_.size(); f++) {
    if (!FileMayMatch(files_[f], request.filters)) continue;
    const auto& groups = files_[f].file->metadata().row_groups;
    for (size_t g = 0; g < groups.size(); g++) {
      if (groups[g].num_rows == 0 || !RowGroupMayMatch(files_[f], g, request.filters)) continue;
      morsels.push_back(Morsel{f, g});
    }
  }
  return std::make_unique<ParquetScan>(schema_, files_, file_columns_, partition_columns_,
                                       request.columns, std::move(morsels));
}

std::string ParquetSource::Describe() const {
  return description_;
}

}  // namespace sluice::parquet
