// Row loops for kernels that produce VARCHAR: MapStrings copies each row's computed text
// into the result's arena; SliceStrings stores views into the inputs' bytes (after
// ShareStrings pinned the inputs' arenas). Both skip rows where an argument is NULL, so
// a kernel never computes (or throws) on a NULL row.
//
// Thread-safety: stateless templates.
#pragma once

#include <string_view>
#include <vector>

#include "expr/functions/vector_loops.h"

namespace sluice::functions {

// Keeps the arenas of every VARCHAR argument alive as long as `result`'s arena.
inline void ShareStrings(const std::vector<Vector>& args, Vector& result) {
  for (const Vector& arg : args) {
    if (arg.type() == TypeId::kVarchar && arg.shared_arena() != nullptr &&
        arg.shared_arena() != result.shared_arena()) {
      result.arena().Pin(arg.shared_arena());
    }
  }
}

inline bool AllArgumentsValid(const std::vector<Vector>& args, size_t row) {
  for (const Vector& arg : args) {
    if (!RowValid(arg, row)) return false;
  }
  return true;
}

template <typename Fn>
void MapStrings(const std::vector<Vector>& args, size_t count, Vector& result, Fn&& fn) {
  StringRef* out = result.data<StringRef>();
  for (size_t i = 0; i < count; i++) {
    out[i] = AllArgumentsValid(args, i) ? result.AddString(fn(i)) : StringRef("", 0);
  }
}

template <typename Fn>
void SliceStrings(const std::vector<Vector>& args, size_t count, Vector& result, Fn&& fn) {
  StringRef* out = result.data<StringRef>();
  for (size_t i = 0; i < count; i++) {
    out[i] = AllArgumentsValid(args, i) ? StringRef(fn(i)) : StringRef("", 0);
  }
}

}  // namespace sluice::functions
