// Regular expressions (RE2 syntax): regexp_matches (partial match), regexp_full_match,
// regexp_replace (first match, or every match with the 'g' flag; \1 back-references) and
// regexp_extract (a capture group of the first match, '' when none). Flags: 'g' global,
// 'i' case-insensitive, 'c' case-sensitive, 's' dot matches newline.
//
// A constant pattern is compiled once per call site; per-row patterns are recompiled
// only when they change. An invalid pattern is a user_input error.
#include <re2/re2.h>

#include <memory>

#include "common/error.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/string_kernels.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"

namespace sluice::functions {
namespace {

constexpr TypeId kVarchar = TypeId::kVarchar;

struct RegexOptions {
  bool global = false;
  bool case_insensitive = false;
  bool dot_all = false;
};

RegexOptions ParseFlags(std::string_view flags) {
  RegexOptions options;
  for (char c : flags) {
    switch (c) {
      case 'g': options.global = true; break;
      case 'i': options.case_insensitive = true; break;
      case 'c': options.case_insensitive = false; break;
      case 's': options.dot_all = true; break;
      default: throw Error::UserInput("regexp: unknown flag '{}' in '{}'", c, flags);
    }
  }
  return options;
}

std::unique_ptr<RE2> Compile(std::string_view pattern, const RegexOptions& options) {
  RE2::Options re2_options;
  re2_options.set_log_errors(false);
  re2_options.set_case_sensitive(!options.case_insensitive);
  re2_options.set_dot_nl(options.dot_all);
  auto re = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), re2_options);
  if (!re->ok()) {
    throw Error::UserInput("invalid regular expression '{}': {}", pattern, re->error());
  }
  return re;
}

// A compiled pattern: fixed for constant patterns, else recompiled when the row's pattern
// or flags differ from the previous row's.
class RegexCache {
 public:
  RegexCache(const std::vector<Vector>& args, size_t flags_index, const void* state)
      : args_(args), flags_index_(flags_index) {
    if (state != nullptr) fixed_ = static_cast<const RE2*>(state);
  }
  const RE2& For(size_t row) {
    if (fixed_ != nullptr) return *fixed_;
    std::string_view pattern = RowValue<StringRef>(args_[1], row).view();
    std::string_view flags;
    if (flags_index_ < args_.size()) flags = RowValue<StringRef>(args_[flags_index_], row).view();
    if (current_ == nullptr || pattern != pattern_ || flags != flags_) {
      pattern_ = pattern;
      flags_ = flags;
      current_ = Compile(pattern, ParseFlags(flags));
    }
    return *current_;
  }
  bool global(size_t row) const {
    if (flags_index_ >= args_.size()) return false;
    return ParseFlags(RowValue<StringRef>(args_[flags_index_], row).view()).global;
  }

 private:
  const std::vector<Vector>& args_;
  size_t flags_index_;
  const RE2* fixed_ = nullptr;
  std::unique_ptr<RE2> current_;
  std::string pattern_, flags_;
};

// build_state: compiles the pattern when it (and the flags, if any) are constant.
ScalarStateBuilder BuildRegex(size_t flags_index) {
  return [flags_index](const std::vector<const Value*>& constants) -> std::shared_ptr<const void> {
    if (constants.size() < 2 || constants[1] == nullptr || constants[1]->is_null()) return nullptr;
    std::string flags;
    if (flags_index < constants.size()) {
      if (constants[flags_index] == nullptr || constants[flags_index]->is_null()) return nullptr;
      flags = constants[flags_index]->string_value();
    }
    return std::shared_ptr<const RE2>(Compile(constants[1]->string_value(), ParseFlags(flags)));
  };
}

template <bool kFull>
void MatchesKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                   const void* state) {
  RegexCache cache(args, 2, state);
  uint8_t* out = result.data<uint8_t>();
  for (size_t i = 0; i < count; i++) {
    if (!AllArgumentsValid(args, i)) {
      out[i] = 0;
      continue;
    }
    std::string_view s = RowValue<StringRef>(args[0], i).view();
    re2::StringPiece text(s.data(), s.size());
    out[i] = kFull ? RE2::FullMatch(text, cache.For(i)) : RE2::PartialMatch(text, cache.For(i));
  }
}

void ReplaceKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                   const void* state) {
  RegexCache cache(args, 3, state);
  std::string buffer;
  MapStrings(args, count, result, [&](size_t row) {
    buffer.assign(RowValue<StringRef>(args[0], row).view());
    std::string_view replacement = RowValue<StringRef>(args[2], row).view();
    re2::StringPiece rewrite(replacement.data(), replacement.size());
    if (cache.global(row)) {
      RE2::GlobalReplace(&buffer, cache.For(row), rewrite);
    } else {
      RE2::Replace(&buffer, cache.For(row), rewrite);
    }
    return std::string_view(buffer);
  });
}

void ExtractKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                   const void* state) {
  RegexCache cache(args, 3, state);
  std::vector<re2::StringPiece> groups;
  ShareStrings(args, result);
  SliceStrings(args, count, result, [&](size_t row) -> std::string_view {
    const RE2& re = cache.For(row);
    int64_t group = args.size() > 2 ? RowValue<int64_t>(args[2], row) : 0;
    if (group < 0 || group > re.NumberOfCapturingGroups()) {
      throw Error::UserInput("regexp_extract: group {} out of range (the pattern has {})", group,
                             re.NumberOfCapturingGroups());
    }
    std::string_view s = RowValue<StringRef>(args[0], row).view();
    groups.assign(static_cast<size_t>(group) + 1, re2::StringPiece());
    if (!re.Match(re2::StringPiece(s.data(), s.size()), 0, s.size(), RE2::UNANCHORED, groups.data(),
                  static_cast<int>(groups.size()))) {
      return {};
    }
    const re2::StringPiece& g = groups[static_cast<size_t>(group)];
    return std::string_view(g.data(), g.size());
  });
}

void Add(const char* name, std::vector<TypeId> parameters, TypeId return_type, ScalarKernel kernel,
         size_t flags_index) {
  ScalarFunctionRegistry::Register({.name = name,
                                    .parameters = std::move(parameters),
                                    .return_type = return_type,
                                    .kernel = std::move(kernel),
                                    .build_state = BuildRegex(flags_index)});
}

}  // namespace

void RegisterRegexpFunctions() {
  constexpr TypeId kBoolean = TypeId::kBoolean;
  Add("regexp_matches", {kVarchar, kVarchar}, kBoolean, MatchesKernel<false>, 2);
  Add("regexp_matches", {kVarchar, kVarchar, kVarchar}, kBoolean, MatchesKernel<false>, 2);
  Add("regexp_full_match", {kVarchar, kVarchar}, kBoolean, MatchesKernel<true>, 2);
  Add("regexp_full_match", {kVarchar, kVarchar, kVarchar}, kBoolean, MatchesKernel<true>, 2);
  Add("regexp_replace", {kVarchar, kVarchar, kVarchar}, kVarchar, ReplaceKernel, 3);
  Add("regexp_replace", {kVarchar, kVarchar, kVarchar, kVarchar}, kVarchar, ReplaceKernel, 3);
  Add("regexp_extract", {kVarchar, kVarchar}, kVarchar, ExtractKernel, 3);
  Add("regexp_extract", {kVarchar, kVarchar, TypeId::kBigint}, kVarchar, ExtractKernel, 3);
}

}  // namespace sluice::functions
