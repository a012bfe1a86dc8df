// PartitionedParquetWriter — COPY ... TO 'dir' (FORMAT parquet, PARTITION_BY (a, b),
// FILE_SIZE_BYTES n): writes Hive-style `dir/a=x/b=y/data_<n>.parquet` files.
//
// Partition columns are not stored in the files (readers restore them from the path);
// values are percent-escaped, NULL becomes __HIVE_DEFAULT_PARTITION__. Each partition has
// its own ParquetFileWriter; at most `max_open_files` are open at once (the least recently
// used is finished when another is needed, and a later row for it starts a new file), and
// a file that reaches FILE_SIZE_BYTES is finished so the next rows go to data_<n+1>.
// Without PARTITION_BY this writes size-bounded files straight into `dir`.
//
// Thread-safety: one caller at a time (TableWriter's contract).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "formats/parquet/parquet_file_writer.h"

namespace sluice::parquet {

class PartitionedParquetWriter final : public TableWriter {
 public:
  PartitionedParquetWriter(std::string dir, Schema schema, std::vector<size_t> partition_columns,
                           FileWriterSettings settings, uint64_t file_size_bytes,
                           size_t max_open_files = 64);

  void Write(DataChunk& chunk) override;
  WriterStats Close() override;

 private:
  struct Partition {
    std::string dir;
    std::unique_ptr<ParquetFileWriter> writer;
    size_t next_file = 0;
    uint64_t last_use = 0;
  };

  void WritePartition(const std::string& key, DataChunk& rows);
  void Finish(Partition& partition);

  std::string dir_;
  Schema schema_;
  std::vector<size_t> partition_columns_;
  std::vector<size_t> data_columns_;
  Schema data_schema_;
  FileWriterSettings settings_;
  uint64_t file_size_bytes_;
  size_t max_open_files_;
  void LimitBufferedBytes();

  std::map<std::string, Partition> partitions_;
  size_t open_files_ = 0;
  uint64_t clock_ = 0;
  WriterStats stats_;
  // Rows buffered across all open files stay under this; the largest buffer is flushed
  // as a (smaller) row group when it is exceeded.
  static constexpr uint64_t kBufferBudget = uint64_t{128} << 20;
};

}  // namespace sluice::parquet
