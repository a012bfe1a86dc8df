#include "formats/csv/csv_tokenizer.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sluice {
namespace {

struct BlockMasks {
  uint64_t quotes;
  uint64_t delimiters;
  uint64_t newlines;  // CR or LF
};

// Bit i of each mask describes byte p[i], for the 64 bytes at p.
inline BlockMasks Classify(const char* p, char quote, char delimiter) {
  BlockMasks m{0, 0, 0};
#if defined(__SSE2__)
  const __m128i q = _mm_set1_epi8(quote);
  const __m128i d = _mm_set1_epi8(delimiter);
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  for (int i = 0; i < 4; i++) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    auto shift = static_cast<unsigned>(16 * i);
    m.quotes |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, q))))
                << shift;
    m.delimiters |=
        static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, d))))
        << shift;
    __m128i nl = _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr));
    m.newlines |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(nl))) << shift;
  }
#else
  for (int i = 0; i < 64; i++) {
    uint64_t bit = uint64_t{1} << i;
    char c = p[i];
    if (c == quote) m.quotes |= bit;
    if (c == delimiter) m.delimiters |= bit;
    if (c == '\n' || c == '\r') m.newlines |= bit;
  }
#endif
  return m;
}

inline uint64_t PrefixXor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

}  // namespace

void SeparatorIndex::Reserve(size_t n) {
  if (n <= capacity_) return;
  std::unique_ptr<uint32_t[]> bigger(new uint32_t[n]);
  if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_ * sizeof(uint32_t));
  data_ = std::move(bigger);
  capacity_ = n;
}

void SeparatorIndex::EraseFront(size_t n) {
  if (n == 0) return;
  std::memmove(data_.get(), data_.get() + n, (size_ - n) * sizeof(uint32_t));
  size_ -= n;
}

void CsvTokenizer::Scan(const char* data, size_t begin, size_t end, SeparatorIndex& out) {
  if (begin >= end) return;
  if (dialect_.QuoteParityWorks()) {
    ScanParity(data, begin, end, out);
  } else {
    ScanEscaped(data, begin, end, out);
  }
}

void CsvTokenizer::ScanParity(const char* data, size_t begin, size_t end, SeparatorIndex& out) {
  // At most one separator per byte.
  out.Reserve(out.size() + (end - begin) + 64);
  uint32_t* dst = out.data() + out.size();
  uint64_t carry = in_quotes_ ? ~uint64_t{0} : 0;
  const char quote = dialect_.quote;
  const char delimiter = dialect_.delimiter;
  for (size_t base = begin; base < end; base += 64) {
    BlockMasks m = Classify(data + base, quote, delimiter);
    if (end - base < 64) {
      uint64_t valid = (uint64_t{1} << (end - base)) - 1;
      m.quotes &= valid;
      m.delimiters &= valid;
      m.newlines &= valid;
    }
    uint64_t inside = PrefixXor(m.quotes) ^ carry;
    carry = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
    uint64_t row_ends = m.newlines & ~inside;
    uint64_t separators = (m.delimiters & ~inside) | row_ends;
    auto base32 = static_cast<uint32_t>(base);
    while (separators != 0) {
      int bit = __builtin_ctzll(separators);
      *dst++ = (base32 + static_cast<uint32_t>(bit)) |
               (static_cast<uint32_t>((row_ends >> bit) & 1) << 31);
      separators &= separators - 1;
    }
  }
  in_quotes_ = carry != 0;
  out.SetSize(static_cast<size_t>(dst - out.data()));
}

void CsvTokenizer::ScanEscaped(const char* data, size_t begin, size_t end, SeparatorIndex& out) {
  const char quote = dialect_.quote;
  const char escape = dialect_.escape;
  const char delimiter = dialect_.delimiter;
  bool in_quotes = in_quotes_;
  bool after_escape = after_escape_;
  for (size_t i = begin; i < end; i++) {
    char c = data[i];
    if (in_quotes) {
      if (after_escape) {
        after_escape = false;
      } else if (c == escape) {
        after_escape = true;
      } else if (c == quote) {
        in_quotes = false;
      }
      continue;
    }
    if (c == quote) {
      in_quotes = true;
    } else if (c == delimiter) {
      out.Push(static_cast<uint32_t>(i));
    } else if (c == '\n' || c == '\r') {
      out.Push(static_cast<uint32_t>(i) | kRowEndBit);
    }
  }
  in_quotes_ = in_quotes;
  after_escape_ = after_escape;
}

bool QuoteParity(const char* data, size_t begin, size_t end, char quote) {
  uint64_t count = 0;
#if defined(__SSE2__)
  const __m128i q = _mm_set1_epi8(quote);
  size_t i = begin;
  for (; i + 16 <= end; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    count += static_cast<uint64_t>(__builtin_popcount(
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, q)))));
  }
  for (; i < end; i++) count += data[i] == quote;
#else
  for (size_t i = begin; i < end; i++) count += data[i] == quote;
#endif
  return (count & 1) != 0;
}

}  // namespace sluice
