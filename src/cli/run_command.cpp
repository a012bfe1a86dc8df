#include "cli/run_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "cli/exit_codes.h"
#include "cli/report_command.h"
#include "cli/run_details.h"
#include "lake/lake_catalog_location.h"
#include "pipeline/spec_parser.h"
#include "runner/pipeline_runner.h"
#include "storage/file_system.h"
#include "types/text_codec.h"

namespace sluice::cli {
namespace {

std::map<std::string, std::string> ParamMap(const RunArgs& args) {
  std::map<std::string, std::string> params;
  for (const auto& [key, value] : args.params) params[key] = value;
  return params;
}

std::string Rows(uint64_t rows) {
  std::string digits = std::to_string(rows);
  std::string out;
  for (size_t i = 0; i < digits.size(); i++) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Bytes(uint64_t bytes) {
  if (bytes >= 1e9) return fmt::format("{:.1f} GB", static_cast<double>(bytes) / 1e9);
  if (bytes >= 1e6) return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
  if (bytes >= 1e3) return fmt::format("{:.1f} kB", static_cast<double>(bytes) / 1e3);
  return fmt::format("{} B", bytes);
}

std::string FirstLine(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// Stage lines on stderr: on a terminal the running stage shows "…" and is redrawn with
// its result; elsewhere one line per finished stage.
class StageLines {
 public:
  StageLines(bool quiet) : quiet_(quiet), terminal_(isatty(STDERR_FILENO) == 1) {}

  void operator()(const runner::StageEvent& event) {
    if (quiet_) return;
    std::string head = fmt::format("  {:<10} {:<36}", event.stage, event.item);
    switch (event.kind) {
      case runner::StageEvent::Kind::kStart:
        if (terminal_) {
          std::fprintf(stderr, "%s …", head.c_str());
          std::fflush(stderr);
        }
        break;
      case runner::StageEvent::Kind::kEnd: {
        std::string rows =
            event.rows > 0 || event.stage != "extract" ? Rows(event.rows) + " rows" : std::string();
        std::string line =
            fmt::format("{} {:>16} {:>8.2f} s  {}", head, rows, event.seconds, event.detail);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        std::fprintf(stderr, "%s%s\n", terminal_ ? "\r\033[K" : "", line.c_str());
        break;
      }
      case runner::StageEvent::Kind::kRetry:
        std::fprintf(stderr, "%s%s attempt %d failed: %s\n    retrying in %.1f s\n",
                     terminal_ ? "\r\033[K" : "", head.c_str(), event.attempt,
                     FirstLine(event.detail).c_str(),
                     static_cast<double>(event.wait.count()) / 1000.0);
        break;
      case runner::StageEvent::Kind::kFailed:
        std::fprintf(stderr, "%s%s FAILED after %.2f s\n", terminal_ ? "\r\033[K" : "",
                     head.c_str(), event.seconds);
        break;
    }
  }

 private:
  bool quiet_;
  bool terminal_;
};

void PrintSummary(const runner::RunSummary& s, std::ostream& out) {
  out << fmt::format("Run {} of pipeline {}: {} in {:.2f} s{}\n", s.run_id, s.pipeline,
                     catalog::RunStatusName(s.status), s.seconds,
                     s.resumed ? fmt::format(" (resumed; {} finished stage{} restored)",
                                             s.stages_restored, s.stages_restored == 1 ? "" : "s")
                               : "");
  if (!s.incremental.empty()) {
    out << "\nIncremental\n";
    for (const auto& i : s.incremental) {
      out << fmt::format("  {:<24} {}\n", i.source, i.read);
    }
    if (s.checkpoints_committed > 0) {
      out << fmt::format("  {} checkpoint entr{} committed with the loads\n",
                         s.checkpoints_committed, s.checkpoints_committed == 1 ? "y" : "ies");
    }
  }
  if (!s.checks.empty()) {
    out << "\nQuality\n";
    for (const auto& c : s.checks) {
      std::string gate = c.min_score ? fmt::format(" (gate {:.4f})", *c.min_score) : "";
      out << fmt::format("  {:<24} score {:.4f}{}  {}  checked {}, passed {}", c.dataset, c.score,
                         gate, quality::VerdictName(c.verdict), Rows(c.rows_checked),
                         Rows(c.rows_passed));
      if (c.rows_quarantined > 0) out << fmt::format(", quarantined {}", Rows(c.rows_quarantined));
      if (c.rows_corrected > 0) out << fmt::format(", corrected {}", Rows(c.rows_corrected));
      out << "\n";
      for (const auto& r : c.rules) {
        std::string status = r.passed ? "ok" : (r.rule.severity == "warn" ? "WARN" : "FAIL");
        out << fmt::format("    {:<4} {:<40}", status, r.name);
        if (r.table_level) {
          out << "  " << r.message;
        } else {
          out << fmt::format("  {} of {} failed", Rows(r.rows_failed), Rows(r.rows_checked));
          if (r.rows_corrected > 0) out << fmt::format(", {} corrected", Rows(r.rows_corrected));
        }
        out << "\n";
      }
    }
  }
  if (!s.sinks.empty()) {
    out << "\nWritten\n";
    for (const auto& k : s.sinks) {
      out << fmt::format("  {:<10} {:<40} {:>14} rows", k.to, k.target, Rows(k.rows));
      if (k.to == "lake" || k.to == "quarantine") {
        out << fmt::format("  snapshot {} ({} file{}, {})", k.snapshot, k.files,
                           k.files == 1 ? "" : "s", Bytes(k.bytes));
      }
      if (!k.mode.empty() && k.to != "file") out << "  " << k.mode;
      if (k.already_loaded) out << "  (committed by this run before: not loaded again)";
      out << "\n";
    }
  }
  for (const auto& w : s.warnings) out << "\nWarning: " << w << "\n";
  if (s.error_kind) {
    out << fmt::format("\nFailed in {} ({}): {}\n", s.failed_stage, ErrorKindName(*s.error_kind),
                       s.error_message);
  }
  out << fmt::format("\nLake:      {}\nCatalog:   {}\nWarehouse: {}\n", s.lake_root,
                     catalog::DescribeCatalogUri(s.catalog), s.warehouse);
  // A catalog other than the lake's own file must be named for the other commands.
  std::string catalog_flag;
  if (s.catalog != catalog::DefaultCatalogPath(s.lake_root)) {
    catalog_flag = s.catalog.find("://") == std::string::npos
                       ? " --catalog " + s.catalog
                       : " --catalog <the pipeline's catalog URI>";
  }
  out << fmt::format("Details:   sluice runs show {} --lake {}{}\n", s.run_id, s.lake_root,
                     catalog_flag);
  out << fmt::format("Report:    sluice report {} --lake {}{} -o report.html\n", s.run_id,
                     s.lake_root, catalog_flag);
}

}  // namespace

// A resumed run takes the parameters it was started with (recorded with the run); ones
// given again on the command line win.
static std::map<std::string, std::string> ResumeParams(const RunArgs& args) {
  std::map<std::string, std::string> params = ParamMap(args);
  pipeline::PipelineSpec spec = pipeline::LoadPipelineSpec(args.pipeline_file, params);
  std::string lake = runner::ResolveLakeRoot(spec, args.lake);
  std::string store_uri = lake::ResolveCatalogUri(
      lake, spec.catalog_explicit ? std::optional<std::string>(spec.catalog) : std::nullopt);
  if (store_uri.find("://") == std::string::npos && !FileSystem::For(store_uri).Exists(store_uri)) {
    return params;  // no runs at all: the runner says there is nothing to resume
  }
  auto store = catalog::OpenRunStore(store_uri);
  std::optional<catalog::RunRecord> run;
  if (!args.resume_run_id.empty()) {
    run = store->GetRun(args.resume_run_id);
  } else {
    std::vector<catalog::RunRecord> runs = store->ListRuns(spec.name, 1);
    if (!runs.empty()) run = runs[0];
  }
  if (!run) return params;
  nlohmann::json recorded = nlohmann::json::parse(run->params_json, nullptr, false);
  if (!recorded.is_object()) return params;
  for (auto it = recorded.begin(); it != recorded.end(); ++it) {
    if (params.count(it.key()) > 0 || !it.value().is_string()) continue;
    params[it.key()] = it.value().get<std::string>();
  }
  return params;
}

static int ExecuteRun(const RunArgs& args, const std::string& run_id, std::ostream& out) {
  pipeline::PipelineSpec spec = pipeline::LoadPipelineSpec(
      args.pipeline_file, args.resume ? ResumeParams(args) : ParamMap(args));
  runner::ValidatePipelineSql(spec);
  runner::RunOptions options;
  options.spec_file = args.pipeline_file;
  options.run_id = run_id;
  options.lake = args.lake;
  options.resume = args.resume;
  options.resume_run_id = args.resume_run_id;
  options.abandon = args.abandon;
  options.incremental.full_refresh = args.full_refresh;
  options.checkpoint_stages = !args.no_checkpoint;
  options.incremental.from = args.from;
  options.incremental.to = args.to;
  options.threads = args.threads;
  options.memory_limit_bytes = args.memory_limit_bytes;
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [key, value] : spec.RecordedParams()) params[key] = value;
  options.params_json = params.dump();
  StageLines lines(args.quiet);
  options.on_event = [&lines](const runner::StageEvent& event) { lines(event); };
  if (!args.quiet) {
    std::fprintf(stderr, "sluice run %s (%s)%s\n", spec.name.c_str(), args.pipeline_file.c_str(),
                 args.resume ? ", resuming" : "");
  }
  runner::RunSummary summary = runner::RunPipeline(spec, options);
  out << "\n";
  PrintSummary(summary, out);
  if (args.report) {
    auto store = catalog::OpenRunStore(summary.catalog);
    WriteQualityReport(*store, summary.run_id, *args.report);
    out << "Report written: " << *args.report << "\n";
  }
  if (summary.dlq_id) {
    out << fmt::format("Dead letter: entry {} (sluice dlq show {} --lake {})\n", *summary.dlq_id,
                       *summary.dlq_id, summary.lake_root);
  }
  out.flush();
  switch (summary.status) {
    case catalog::RunStatus::kSucceeded: return kExitOk;
    case catalog::RunStatus::kQualityFailed:
      std::fprintf(stderr, "Error: %s\n", summary.error_message.c_str());
      return kExitDataQuality;
    default:
      std::fprintf(
          stderr, "Error (%s): %s\n",
          std::string(ErrorKindName(summary.error_kind.value_or(ErrorKind::kInternal))).c_str(),
          summary.error_message.c_str());
      if (summary.dlq_id || summary.status == catalog::RunStatus::kFailed) {
        std::fprintf(stderr, "Resume it later with: sluice run %s --resume %s\n",
                     args.pipeline_file.c_str(), summary.run_id.c_str());
      }
      return ExitCodeFor(summary.error_kind.value_or(ErrorKind::kInternal));
  }
}

int RunRunCommand(const RunArgs& args, std::ostream& out) {
  return ExecuteRun(args, "", out);
}

int RunValidateCommand(const RunArgs& args, std::ostream& out) {
  pipeline::PipelineSpec spec = pipeline::LoadPipelineSpec(args.pipeline_file, ParamMap(args));
  runner::ValidatePipelineSql(spec);
  size_t rules = 0;
  for (const auto& [name, checks] : spec.checks) rules += checks.rules.size();
  out << fmt::format(
      "{}: pipeline {} is valid: {} source{}, {} step{}, {} quality rule{} on {} dataset{}, {} "
      "sink{}\n",
      args.pipeline_file, spec.name, spec.sources.size(), spec.sources.size() == 1 ? "" : "s",
      spec.steps.size(), spec.steps.size() == 1 ? "" : "s", rules, rules == 1 ? "" : "s",
      spec.checks.size(), spec.checks.size() == 1 ? "" : "s", spec.sinks.size(),
      spec.sinks.size() == 1 ? "" : "s");
  std::string order;
  for (const pipeline::StepSpec* step : spec.TopologicalOrder()) {
    order += (order.empty() ? "" : " -> ") + step->name;
  }
  if (!order.empty()) out << "  step order: " << order << "\n";
  return kExitOk;
}

namespace {

void PrintDlqEntry(const catalog::DlqEntry& e, std::ostream& out) {
  out << fmt::format("entry       {}\n", e.id);
  out << fmt::format("status      {}{}\n", e.status,
                     e.retried_by.empty() ? "" : " by run " + e.retried_by);
  out << fmt::format("pipeline    {} ({})\n", e.pipeline, e.spec_file);
  out << fmt::format("run         {}\n", e.run_id);
  out << fmt::format("parameters  {}\n", e.params_json);
  out << fmt::format("failed in   {} after {} attempt{}\n", e.stage, e.attempts,
                     e.attempts == 1 ? "" : "s");
  out << fmt::format("error       {}: {}\n", ErrorKindName(e.error_kind), e.error_message);
  out << fmt::format("at          {}\n", FormatTimestamp(e.created_micros));
}

}  // namespace

int RunDlqCommand(const DlqArgs& args, std::ostream& out) {
  std::string lake = LakeRootFor(args.lake);
  std::string path = lake::ResolveCatalogUri(lake, args.catalog);
  if (!CatalogMayExist(path)) {
    if (args.action == "ls") {
      out << fmt::format("no runs yet under {} (the dead-letter queue is empty)\n", lake);
      return kExitOk;
    }
    throw Error::UserInput("no run store at {} (point --lake or $SLUICE_LAKE at the lake root)",
                           path);
  }
  auto store = catalog::OpenRunStore(path);
  if (args.action == "ls") {
    auto entries = store->ListDlq(args.all);
    if (entries.empty()) {
      out << (args.all ? "the dead-letter queue has no entries\n"
                       : "the dead-letter queue is empty (no open entries)\n");
      return kExitOk;
    }
    out << fmt::format("{:>5}  {:<9}  {:<20}  {:<24}  {:<10}  {}\n", "ID", "STATUS", "PIPELINE",
                       "RUN", "KIND", "ERROR");
    for (const auto& e : entries) {
      std::string message = e.error_message.substr(0, e.error_message.find('\n'));
      if (message.size() > 80) message = message.substr(0, 77) + "...";
      out << fmt::format("{:>5}  {:<9}  {:<20}  {:<24}  {:<10}  {}\n", e.id, e.status, e.pipeline,
                         e.run_id, ErrorKindName(e.error_kind), message);
    }
    return kExitOk;
  }
  std::optional<catalog::DlqEntry> entry = store->GetDlqEntry(args.id);
  if (!entry) {
    throw Error::UserInput("no dead-letter entry {} under {} (see 'sluice dlq ls --all')", args.id,
                           lake);
  }
  if (args.action == "show") {
    PrintDlqEntry(*entry, out);
    return kExitOk;
  }
  if (entry->status != "open") {
    throw Error::UserInput("dead-letter entry {} is already {}{}", entry->id, entry->status,
                           entry->retried_by.empty() ? "" : " (by run " + entry->retried_by + ")");
  }
  if (args.action == "discard") {
    if (!store->CloseDlqEntry(entry->id, "discarded", "")) {
      throw Error::UserInput("dead-letter entry {} was closed meanwhile", entry->id);
    }
    out << fmt::format("discarded dead-letter entry {}\n", entry->id);
    return kExitOk;
  }
  // retry: close the entry first (atomically), then resume its run with the same
  // parameters from the run's stage checkpoints.
  std::string run_id = entry->run_id;
  if (!store->CloseDlqEntry(entry->id, "retried", run_id)) {
    throw Error::UserInput("dead-letter entry {} was retried or discarded meanwhile", entry->id);
  }
  RunArgs run;
  run.pipeline_file = entry->spec_file;
  run.lake = lake;
  run.resume = true;
  run.resume_run_id = run_id;
  nlohmann::json params = nlohmann::json::parse(entry->params_json, nullptr, false);
  if (params.is_object()) {
    for (auto it = params.begin(); it != params.end(); ++it) {
      run.params.emplace_back(
          it.key(), it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
    }
  }
  out << fmt::format("retrying dead-letter entry {}: resuming run {}\n", entry->id, run_id);
  return ExecuteRun(run, "", out);
}

}  // namespace sluice::cli
