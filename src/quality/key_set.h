// KeySet — a set of row keys (one or more typed columns) read from a query result, probed
// natively by the rules that compare a row against other rows: `unique` (the keys that
// occur more than once) and `foreign_key` (the referenced keys). One integer-like column
// is kept as a sorted array; anything else as encoded byte strings in a hash set.
//
// Thread-safety: immutable after construction; Probe may run on several threads.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "exec/chunk_collection.h"
#include "vector/data_chunk.h"

namespace sluice::quality {

class KeySet {
 public:
  // `chunks` hold the keys in their columns [0, types.size()); rows with a NULL part are
  // not keys and are skipped.
  KeySet(const std::vector<DataChunk>& chunks, std::vector<TypeId> types);

  // A set of integer-like keys of one column (`type`), from any order, with repeats.
  static KeySet Integers(std::vector<int64_t> keys, TypeId type);
  static bool IsIntegerLike(TypeId type);

  size_t size() const { return ints_.empty() ? encoded_.size() : ints_.size(); }

  // For each row i of `chunk`, reading the key from `columns` (same types): out[i] = 1 when
  // the key is non-NULL and `member == (key in set)`. Returns how many were set.
  uint64_t Probe(const DataChunk& chunk, const std::vector<size_t>& columns, bool member,
                 uint8_t* out) const;

 private:
  KeySet() = default;

  bool single_int_ = false;
  std::vector<TypeId> types_;
  std::vector<int64_t> ints_;  // sorted, single integer-like column
  std::unordered_set<std::string> encoded_;
};

// The keys of one integer-like column of `data` that occur more than once (NULLs never
// do), found natively: a bitmap over the keys' range when it is dense enough (surrogate
// keys, ids), else a sort.
std::vector<int64_t> DuplicateIntegers(const ChunkCollection& data, size_t column, TypeId type);

// Sets out[row] = 1 (out sized to the rows of `data`) for every row whose key, read from
// `columns` of `types` (any types, any number), has no NULL part and occurs more than
// once. Rows are hashed, the hashes sorted to find repeated ones, and only the rows with a
// repeated hash compare their keys. Returns the number of rows flagged.
uint64_t FlagDuplicateKeys(const ChunkCollection& data, const std::vector<size_t>& columns,
                           const std::vector<TypeId>& types, std::vector<uint8_t>& out);

}  // namespace sluice::quality
