// CrashPoint — named places in a run where the crash-and-resume tests kill the process.
//
// With SLUICE_TEST_CRASH_AT=N in the environment, the N-th crash point a process reaches
// (counting from 1) kills the process with SIGKILL on the spot: no destructor, flush or
// rollback runs, as after `kill -9` or a power loss. With SLUICE_TEST_CRASH_LIST=1 every
// crash point reached is printed to stderr ("crash point 7: load:lake:sales.orders
// committed"), so a test can count them. Without either variable a crash point costs one
// relaxed atomic increment.
//
// Thread-safety: may be called from any thread.
#pragma once

#include <string_view>

namespace sluice::runner {

void CrashPoint(std::string_view where);

}  // namespace sluice::runner
