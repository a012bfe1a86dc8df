#include "expr/functions/vector_loops.h"

namespace sluice::functions {

void PropagateValidity(const std::vector<Vector>& args, size_t count, Vector& result) {
  for (const Vector& arg : args) {
    if (arg.AllValid()) continue;
    if (arg.is_constant()) {
      if (!arg.IsValid(0)) {
        for (size_t i = 0; i < count; i++) result.SetNull(i);
      }
      continue;
    }
    uint64_t* out = result.mutable_validity_words();
    const uint64_t* in = arg.validity_words();
    for (size_t w = 0; w < (count + 63) / 64; w++) out[w] &= in[w];
  }
}

bool AnyNull(const Vector& v, size_t count) {
  if (v.AllValid()) return false;
  if (v.is_constant()) return !v.IsValid(0);
  for (size_t i = 0; i < count; i++) {
    if (!v.IsValid(i)) return true;
  }
  return false;
}

}  // namespace sluice::functions
