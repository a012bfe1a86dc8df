// Validation helpers for WindowCall (declared in exec/window.h): what PhysicalWindow
// checks before it accepts a call.
//
// Thread-safety: pure functions.
#pragma once

#include "exec/window.h"

namespace sluice {

// Throws a user_input Error for a frame or argument list PostgreSQL would refuse (frame
// start UNBOUNDED FOLLOWING, RANGE offsets without exactly one numeric/date ORDER BY key,
// DISTINCT, ...) and an internal Error for types the binder should have cast.
void ValidateWindowCall(const WindowCall& call);

// False for the ranking functions, whose results are never NULL.
bool WindowCallNullable(const WindowCall& call);

}  // namespace sluice
