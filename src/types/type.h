// Logical types of sluice and their physical representation in column vectors.
//
//   BOOLEAN   -> uint8_t (0/1)
//   INTEGER   -> int32_t
//   BIGINT    -> int64_t
//   DOUBLE    -> double
//   VARCHAR   -> StringRef (pointer + length into a string arena or a pinned buffer)
//   DATE      -> int32_t days since 1970-01-01
//   TIMESTAMP -> int64_t microseconds since 1970-01-01 00:00:00 (no time zone)
//   NULLTYPE  -> the type of an untyped NULL literal; never stored in a column
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

enum class TypeId : uint8_t {
  kNull,
  kBoolean,
  kInteger,
  kBigint,
  kDouble,
  kVarchar,
  kDate,
  kTimestamp,
};

// A string value inside a vector. Does not own its bytes: the vector's arena (or a buffer
// the vector pins) keeps them alive.
struct StringRef {
  const char* data = nullptr;
  uint32_t size = 0;

  StringRef() = default;
  StringRef(const char* d, uint32_t n) : data(d), size(n) {}
  explicit StringRef(std::string_view s) : data(s.data()), size(static_cast<uint32_t>(s.size())) {}
  std::string_view view() const { return {data, size}; }
  bool operator==(const StringRef& o) const {
    return size == o.size && (size == 0 || data == o.data || std::memcmp(data, o.data, size) == 0);
  }
  bool operator<(const StringRef& o) const { return view() < o.view(); }
};

// The type's name as SQL spells it ("BIGINT").
std::string_view TypeName(TypeId type);

// Parses a SQL type name (case-insensitive; accepts common synonyms: INT, INT4, INT8,
// FLOAT8, REAL, FLOAT, TEXT, STRING, BOOL, DATETIME, NUMERIC/DECIMAL map to DOUBLE for now).
std::optional<TypeId> ParseTypeName(std::string_view name);

// Bytes per value in a vector's data buffer (0 for kNull).
size_t PhysicalSize(TypeId type);

bool IsNumeric(TypeId type);   // INTEGER, BIGINT, DOUBLE
bool IsIntegral(TypeId type);  // INTEGER, BIGINT

// The common supertype for comparisons, CASE branches, UNION, COALESCE.
// Returns nullopt if there is none (e.g. DATE and BOOLEAN).
std::optional<TypeId> CommonSupertype(TypeId a, TypeId b);

// True if values of `from` convert to `to` without loss and implicitly (INTEGER->BIGINT,
// BIGINT->DOUBLE, DATE->TIMESTAMP, NULL->anything).
bool ImplicitlyCastable(TypeId from, TypeId to);

struct Field {
  std::string name;
  TypeId type = TypeId::kNull;
};
using Schema = std::vector<Field>;

}  // namespace sluice
