// The `sluice` binary: parses the command line, runs the command, and turns errors into
// messages and exit codes (see cli/exit_codes.h). This is the one place that catches
// sluice::Error for the command line.
#include <cstdio>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli/catalog_command.h"
#include "cli/checkpoint_command.h"
#include "cli/command_line.h"
#include "cli/exit_codes.h"
#include "cli/generate_command.h"
#include "cli/lineage_command.h"
#include "cli/query_command.h"
#include "cli/report_command.h"
#include "cli/run_command.h"
#include "cli/runs_command.h"
#include "common/error.h"

namespace {

int Run(const std::vector<std::string>& args) {
  using sluice::cli::Command;
  Command command = sluice::cli::ParseCommandLine(args);
  switch (command.kind) {
    case Command::Kind::kHelp:
      std::cout << sluice::cli::HelpText(command.help_topic);
      return sluice::cli::kExitOk;
    case Command::Kind::kVersion:
      std::cout << sluice::cli::VersionText();
      return sluice::cli::kExitOk;
    case Command::Kind::kQuery: return sluice::cli::RunQueryCommand(command.query);
    case Command::Kind::kGenerate:
      return sluice::cli::RunGenerateCommand(command.generate, std::cout);
    case Command::Kind::kCatalog: return sluice::cli::RunCatalogCommand(command.catalog, std::cout);
    case Command::Kind::kLineage: return sluice::cli::RunLineageCommand(command.lineage, std::cout);
    case Command::Kind::kRun: return sluice::cli::RunRunCommand(command.run, std::cout);
    case Command::Kind::kValidate: return sluice::cli::RunValidateCommand(command.run, std::cout);
    case Command::Kind::kDlq: return sluice::cli::RunDlqCommand(command.dlq, std::cout);
    case Command::Kind::kCheckpoint:
      return sluice::cli::RunCheckpointCommand(command.checkpoint, std::cout);
    case Command::Kind::kRuns: return sluice::cli::RunRunsCommand(command.runs, std::cout);
    case Command::Kind::kReport: return sluice::cli::RunReportCommand(command.report, std::cout);
  }
  return sluice::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return Run(args);
  } catch (const sluice::cli::UsageError& e) {
    std::cout.flush();
    std::fprintf(stderr, "sluice: %s\n", e.what());
    std::string help = e.command().empty() ? "sluice --help" : "sluice " + e.command() + " --help";
    std::fprintf(stderr, "Run '%s' for usage.\n", help.c_str());
    return sluice::cli::kExitUsage;
  } catch (const sluice::Error& e) {
    std::cout.flush();
    std::fprintf(stderr, "Error: %s\n", e.what());
    return sluice::cli::ExitCodeFor(e.kind());
  } catch (const std::bad_alloc&) {
    std::cout.flush();
    std::fprintf(stderr, "Error: out of memory (try a lower --threads or a smaller input)\n");
    return sluice::cli::kExitError;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::fprintf(stderr, "Error: internal: %s\n", e.what());
    return sluice::cli::kExitError;
  }
}
