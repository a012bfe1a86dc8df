#include "lake/lake_file_writer.h"

#include <algorithm>
#include <random>
#include <unordered_map>

#include "common/error.h"
#include "formats/builtin_formats.h"
#include "formats/parquet/hive_partitioning.h"
#include "lake/lake_table_source.h"

namespace sluice::lake {
namespace {

std::string RandomToken() {
  static thread_local std::mt19937_64 random(std::random_device{}());
  return fmt::format("{:06x}", random() & 0xffffff);
}

// Raw bytes of a row's partition values: a cheap grouping key.
void AppendRawKey(const Vector& v, size_t row, std::string& raw) {
  if (!v.IsValid(row)) {
    raw += '\0';
    return;
  }
  raw += '\1';
  if (v.type() == TypeId::kVarchar) {
    StringRef s = v.data<StringRef>()[row];
    raw.append(reinterpret_cast<const char*>(&s.size), sizeof(s.size));
    raw.append(s.data, s.size);
  } else {
    size_t width = PhysicalSize(v.type());
    raw.append(reinterpret_cast<const char*>(v.raw_data() + row * width), width);
  }
}

}  // namespace

LakeFileWriter::LakeFileWriter(std::string location, Schema schema,
                               const std::vector<std::string>& partition_by, std::string run_id,
                               size_t max_open_files)
    : location_(std::move(location)),
      schema_(std::move(schema)),
      file_prefix_("part-" + run_id + "-" + RandomToken() + "-"),
      max_open_files_(std::max<size_t>(1, max_open_files)) {
  RegisterBuiltinFormats();
  for (const auto& name : partition_by) {
    auto it = std::find_if(schema_.begin(), schema_.end(),
                           [&](const Field& f) { return f.name == name; });
    if (it == schema_.end()) {
      throw Error::UserInput("{}: partition column '{}' is not a column of the data", location_,
                             name);
    }
    partition_columns_.push_back(static_cast<size_t>(it - schema_.begin()));
  }
  if (run_id.empty() || run_id.find('/') != std::string::npos) {
    throw Error::Internal("lake writer: invalid run id '{}'", run_id);
  }
}

void LakeFileWriter::Write(DataChunk& chunk) {
  if (chunk.size() == 0) return;
  chunk.Flatten();
  if (partition_columns_.empty()) {
    WritePartition(partitions_[""], chunk);
    return;
  }
  std::vector<std::pair<size_t, std::vector<sel_t>>> groups;  // first row, rows
  std::unordered_map<std::string, size_t> group_of;
  std::string raw;
  for (size_t r = 0; r < chunk.size(); r++) {
    raw.clear();
    for (size_t p : partition_columns_) AppendRawKey(chunk.column(p), r, raw);
    auto [it, inserted] = group_of.try_emplace(raw, groups.size());
    if (inserted) groups.push_back({r, {}});
    groups[it->second].second.push_back(static_cast<sel_t>(r));
  }
  for (const auto& [first, rows] : groups) {
    std::string dir;
    catalog::PartitionValues values;
    for (size_t p : partition_columns_) {
      Value v = chunk.column(p).GetValue(first);
      if (!dir.empty()) dir += '/';
      dir += parquet::PartitionSegment(schema_[p].name, v);
      values.emplace_back(schema_[p].name,
                          v.is_null() ? std::nullopt : std::optional<std::string>(v.ToString()));
    }
    Partition& partition = partitions_[dir];
    partition.dir = dir;
    partition.values = std::move(values);
    DataChunk part;
    part.Reference(chunk);
    if (rows.size() != chunk.size()) part.Select(rows.data(), rows.size());
    WritePartition(partition, part);
  }
}

void LakeFileWriter::WritePartition(Partition& partition, DataChunk& rows) {
  if (partition.writer == nullptr) {
    if (open_files_ >= max_open_files_) {
      Partition* oldest = nullptr;
      for (auto& [_, p] : partitions_) {
        if (p.writer != nullptr && (oldest == nullptr || p.last_use < oldest->last_use))
          oldest = &p;
      }
      if (oldest != nullptr) Finish(*oldest);
    }
    partition.current_file = (partition.dir.empty() ? "" : partition.dir + "/") + file_prefix_ +
                             std::to_string(next_file_++) + ".parquet";
    const TableWriterFactory* factory = TableWriterRegistry::Find("parquet");
    if (factory == nullptr) throw Error::Internal("lake: the parquet writer is not registered");
    Options options("lake table write");
    partition.writer = (*factory)(JoinPath(location_, partition.current_file), schema_, options);
    open_files_++;
  }
  partition.last_use = ++clock_;
  partition.writer->Write(rows);
}

void LakeFileWriter::Finish(Partition& partition) {
  WriterStats stats = partition.writer->Close();
  partition.writer.reset();
  open_files_--;
  files_.push_back(
      catalog::DataFile{partition.current_file, stats.rows, stats.bytes, partition.values, ""});
}

std::vector<catalog::DataFile> LakeFileWriter::Close() {
  for (auto& [_, p] : partitions_) {
    if (p.writer != nullptr) Finish(p);
  }
  std::sort(files_.begin(), files_.end(),
            [](const catalog::DataFile& a, const catalog::DataFile& b) { return a.path < b.path; });
  return files_;
}

std::vector<catalog::PartitionValues> LakeFileWriter::PartitionsWritten() const {
  std::vector<catalog::PartitionValues> out;
  for (const auto& [_, p] : partitions_) out.push_back(p.values);
  return out;
}

}  // namespace sluice::lake
