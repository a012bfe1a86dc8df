// `sluice catalog ls | show | history | vacuum`: the lake catalog from the command line.
//
// Thread-safety: one call at a time.
#pragma once

#include <ostream>

#include "cli/command_line.h"

namespace sluice::cli {

// Prints to `out`; throws sluice::Error (missing catalog, unknown table). Returns the exit
// code.
int RunCatalogCommand(const CatalogArgs& args, std::ostream& out);

}  // namespace sluice::cli
