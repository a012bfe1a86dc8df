// `sluice runs [ls]` and `sluice runs show RUN_ID`: the run history from the lake's run
// store, as aligned text tables or as JSON (--format json).
//
// ls: one line per run, newest first (id, pipeline, status, start, duration, quality
// score, error). show: the run, its stages, each dataset's quality against its gate,
// every rule outcome and what the run read and wrote (its summary).
//
// Thread-safety: command functions, one call at a time.
#pragma once

#include <ostream>

#include "cli/command_line.h"

namespace sluice::cli {

// Prints to `out`; a lake without a run store is "no runs yet" for ls and a user_input
// error for show, as is an unknown run id. Returns the exit code.
int RunRunsCommand(const RunsArgs& args, std::ostream& out);

}  // namespace sluice::cli
