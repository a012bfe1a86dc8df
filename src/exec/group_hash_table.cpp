#include "exec/group_hash_table.h"

#include <cstring>

#include "common/error.h"
#include "vector/data_chunk.h"

namespace sluice {
namespace {
size_t AlignUp(size_t n) {
  return (n + 7) & ~size_t{7};
}
uint32_t Salt(uint64_t hash) {
  return static_cast<uint32_t>(hash >> 32) | 1u;
}
}  // namespace

GroupHashTable::GroupHashTable(std::vector<TypeId> key_types, size_t payload_size, PayloadInit init)
    : key_types_(std::move(key_types)), payload_size_(payload_size), init_(std::move(init)) {
  size_t offset = 8 + AlignUp(key_types_.size());
  for (TypeId t : key_types_) {
    key_offsets_.push_back(offset);
    offset += t == TypeId::kVarchar ? 16 : 8;
  }
  payload_offset_ = offset;
  row_size_ = AlignUp(offset + payload_size_);
  slots_.assign(1024, 0);
  salts_.assign(1024, 0);
  mask_ = 1023;
}

uint64_t GroupHashTable::memory_bytes() const {
  return blocks_.size() * kRowsPerBlock * row_size_ + slots_.size() * 8 + arena_->allocated_bytes();
}

uint8_t* GroupHashTable::AppendRow() {
  if (row_count_ % kRowsPerBlock == 0 && row_count_ / kRowsPerBlock == blocks_.size()) {
    blocks_.emplace_back(new uint8_t[kRowsPerBlock * row_size_]);
  }
  if (row_count_ >= UINT32_MAX - 1) throw Error::Internal("too many groups in one hash table");
  return RowPointer(row_count_++);
}

void GroupHashTable::Grow() {
  size_t capacity = slots_.size() * 2;
  slots_.assign(capacity, 0);
  salts_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (size_t r = 0; r < row_count_; r++) {
    uint64_t hash;
    std::memcpy(&hash, RowPointer(r), 8);
    size_t slot = Probe(hash);
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<uint32_t>(r + 1);
    salts_[slot] = Salt(hash);
  }
}

bool GroupHashTable::KeysEqual(const uint8_t* row, const NormalizedKeys& keys, size_t r) const {
  for (size_t k = 0; k < key_types_.size(); k++) {
    const NormalizedColumn& col = keys.columns[k];
    uint8_t row_null = row[8 + k];
    uint8_t key_null = col.any_null ? col.nulls[r] : 0;
    if (row_null != key_null) return false;
    if (key_null) continue;
    const uint8_t* value = row + key_offsets_[k];
    if (col.is_string) {
      StringRef stored;
      std::memcpy(&stored, value, sizeof(StringRef));
      if (!(stored == col.strings[r])) return false;
    } else {
      uint64_t stored;
      std::memcpy(&stored, value, 8);
      if (stored != col.values[r]) return false;
    }
  }
  return true;
}

bool GroupHashTable::RowsEqual(const uint8_t* a, const uint8_t* b) const {
  if (std::memcmp(a, b, 8 + AlignUp(key_types_.size())) != 0) return false;
  for (size_t k = 0; k < key_types_.size(); k++) {
    if (a[8 + k]) continue;
    const uint8_t* va = a + key_offsets_[k];
    const uint8_t* vb = b + key_offsets_[k];
    if (key_types_[k] == TypeId::kVarchar) {
      StringRef sa, sb;
      std::memcpy(&sa, va, sizeof(StringRef));
      std::memcpy(&sb, vb, sizeof(StringRef));
      if (!(sa == sb)) return false;
    } else if (std::memcmp(va, vb, 8) != 0) {
      return false;
    }
  }
  return true;
}

void GroupHashTable::FindOrCreate(const NormalizedKeys& keys, const sel_t* rows, size_t count,
                                  uint8_t** payloads) {
  for (size_t i = 0; i < count; i++) {
    size_t r = rows ? rows[i] : i;
    if ((row_count_ + 1) * 4 > slots_.size() * 3) Grow();
    uint64_t hash = keys.hashes[r];
    uint32_t salt = Salt(hash);
    size_t slot = Probe(hash);
    for (;;) {
      uint32_t entry = slots_[slot];
      if (entry == 0) {
        uint8_t* row = AppendRow();
        std::memcpy(row, &hash, 8);
        std::memset(row + 8, 0, AlignUp(key_types_.size()));
        for (size_t k = 0; k < key_types_.size(); k++) {
          const NormalizedColumn& col = keys.columns[k];
          uint8_t is_null = col.any_null ? col.nulls[r] : 0;
          row[8 + k] = is_null;
          uint8_t* value = row + key_offsets_[k];
          if (col.is_string) {
            StringRef s = is_null ? StringRef("", 0) : arena_->Add(col.strings[r].view());
            std::memcpy(value, &s, sizeof(StringRef));
          } else {
            std::memcpy(value, &col.values[r], 8);
          }
        }
        if (init_) init_(row + payload_offset_);
        slots_[slot] = static_cast<uint32_t>(row_count_);
        salts_[slot] = salt;
        payloads[i] = row + payload_offset_;
        break;
      }
      if (salts_[slot] == salt) {
        uint8_t* row = RowPointer(entry - 1);
        if (KeysEqual(row, keys, r)) {
          payloads[i] = row + payload_offset_;
          break;
        }
      }
      slot = (slot + 1) & mask_;
    }
  }
}

void GroupHashTable::Find(const NormalizedKeys& keys, const sel_t* rows, size_t count,
                          uint8_t** payloads) const {
  for (size_t i = 0; i < count; i++) {
    size_t r = rows ? rows[i] : i;
    uint64_t hash = keys.hashes[r];
    uint32_t salt = Salt(hash);
    size_t slot = Probe(hash);
    payloads[i] = nullptr;
    for (;;) {
      uint32_t entry = slots_[slot];
      if (entry == 0) break;
      if (salts_[slot] == salt) {
        uint8_t* row = RowPointer(entry - 1);
        if (KeysEqual(row, keys, r)) {
          payloads[i] = row + payload_offset_;
          break;
        }
      }
      slot = (slot + 1) & mask_;
    }
  }
}

void GroupHashTable::Merge(GroupHashTable& other, const PayloadCombine& combine) {
  for (size_t r = 0; r < other.row_count_; r++) {
    uint8_t* source = other.RowPointer(r);
    uint64_t hash;
    std::memcpy(&hash, source, 8);
    if ((row_count_ + 1) * 4 > slots_.size() * 3) Grow();
    uint32_t salt = Salt(hash);
    size_t slot = Probe(hash);
    for (;;) {
      uint32_t entry = slots_[slot];
      if (entry == 0) {
        uint8_t* row = AppendRow();
        std::memcpy(row, source, row_size_);
        // Strings still point into other's arena: copy them into ours.
        for (size_t k = 0; k < key_types_.size(); k++) {
          if (key_types_[k] != TypeId::kVarchar || row[8 + k]) continue;
          StringRef s;
          std::memcpy(&s, row + key_offsets_[k], sizeof(StringRef));
          s = arena_->Add(s.view());
          std::memcpy(row + key_offsets_[k], &s, sizeof(StringRef));
        }
        slots_[slot] = static_cast<uint32_t>(row_count_);
        salts_[slot] = salt;
        break;
      }
      if (salts_[slot] == salt) {
        uint8_t* row = RowPointer(entry - 1);
        if (RowsEqual(row, source)) {
          if (combine) combine(source + payload_offset_, row + payload_offset_);
          break;
        }
      }
      slot = (slot + 1) & mask_;
    }
  }
  other.blocks_.clear();
  other.row_count_ = 0;
  other.slots_.assign(1024, 0);
  other.salts_.assign(1024, 0);
  other.mask_ = 1023;
  other.arena_->Clear();
}

void GroupHashTable::ReadKeys(size_t first, size_t n, std::vector<Vector>& out) const {
  for (size_t k = 0; k < key_types_.size(); k++) {
    Vector& v = out[k];
    v.Initialize(key_types_[k], std::max<size_t>(n, kChunkCapacity));
    for (size_t i = 0; i < n; i++) {
      const uint8_t* row = RowPointer(first + i);
      const uint8_t* value = row + key_offsets_[k];
      if (row[8 + k]) {
        v.SetNull(i);
        if (key_types_[k] == TypeId::kVarchar) v.data<StringRef>()[i] = StringRef("", 0);
        continue;
      }
      uint64_t bits;
      std::memcpy(&bits, value, 8);
      switch (key_types_[k]) {
        case TypeId::kBoolean: v.data<uint8_t>()[i] = static_cast<uint8_t>(bits); break;
        case TypeId::kInteger:
        case TypeId::kDate: v.data<int32_t>()[i] = static_cast<int32_t>(bits); break;
        case TypeId::kVarchar: {
          StringRef s;
          std::memcpy(&s, value, sizeof(StringRef));
          v.data<StringRef>()[i] = v.AddString(s.view());
          break;
        }
        default: std::memcpy(v.raw_data() + i * 8, &bits, 8); break;
      }
    }
  }
}

}  // namespace sluice
