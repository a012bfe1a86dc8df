// Conditional functions: nullif(a, b) and if/iif(condition, then, else). COALESCE and
// CASE are evaluated by the expression executor itself (they must not evaluate every
// branch eagerly); these two are plain functions over evaluated arguments.
#include "expr/functions/builtin_functions.h"
#include "expr/functions/string_kernels.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"

namespace sluice::functions {
namespace {

template <typename T>
void NullIf(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  T* out = result.data<T>();
  for (size_t i = 0; i < count; i++) {
    const T& a = RowValue<T>(args[0], i);
    out[i] = a;
    bool equal = RowValid(args[1], i) && a == RowValue<T>(args[1], i);
    if (!RowValid(args[0], i) || equal) result.SetNull(i);
  }
  if constexpr (std::is_same_v<T, StringRef>) ShareStrings(args, result);
}

template <typename T>
void If(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  T* out = result.data<T>();
  for (size_t i = 0; i < count; i++) {
    bool take_then = RowValid(args[0], i) && RowValue<uint8_t>(args[0], i) != 0;
    const Vector& chosen = take_then ? args[1] : args[2];
    out[i] = RowValue<T>(chosen, i);
    if (!RowValid(chosen, i)) result.SetNull(i);
  }
  if constexpr (std::is_same_v<T, StringRef>) ShareStrings(args, result);
}

template <TypeId kType>
void RegisterForType() {
  using T = PhysicalT<kType>;
  ScalarFunctionRegistry::Register({.name = "nullif",
                                    .parameters = {kType, kType},
                                    .return_type = kType,
                                    .kernel = NullIf<T>,
                                    .null_handling = NullHandling::kSpecial});
  for (const char* name : {"if", "iif"}) {
    ScalarFunctionRegistry::Register({.name = name,
                                      .parameters = {TypeId::kBoolean, kType, kType},
                                      .return_type = kType,
                                      .kernel = If<T>,
                                      .null_handling = NullHandling::kSpecial});
  }
}

}  // namespace

void RegisterConditionalFunctions() {
  RegisterForType<TypeId::kInteger>();
  RegisterForType<TypeId::kBigint>();
  RegisterForType<TypeId::kDouble>();
  RegisterForType<TypeId::kVarchar>();
  RegisterForType<TypeId::kBoolean>();
  RegisterForType<TypeId::kDate>();
  RegisterForType<TypeId::kTimestamp>();
}

}  // namespace sluice::functions
