// `sluice report RUN_ID [-o FILE]`: writes the run's HTML quality report
// (cli/quality_report.h) from the lake's run store and prints where it went.
//
// Thread-safety: command functions, one call at a time.
#pragma once

#include <ostream>
#include <string>

#include "catalog/run_store.h"
#include "cli/command_line.h"

namespace sluice::cli {

// Prints the path written on `out`; "-o -" writes the page itself to `out`. Throws
// user_input for a lake without runs or an unknown run id, and when the file cannot be
// written. Returns the exit code.
int RunReportCommand(const ReportArgs& args, std::ostream& out);

// Writes the report of `run_id` (an id, "latest" or a unique part of one) to `path`; for
// `sluice run --report FILE`. Returns the run's full id.
std::string WriteQualityReport(catalog::RunStore& store, const std::string& run_id,
                               const std::string& path);

}  // namespace sluice::cli
