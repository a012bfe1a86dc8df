// `sluice run PIPELINE.yaml` and `sluice validate PIPELINE.yaml`.
//
// run: loads and validates the spec, runs it (runner/pipeline_runner.h) with a line per
// stage on stderr (redrawn in place on a terminal), prints the summary on `out`, and
// returns 0 (succeeded), 3 (a quality gate failed) or 1 (failed).
// validate: only loads and validates; prints what the pipeline contains.
//
// Thread-safety: command functions, one call at a time.
#pragma once

#include <ostream>

#include "cli/command_line.h"

namespace sluice::cli {

int RunRunCommand(const RunArgs& args, std::ostream& out);
int RunValidateCommand(const RunArgs& args, std::ostream& out);
// sluice dlq ls | show ID | retry ID | discard ID
int RunDlqCommand(const DlqArgs& args, std::ostream& out);

}  // namespace sluice::cli
