// Page compression for Parquet: UNCOMPRESSED, SNAPPY (libsnappy), GZIP (zlib), ZSTD
// (libzstd), LZ4_RAW (liblz4 block format) and the older LZ4 codec (Hadoop framing:
// big-endian uncompressed and compressed block sizes before each LZ4 block, or a raw
// block as some writers produce).
//
// Decompress checks the output size against the page header and throws a user_input
// Error ("cannot decompress SNAPPY page: ...") on malformed input.
//
// Thread-safety: free functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>

#include "formats/parquet/parquet_metadata.h"

namespace sluice::parquet {

// Appends the compressed form of [data, data+size) to `out`. `level` 0 means the codec's
// default.
void Compress(Codec codec, int level, const char* data, size_t size, std::string* out);

// Decompresses exactly `out_size` bytes into `out`.
void Decompress(Codec codec, const uint8_t* data, size_t size, uint8_t* out, size_t out_size);

}  // namespace sluice::parquet
