// The `sluice` binary: parses the command line, runs the command, and turns errors into
// messages and exit codes (see cli/exit_codes.h). This is the one place that catches
// sluice::Error for the command line.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
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

// Materializing queries fault in gigabytes of fresh memory, and on virtual machines a page
// fault is expensive: with 4 KiB pages they took half of a 1e7-row pipeline's time. glibc's
// malloc asks for transparent huge pages (and keeps large blocks in its heaps instead of
// mapping and unmapping them) only when its tunables say so at start-up, so the binary
// starts itself once more with them set (measured: 7.4 s -> 4.0 s for a 2.3 GB CREATE
// TABLE AS). GLIBC_TUNABLES set by the user, SLUICE_DEFAULT_MALLOC=1 or valgrind leave it alone.
void StartWithHugePages(char** argv) {
  if (std::getenv("SLUICE_MALLOC_TUNED") != nullptr) {
    ::unsetenv("SLUICE_MALLOC_TUNED");
    ::unsetenv("GLIBC_TUNABLES");  // children (notify commands) get the usual allocator
    return;
  }
  if (std::getenv("GLIBC_TUNABLES") != nullptr || std::getenv("SLUICE_DEFAULT_MALLOC") != nullptr) {
    return;
  }
  // Under valgrind (its preload library is in LD_PRELOAD) a new image would escape the
  // tool: profile the process as it is.
  const char* preload = std::getenv("LD_PRELOAD");
  if (preload != nullptr && std::string(preload).find("vgpreload") != std::string::npos) return;
  ::setenv("GLIBC_TUNABLES",
           "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=67108864:"
           "glibc.malloc.trim_threshold=4294967296",
           1);
  ::setenv("SLUICE_MALLOC_TUNED", "1", 1);
  ::execv("/proc/self/exe", argv);
  // Not possible here (no /proc): go on with the default allocator.
  ::unsetenv("GLIBC_TUNABLES");
  ::unsetenv("SLUICE_MALLOC_TUNED");
}

}  // namespace

int main(int argc, char** argv) {
  StartWithHugePages(argv);
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
