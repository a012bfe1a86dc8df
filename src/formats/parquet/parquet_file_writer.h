// ParquetFileWriter — writes one Parquet file.
//
// Rows are copied into a row group buffer; a full row group (ROW_GROUP_SIZE rows or
// ROW_GROUP_SIZE_BYTES of data) is encoded on a background thread (std::async) while the
// caller keeps appending, and encoded row groups are written in order. The file is written
// under a temporary name and renamed on Close(), so a failed write leaves no file that
// looks complete; on an object store (FileSystem::WritesAppearOnClose) it goes to its
// final name directly, since the object appears only when complete.
//
// Thread-safety: one caller at a time (TableWriter's contract).
#pragma once

#include <deque>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "formats/parquet/column_chunk_writer.h"
#include "formats/table_writer.h"
#include "storage/file_system.h"

namespace sluice::parquet {

struct FileWriterSettings {
  WriteSettings encoding;
  size_t row_group_rows = 122880;
  size_t row_group_bytes = size_t{128} << 20;
  size_t max_in_flight = 2;  // row groups being encoded in the background
};

class ParquetFileWriter final : public TableWriter {
 public:
  ParquetFileWriter(std::string path, Schema schema, FileWriterSettings settings);
  ~ParquetFileWriter() override;

  void Write(DataChunk& chunk) override;
  WriterStats Close() override;

  // Bytes written so far plus the raw size of rows not yet written (an upper bound on
  // the file's size, for FILE_SIZE_BYTES roll-over).
  uint64_t EstimatedSize() const;
  uint64_t rows() const { return rows_; }
  // Raw bytes of buffered rows not yet handed to the encoder.
  uint64_t BufferedBytes() const;
  // Ends the current row group early (memory pressure across many open files).
  void FlushRowGroupNow() { FlushRowGroup(); }
  const std::string& path() const { return path_; }

 private:
  struct EncodedRowGroup {
    std::vector<EncodedColumn> columns;
    int64_t rows = 0;
  };

  void FlushRowGroup();
  void WriteOldest();
  void WriteEncoded(EncodedRowGroup group);
  void Abandon();

  std::string path_;
  std::string temp_path_;
  Schema schema_;
  FileWriterSettings settings_;
  std::unique_ptr<WritableFile> file_;
  std::vector<ColumnBuffer> buffers_;
  size_t buffered_rows_ = 0;
  std::deque<std::future<EncodedRowGroup>> in_flight_;
  std::deque<uint64_t> in_flight_sizes_;  // raw bytes of each row group in flight
  FileMetaData metadata_;
  uint64_t offset_ = 0;
  uint64_t rows_ = 0;
  uint64_t in_flight_bytes_ = 0;
  bool closed_ = false;
};

}  // namespace sluice::parquet
