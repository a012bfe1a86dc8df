#include "formats/parquet/delta_encoding.h"

#include <cstring>

#include "common/error.h"
#include "formats/parquet/rle_bit_packed.h"

namespace sluice::parquet {
namespace {

[[noreturn]] void Corrupt(const char* encoding, const std::string& why) {
  throw Error::UserInput("corrupt {} data: {}", encoding, why);
}

uint64_t Uleb(const uint8_t*& p, const uint8_t* end, const char* encoding) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) Corrupt(encoding, "unexpected end of data");
    uint8_t b = *p++;
    result |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return result;
  }
  Corrupt(encoding, "varint too long");
}

int64_t ZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

uint64_t ReadBits64(const uint8_t* in, size_t bit, int width) {
  uint64_t word;
  std::memcpy(&word, in + (bit >> 3), 8);
  unsigned shift = bit & 7;
  uint64_t v = word >> shift;
  if (shift + static_cast<unsigned>(width) > 64)
    v |= static_cast<uint64_t>(in[(bit >> 3) + 8]) << (64 - shift);
  return width == 64 ? v : v & ((uint64_t{1} << width) - 1);
}

}  // namespace

size_t DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, size_t max_values,
                               std::vector<int64_t>* out) {
  constexpr const char* kName = "DELTA_BINARY_PACKED";
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  uint64_t block_size = Uleb(p, end, kName);
  uint64_t miniblocks = Uleb(p, end, kName);
  uint64_t total = Uleb(p, end, kName);
  int64_t value = ZigZag(Uleb(p, end, kName));
  if (block_size == 0 || block_size % 128 != 0 || block_size > (1u << 20) || miniblocks == 0 ||
      block_size % miniblocks != 0 || (block_size / miniblocks) % 32 != 0) {
    Corrupt(kName, "bad block header");
  }
  if (total > max_values) Corrupt(kName, "more values than the page holds");
  size_t per_mini = block_size / miniblocks;
  out->clear();
  out->reserve(total);
  if (total == 0) return static_cast<size_t>(p - data);
  out->push_back(value);
  std::vector<uint32_t> scratch(per_mini);
  while (out->size() < total) {
    int64_t min_delta = ZigZag(Uleb(p, end, kName));
    if (static_cast<uint64_t>(end - p) < miniblocks) Corrupt(kName, "truncated block");
    const uint8_t* widths = p;
    p += miniblocks;
    for (uint64_t m = 0; m < miniblocks && out->size() < total; m++) {
      int w = widths[m];
      if (w > 64) Corrupt(kName, "bit width over 64");
      size_t bytes = per_mini * static_cast<size_t>(w) / 8;
      if (static_cast<size_t>(end - p) < bytes) Corrupt(kName, "truncated miniblock");
      size_t take = std::min<size_t>(per_mini, total - out->size());
      if (w <= 32) {
        UnpackBits(p, 0, take, w, scratch.data());
        for (size_t i = 0; i < take; i++) {
          value = static_cast<int64_t>(static_cast<uint64_t>(value) +
                                       static_cast<uint64_t>(min_delta) + scratch[i]);
          out->push_back(value);
        }
      } else {
        for (size_t i = 0; i < take; i++) {
          uint64_t delta = ReadBits64(p, i * static_cast<size_t>(w), w);
          value = static_cast<int64_t>(static_cast<uint64_t>(value) +
                                       static_cast<uint64_t>(min_delta) + delta);
          out->push_back(value);
        }
      }
      p += bytes;
    }
  }
  return static_cast<size_t>(p - data);
}

size_t DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, size_t max_values,
                                  std::vector<StringRef>* out) {
  std::vector<int64_t> lengths;
  size_t pos = DecodeDeltaBinaryPacked(data, size, max_values, &lengths);
  out->clear();
  out->reserve(lengths.size());
  for (int64_t len : lengths) {
    if (len < 0 || static_cast<uint64_t>(len) > size - pos) {
      Corrupt("DELTA_LENGTH_BYTE_ARRAY", "string length past the end of the page");
    }
    out->emplace_back(reinterpret_cast<const char*>(data + pos), static_cast<uint32_t>(len));
    pos += static_cast<size_t>(len);
  }
  return pos;
}

void DecodeDeltaByteArray(const uint8_t* data, size_t size, size_t max_values,
                          std::vector<StringRef>* out, std::string* storage) {
  std::vector<int64_t> prefixes;
  size_t pos = DecodeDeltaBinaryPacked(data, size, max_values, &prefixes);
  std::vector<StringRef> suffixes;
  DecodeDeltaLengthByteArray(data + pos, size - pos, max_values, &suffixes);
  if (suffixes.size() != prefixes.size())
    Corrupt("DELTA_BYTE_ARRAY", "prefix and suffix counts differ");
  uint64_t total = 0, previous = 0;
  for (size_t i = 0; i < prefixes.size(); i++) {
    if (prefixes[i] < 0 || static_cast<uint64_t>(prefixes[i]) > previous) {
      Corrupt("DELTA_BYTE_ARRAY", "prefix longer than the previous value");
    }
    previous = static_cast<uint64_t>(prefixes[i]) + suffixes[i].size;
    total += previous;
    if (previous > UINT32_MAX || total > (uint64_t{1} << 32))
      Corrupt("DELTA_BYTE_ARRAY", "values too large");
  }
  storage->resize(total);
  out->clear();
  out->reserve(prefixes.size());
  char* cursor = storage->data();
  const char* prev = cursor;
  for (size_t i = 0; i < prefixes.size(); i++) {
    size_t prefix = static_cast<size_t>(prefixes[i]);
    std::memcpy(cursor, prev, prefix);
    if (suffixes[i].size > 0) std::memcpy(cursor + prefix, suffixes[i].data, suffixes[i].size);
    uint32_t n = static_cast<uint32_t>(prefix + suffixes[i].size);
    out->emplace_back(cursor, n);
    prev = cursor;
    cursor += n;
  }
}

void DecodeByteStreamSplit(const uint8_t* data, size_t size, size_t count, size_t width,
                           uint8_t* out) {
  if (width == 0 || count > size / width) Corrupt("BYTE_STREAM_SPLIT", "page too short");
  for (size_t b = 0; b < width; b++) {
    const uint8_t* stream = data + b * count;
    for (size_t i = 0; i < count; i++) out[i * width + b] = stream[i];
  }
}

}  // namespace sluice::parquet
