// WindowRows — what PhysicalWindow's Finalize reads and writes while it evaluates calls:
// the materialized input (stored chunks in input order, addressed by a row reference
// `chunk << 32 | row`) and one result column per call, indexed by input position.
//
// Thread-safety: WindowRows is read-only during evaluation. WindowResultColumn is written
// concurrently by evaluation tasks at distinct positions (values and one validity byte per
// row, so no two tasks share a word); AdoptArena locks.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice {

inline uint32_t RefChunk(uint64_t ref) {
  return static_cast<uint32_t>(ref >> 32);
}
inline uint32_t RefRow(uint64_t ref) {
  return static_cast<uint32_t>(ref);
}
inline uint64_t MakeRef(uint64_t chunk, uint64_t row) {
  return (chunk << 32) | row;
}

struct WindowRows {
  // Stored chunks in input order: the input columns, then the evaluated expressions.
  std::vector<DataChunk> chunks;
  std::vector<uint64_t> chunk_start;  // input position of each chunk's first row
  uint64_t row_count = 0;

  const Vector& Column(uint64_t ref, size_t column) const {
    return chunks[RefChunk(ref)].column(column);
  }
  // Index of the row's value in its vector (0 for a constant vector).
  static size_t Index(const Vector& v, uint64_t ref) { return v.is_constant() ? 0 : RefRow(ref); }
  bool IsValid(uint64_t ref, size_t column) const {
    const Vector& v = Column(ref, column);
    return v.IsValid(Index(v, ref));
  }
  template <typename T>
  T Get(uint64_t ref, size_t column) const {
    const Vector& v = Column(ref, column);
    return v.data<T>()[Index(v, ref)];
  }
  uint64_t Position(uint64_t ref) const { return chunk_start[RefChunk(ref)] + RefRow(ref); }
};

class WindowResultColumn {
 public:
  WindowResultColumn(TypeId type, bool nullable, uint64_t rows)
      : type_(type), width_(PhysicalSize(type)), nullable_(nullable) {
    data_.reset(new uint8_t[std::max<uint64_t>(rows, 1) * std::max<size_t>(width_, 1)]);
    if (nullable_) valid_.reset(new uint8_t[std::max<uint64_t>(rows, 1)]);
  }

  TypeId type() const { return type_; }
  size_t width() const { return width_; }
  bool nullable() const { return nullable_; }
  uint8_t* data() { return data_.get(); }
  const uint8_t* data() const { return data_.get(); }
  template <typename T>
  T* values() {
    return reinterpret_cast<T*>(data_.get());
  }
  void SetValid(uint64_t position, bool valid) {
    if (nullable_) valid_[position] = valid ? 1 : 0;
  }
  bool IsValid(uint64_t position) const { return !nullable_ || valid_[position] != 0; }
  // Copies the value (or NULL) of `column` at `ref` to `position`. Strings keep pointing
  // into the stored chunks, which outlive the result.
  void CopyFrom(const WindowRows& rows, uint64_t ref, size_t column, uint64_t position) {
    const Vector& v = rows.Column(ref, column);
    size_t index = WindowRows::Index(v, ref);
    bool valid = v.IsValid(index);
    SetValid(position, valid);
    if (valid) std::memcpy(data_.get() + position * width_, v.raw_data() + index * width_, width_);
  }
  void SetNull(uint64_t position) { SetValid(position, false); }
  // Keeps an arena holding strings this column points to alive.
  void AdoptArena(std::shared_ptr<StringArena> arena) {
    std::lock_guard<std::mutex> lock(mutex_);
    arenas_.push_back(std::move(arena));
  }

 private:
  TypeId type_;
  size_t width_;
  bool nullable_;
  std::unique_ptr<uint8_t[]> data_;
  std::unique_ptr<uint8_t[]> valid_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<StringArena>> arenas_;
};

}  // namespace sluice
