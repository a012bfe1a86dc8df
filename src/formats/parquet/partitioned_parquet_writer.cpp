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
    if (std::find(partition_columns_.begin(), partition_columns_.end(), c) == partition_columns_.end()) {
      data_columns_.push_back(c);
      data_schema_.push_back(schema_[c]);
    }
  }
  if (data_columns_.empty()) {
    throw Error::UserInput("COPY ... TO {}: every column is a PARTITION_BY column; nothing left to write",
                           dir_);
  }
  // Many partitions each encoding in the background would oversubscribe the cores.
  if (!partition_columns_.empty()) settings_.max_in_flight = 1;
}

void PartitionedParquetWriter::Write(DataChunk& chunk) {
  chunk.Flatten();
  if (chunk.size() == 0) return;
  DataChunk data;
  data.columns().resize(data_columns_.size());
  for (size_t j = 0; j < data_columns_.size(); j++) data.column(j).Reference(chunk.column(data_columns_[j]));
  data.SetSize(chunk.size());
  if (partition_columns_.empty()) {
    WritePartition(partitions_[""], data);
    return;
  }
  std::vector<std::string> keys;
  std::unordered_map<std::string, std::vector<sel_t>> rows_by_key;
  for (size_t r = 0; r < chunk.size(); r++) {
    std::string key;
    for (size_t p : partition_columns_) {
      if (!key.empty()) key += '/';
      key += PartitionSegment(schema_[p].name, chunk.column(p).GetValue(r));
    }
    auto [it, inserted] = rows_by_key.try_emplace(key);
    if (inserted) keys.push_back(key);
    it->second.push_back(static_cast<sel_t>(r));
  }
  for (const auto& key : keys) {
    const auto& sel = rows_by_key[key];
    DataChunk part;
    part.Reference(data);
    if (sel.size() != chunk.size()) part.Select(sel.data(), sel.size());
    WritePartition(partitions_[key], part);
  }
}

void PartitionedParquetWriter::WritePartition(Partition& partition, DataChunk& rows) {
  if (partition.writer == nullptr) {
    if (open_files_ >= max_open_files_) {
      Partition* oldest = nullptr;
      for (auto& [_, p] : partitions_) {
        if (p.writer != nullptr && (oldest == nullptr || p.last_use < oldest->last_use)) oldest = &p;
      }
      if (oldest != nullptr) Finish(*oldest);
    }
    if (partition.dir.empty()) {
      for (auto& [key, p] : partitions_) {
        if (&p == &partition) partition.dir = key.empty() ? dir_ : dir_ + "/" + key;
      }
    }
    std::string path = partition.dir + "/data_" + std::to_string(partition.next_file++) + ".parquet";
    partition.writer = std::make_unique<ParquetFileWriter>(path, data_schema_, settings_);
    open_files_++;
  }
  partition.last_use = ++clock_;
  partition.writer->Write(rows);
  if (file_size_bytes_ > 0 && partition.writer->EstimatedSize() >= file_size_bytes_) Finish(partition);
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
