#include "formats/csv/csv_tokenizer.h"

#include <cstring>

#if defined(__SSE2__)
#include <immintrin.h>
#define SLUICE_CSV_X86 1
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
    m.quotes |=
        static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, q))))
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

#if defined(SLUICE_CSV_X86)
__attribute__((target("avx2"), always_inline)) inline BlockMasks ClassifyAvx2(const char* p,
                                                                              char quote,
                                                                              char delimiter) {
  const __m256i q = _mm256_set1_epi8(quote);
  const __m256i d = _mm256_set1_epi8(delimiter);
  const __m256i lf = _mm256_set1_epi8('\n');
  const __m256i cr = _mm256_set1_epi8('\r');
  BlockMasks m{0, 0, 0};
  for (int i = 0; i < 2; i++) {
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * i));
    auto shift = static_cast<unsigned>(32 * i);
    m.quotes |=
        static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, q))))
        << shift;
    m.delimiters |=
        static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, d))))
        << shift;
    __m256i nl = _mm256_or_si256(_mm256_cmpeq_epi8(v, lf), _mm256_cmpeq_epi8(v, cr));
    m.newlines |= static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(nl))) << shift;
  }
  return m;
}

bool HasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}
#endif

// Appends the separators of one classified 64-byte block at `base`; updates the carry
// (all ones while inside quotes).
__attribute__((always_inline)) inline uint32_t* EmitBlock(BlockMasks m, size_t valid_bytes,
                                                          uint32_t base, uint64_t& carry,
                                                          uint32_t* dst) {
  if (valid_bytes < 64) {
    uint64_t valid = (uint64_t{1} << valid_bytes) - 1;
    m.quotes &= valid;
    m.delimiters &= valid;
    m.newlines &= valid;
  }
  uint64_t inside = PrefixXor(m.quotes) ^ carry;
  carry = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
  uint64_t row_ends = m.newlines & ~inside;
  uint64_t separators = (m.delimiters & ~inside) | row_ends;
  while (separators != 0) {
    int bit = __builtin_ctzll(separators);
    *dst++ =
        (base + static_cast<uint32_t>(bit)) | (static_cast<uint32_t>((row_ends >> bit) & 1) << 31);
    separators &= separators - 1;
  }
  return dst;
}

uint32_t* ScanBlocksGeneric(const char* data, size_t begin, size_t end, char quote, char delimiter,
                            uint64_t& carry, uint32_t* dst) {
  for (size_t base = begin; base < end; base += 64) {
    dst = EmitBlock(Classify(data + base, quote, delimiter), end - base,
                    static_cast<uint32_t>(base), carry, dst);
  }
  return dst;
}

#if defined(SLUICE_CSV_X86)
// As EmitBlock, but writes separators eight at a time without a data-dependent branch per
// separator (tzcnt of an exhausted mask is 64: the extra entries land past the end and
// are overwritten later). The caller reserves 64 spare entries.
__attribute__((target("avx2,bmi,popcnt"), always_inline)) inline uint32_t* EmitBlockUnrolled(
    BlockMasks m, size_t valid_bytes, uint32_t base, uint64_t& carry, uint32_t* dst) {
  if (valid_bytes < 64) {
    uint64_t valid = (uint64_t{1} << valid_bytes) - 1;
    m.quotes &= valid;
    m.delimiters &= valid;
    m.newlines &= valid;
  }
  uint64_t inside = PrefixXor(m.quotes) ^ carry;
  carry = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
  uint64_t row_ends = m.newlines & ~inside;
  uint64_t separators = (m.delimiters & ~inside) | row_ends;
  const auto count = static_cast<size_t>(_mm_popcnt_u64(separators));
  uint32_t* out = dst;
  do {
    for (int k = 0; k < 8; k++) {
      auto bit = static_cast<uint32_t>(_tzcnt_u64(separators));
      out[k] = (base + bit) | (static_cast<uint32_t>((row_ends >> (bit & 63)) & 1) << 31);
      separators = _blsr_u64(separators);
    }
    out += 8;
  } while (separators != 0);
  return dst + count;
}

__attribute__((target("avx2,bmi,popcnt"))) uint32_t* ScanBlocksAvx2(const char* data, size_t begin,
                                                                    size_t end, char quote,
                                                                    char delimiter, uint64_t& carry,
                                                                    uint32_t* dst) {
  for (size_t base = begin; base < end; base += 64) {
    dst = EmitBlockUnrolled(ClassifyAvx2(data + base, quote, delimiter), end - base,
                            static_cast<uint32_t>(base), carry, dst);
  }
  return dst;
}

__attribute__((target("avx2"))) unsigned QuoteMaskFoldAvx2(const char* data, size_t& i, size_t end,
                                                           char quote) {
  const __m256i q = _mm256_set1_epi8(quote);
  unsigned folded = 0;
  for (; i + 32 <= end; i += 32) {
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + i));
    folded ^= static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, q)));
  }
  return folded;
}
#endif

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
  out.Reserve(out.size() + (end - begin) + 128);
  uint32_t* dst = out.data() + out.size();
  uint64_t carry = in_quotes_ ? ~uint64_t{0} : 0;
#if defined(SLUICE_CSV_X86)
  if (HasAvx2()) {
    dst = ScanBlocksAvx2(data, begin, end, dialect_.quote, dialect_.delimiter, carry, dst);
  } else {
    dst = ScanBlocksGeneric(data, begin, end, dialect_.quote, dialect_.delimiter, carry, dst);
  }
#else
  dst = ScanBlocksGeneric(data, begin, end, dialect_.quote, dialect_.delimiter, carry, dst);
#endif
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
  // The parity of a count of set bits is the parity of their XOR: fold the masks, count once.
  unsigned folded = 0;
  size_t i = begin;
#if defined(SLUICE_CSV_X86)
  if (HasAvx2()) folded = QuoteMaskFoldAvx2(data, i, end, quote);
#endif
#if defined(__SSE2__)
  const __m128i q = _mm_set1_epi8(quote);
  for (; i + 16 <= end; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    folded ^= static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, q)));
  }
#endif
  for (; i < end; i++) folded ^= data[i] == quote ? 1u : 0u;
  folded ^= folded >> 16;
  folded ^= folded >> 8;
  folded ^= folded >> 4;
  folded ^= folded >> 2;
  folded ^= folded >> 1;
  return (folded & 1) != 0;
}

}  // namespace sluice
