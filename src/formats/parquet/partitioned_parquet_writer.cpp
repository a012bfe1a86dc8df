#include "formats/parquet/partitioned_parquet_writer.h"

#include <algorithm>
#include <unordered_map>

#include "common/error.h"
#include "formats/parquet/hive_partitioning.h"

namespace sluice::parquet {

PartitionedParquetWriter::PartitionedParquetWriter(std::string dir, Schema schema,
                                                   std::vector<size_t> partition_columns,
                                                   FileWriterSettings settings,
                                                   uint64_t file_size_bytes, size_t max_open_files)
    : dir_(std::move(dir)),
      schema_(std::move(schema)),
      partition_columns_(std::move(partition_columns)),
      settings_(settings),
      file_size_bytes_(file_size_bytes),
      max_open_files_(std::max<size_t>(1, max_open_files)) {
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
  for (size_t c = 0; c < schema_.size(); c++) {
    if (std::find(partition_columns_.begin(), partition_columns_.end(), c) ==
        partition_columns_.end()) {
      data_columns_.push_back(c);
      data_schema_.push_back(schema_[c]);
    }
  }
  if (data_columns_.empty()) {
    throw Error::UserInput(
        "COPY ... TO {}: every column is a PARTITION_BY column; nothing left to write", dir_);
  }
  // Many partitions each encoding in the background would oversubscribe the cores and
  // hold many row groups in memory: partitioned output encodes on the calling thread.
  if (!partition_columns_.empty()) settings_.max_in_flight = 0;
}

void PartitionedParquetWriter::Write(DataChunk& chunk) {
  chunk.Flatten();  // partition values are read by physical row below
  if (chunk.size() == 0) return;
  DataChunk data;
  data.columns().resize(data_columns_.size());
  for (size_t j = 0; j < data_columns_.size(); j++)
    data.column(j).Reference(chunk.column(data_columns_[j]));
  data.SetSize(chunk.size());
  if (partition_columns_.empty()) {
    WritePartition("", data);
    return;
  }
  // Group rows by the raw bytes of their partition values (cheap per row); the path
  // segment is rendered once per group.
  std::vector<std::pair<size_t, std::vector<sel_t>>> groups;  // first row, rows
  std::unordered_map<std::string, size_t> group_of;
  std::string raw;
  for (size_t r = 0; r < chunk.size(); r++) {
    raw.clear();
    for (size_t p : partition_columns_) {
      const Vector& v = chunk.column(p);
      if (!v.IsValid(r)) {
        raw += '\0';
        continue;
      }
      raw += '\1';
      if (v.type() == TypeId::kVarchar) {
        StringRef s = v.data<StringRef>()[r];
        auto len = s.size;
        raw.append(reinterpret_cast<const char*>(&len), sizeof(len));
        raw.append(s.data, s.size);
      } else {
        size_t width = PhysicalSize(v.type());
        raw.append(reinterpret_cast<const char*>(v.raw_data() + r * width), width);
      }
    }
    auto [it, inserted] = group_of.try_emplace(raw, groups.size());
    if (inserted) groups.push_back({r, {}});
    groups[it->second].second.push_back(static_cast<sel_t>(r));
  }
  for (const auto& [first, sel] : groups) {
    std::string key;
    for (size_t p : partition_columns_) {
      if (!key.empty()) key += '/';
      key += PartitionSegment(schema_[p].name, chunk.column(p).GetValue(first));
    }
    DataChunk part;
    part.Reference(data);
    if (sel.size() != chunk.size()) part.Select(sel.data(), sel.size());
    WritePartition(key, part);
  }
}

void PartitionedParquetWriter::WritePartition(const std::string& key, DataChunk& rows) {
  Partition& partition = partitions_[key];
  if (partition.writer == nullptr) {
    if (open_files_ >= max_open_files_) {
      Partition* oldest = nullptr;
      for (auto& [_, p] : partitions_) {
        if (p.writer != nullptr && (oldest == nullptr || p.last_use < oldest->last_use))
          oldest = &p;
      }
      if (oldest != nullptr) Finish(*oldest);
    }
    if (partition.dir.empty()) partition.dir = key.empty() ? dir_ : dir_ + "/" + key;
    std::string path =
        partition.dir + "/data_" + std::to_string(partition.next_file++) + ".parquet";
    partition.writer = std::make_unique<ParquetFileWriter>(path, data_schema_, settings_);
    open_files_++;
  }
  partition.last_use = ++clock_;
  partition.writer->Write(rows);
  if (file_size_bytes_ > 0 && partition.writer->EstimatedSize() >= file_size_bytes_) {
    Finish(partition);
  } else if (open_files_ > 1) {
    LimitBufferedBytes();
  }
}

void PartitionedParquetWriter::LimitBufferedBytes() {
  uint64_t total = 0;
  ParquetFileWriter* largest = nullptr;
  uint64_t largest_bytes = 0;
  for (auto& [_, p] : partitions_) {
    if (p.writer == nullptr) continue;
    uint64_t bytes = p.writer->BufferedBytes();
    total += bytes;
    if (bytes > largest_bytes) {
      largest_bytes = bytes;
      largest = p.writer.get();
    }
  }
  if (total > kBufferBudget && largest != nullptr) largest->FlushRowGroupNow();
}

void PartitionedParquetWriter::Finish(Partition& partition) {
  WriterStats s = partition.writer->Close();
  partition.writer.reset();
  open_files_--;
  stats_.rows += s.rows;
  stats_.bytes += s.bytes;
  for (auto& f : s.files) stats_.files.push_back(std::move(f));
}

WriterStats PartitionedParquetWriter::Close() {
  for (auto& [_, p] : partitions_) {
    if (p.writer != nullptr) Finish(p);
  }
  std::sort(stats_.files.begin(), stats_.files.end());
  return stats_;
}

}  // namespace sluice::parquet
