// Overload resolution shared by the scalar and aggregate function registries.
//
// A parameter type of TypeId::kNull in a signature means ANY: the argument is passed with
// its own type (a NULL literal is passed as VARCHAR). An argument converts to a parameter
// type at a cost: 0 when equal, the numeric widening distance (INTEGER->BIGINT 1,
// INTEGER->DOUBLE 2, BIGINT->DOUBLE 1), 1 for DATE->TIMESTAMP and for NULL literals, and
// not at all otherwise (VARCHAR never converts implicitly to numbers). The overload with
// the lowest total cost wins; ties go to the first registered.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "types/type.h"

namespace sluice::functions {

// Cost of converting `from` to parameter type `to`, or -1 if not implicitly possible.
int ImplicitCastCost(TypeId from, TypeId to);

// Argument types an overload with these parameters would take for `arguments`, and the
// total cost; nullopt if it does not accept them.
struct OverloadMatch {
  std::vector<TypeId> argument_types;
  int cost = 0;
};
std::optional<OverloadMatch> MatchOverload(const std::vector<TypeId>& parameters,
                                           const std::optional<TypeId>& varargs,
                                           const std::vector<TypeId>& arguments);

// "name(VARCHAR, BIGINT, ANY...)".
std::string RenderSignature(const std::string& name, const std::vector<TypeId>& parameters,
                            const std::optional<TypeId>& varargs);

std::string LowerName(const std::string& name);

}  // namespace sluice::functions
