#include "formats/parquet/rle_bit_packed.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "common/error.h"

namespace sluice::parquet {
namespace {

template <int W>
void UnpackFixed(const uint8_t* in, size_t start, size_t count, uint32_t* out) {
  if constexpr (W == 0) {
    (void)in;
    (void)start;
    std::fill(out, out + count, 0u);
  } else {
    constexpr uint64_t kMask = (uint64_t{1} << W) - 1;
    for (size_t i = 0; i < count; i++) {
      size_t bit = (start + i) * W;
      uint64_t word;
      std::memcpy(&word, in + (bit >> 3), 8);
      out[i] = static_cast<uint32_t>((word >> (bit & 7)) & kMask);
    }
  }
}

using UnpackFn = void (*)(const uint8_t*, size_t, size_t, uint32_t*);

template <int... Ws>
constexpr auto MakeTable(std::integer_sequence<int, Ws...>) {
  return std::array<UnpackFn, sizeof...(Ws)>{&UnpackFixed<Ws>...};
}

const auto kUnpackers = MakeTable(std::make_integer_sequence<int, 33>{});

bool ReadUleb(const uint8_t*& p, const uint8_t* end, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    uint8_t b = *p++;
    result |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

void AppendUleb(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

}  // namespace

void UnpackBits(const uint8_t* in, size_t start, size_t count, int width, uint32_t* out) {
  kUnpackers[static_cast<size_t>(width)](in, start, count, out);
}

int BitWidth(uint64_t max_value) {
  int w = 0;
  while (max_value != 0) {
    w++;
    max_value >>= 1;
  }
  return w;
}

void PackBits(const uint32_t* values, size_t count, int width, std::string* out) {
  size_t padded = (count + 7) / 8 * 8;
  size_t bytes = padded * static_cast<size_t>(width) / 8;
  size_t start = out->size();
  out->resize(start + bytes + 8, 0);
  auto* dst = reinterpret_cast<uint8_t*>(out->data() + start);
  for (size_t i = 0; i < count; i++) {
    size_t bit = i * static_cast<size_t>(width);
    uint64_t word;
    std::memcpy(&word, dst + (bit >> 3), 8);
    word |= static_cast<uint64_t>(values[i]) << (bit & 7);
    std::memcpy(dst + (bit >> 3), &word, 8);
  }
  out->resize(start + bytes);
}

bool RleBitPackedDecoder::NextRun() {
  uint64_t header;
  if (data_ >= end_ || !ReadUleb(data_, end_, &header)) return false;
  if (header & 1) {
    uint64_t groups = header >> 1;
    size_t available = static_cast<size_t>(end_ - data_);
    // A truncated last run keeps the values whose bytes are present.
    groups = std::min<uint64_t>(groups, bit_width_ == 0 ? uint64_t{1} << 32 : available + 1);
    size_t bytes = std::min<size_t>(static_cast<size_t>(groups) * bit_width_, available);
    packed_ = data_;
    packed_index_ = 0;
    packed_remaining_ = static_cast<size_t>(groups) * 8;
    if (bit_width_ > 0) {
      packed_remaining_ = std::min(packed_remaining_, bytes * 8 / static_cast<size_t>(bit_width_));
    }
    data_ += bytes;
    return packed_remaining_ > 0 || groups == 0;
  }
  size_t value_bytes = static_cast<size_t>((bit_width_ + 7) / 8);
  if (static_cast<size_t>(end_ - data_) < value_bytes) return false;
  uint32_t v = 0;
  for (size_t i = 0; i < value_bytes; i++) v |= static_cast<uint32_t>(data_[i]) << (8 * i);
  data_ += value_bytes;
  rle_value_ = v;
  rle_remaining_ = static_cast<size_t>(header >> 1);
  return true;
}

size_t RleBitPackedDecoder::GetBatch(uint32_t* out, size_t n) {
  size_t done = 0;
  int empty_runs = 0;
  while (done < n) {
    if (rle_remaining_ > 0) {
      size_t k = std::min(rle_remaining_, n - done);
      std::fill(out + done, out + done + k, rle_value_);
      rle_remaining_ -= k;
      done += k;
    } else if (packed_remaining_ > 0) {
      size_t k = std::min(packed_remaining_, n - done);
      UnpackBits(packed_, packed_index_, k, bit_width_, out + done);
      packed_index_ += k;
      packed_remaining_ -= k;
      done += k;
    } else {
      if (!NextRun()) break;
      // Runs of length zero are legal but must not spin forever on garbage.
      if (rle_remaining_ == 0 && packed_remaining_ == 0 && ++empty_runs > 64) break;
    }
  }
  return done;
}

void RleBitPackedEncode(const uint32_t* values, size_t count, int width, std::string* out) {
  size_t value_bytes = static_cast<size_t>((width + 7) / 8);
  size_t literal_start = 0, literal_count = 0;
  auto flush_literals = [&](bool final) {
    if (literal_count == 0) return;
    size_t groups = (literal_count + 7) / 8;
    SLUICE_ASSERT(final || literal_count % 8 == 0);
    AppendUleb((groups << 1) | 1, out);
    PackBits(values + literal_start, literal_count, width, out);
    literal_count = 0;
  };
  size_t i = 0;
  while (i < count) {
    size_t run = 1;
    while (i + run < count && values[i + run] == values[i]) run++;
    if (run >= 8) {
      if (literal_count % 8 != 0) {
        size_t fill = 8 - literal_count % 8;
        literal_count += fill;
        i += fill;
        run -= fill;
      }
      flush_literals(false);
      if (run >= 8) {
        AppendUleb(static_cast<uint64_t>(run) << 1, out);
        for (size_t b = 0; b < value_bytes; b++)
          out->push_back(static_cast<char>(values[i] >> (8 * b)));
        i += run;
        continue;
      }
    }
    if (literal_count == 0) literal_start = i;
    literal_count += run;
    i += run;
  }
  flush_literals(true);
}

}  // namespace sluice::parquet
