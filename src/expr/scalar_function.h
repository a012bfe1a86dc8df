// ScalarFunction — one overload of a SQL scalar function or operator, and the registry
// that finds overloads by name and argument types.
//
// Operators are functions too: "+", "-", "*", "/", "%", "=", "<>", "<", "<=", ">", ">=",
// "~~" (LIKE), "~~*" (ILIKE), "||" and unary "negate". Casts are not (see expr/cast.h).
//
// A kernel gets its arguments evaluated as vectors of `count` rows each (flat, or
// constant: read through ColumnView) and writes `count` rows into `result`, which the
// caller has Initialize()d with the return type. With NullHandling::kDefault the kernel
// may compute garbage for rows where an argument is NULL: the executor marks those rows
// NULL afterwards. With kSpecial the kernel sets validity itself (COALESCE-like functions,
// division by zero -> NULL).
//
// Invariant kernels can rely on: a NULL slot of a VARCHAR vector holds a valid (possibly
// empty) StringRef, never garbage.
//
// Thread-safety: the registry is filled at startup (RegisterBuiltinFunctions) and then
// only read; kernels must be reentrant (any per-call state lives in `state`).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "types/type.h"
#include "types/value.h"
#include "vector/vector.h"

namespace sluice {

struct ScalarFunction;

// Per-call-site state built once at bind time (a compiled LIKE pattern or regex when the
// pattern is constant). `constant_args[i]` is the argument's value when it is a constant
// expression, nullptr otherwise.
using ScalarStateBuilder =
    std::function<std::shared_ptr<const void>(const std::vector<const Value*>& constant_args)>;

using ScalarKernel = std::function<void(const std::vector<Vector>& args, size_t count,
                                        Vector& result, const void* state)>;

enum class NullHandling { kDefault, kSpecial };

struct ScalarFunction {
  std::string name;                // lower case
  std::vector<TypeId> parameters;  // fixed leading parameters
  std::optional<TypeId> varargs;   // any number of further arguments of this type
  TypeId return_type = TypeId::kNull;
  ScalarKernel kernel;
  NullHandling null_handling = NullHandling::kDefault;
  ScalarStateBuilder build_state;  // optional
  bool is_volatile = false;        // now(), random(): never constant-folded
};

// Overload resolution result: the chosen overload, and the type each argument must be
// cast to before the call.
struct ResolvedScalar {
  const ScalarFunction* function = nullptr;
  std::vector<TypeId> argument_types;
};

class ScalarFunctionRegistry {
 public:
  static void Register(ScalarFunction function);
  // Best overload for these argument types: exact matches first, then the one needing
  // the cheapest implicit casts (NULL literals match anything). nullopt if none.
  static std::optional<ResolvedScalar> Resolve(const std::string& name,
                                               const std::vector<TypeId>& arguments);
  static bool Exists(const std::string& name);
  static std::vector<std::string> Names();
  // Signatures of every overload of `name`, for error messages ("substr(VARCHAR, BIGINT)").
  static std::vector<std::string> Signatures(const std::string& name);
};

}  // namespace sluice
