#include "cli/runs_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli/run_details.h"
#include "common/error.h"

namespace sluice::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kErrorChars = 70;
constexpr size_t kSampleChars = 100;

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0 : 1;
  return width;
}

// Columns padded to their widest cell; `numeric` columns are right-aligned.
class TextTable {
 public:
  TextTable(std::vector<std::string> headers, std::vector<size_t> numeric = {})
      : numeric_(std::move(numeric)) {
    rows_.push_back(std::move(headers));
  }
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.size() == 1; }

  void Print(std::ostream& out, std::string_view indent) const {
    std::vector<size_t> widths(rows_.front().size(), 0);
    for (const auto& row : rows_) {
      for (size_t i = 0; i < row.size() && i < widths.size(); i++) {
        widths[i] = std::max(widths[i], DisplayWidth(row[i]));
      }
    }
    for (const auto& row : rows_) {
      std::string line(indent);
      for (size_t i = 0; i < widths.size(); i++) {
        const std::string cell = i < row.size() ? row[i] : "";
        std::string pad(widths[i] - DisplayWidth(cell), ' ');
        bool right = std::find(numeric_.begin(), numeric_.end(), i) != numeric_.end();
        line += right ? pad + cell : cell + (i + 1 < widths.size() ? pad : "");
        if (i + 1 < widths.size()) line += "  ";
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << "\n";
    }
  }

 private:
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> numeric_;
};

Json ParseOr(const std::string& text, Json fallback) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  return json.is_discarded() ? fallback : json;
}

std::string ErrorText(const catalog::RunRecord& run) {
  if (!run.error_kind && run.error_message.empty()) return "";
  std::string kind = run.error_kind ? std::string(ErrorKindName(*run.error_kind)) : "error";
  return kind + ": " + FirstLine(run.error_message, kErrorChars);
}

std::string ScoreText(std::optional<double> score) {
  return score ? FormatPercent(*score) : "-";
}

Json RunJson(const catalog::RunRecord& run) {
  Json j;
  j["run_id"] = run.run_id;
  j["pipeline"] = run.pipeline;
  j["status"] = std::string(catalog::RunStatusName(run.status));
  j["started"] = FormatRunTime(run.started_micros);
  j["finished"] = run.finished_micros == 0 ? Json() : Json(FormatRunTime(run.finished_micros));
  j["duration_seconds"] =
      run.finished_micros == 0
          ? Json()
          : Json(static_cast<double>(run.finished_micros - run.started_micros) / 1e6);
  j["quality_score"] = run.quality_score ? Json(*run.quality_score) : Json();
  j["error"] =
      run.error_kind || !run.error_message.empty()
          ? Json{{"kind", run.error_kind ? std::string(ErrorKindName(*run.error_kind)) : "error"},
                 {"message", run.error_message}}
          : Json();
  j["params"] = ParseOr(run.params_json, Json(run.params_json));
  return j;
}

Json DetailsJson(const RunDetails& d) {
  Json j = RunJson(d.run);
  j["stages"] = Json::array();
  for (const auto& s : d.stages) {
    j["stages"].push_back(
        {{"stage", s.stage},
         {"attempt", s.attempt},
         {"status", std::string(catalog::StageStatusName(s.status))},
         {"started", FormatRunTime(s.started_micros)},
         {"duration_seconds",
          s.finished_micros == 0
              ? Json()
              : Json(static_cast<double>(s.finished_micros - s.started_micros) / 1e6)},
         {"rows_in", s.rows_in},
         {"rows_out", s.rows_out}});
  }
  j["quality"] = Json::array();
  for (const auto& q : d.quality) {
    j["quality"].push_back({{"dataset", q.dataset},
                            {"score", q.score},
                            {"min_score", q.min_score ? Json(*q.min_score) : Json()},
                            {"verdict", q.verdict},
                            {"on_fail", q.on_fail},
                            {"rows_checked", q.rows_checked},
                            {"rows_passed", q.rows_passed},
                            {"rows_quarantined", q.rows_quarantined},
                            {"rows_corrected", q.rows_corrected}});
  }
  j["rules"] = Json::array();
  for (const auto& r : d.outcomes) {
    j["rules"].push_back({{"dataset", r.dataset},
                          {"rule", r.rule},
                          {"severity", r.severity},
                          {"passed", r.passed},
                          {"rows_checked", r.rows_checked},
                          {"rows_failed", r.rows_failed},
                          {"rows_corrected", r.rows_corrected},
                          {"pass_rate", PassRate(r)},
                          {"message", r.message},
                          {"samples", ParseOr(r.sample_json, Json(r.sample_json))}});
  }
  j["summary"] = ParseOr(d.run.summary_json, Json(d.run.summary_json));
  return j;
}

int ListRuns(const RunsArgs& args, catalog::RunStore* store, const std::string& lake,
             std::ostream& out) {
  bool json = args.format == OutputFormat::kJson;
  std::vector<catalog::RunRecord> runs;
  if (store != nullptr) runs = store->ListRuns(args.pipeline, args.limit);
  if (json) {
    Json list = Json::array();
    for (const auto& run : runs) list.push_back(RunJson(run));
    out << list.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  if (store == nullptr) {
    out << "no runs yet under " << lake << ": run a pipeline with 'sluice run'\n";
    return kExitOk;
  }
  if (runs.empty()) {
    out << (args.pipeline ? "no runs of pipeline '" + *args.pipeline + "'" : "no runs yet")
        << " under " << lake << "\n";
    return kExitOk;
  }
  TextTable table({"run id", "pipeline", "status", "started", "duration", "score", "error"},
                  {4, 5});
  for (const auto& run : runs) {
    table.AddRow({run.run_id, run.pipeline, std::string(catalog::RunStatusName(run.status)),
                  FormatRunTime(run.started_micros),
                  FormatDuration(run.started_micros, run.finished_micros),
                  ScoreText(run.quality_score), ErrorText(run)});
  }
  table.Print(out, "");
  return kExitOk;
}

// A list of records from the summary ("sinks": [{...}, ...]) as a table.
void PrintSummaryList(const Json& summary, const std::string& key, std::ostream& out) {
  auto it = summary.find(key);
  if (it == summary.end() || !it->is_array() || it->empty()) return;
  std::vector<std::string> columns;
  for (const auto& item : *it) {
    if (!item.is_object()) continue;
    for (const auto& [name, value] : item.items()) {
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
    }
  }
  if (columns.empty()) return;
  columns = OrderSummaryColumns(columns);
  std::vector<size_t> numeric;
  for (size_t i = 0; i < columns.size(); i++) {
    bool all_numbers = std::all_of(it->begin(), it->end(), [&](const Json& item) {
      auto value = item.is_object() ? item.find(columns[i]) : item.end();
      return value == item.end() || value->is_number();
    });
    if (all_numbers) numeric.push_back(i);
  }
  TextTable table(columns, numeric);
  for (const auto& item : *it) {
    if (!item.is_object()) continue;
    std::vector<std::string> row;
    for (const auto& column : columns) {
      auto value = item.find(column);
      if (value == item.end()) {
        row.emplace_back();
      } else {
        row.push_back(value->is_string() ? value->get<std::string>()
                      : value->is_number_float()
                          ? FormatMeasure(value->get<double>())
                          : value->dump(-1, ' ', false, Json::error_handler_t::replace));
      }
    }
    table.AddRow(std::move(row));
  }
  out << "\n" << key << ":\n";
  table.Print(out, "  ");
}

void PrintRun(const catalog::RunRecord& run, std::ostream& out) {
  out << "run:       " << run.run_id << "\n";
  out << "pipeline:  " << run.pipeline << "\n";
  out << "status:    " << catalog::RunStatusName(run.status) << "\n";
  out << "started:   " << FormatRunTime(run.started_micros) << "\n";
  out << "finished:  " << FormatRunTime(run.finished_micros) << "\n";
  out << "duration:  " << FormatDuration(run.started_micros, run.finished_micros) << "\n";
  out << "score:     " << ScoreText(run.quality_score) << "\n";
  if (run.params_json != "{}" && !run.params_json.empty()) {
    out << "params:    " << run.params_json << "\n";
  }
  if (run.error_kind || !run.error_message.empty()) {
    std::string message;
    for (char c : run.error_message)
      message += c == '\n' ? std::string("\n           ") : std::string(1, c);
    out << "error:     "
        << (run.error_kind ? std::string(ErrorKindName(*run.error_kind)) : std::string("error"))
        << ": " << message << "\n";
  }
}

void PrintStagesAndQuality(const RunDetails& d, std::ostream& out) {
  out << "\nstages:\n";
  TextTable stages({"stage", "attempt", "status", "duration", "rows in", "rows out"}, {1, 3, 4, 5});
  for (const auto& s : d.stages) {
    stages.AddRow({s.stage, std::to_string(s.attempt),
                   std::string(catalog::StageStatusName(s.status)),
                   FormatDuration(s.started_micros, s.finished_micros), std::to_string(s.rows_in),
                   std::to_string(s.rows_out)});
  }
  if (stages.empty())
    out << "  (none recorded)\n";
  else
    stages.Print(out, "  ");
  if (d.quality.empty()) return;
  out << "\nquality:\n";
  TextTable quality({"dataset", "score", "gate", "verdict", "checked", "quarantined", "corrected"},
                    {1, 2, 4, 5, 6});
  for (const auto& q : d.quality) {
    quality.AddRow({q.dataset, FormatPercent(q.score),
                    q.min_score ? ">= " + FormatPercent(*q.min_score) : "-", q.verdict,
                    std::to_string(q.rows_checked), std::to_string(q.rows_quarantined),
                    std::to_string(q.rows_corrected)});
  }
  quality.Print(out, "  ");
}

void PrintRules(const RunDetails& d, std::ostream& out) {
  if (d.outcomes.empty()) return;
  out << "\nrules:\n";
  TextTable rules({"dataset", "rule", "severity", "checked", "failed", "corrected", "pass rate",
                   "result", "message"},
                  {3, 4, 5, 6});
  for (const auto& r : d.outcomes) {
    bool ok = r.passed && r.rows_failed == 0;
    rules.AddRow({r.dataset, r.rule, r.severity, std::to_string(r.rows_checked),
                  std::to_string(r.rows_failed), std::to_string(r.rows_corrected),
                  FormatPercent(PassRate(r)),
                  ok                     ? "passed"
                  : r.severity == "warn" ? "warning"
                                         : "FAILED",
                  FirstLine(r.message, kErrorChars)});
  }
  rules.Print(out, "  ");
  for (const auto& r : d.outcomes) {
    Json samples = ParseOr(r.sample_json, Json());
    if (!samples.is_array() || samples.empty()) continue;
    out << "  sample of " << r.rule << " on " << r.dataset << ": "
        << FirstLine(samples.front().dump(-1, ' ', false, Json::error_handler_t::replace),
                     kSampleChars)
        << (samples.size() > 1 ? fmt::format(" (+{} more)", samples.size() - 1) : "") << "\n";
  }
}

int ShowRun(const RunsArgs& args, catalog::RunStore& store, std::ostream& out) {
  RunDetails d = LoadRunDetails(store, FindRun(store, args.run_id), 0);
  if (args.format == OutputFormat::kJson) {
    out << DetailsJson(d).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  PrintRun(d.run, out);
  PrintStagesAndQuality(d, out);
  PrintRules(d, out);
  Json summary = ParseOr(d.run.summary_json, Json::object());
  if (summary.is_object()) {
    for (const char* key : {"sources", "steps", "sinks"}) PrintSummaryList(summary, key, out);
  }
  out << "\nreport:    sluice report " << d.run.run_id
      << (args.lake ? " --lake " + *args.lake : std::string()) << " -o report.html\n";
  return kExitOk;
}

}  // namespace

int RunRunsCommand(const RunsArgs& args, std::ostream& out) {
  std::string lake = LakeRootFor(args.lake);
  auto store = OpenLakeRunStore(lake, args.catalog);
  if (args.action == "ls") return ListRuns(args, store.get(), lake, out);
  if (args.action == "show") {
    if (!store) {
      throw Error::UserInput(
          "no runs yet under {}: run a pipeline with 'sluice run' (or point --lake or "
          "$SLUICE_LAKE at the lake root)",
          lake);
    }
    return ShowRun(args, *store, out);
  }
  throw Error::UserInput("unknown runs action '{}' (ls, show)", args.action);
}

}  // namespace sluice::cli
