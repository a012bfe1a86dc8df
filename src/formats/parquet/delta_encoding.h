// Decoders for Parquet's non-dictionary encodings that cannot be read in place:
// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT.
// Each decodes a whole page's values at once (these encodings are rare in practice, so
// simplicity wins over streaming).
//
// DELTA_BINARY_PACKED: ULEB128 block size (multiple of 128), miniblocks per block, total
// value count, zigzag first value; then blocks of: zigzag min delta, one bit-width byte per
// miniblock, and the miniblocks' bit-packed (delta - min delta) values.
// DELTA_LENGTH_BYTE_ARRAY: the lengths as DELTA_BINARY_PACKED, then all bytes concatenated.
// DELTA_BYTE_ARRAY: prefix lengths (DELTA_BINARY_PACKED), then suffixes as
// DELTA_LENGTH_BYTE_ARRAY; value i = first prefix_i bytes of value i-1 + suffix i.
// BYTE_STREAM_SPLIT: byte b of value i is at b * count + i.
//
// All throw user_input Errors on malformed input. Inputs need kReadPadding bytes of slack.
// Thread-safety: free functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types/type.h"

namespace sluice::parquet {

// Decodes at most `max_values` values; returns the bytes consumed.
size_t DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, size_t max_values,
                               std::vector<int64_t>* out);

// Strings point into `data`.
size_t DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, size_t max_values,
                                  std::vector<StringRef>* out);

// Strings point into `*storage`, which the caller keeps alive.
void DecodeDeltaByteArray(const uint8_t* data, size_t size, size_t max_values,
                          std::vector<StringRef>* out, std::string* storage);

// Reassembles `count` values of `width` bytes into `out` (count * width bytes).
void DecodeByteStreamSplit(const uint8_t* data, size_t size, size_t count, size_t width,
                           uint8_t* out);

}  // namespace sluice::parquet
