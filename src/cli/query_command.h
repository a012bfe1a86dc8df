// `sluice query`: reads SQL (argument, file or stdin), runs it in a Session and renders the
// last statement's result (table, CSV or JSON) to stdout or --output.
//
// Thread-safety: runs on the calling thread; the Session parallelizes the query itself.
#pragma once

#include "cli/command_line.h"

namespace sluice::cli {

// Returns the exit code. Throws UsageError for a missing SQL text and sluice::Error for
// errors in the query or the data.
int RunQueryCommand(const QueryArgs& args);

}  // namespace sluice::cli
