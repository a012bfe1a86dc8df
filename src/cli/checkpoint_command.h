// `sluice checkpoint show|set|reset PIPELINE [SOURCE [VALUE]]` — the checkpoint store of
// incremental sources (runner/incremental_source.h) as a user sees and repairs it.
//
// Thread-safety: called once from main.
#pragma once

#include <ostream>

#include "cli/command_line.h"

namespace sluice::cli {

int RunCheckpointCommand(const CheckpointArgs& args, std::ostream& out);

}  // namespace sluice::cli
