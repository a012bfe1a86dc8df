#include "exec/vector_hash.h"

#include <cmath>
#include <cstring>

#include "vector/data_chunk.h"

namespace sluice {

uint64_t HashBytes(const char* data, size_t size) {
  uint64_t h = 0x27d4eb2f165667c5ULL ^ (size * 0x9e3779b97f4a7c15ULL);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, 8);
    h = (h ^ MixHash(w)) * 0x9e3779b97f4a7c15ULL;
  }
  if (i < size) {
    uint64_t w = 0;
    std::memcpy(&w, data + i, size - i);
    h = (h ^ MixHash(w)) * 0x9e3779b97f4a7c15ULL;
  }
  return MixHash(h);
}

namespace {

uint64_t NormalizeDouble(double d) {
  if (d == 0) d = 0;  // -0.0 -> 0.0
  if (std::isnan(d)) d = std::nan("");
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return bits;
}

template <typename T>
void LoadInts(const ColumnView& view, size_t count, uint64_t* out) {
  for (size_t i = 0; i < count; i++)
    out[i] = static_cast<uint64_t>(static_cast<int64_t>(view.Get<T>(i)));
}

}  // namespace

void NormalizedKeys::Load(const std::vector<Vector>& keys, size_t n) {
  count = n;
  columns.resize(keys.size());
  hashes.assign(n, 0x5bd1e9955bd1e995ULL);
  for (size_t k = 0; k < keys.size(); k++) {
    const Vector& v = keys[k];
    NormalizedColumn& col = columns[k];
    col.type = v.type();
    col.is_string = v.type() == TypeId::kVarchar;
    ColumnView view(v, nullptr);
    col.nulls.assign(n, 0);
    col.any_null = false;
    if (!v.AllValid()) {
      for (size_t i = 0; i < n; i++) {
        if (!view.IsValid(i)) {
          col.nulls[i] = 1;
          col.any_null = true;
        }
      }
    }
    if (col.is_string) {
      // Dictionary-encoded inputs (Parquet, repeated CSV values pinned in one buffer) hand
      // out the same string bytes many times: remember recent hashes by address.
      struct CacheEntry {
        const char* data;
        uint32_t size;
        uint64_t hash;
      };
      CacheEntry cache[64] = {};
      col.strings.resize(n);
      for (size_t i = 0; i < n; i++) {
        col.strings[i] = col.nulls[i] ? StringRef("", 0) : view.Get<StringRef>(i);
        uint64_t h;
        if (col.nulls[i]) {
          h = 0x1234567ULL;
        } else {
          const StringRef& str = col.strings[i];
          CacheEntry& entry = cache[(reinterpret_cast<uintptr_t>(str.data) >> 3) & 63];
          if (entry.data == str.data && entry.size == str.size && str.data != nullptr) {
            h = entry.hash;
          } else {
            h = HashBytes(str.data, str.size);
            entry = CacheEntry{str.data, str.size, h};
          }
        }
        hashes[i] = k == 0 ? h : CombineHash(hashes[i], h);
      }
      continue;
    }
    col.values.resize(n);
    uint64_t* out = col.values.data();
    switch (v.type()) {
      case TypeId::kBoolean: LoadInts<uint8_t>(view, n, out); break;
      case TypeId::kInteger:
      case TypeId::kDate: LoadInts<int32_t>(view, n, out); break;
      case TypeId::kBigint:
      case TypeId::kTimestamp: LoadInts<int64_t>(view, n, out); break;
      case TypeId::kDouble:
        for (size_t i = 0; i < n; i++) out[i] = NormalizeDouble(view.Get<double>(i));
        break;
      default: std::memset(out, 0, n * 8); break;
    }
    if (col.any_null) {
      for (size_t i = 0; i < n; i++) {
        if (col.nulls[i]) out[i] = 0;
      }
    }
    for (size_t i = 0; i < n; i++) {
      uint64_t h = MixHash(out[i] ^ (col.nulls[i] ? 0xabcdefULL : 0));
      hashes[i] = k == 0 ? h : CombineHash(hashes[i], h);
    }
  }
}

bool NormalizedKeys::RowHasNull(size_t row) const {
  for (const auto& c : columns) {
    if (c.any_null && c.nulls[row]) return true;
  }
  return false;
}

}  // namespace sluice
