// GroupHashTable — an open-addressing hash table of groups: each entry is a fixed-size row
// holding the group's hash, its key values and a payload (aggregate states, or nothing
// for DISTINCT sets).
//
// Row layout (all offsets multiples of 8):
//   [hash u64][one null byte per key column, padded to 8][key values: 8 bytes each, 16 for
//   VARCHAR (a StringRef into the table's arena)][payload]
// Keys are compared in their normalized form (exec/vector_hash.h). NULL keys form their
// own group, as GROUP BY requires.
//
// Thread-safety: not thread-safe; thread-local tables are merged with Merge().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "exec/vector_hash.h"
#include "vector/data_chunk.h"
#include "vector/string_arena.h"
#include "vector/vector.h"

namespace sluice {

class GroupHashTable {
 public:
  using PayloadInit = std::function<void(uint8_t* payload)>;
  using PayloadCombine = std::function<void(uint8_t* source, uint8_t* target)>;

  GroupHashTable(std::vector<TypeId> key_types, size_t payload_size, PayloadInit init);
  GroupHashTable(GroupHashTable&&) noexcept = default;
  GroupHashTable& operator=(GroupHashTable&&) noexcept = default;

  // For each of the `count` rows listed in `rows` (indices into `keys`), finds or creates
  // its group and writes the group's payload pointer to payloads[i].
  void FindOrCreate(const NormalizedKeys& keys, const sel_t* rows, size_t count,
                    uint8_t** payloads);
  // Looks up without creating; payloads[i] = nullptr when the group is missing.
  void Find(const NormalizedKeys& keys, const sel_t* rows, size_t count, uint8_t** payloads) const;

  // Moves every group of `other` into this table; groups present in both are combined
  // with `combine(other_payload, this_payload)`. `other` is left empty.
  void Merge(GroupHashTable& other, const PayloadCombine& combine);

  size_t size() const { return row_count_; }
  uint8_t* payload(size_t row) { return RowPointer(row) + payload_offset_; }
  // Writes the keys of rows [first, first+n) into `out` (one writable vector per key).
  void ReadKeys(size_t first, size_t n, std::vector<Vector>& out) const;
  const std::vector<TypeId>& key_types() const { return key_types_; }
  uint64_t memory_bytes() const;

 private:
  uint8_t* RowPointer(size_t row) const {
    return blocks_[row / kRowsPerBlock].get() + (row % kRowsPerBlock) * row_size_;
  }
  bool KeysEqual(const uint8_t* row, const NormalizedKeys& keys, size_t r) const;
  bool RowsEqual(const uint8_t* a, const uint8_t* b) const;
  uint8_t* AppendRow();
  void Grow();
  size_t Probe(uint64_t hash) const { return hash & mask_; }

  static constexpr size_t kRowsPerBlock = 4096;
  std::vector<TypeId> key_types_;
  std::vector<size_t> key_offsets_;
  size_t payload_offset_ = 0;
  size_t payload_size_ = 0;
  size_t row_size_ = 0;
  PayloadInit init_;
  std::vector<std::unique_ptr<uint8_t[]>> blocks_;
  size_t row_count_ = 0;
  // slots_: 0 = empty, else row index + 1; salts_: high hash bits for quick rejects.
  std::vector<uint32_t> slots_;
  std::vector<uint32_t> salts_;
  size_t mask_ = 0;
  std::unique_ptr<StringArena> arena_ = std::make_unique<StringArena>();
};

}  // namespace sluice
