// ParquetFile — one opened Parquet file: its footer, its flat column list, and reads of
// column chunks. Opening reads only the last 8 bytes and the footer; chunk reads fetch
// exactly a chunk's byte range through the FileSystem (no mmap).
//
// Every structural problem is reported as a user_input Error naming the file:
// "orders.parquet: not a Parquet file (bad magic)", "...: corrupt footer: ...".
//
// Thread-safety: immutable after Open; ReadColumnChunk may be called concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formats/parquet/parquet_metadata.h"
#include "formats/parquet/parquet_schema.h"
#include "storage/file_system.h"
#include "types/value.h"

namespace sluice::parquet {

class ParquetFile {
 public:
  static std::shared_ptr<ParquetFile> Open(const std::string& path);

  const std::string& path() const { return path_; }
  const FileMetaData& metadata() const { return metadata_; }
  const std::vector<LeafColumn>& columns() const { return columns_; }

  // A reusable read buffer: ReadColumnChunk reads into it when nobody else holds it and
  // it is large enough (avoids page faults of fresh allocations per row group).
  struct ChunkBuffer {
    std::shared_ptr<uint8_t[]> data;
    size_t capacity = 0;
  };

  // The bytes of column `column` of row group `row_group`, followed by kReadPadding
  // zero bytes. Sets *size to the chunk's length.
  std::shared_ptr<const uint8_t> ReadColumnChunk(size_t row_group, size_t column, size_t* size,
                                                 ChunkBuffer* reuse = nullptr) const;

  // Min/max statistics of a column chunk as values of the column's sluice type, when
  // the file has trustworthy ones.
  struct ChunkStats {
    std::optional<Value> min, max;
    std::optional<int64_t> null_count;
  };
  ChunkStats Stats(size_t row_group, size_t column) const;

 private:
  ParquetFile() = default;
  void Validate();

  std::string path_;
  std::unique_ptr<RandomAccessFile> file_;
  FileMetaData metadata_;
  std::vector<LeafColumn> columns_;
};

}  // namespace sluice::parquet
