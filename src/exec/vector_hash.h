// Hashing of column values for hash aggregates and hash joins.
//
// Keys are first normalized (NormalizedKeys): every fixed-width value becomes a uint64
// (integers sign-extended, booleans 0/1, doubles by bit pattern with -0.0 folded to 0.0
// and every NaN made one NaN), strings stay StringRefs, NULL is a flag. Equal SQL values
// get equal normalized keys, so hashing and comparing work on one representation.
//
// Thread-safety: pure functions over caller-owned buffers.
#pragma once

#include <cstdint>
#include <vector>

#include "types/type.h"
#include "vector/vector.h"

namespace sluice {

inline uint64_t MixHash(uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  return x;
}

inline uint64_t CombineHash(uint64_t seed, uint64_t h) {
  return MixHash(seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)));
}

uint64_t HashBytes(const char* data, size_t size);

// One key column of `count` rows, normalized.
struct NormalizedColumn {
  TypeId type = TypeId::kNull;
  bool is_string = false;
  std::vector<uint64_t> values;    // fixed-width types
  std::vector<StringRef> strings;  // VARCHAR
  std::vector<uint8_t> nulls;      // 1 = NULL
  bool any_null = false;
};

struct NormalizedKeys {
  std::vector<NormalizedColumn> columns;
  std::vector<uint64_t> hashes;
  size_t count = 0;

  // Reads `count` rows of each vector (flat or constant) and computes the row hashes.
  void Load(const std::vector<Vector>& keys, size_t count);
  bool RowHasNull(size_t row) const;
};

}  // namespace sluice
