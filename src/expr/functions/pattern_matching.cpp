// LIKE and ILIKE operators (~~, ~~*, and their negations !~~, !~~*). A constant pattern is
// compiled once per call site by build_state; a per-row pattern is compiled when it
// changes from the previous row.
#include <memory>
#include <optional>

#include "expr/functions/builtin_functions.h"
#include "expr/functions/like_matcher.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"

namespace sluice::functions {
namespace {

struct LikeState {
  std::optional<LikeMatcher> matcher;  // set when the pattern is a constant
};

template <bool kCaseInsensitive>
std::shared_ptr<const void> BuildLikeState(const std::vector<const Value*>& constants) {
  auto state = std::make_shared<LikeState>();
  if (constants.size() > 1 && constants[1] != nullptr && !constants[1]->is_null() &&
      constants[1]->type() == TypeId::kVarchar) {
    if (kCaseInsensitive) {
      std::string folded;
      FoldCase(constants[1]->string_value(), folded, false);
      state->matcher.emplace(folded);
    } else {
      state->matcher.emplace(constants[1]->string_value());
    }
  }
  return state;
}

template <bool kCaseInsensitive, bool kNegated>
void LikeKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void* state) {
  const auto* like = static_cast<const LikeState*>(state);
  const Vector& text = args[0];
  const Vector& pattern = args[1];
  uint8_t* out = result.data<uint8_t>();
  std::optional<LikeMatcher> local;
  const LikeMatcher* matcher = like != nullptr && like->matcher ? &*like->matcher : nullptr;
  if (matcher == nullptr && pattern.is_constant()) {
    std::string p(pattern.data<StringRef>()[0].view());
    if (kCaseInsensitive) {
      std::string folded;
      FoldCase(p, folded, false);
      p = folded;
    }
    matcher = &local.emplace(p);
  }
  std::string folded;
  auto fold = [&](StringRef s) -> std::string_view {
    if (!kCaseInsensitive) return s.view();
    folded.clear();
    FoldCase(s.view(), folded, false);
    return folded;
  };
  if (matcher != nullptr) {
    const StringRef* in = text.data<StringRef>();
    if (text.is_constant()) {
      uint8_t v = matcher->Matches(fold(in[0])) != kNegated;
      for (size_t i = 0; i < count; i++) out[i] = v;
    } else {
      for (size_t i = 0; i < count; i++) out[i] = matcher->Matches(fold(in[i])) != kNegated;
    }
    return;
  }
  std::string folded_pattern;
  for (size_t i = 0; i < count; i++) {
    std::string_view p = RowValue<StringRef>(pattern, i).view();
    if (kCaseInsensitive) {
      folded_pattern.clear();
      FoldCase(p, folded_pattern, false);
      p = folded_pattern;
    }
    if (!local || local->pattern() != p) local.emplace(p);
    out[i] = local->Matches(fold(RowValue<StringRef>(text, i))) != kNegated;
  }
}

template <bool kCaseInsensitive, bool kNegated>
void RegisterLike(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    ScalarFunctionRegistry::Register({.name = name,
                                      .parameters = {TypeId::kVarchar, TypeId::kVarchar},
                                      .return_type = TypeId::kBoolean,
                                      .kernel = LikeKernel<kCaseInsensitive, kNegated>,
                                      .build_state = BuildLikeState<kCaseInsensitive>});
  }
}

}  // namespace

void RegisterPatternMatching() {
  RegisterLike<false, false>({"~~", "like"});
  RegisterLike<false, true>({"!~~", "not_like"});
  RegisterLike<true, false>({"~~*", "ilike"});
  RegisterLike<true, true>({"!~~*", "not_ilike"});
}

}  // namespace sluice::functions
