// `sluice generate DATASET ...`: writes example data sets (only "retail" for now).
//
// Thread-safety: runs on the calling thread.
#pragma once

#include <ostream>

#include "cli/command_line.h"

namespace sluice::cli {

// Writes the data set and reports what was written to `report`. Returns the exit code;
// throws sluice::Error when a file cannot be written.
int RunGenerateCommand(const GenerateArgs& args, std::ostream& report);

}  // namespace sluice::cli
