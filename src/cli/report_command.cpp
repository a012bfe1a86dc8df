#include "cli/report_command.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "cli/exit_codes.h"
#include "cli/quality_report.h"
#include "cli/run_details.h"
#include "common/error.h"

namespace sluice::cli {
namespace {

// Runs of a dataset drawn in its score history.
constexpr size_t kHistoryRuns = 30;

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (file) file.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (file) file.close();
  if (!file) {
    throw Error::UserInput("cannot write the report to {}: {} (choose another path with -o)", path,
                           std::strerror(errno));
  }
}

}  // namespace

std::string WriteQualityReport(catalog::RunStore& store, const std::string& run_id,
                               const std::string& path) {
  catalog::RunRecord run = FindRun(store, run_id);
  WriteFile(path, RenderQualityReport(LoadRunDetails(store, run, kHistoryRuns)));
  return run.run_id;
}

int RunReportCommand(const ReportArgs& args, std::ostream& out) {
  std::string lake = LakeRootFor(args.lake);
  auto store = OpenLakeRunStore(lake, args.catalog);
  if (!store) {
    throw Error::UserInput(
        "no runs yet under {}: run a pipeline with 'sluice run' (or point --lake or "
        "$SLUICE_LAKE at the lake root)",
        lake);
  }
  catalog::RunRecord run = FindRun(*store, args.run_id);
  if (args.output && *args.output == "-") {
    out << RenderQualityReport(LoadRunDetails(*store, run, kHistoryRuns));
    return kExitOk;
  }
  std::string path = args.output.value_or("report-" + run.run_id + ".html");
  WriteQualityReport(*store, run.run_id, path);
  out << "wrote the quality report of run " << run.run_id << " (" << run.pipeline << ") to " << path
      << "\n";
  return kExitOk;
}

}  // namespace sluice::cli
