// Vectorized casts between all sluice types, with SQL CAST semantics (the same rules as
// Value::CastTo): numeric widening and rounding narrowing, text parsing of every type,
// DATE <-> TIMESTAMP, anything -> VARCHAR.
//
// A value that cannot be converted throws a user_input Error naming the value and both
// types ("cannot cast VARCHAR 'abc' to INTEGER"), unless try_cast, which yields NULL.
//
// Thread-safety: pure functions.
#pragma once

#include "types/type.h"
#include "vector/vector.h"

namespace sluice {

// Reads `count` rows of `input` (flat or constant) and writes them to `result`, which the
// function Initialize()s with `target`.
void CastVector(const Vector& input, size_t count, TypeId target, bool try_cast, Vector& result);

}  // namespace sluice
