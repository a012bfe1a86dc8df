// Vector — one column of up to `capacity` values of one type, the unit that operators and
// function kernels work on.
//
// Layout: a contiguous data buffer of PhysicalSize(type) bytes per value (see
// types/type.h), a validity bitmap (bit set = valid; no bitmap at all = every value
// valid), and for VARCHAR a shared StringArena owning the bytes. A vector is either flat
// (value i at index i) or constant (one value at index 0 standing for every row).
//
// Buffers are reference counted: Reference() shares them without copying (a projection
// of a column is free). Before writing, a producer calls Initialize(), which gives the
// vector buffers of its own (reusing them when nobody else shares them).
//
// Thread-safety: not thread-safe; each worker thread owns its vectors. Vectors that share
// buffers must only be read.
#pragma once

#include <cstdint>
#include <memory>

#include "types/type.h"
#include "types/value.h"
#include "vector/string_arena.h"

namespace sluice {

// Rows per chunk: small enough for the working set of a pipeline to stay in L2.
constexpr size_t kChunkCapacity = 2048;

class Vector {
 public:
  Vector() = default;
  explicit Vector(TypeId type, size_t capacity = kChunkCapacity);

  TypeId type() const { return type_; }
  size_t capacity() const { return capacity_; }

  // Makes the vector writable with `type` and at least `capacity` rows: own buffers, all
  // values valid, flat, an empty arena of its own.
  void Initialize(TypeId type, size_t capacity = kChunkCapacity);
  void Initialize() { Initialize(type_, capacity_); }

  // Shares `other`'s buffers (no copy). The result must not be written.
  void Reference(const Vector& other);

  template <typename T>
  T* data() {
    return reinterpret_cast<T*>(data_.get());
  }
  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(data_.get());
  }
  uint8_t* raw_data() { return data_.get(); }
  const uint8_t* raw_data() const { return data_.get(); }

  // Validity. validity_words() is nullptr when every value is valid.
  bool AllValid() const { return validity_ == nullptr; }
  const uint64_t* validity_words() const { return validity_.get(); }
  uint64_t* mutable_validity_words();  // allocates an all-valid bitmap on demand
  bool IsValid(size_t i) const {
    return validity_ == nullptr || ((validity_[i >> 6] >> (i & 63)) & 1) != 0;
  }
  // A NULL VARCHAR slot always holds an empty string, so code reading strings without
  // checking validity never sees garbage.
  void SetNull(size_t i) {
    mutable_validity_words()[i >> 6] &= ~(uint64_t{1} << (i & 63));
    if (type_ == TypeId::kVarchar) reinterpret_cast<StringRef*>(data_.get())[i] = StringRef("", 0);
  }
  void SetValid(size_t i) {
    if (validity_ != nullptr) validity_[i >> 6] |= uint64_t{1} << (i & 63);
  }
  void SetValidity(size_t i, bool valid) {
    if (valid) {
      SetValid(i);
    } else {
      SetNull(i);
    }
  }

  bool is_constant() const { return constant_; }
  void SetConstant(bool constant) { constant_ = constant; }

  StringArena& arena();
  const std::shared_ptr<StringArena>& shared_arena() const { return arena_; }
  // Adds a string owned by this vector's arena.
  StringRef AddString(std::string_view s) { return arena().Add(s); }

  // Slow path accessors for tests, constants and results.
  Value GetValue(size_t i) const;
  void SetValue(size_t i, const Value& value);  // value must already have this type (or NULL)

  // A constant vector holding `value`.
  static Vector Constant(const Value& value, TypeId type);

 private:
  TypeId type_ = TypeId::kNull;
  size_t capacity_ = 0;
  bool constant_ = false;
  std::shared_ptr<uint8_t[]> data_;
  std::shared_ptr<uint64_t[]> validity_;
  std::shared_ptr<StringArena> arena_;
};

}  // namespace sluice
