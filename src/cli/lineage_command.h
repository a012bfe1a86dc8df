// `sluice lineage TABLE [--column C] [--format text|dot|mermaid]`: the upstream and
// downstream of a table (or of one column) from the lineage the newest run of each
// pipeline recorded in the lake's run store.
//
// Thread-safety: command functions, one call at a time.
#pragma once

#include <ostream>

#include "catalog/run_store.h"
#include "cli/command_line.h"

namespace sluice::cli {

// Prints to `out` and returns the exit code. A lake without recorded lineage, an unknown
// table or an unknown column are user_input errors that say what is known.
int RunLineageCommand(const LineageArgs& args, std::ostream& out);

// The same over a given run store (for tests and callers that have one open).
int PrintLineage(const LineageArgs& args, catalog::RunStore& store, std::ostream& out);

}  // namespace sluice::cli
