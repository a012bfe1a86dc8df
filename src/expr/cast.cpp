// Vectorized CAST (expr/cast.h). One loop per (source, target) pair, chosen once per call;
// the per-row conversion is an inlined lambda that reports failure, and failures on NULL
// rows are ignored (their slots hold garbage the validity bitmap hides).
//
// Rules follow DuckDB: DOUBLE -> INTEGER/BIGINT rounds half to even, text is parsed
// strictly (surrounding spaces allowed), TIMESTAMP -> DATE floors, anything -> VARCHAR
// prints the canonical text of types/text_codec.h.
#include "expr/cast.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "expr/functions/vector_loops.h"
#include "types/text_codec.h"

namespace sluice {
namespace {

using functions::RowValid;

[[noreturn]] void ThrowCastError(const Vector& input, size_t row, TypeId target,
                                 std::string_view why) {
  Value v = input.GetValue(input.is_constant() ? 0 : row);
  std::string shown = v.type() == TypeId::kVarchar ? "'" + v.string_value() + "'" : v.ToString();
  throw Error::UserInput("cannot cast {} {} to {}{}", TypeName(input.type()), shown,
                         TypeName(target), why.empty() ? "" : ": " + std::string(why));
}

// Copies input validity into result (flat, `count` rows).
void CopyValidity(const Vector& input, size_t count, Vector& result) {
  if (input.AllValid()) return;
  if (input.is_constant()) {
    if (!input.IsValid(0)) {
      for (size_t i = 0; i < count; i++) result.SetNull(i);
    }
    return;
  }
  uint64_t* out = result.mutable_validity_words();
  std::memcpy(out, input.validity_words(), (count + 63) / 64 * sizeof(uint64_t));
}

// out = op(in) where op(In, Out&) returns false on failure. `why` explains failures.
template <typename In, typename Out, typename Op>
void CastLoop(const Vector& input, size_t count, TypeId target, bool try_cast, Vector& result,
              std::string_view why, Op&& op) {
  const In* in = input.data<In>();
  Out* out = result.data<Out>();
  if (input.is_constant()) {
    Out value{};
    if (!op(in[0], value) && input.IsValid(0)) {
      if (!try_cast) ThrowCastError(input, 0, target, why);
      for (size_t i = 0; i < count; i++) result.SetNull(i);
    }
    for (size_t i = 0; i < count; i++) out[i] = value;
    return;
  }
  for (size_t i = 0; i < count; i++) {
    if (!op(in[i], out[i])) [[unlikely]] {
      if (!input.IsValid(i)) continue;
      if (!try_cast) ThrowCastError(input, i, target, why);
      result.SetNull(i);
    }
  }
}

// A conversion that never succeeds (DATE -> INTEGER): every non-NULL row fails.
void FailAll(const Vector& input, size_t count, TypeId target, bool try_cast, Vector& result) {
  for (size_t i = 0; i < count; i++) {
    if (!RowValid(input, i)) continue;
    if (!try_cast) ThrowCastError(input, i, target, "");
    result.SetNull(i);
  }
}

// Any type -> VARCHAR.
template <typename In, typename Append>
void ToVarchar(const Vector& input, size_t count, Vector& result, Append&& append) {
  const In* in = input.data<In>();
  auto* out = result.data<StringRef>();
  std::string buffer;
  if (input.is_constant()) {
    append(in[0], buffer);
    StringRef s = result.AddString(buffer);
    for (size_t i = 0; i < count; i++) out[i] = s;
    return;
  }
  for (size_t i = 0; i < count; i++) {
    if (!input.IsValid(i)) {
      out[i] = StringRef("", 0);
      continue;
    }
    buffer.clear();
    append(in[i], buffer);
    out[i] = result.AddString(buffer);
  }
}

void AppendInteger(int64_t v, std::string& out) {
  char buf[24];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, ptr);
}

bool DoubleToInt64(double d, int64_t& out) {
  double r = std::nearbyint(d);  // half to even, as DuckDB and PostgreSQL do for DOUBLE
  if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0)) return false;
  out = static_cast<int64_t>(r);
  return true;
}

bool TextToInt64(StringRef s, int64_t& out) {
  if (ParseInt64(s.view(), &out)) return true;
  double d;  // '12.5' casts to 13 in DuckDB: text is read as a decimal, rounded half away
  if (!ParseDouble(s.view(), &d)) return false;
  double r = std::round(d);
  if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0)) return false;
  out = static_cast<int64_t>(r);
  return true;
}

template <typename In>
void FromInteger(const Vector& input, size_t count, TypeId target, bool try_cast, Vector& result) {
  switch (target) {
    case TypeId::kBoolean:
      functions::UnaryLoop<In, uint8_t>(input, count, result, [](In v) { return v != 0; });
      return;
    case TypeId::kInteger:
      CastLoop<In, int32_t>(input, count, target, try_cast, result, "out of range for INTEGER",
                            [](In v, int32_t& out) {
                              out = static_cast<int32_t>(v);
                              return v >= std::numeric_limits<int32_t>::min() &&
                                     v <= std::numeric_limits<int32_t>::max();
                            });
      return;
    case TypeId::kBigint:
      functions::UnaryLoop<In, int64_t>(input, count, result, [](In v) { return int64_t{v}; });
      return;
    case TypeId::kDouble:
      functions::UnaryLoop<In, double>(input, count, result,
                                       [](In v) { return static_cast<double>(v); });
      return;
    case TypeId::kVarchar:
      ToVarchar<In>(input, count, result, [](In v, std::string& out) { AppendInteger(v, out); });
      return;
    default: FailAll(input, count, target, try_cast, result);
  }
}

void FromBoolean(const Vector& input, size_t count, TypeId target, bool try_cast, Vector& result) {
  if (target == TypeId::kVarchar) {
    ToVarchar<uint8_t>(input, count, result,
                       [](uint8_t v, std::string& out) { AppendBoolean(v != 0, out); });
  } else {
    FromInteger<uint8_t>(input, count, target, try_cast, result);
  }
}

void FromDouble(const Vector& input, size_t count, TypeId target, bool try_cast, Vector& result) {
  switch (target) {
    case TypeId::kBoolean:
      functions::UnaryLoop<double, uint8_t>(input, count, result, [](double v) { return v != 0; });
      return;
    case TypeId::kInteger:
      CastLoop<double, int32_t>(input, count, target, try_cast, result, "out of range for INTEGER",
                                [](double v, int32_t& out) {
                                  int64_t wide = 0;
                                  bool ok = DoubleToInt64(v, wide) &&
                                            wide >= std::numeric_limits<int32_t>::min() &&
                                            wide <= std::numeric_limits<int32_t>::max();
                                  out = static_cast<int32_t>(wide);
                                  return ok;
                                });
      return;
    case TypeId::kBigint:
      CastLoop<double, int64_t>(input, count, target, try_cast, result, "out of range for BIGINT",
                                [](double v, int64_t& out) { return DoubleToInt64(v, out); });
      return;
    case TypeId::kVarchar:
      ToVarchar<double>(input, count, result,
                        [](double v, std::string& out) { AppendDouble(v, out); });
      return;
    default: FailAll(input, count, target, try_cast, result);
  }
}

void FromVarchar(const Vector& input, size_t count, TypeId target, bool try_cast, Vector& result) {
  switch (target) {
    case TypeId::kBoolean:
      CastLoop<StringRef, uint8_t>(input, count, target, try_cast, result, "",
                                   [](StringRef s, uint8_t& out) {
                                     bool b = false;
                                     bool ok = ParseBoolean(s.view(), &b);
                                     out = b;
                                     return ok;
                                   });
      return;
    case TypeId::kInteger:
      CastLoop<StringRef, int32_t>(
          input, count, target, try_cast, result, "", [](StringRef s, int32_t& out) {
            int64_t v = 0;
            bool ok = TextToInt64(s, v) && v >= std::numeric_limits<int32_t>::min() &&
                      v <= std::numeric_limits<int32_t>::max();
            out = static_cast<int32_t>(v);
            return ok;
          });
      return;
    case TypeId::kBigint:
      CastLoop<StringRef, int64_t>(input, count, target, try_cast, result, "",
                                   [](StringRef s, int64_t& out) { return TextToInt64(s, out); });
      return;
    case TypeId::kDouble:
      CastLoop<StringRef, double>(
          input, count, target, try_cast, result, "",
          [](StringRef s, double& out) { return ParseDouble(s.view(), &out); });
      return;
    case TypeId::kDate:
      CastLoop<StringRef, int32_t>(input, count, target, try_cast, result, "",
                                   [](StringRef s, int32_t& out) {
                                     if (ParseDate(s.view(), &out)) return true;
                                     int64_t ts;
                                     if (!ParseTimestamp(s.view(), &ts)) return false;
                                     out = static_cast<int32_t>(FloorDiv(ts, kMicrosPerDay));
                                     return true;
                                   });
      return;
    case TypeId::kTimestamp:
      CastLoop<StringRef, int64_t>(
          input, count, target, try_cast, result, "",
          [](StringRef s, int64_t& out) { return ParseTimestamp(s.view(), &out); });
      return;
    default: FailAll(input, count, target, try_cast, result);
  }
}

void FromDate(const Vector& input, size_t count, TypeId target, bool try_cast, Vector& result) {
  switch (target) {
    case TypeId::kTimestamp:
      functions::UnaryLoop<int32_t, int64_t>(
          input, count, result, [](int32_t d) { return static_cast<int64_t>(d) * kMicrosPerDay; });
      return;
    case TypeId::kVarchar:
      ToVarchar<int32_t>(input, count, result,
                         [](int32_t d, std::string& out) { AppendDate(d, out); });
      return;
    default: FailAll(input, count, target, try_cast, result);
  }
}

void FromTimestamp(const Vector& input, size_t count, TypeId target, bool try_cast,
                   Vector& result) {
  switch (target) {
    case TypeId::kDate:
      functions::UnaryLoop<int64_t, int32_t>(input, count, result, [](int64_t ts) {
        return static_cast<int32_t>(FloorDiv(ts, kMicrosPerDay));
      });
      return;
    case TypeId::kVarchar:
      ToVarchar<int64_t>(input, count, result,
                         [](int64_t ts, std::string& out) { AppendTimestamp(ts, out); });
      return;
    default: FailAll(input, count, target, try_cast, result);
  }
}

// Same type: copy values (strings by reference, keeping the input's arena alive).
void CopySameType(const Vector& input, size_t count, Vector& result) {
  size_t width = PhysicalSize(input.type());
  if (input.is_constant()) {
    for (size_t i = 0; i < count; i++) {
      std::memcpy(result.raw_data() + i * width, input.raw_data(), width);
    }
  } else {
    std::memcpy(result.raw_data(), input.raw_data(), count * width);
  }
  if (input.type() == TypeId::kVarchar && input.shared_arena() != nullptr) {
    result.arena().Pin(input.shared_arena());
  }
}

}  // namespace

void CastVector(const Vector& input, size_t count, TypeId target, bool try_cast, Vector& result) {
  result.Initialize(target, std::max<size_t>(count, 1));
  if (target == TypeId::kNull || input.type() == TypeId::kNull) {
    // Untyped NULLs become NULLs of the target; nothing is ever cast *to* NULL.
    for (size_t i = 0; i < count; i++) result.SetNull(i);
    if (target == TypeId::kVarchar) {
      for (size_t i = 0; i < count; i++) result.data<StringRef>()[i] = StringRef("", 0);
    }
    return;
  }
  CopyValidity(input, count, result);
  if (input.type() == target) {
    CopySameType(input, count, result);
    return;
  }
  switch (input.type()) {
    case TypeId::kBoolean: FromBoolean(input, count, target, try_cast, result); break;
    case TypeId::kInteger: FromInteger<int32_t>(input, count, target, try_cast, result); break;
    case TypeId::kBigint: FromInteger<int64_t>(input, count, target, try_cast, result); break;
    case TypeId::kDouble: FromDouble(input, count, target, try_cast, result); break;
    case TypeId::kVarchar: FromVarchar(input, count, target, try_cast, result); break;
    case TypeId::kDate: FromDate(input, count, target, try_cast, result); break;
    case TypeId::kTimestamp: FromTimestamp(input, count, target, try_cast, result); break;
    case TypeId::kNull: break;
  }
}

}  // namespace sluice
