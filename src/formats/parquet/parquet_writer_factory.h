// MakeParquetWriter — the factory behind COPY ... TO ... (FORMAT parquet). Reads the
// options and picks the writer:
//
//   COMPRESSION snappy|zstd|gzip|lz4_raw|none (default snappy), COMPRESSION_LEVEL n,
//   ROW_GROUP_SIZE rows (default 122880), ROW_GROUP_SIZE_BYTES n (default 128 MB),
//   PARTITION_BY (a, b), FILE_SIZE_BYTES n, OVERWRITE, OVERWRITE_OR_IGNORE
//
// Without PARTITION_BY / FILE_SIZE_BYTES the target is one file (ParquetFileWriter);
// otherwise a directory of files (PartitionedParquetWriter).
//
// Thread-safety: the factory may be called from any thread.
#pragma once

#include <memory>
#include <string>

#include "formats/table_writer.h"

namespace sluice::parquet {

std::unique_ptr<TableWriter> MakeParquetWriter(const std::string& path, const Schema& schema,
                                               Options& options);

}  // namespace sluice::parquet
