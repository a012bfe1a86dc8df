// String functions that search text: contains, starts_with, ends_with, strpos, replace,
// split_part and trim/ltrim/rtrim (spaces, or any of the given characters).
#include <algorithm>

#include "expr/functions/builtin_functions.h"
#include "expr/functions/string_kernels.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"

namespace sluice::functions {
namespace {

constexpr TypeId kVarchar = TypeId::kVarchar;
constexpr TypeId kBigint = TypeId::kBigint;
constexpr TypeId kBoolean = TypeId::kBoolean;

struct ContainsOp {
  bool operator()(StringRef s, StringRef part) const {
    return s.view().find(part.view()) != std::string_view::npos;
  }
};
struct StartsWithOp {
  bool operator()(StringRef s, StringRef prefix) const {
    return s.size >= prefix.size && s.view().substr(0, prefix.size) == prefix.view();
  }
};
struct EndsWithOp {
  bool operator()(StringRef s, StringRef suffix) const {
    return s.size >= suffix.size && s.view().substr(s.size - suffix.size) == suffix.view();
  }
};

template <typename Op>
void PredicateKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<StringRef, StringRef, uint8_t>(
      args[0], args[1], count, result,
      [](StringRef a, StringRef b) -> uint8_t { return Op()(a, b); });
}

void StrposKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<StringRef, StringRef, int64_t>(
      args[0], args[1], count, result, [](StringRef s, StringRef part) -> int64_t {
        size_t at = s.view().find(part.view());
        if (at == std::string_view::npos) return 0;
        return static_cast<int64_t>(Utf8Length(s.view().substr(0, at))) + 1;
      });
}

void ReplaceKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  std::string buffer;
  MapStrings(args, count, result, [&](size_t row) {
    std::string_view s = RowValue<StringRef>(args[0], row).view();
    std::string_view from = RowValue<StringRef>(args[1], row).view();
    std::string_view to = RowValue<StringRef>(args[2], row).view();
    buffer.clear();
    if (from.empty()) {
      buffer.assign(s);
      return std::string_view(buffer);
    }
    size_t pos = 0;
    while (true) {
      size_t at = s.find(from, pos);
      if (at == std::string_view::npos) break;
      buffer.append(s.substr(pos, at - pos));
      buffer.append(to);
      pos = at + from.size();
    }
    buffer.append(s.substr(pos));
    return std::string_view(buffer);
  });
}

// split_part(s, delimiter, index): 1-based; negative counts from the end; out of range ''.
std::string_view SplitPart(std::string_view s, std::string_view delimiter, int64_t index) {
  if (index == 0) return {};
  std::vector<std::string_view> parts;
  if (delimiter.empty()) {
    parts.push_back(s);
  } else {
    size_t pos = 0;
    while (true) {
      size_t at = s.find(delimiter, pos);
      if (at == std::string_view::npos) break;
      parts.push_back(s.substr(pos, at - pos));
      pos = at + delimiter.size();
    }
    parts.push_back(s.substr(pos));
  }
  int64_t n = static_cast<int64_t>(parts.size());
  int64_t i = index > 0 ? index - 1 : n + index;
  if (i < 0 || i >= n) return {};
  return parts[static_cast<size_t>(i)];
}

void SplitPartKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  ShareStrings(args, result);
  SliceStrings(args, count, result, [&](size_t row) {
    return SplitPart(RowValue<StringRef>(args[0], row).view(),
                     RowValue<StringRef>(args[1], row).view(), RowValue<int64_t>(args[2], row));
  });
}

// Trims characters in `chars` (code points) from the chosen ends of s.
std::string_view TrimCharacters(std::string_view s, std::string_view chars, bool left, bool right) {
  auto is_trimmed = [&](std::string_view character) {
    if (character.size() == 1) return chars.find(character[0]) != std::string_view::npos;
    return chars.find(character) != std::string_view::npos;
  };
  size_t begin = 0, end = s.size();
  if (left) {
    while (begin < end) {
      size_t next = begin;
      DecodeUtf8(s, next);
      if (!is_trimmed(s.substr(begin, next - begin))) break;
      begin = next;
    }
  }
  if (right) {
    while (end > begin) {
      size_t start = end - 1;
      while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) start--;
      if (!is_trimmed(s.substr(start, end - start))) break;
      end = start;
    }
  }
  return s.substr(begin, end - begin);
}

template <bool kLeft, bool kRight>
void TrimKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  ShareStrings(args, result);
  SliceStrings(args, count, result, [&](size_t row) {
    std::string_view chars = args.size() > 1 ? RowValue<StringRef>(args[1], row).view() : " ";
    return TrimCharacters(RowValue<StringRef>(args[0], row).view(), chars, kLeft, kRight);
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

void RegisterStringSearchFunctions() {
  Add("contains", {kVarchar, kVarchar}, kBoolean, PredicateKernel<ContainsOp>);
  for (const char* name : {"starts_with", "prefix"}) {
    Add(name, {kVarchar, kVarchar}, kBoolean, PredicateKernel<StartsWithOp>);
  }
  for (const char* name : {"ends_with", "suffix"}) {
    Add(name, {kVarchar, kVarchar}, kBoolean, PredicateKernel<EndsWithOp>);
  }
  for (const char* name : {"strpos", "instr", "position"}) {
    Add(name, {kVarchar, kVarchar}, kBigint, StrposKernel);
  }
  Add("replace", {kVarchar, kVarchar, kVarchar}, kVarchar, ReplaceKernel);
  Add("split_part", {kVarchar, kVarchar, kBigint}, kVarchar, SplitPartKernel);
  Add("trim", {kVarchar}, kVarchar, TrimKernel<true, true>);
  Add("trim", {kVarchar, kVarchar}, kVarchar, TrimKernel<true, true>);
  Add("ltrim", {kVarchar}, kVarchar, TrimKernel<true, false>);
  Add("ltrim", {kVarchar, kVarchar}, kVarchar, TrimKernel<true, false>);
  Add("rtrim", {kVarchar}, kVarchar, TrimKernel<false, true>);
  Add("rtrim", {kVarchar, kVarchar}, kVarchar, TrimKernel<false, true>);
}

}  // namespace sluice::functions
