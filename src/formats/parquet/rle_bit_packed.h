// The RLE / bit-packing hybrid encoding of Parquet (definition levels, dictionary indices,
// RLE booleans), and plain little-endian bit packing.
//
// Byte format: a sequence of runs, each starting with a ULEB128 header h.
//   h & 1 == 0: an RLE run of h >> 1 copies of one value stored in ceil(width / 8) LE bytes
//   h & 1 == 1: a bit-packed run of (h >> 1) * 8 values, `width` bits each, packed from the
//               least significant bit of each byte upwards
//
// Decoders read at most 8 bytes past the last byte they use: every buffer handed to them
// must have kReadPadding readable bytes after its end (page buffers are allocated so).
//
// Thread-safety: instances are per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace sluice::parquet {

constexpr size_t kReadPadding = 16;

// Unpacks `count` values of `width` bits (0..32) starting at value index `start` of the
// packed stream at `in`.
void UnpackBits(const uint8_t* in, size_t start, size_t count, int width, uint32_t* out);

// Appends `count` values packed at `width` bits; count is padded up to a multiple of 8.
void PackBits(const uint32_t* values, size_t count, int width, std::string* out);

// Bits needed to store `max_value`.
int BitWidth(uint64_t max_value);

class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder() = default;
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width)
      : data_(data), end_(data + size), bit_width_(bit_width) {}

  // Decodes up to n values; returns how many (fewer only when the data ends).
  size_t GetBatch(uint32_t* out, size_t n);
  // Bytes of input consumed so far (whole runs).
  size_t consumed(const uint8_t* begin) const { return static_cast<size_t>(data_ - begin); }

 private:
  bool NextRun();

  const uint8_t* data_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  uint32_t rle_value_ = 0;
  size_t rle_remaining_ = 0;
  const uint8_t* packed_ = nullptr;
  size_t packed_index_ = 0;
  size_t packed_remaining_ = 0;
};

// Appends the hybrid encoding of `values` (each < 2^width) to `out`.
void RleBitPackedEncode(const uint32_t* values, size_t count, int width, std::string* out);

}  // namespace sluice::parquet
