// DataChunk — a set of equally long columns, the unit that flows between operators.
//
// A chunk holds size() logical rows. It may carry a selection vector (set by a filter):
// then logical row i lives at physical index sel()[i] of every column, and no rows are
// copied. Columns may also be constant (index 0 for every row). Every consumer reads
// through ColumnView (below), which handles both; a consumer that wants plain dense
// columns calls Flatten() first (writers do).
//
// Thread-safety: not thread-safe; a chunk belongs to one worker at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types/type.h"
#include "vector/vector.h"

namespace sluice {

using sel_t = uint32_t;

class DataChunk {
 public:
  DataChunk() = default;

  // Makes `types.size()` writable columns of those types, size 0, no selection.
  void Initialize(const std::vector<TypeId>& types, size_t capacity = kChunkCapacity);
  // Re-initializes every column for writing (after the chunk was emitted).
  void Reset();

  size_t column_count() const { return columns_.size(); }
  Vector& column(size_t i) { return columns_[i]; }
  const Vector& column(size_t i) const { return columns_[i]; }
  std::vector<Vector>& columns() { return columns_; }
  std::vector<TypeId> types() const;

  size_t size() const { return size_; }
  void SetSize(size_t size) { size_ = size; }
  size_t capacity() const { return columns_.empty() ? kChunkCapacity : columns_[0].capacity(); }

  // Selection.
  bool has_selection() const { return has_sel_; }
  const sel_t* sel() const { return has_sel_ ? sel_.data() : nullptr; }
  // Keeps only rows `selected[0..count)` (logical indices into the current rows).
  void Select(const sel_t* selected, size_t count);
  void ClearSelection() { has_sel_ = false; }
  // Physical index of logical row i for a non-constant column.
  size_t RowIndex(size_t i) const { return has_sel_ ? sel_[i] : i; }

  // Shares columns and selection of `other` (no copy).
  void Reference(const DataChunk& other);
  // Rewrites columns so that they are flat, dense and without a selection.
  void Flatten();
  // Appends a copy of other's rows [offset, offset+count) (logical) to this chunk's
  // columns, which must be writable and flat. Strings are copied into this chunk's arenas.
  void Append(const DataChunk& other, size_t offset, size_t count);

  // Debug/test rendering, one row per line, values separated by '|'.
  std::string ToString() const;

 private:
  std::vector<Vector> columns_;
  size_t size_ = 0;
  bool has_sel_ = false;
  std::vector<sel_t> sel_;
};

// A read view of one column of a chunk: resolves selection and constness.
struct ColumnView {
  const uint8_t* data = nullptr;
  const uint64_t* validity = nullptr;  // nullptr: all valid
  const sel_t* sel = nullptr;          // nullptr: identity
  bool constant = false;

  ColumnView() = default;
  ColumnView(const DataChunk& chunk, size_t column)
      : ColumnView(chunk.column(column), chunk.sel()) {}
  ColumnView(const Vector& vector, const sel_t* selection)
      : data(vector.raw_data()),
        validity(vector.validity_words()),
        sel(vector.is_constant() ? nullptr : selection),
        constant(vector.is_constant()) {}

  size_t Index(size_t row) const { return constant ? 0 : (sel ? sel[row] : row); }
  bool IsValid(size_t row) const {
    if (validity == nullptr) return true;
    size_t i = Index(row);
    return ((validity[i >> 6] >> (i & 63)) & 1) != 0;
  }
  template <typename T>
  const T& Get(size_t row) const {
    return reinterpret_cast<const T*>(data)[Index(row)];
  }
};

}  // namespace sluice
