// Vector loops — the templated inner loops that every scalar kernel of the function
// library is built from: unary and binary maps over flat or constant vectors, with the
// per-type physical C++ type, validity helpers for kSpecial kernels, and the registration
// shorthand shared by the function files.
//
// Kernel inputs are flat or constant (never with a selection vector); a loop writes
// `count` flat rows. Operations are lambdas inlined into the loop: no per-row indirect
// calls.
//
// Thread-safety: stateless templates.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "types/type.h"
#include "vector/vector.h"

namespace sluice::functions {

// The C++ type stored in a vector's data buffer for each logical type.
template <TypeId kType>
struct Physical;
template <>
struct Physical<TypeId::kBoolean> {
  using type = uint8_t;
};
template <>
struct Physical<TypeId::kInteger> {
  using type = int32_t;
};
template <>
struct Physical<TypeId::kBigint> {
  using type = int64_t;
};
template <>
struct Physical<TypeId::kDouble> {
  using type = double;
};
template <>
struct Physical<TypeId::kVarchar> {
  using type = StringRef;
};
template <>
struct Physical<TypeId::kDate> {
  using type = int32_t;
};
template <>
struct Physical<TypeId::kTimestamp> {
  using type = int64_t;
};
template <TypeId kType>
using PhysicalT = typename Physical<kType>::type;

// Row `row` of a flat or constant vector is valid.
inline bool RowValid(const Vector& v, size_t row) {
  return v.IsValid(v.is_constant() ? 0 : row);
}

// Value of row `row` of a flat or constant vector.
template <typename T>
inline const T& RowValue(const Vector& v, size_t row) {
  return v.data<T>()[v.is_constant() ? 0 : row];
}

// Sets result's validity to the AND of every argument's validity (for kSpecial kernels,
// which must do what the executor does for kDefault ones).
void PropagateValidity(const std::vector<Vector>& args, size_t count, Vector& result);

// True if any row of `v` (over `count` rows) is NULL.
bool AnyNull(const Vector& v, size_t count);

// out[i] = op(in[i]).
template <typename In, typename Out, typename Op>
inline void UnaryLoop(const Vector& input, size_t count, Vector& result, Op&& op) {
  const In* in = input.data<In>();
  Out* out = result.data<Out>();
  if (input.is_constant()) {
    Out value = op(in[0]);
    for (size_t i = 0; i < count; i++) out[i] = value;
  } else {
    for (size_t i = 0; i < count; i++) out[i] = op(in[i]);
  }
}

// out[i] = op(left[i], right[i]) with fast paths for a constant side.
template <typename L, typename R, typename Out, typename Op>
inline void BinaryLoop(const Vector& left, const Vector& right, size_t count, Vector& result,
                       Op&& op) {
  const L* l = left.data<L>();
  const R* r = right.data<R>();
  Out* out = result.data<Out>();
  if (left.is_constant() && right.is_constant()) {
    Out value = op(l[0], r[0]);
    for (size_t i = 0; i < count; i++) out[i] = value;
  } else if (right.is_constant()) {
    const R rv = r[0];
    for (size_t i = 0; i < count; i++) out[i] = op(l[i], rv);
  } else if (left.is_constant()) {
    const L lv = l[0];
    for (size_t i = 0; i < count; i++) out[i] = op(lv, r[i]);
  } else {
    for (size_t i = 0; i < count; i++) out[i] = op(l[i], r[i]);
  }
}

// As BinaryLoop, for operations that can fail (overflow): op(l, r, Out& out) returns true
// on failure. Returns the first row that failed while both inputs were valid, or -1.
template <typename L, typename R, typename Out, typename Op>
inline int64_t CheckedBinaryLoop(const Vector& left, const Vector& right, size_t count,
                                 Vector& result, Op&& op) {
  const L* l = left.data<L>();
  const R* r = right.data<R>();
  Out* out = result.data<Out>();
  bool failed = false;
  const bool lc = left.is_constant(), rc = right.is_constant();
  if (!lc && !rc) {
    for (size_t i = 0; i < count; i++) failed |= op(l[i], r[i], out[i]);
  } else if (!lc) {
    const R rv = r[0];
    for (size_t i = 0; i < count; i++) failed |= op(l[i], rv, out[i]);
  } else if (!rc) {
    const L lv = l[0];
    for (size_t i = 0; i < count; i++) failed |= op(lv, r[i], out[i]);
  } else {
    for (size_t i = 0; i < count; i++) failed |= op(l[0], r[0], out[i]);
  }
  if (!failed) return -1;
  for (size_t i = 0; i < count; i++) {
    Out scratch;
    if (op(l[lc ? 0 : i], r[rc ? 0 : i], scratch) && RowValid(left, i) && RowValid(right, i)) {
      return static_cast<int64_t>(i);
    }
  }
  return -1;
}

// Decodes one UTF-8 code point at s[pos] (advancing pos); invalid bytes decode as
// themselves, one byte each, so no input can make a loop stall.
inline uint32_t DecodeUtf8(std::string_view s, size_t& pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = byte(pos);
  if (c < 0x80) {
    pos++;
    return c;
  }
  int extra = (c >= 0xF0) ? 3 : (c >= 0xE0) ? 2 : (c >= 0xC0) ? 1 : 0;
  if (extra == 0 || pos + extra >= s.size()) {
    pos++;
    return c;
  }
  uint32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; k++) {
    unsigned char cc = byte(pos + k);
    if ((cc & 0xC0) != 0x80) {
      pos++;
      return c;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  pos += extra + 1;
  return cp;
}

// Number of code points in a UTF-8 string (counts bytes that do not continue a sequence).
inline size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Byte offset of code point `index` (0-based) in s, or s.size() past the end.
inline size_t Utf8Offset(std::string_view s, size_t index) {
  size_t pos = 0;
  while (pos < s.size() && index > 0) {
    pos++;
    while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) pos++;
    index--;
  }
  return pos;
}

inline void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace sluice::functions
