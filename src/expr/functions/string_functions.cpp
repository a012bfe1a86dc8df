// String functions that measure, slice and reshape text: length, lower/upper, substr,
// left/right, reverse, repeat, lpad/rpad, ascii/chr. Positions and lengths count
// characters (UTF-8 code points), 1-based like PostgreSQL and DuckDB; a negative start
// of substr counts from the end as DuckDB does.
//
// Slices point into the input's bytes: the result pins the input's arena instead of
// copying.
#include <algorithm>
#include <limits>
#include <optional>

#include "common/error.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/like_matcher.h"
#include "expr/functions/string_kernels.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"

namespace sluice::functions {
namespace {

constexpr TypeId kVarchar = TypeId::kVarchar;
constexpr TypeId kBigint = TypeId::kBigint;

void LengthKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  UnaryLoop<StringRef, int64_t>(args[0], count, result, [](StringRef s) {
    return static_cast<int64_t>(Utf8Length(s.view()));
  });
}

void ByteLengthKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  UnaryLoop<StringRef, int64_t>(args[0], count, result,
                                [](StringRef s) { return static_cast<int64_t>(s.size); });
}

template <bool kUpper>
void CaseKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  std::string buffer;
  MapStrings(args, count, result, [&](size_t row) {
    buffer.clear();
    FoldCase(RowValue<StringRef>(args[0], row).view(), buffer, kUpper);
    return std::string_view(buffer);
  });
}

// Characters [begin, end) (0-based, end exclusive; clamped) of s, as a byte slice.
std::string_view CharacterSlice(std::string_view s, int64_t begin, int64_t end) {
  if (begin < 0) begin = 0;
  if (end <= begin) return {};
  size_t from = Utf8Offset(s, static_cast<size_t>(begin));
  size_t to = from + Utf8Offset(s.substr(from), static_cast<size_t>(end - begin));
  return s.substr(from, to - from);
}

std::string_view Substring(std::string_view s, int64_t start, std::optional<int64_t> length) {
  constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::max();
  if (length && *length < 0) return {};
  // 1-based begin; end is exclusive.
  int64_t begin = start < 0 ? static_cast<int64_t>(Utf8Length(s)) + start + 1 : start;
  int64_t end = kUnbounded;
  if (length && __builtin_add_overflow(begin, *length, &end)) end = kUnbounded;
  return CharacterSlice(s, begin - 1, end == kUnbounded ? kUnbounded : end - 1);
}

void SubstrKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  ShareStrings(args, result);
  SliceStrings(args, count, result, [&](size_t row) {
    std::optional<int64_t> length;
    if (args.size() > 2) length = RowValue<int64_t>(args[2], row);
    return Substring(RowValue<StringRef>(args[0], row).view(), RowValue<int64_t>(args[1], row),
                     length);
  });
}

template <bool kLeft>
void LeftRightKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  ShareStrings(args, result);
  SliceStrings(args, count, result, [&](size_t row) {
    std::string_view s = RowValue<StringRef>(args[0], row).view();
    int64_t n = RowValue<int64_t>(args[1], row);
    int64_t chars = static_cast<int64_t>(Utf8Length(s));
    int64_t keep = n >= 0 ? std::min(n, chars) : std::max<int64_t>(chars + n, 0);
    return kLeft ? CharacterSlice(s, 0, keep) : CharacterSlice(s, chars - keep, chars);
  });
}

void ReverseKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  std::string buffer;
  MapStrings(args, count, result, [&](size_t row) {
    std::string_view s = RowValue<StringRef>(args[0], row).view();
    buffer.assign(s.size(), '\0');
    size_t pos = 0, out = s.size();
    while (pos < s.size()) {
      size_t start = pos;
      DecodeUtf8(s, pos);
      out -= pos - start;
      std::copy(s.begin() + static_cast<ptrdiff_t>(start), s.begin() + static_cast<ptrdiff_t>(pos),
                buffer.begin() + static_cast<ptrdiff_t>(out));
    }
    return std::string_view(buffer);
  });
}

constexpr size_t kMaxStringBytes = size_t{1} << 30;

void RepeatKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  std::string buffer;
  MapStrings(args, count, result, [&](size_t row) {
    std::string_view s = RowValue<StringRef>(args[0], row).view();
    int64_t n = RowValue<int64_t>(args[1], row);
    buffer.clear();
    if (n <= 0 || s.empty()) return std::string_view(buffer);
    if (static_cast<uint64_t>(n) > kMaxStringBytes / s.size()) {
      throw Error::UserInput("repeat: result of {} x {} bytes is too large", n, s.size());
    }
    buffer.reserve(s.size() * static_cast<size_t>(n));
    for (int64_t i = 0; i < n; i++) buffer.append(s);
    return std::string_view(buffer);
  });
}

template <bool kLeft>
void PadKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  std::string buffer;
  MapStrings(args, count, result, [&](size_t row) {
    std::string_view s = RowValue<StringRef>(args[0], row).view();
    int64_t target = RowValue<int64_t>(args[1], row);
    std::string_view fill = args.size() > 2 ? RowValue<StringRef>(args[2], row).view() : " ";
    buffer.clear();
    if (target <= 0) return std::string_view(buffer);
    if (static_cast<uint64_t>(target) > kMaxStringBytes) {
      throw Error::UserInput("{}: target length {} is too large", kLeft ? "lpad" : "rpad", target);
    }
    int64_t chars = static_cast<int64_t>(Utf8Length(s));
    if (chars >= target || fill.empty()) {
      std::string_view kept = CharacterSlice(s, 0, target);
      buffer.assign(kept);
      return std::string_view(buffer);
    }
    std::string padding;
    int64_t missing = target - chars;
    size_t pos = 0;
    for (int64_t i = 0; i < missing; i++) {
      if (pos >= fill.size()) pos = 0;
      size_t start = pos;
      DecodeUtf8(fill, pos);
      padding.append(fill.substr(start, pos - start));
    }
    if (kLeft) {
      buffer = padding;
      buffer.append(s);
    } else {
      buffer.assign(s);
      buffer.append(padding);
    }
    return std::string_view(buffer);
  });
}

void AsciiKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  UnaryLoop<StringRef, int32_t>(args[0], count, result, [](StringRef s) {
    if (s.size == 0) return int32_t{0};
    size_t pos = 0;
    return static_cast<int32_t>(DecodeUtf8(s.view(), pos));
  });
}

void ChrKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  std::string buffer;
  MapStrings(args, count, result, [&](size_t row) {
    int64_t code = RowValue<int32_t>(args[0], row);
    if (code < 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      throw Error::UserInput("chr: {} is not a valid Unicode code point", code);
    }
    buffer.clear();
    AppendUtf8(static_cast<uint32_t>(code), buffer);
    return std::string_view(buffer);
  });
}

void Add(const char* name, std::vector<TypeId> parameters, TypeId return_type,
         ScalarKernel kernel) {
  ScalarFunctionRegistry::Register({.name = name,
                                    .parameters = std::move(parameters),
                                    .return_type = return_type,
                                    .kernel = std::move(kernel)});
}

}  // namespace

void RegisterStringFunctions() {
  for (const char* name : {"length", "char_length", "character_length", "len"}) {
    Add(name, {kVarchar}, kBigint, LengthKernel);
  }
  for (const char* name : {"strlen", "octet_length"})
    Add(name, {kVarchar}, kBigint, ByteLengthKernel);
  for (const char* name : {"lower", "lcase"}) Add(name, {kVarchar}, kVarchar, CaseKernel<false>);
  for (const char* name : {"upper", "ucase"}) Add(name, {kVarchar}, kVarchar, CaseKernel<true>);
  for (const char* name : {"substr", "substring"}) {
    Add(name, {kVarchar, kBigint}, kVarchar, SubstrKernel);
    Add(name, {kVarchar, kBigint, kBigint}, kVarchar, SubstrKernel);
  }
  Add("left", {kVarchar, kBigint}, kVarchar, LeftRightKernel<true>);
  Add("right", {kVarchar, kBigint}, kVarchar, LeftRightKernel<false>);
  Add("reverse", {kVarchar}, kVarchar, ReverseKernel);
  Add("repeat", {kVarchar, kBigint}, kVarchar, RepeatKernel);
  Add("lpad", {kVarchar, kBigint, kVarchar}, kVarchar, PadKernel<true>);
  Add("lpad", {kVarchar, kBigint}, kVarchar, PadKernel<true>);
  Add("rpad", {kVarchar, kBigint, kVarchar}, kVarchar, PadKernel<false>);
  Add("rpad", {kVarchar, kBigint}, kVarchar, PadKernel<false>);
  Add("ascii", {kVarchar}, TypeId::kInteger, AsciiKernel);
  Add("chr", {TypeId::kInteger}, kVarchar, ChrKernel);
}

}  // namespace sluice::functions
