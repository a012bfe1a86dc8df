#include "cli/quality_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/html_report.h"
#include "cli/svg_chart.h"
#include "lineage/lineage_graph.h"

namespace sluice::cli {
namespace {

using Json = nlohmann::ordered_json;

// Sample rows shown per failing rule (the store keeps a few; this bounds a large one).
constexpr size_t kMaxSampleRows = 20;

std::optional<Json> ParseJson(const std::string& text) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

const char* StatusTone(catalog::RunStatus status) {
  switch (status) {
    case catalog::RunStatus::kSucceeded: return "badge ok";
    case catalog::RunStatus::kFailed:
    case catalog::RunStatus::kQualityFailed: return "badge bad";
    case catalog::RunStatus::kRunning: break;
  }
  return "badge";
}

const char* VerdictTone(const std::string& verdict) {
  if (verdict == "passed") return "badge ok";
  if (verdict == "warned" || verdict == "quarantined") return "badge warn";
  if (verdict == "failed") return "badge bad";
  return "badge";
}

ChartTone ScoreTone(const catalog::DatasetQuality& q) {
  if (q.min_score && q.score < *q.min_score) {
    return q.on_fail == "warn" ? ChartTone::kWarn : ChartTone::kBad;
  }
  return ChartTone::kOk;
}

const char* ToneText(ChartTone tone) {
  switch (tone) {
    case ChartTone::kOk: return "ok-text";
    case ChartTone::kWarn: return "warn-text";
    case ChartTone::kBad: return "bad-text";
    case ChartTone::kNeutral: break;
  }
  return "";
}

ChartTone RuleTone(const catalog::RuleOutcome& rule) {
  if (rule.passed && rule.rows_failed == 0) return ChartTone::kOk;
  return rule.severity == "warn" ? ChartTone::kWarn : ChartTone::kBad;
}

HtmlFragment Figure(const std::string& label, HtmlFragment value) {
  HtmlFragment f;
  f.Open("div", "figure").Open("div", "value").Append(value).Close("div");
  return f.Element("div", label, "label").Close("div");
}

HtmlFragment TextFigure(const std::string& label, const std::string& value,
                        std::string_view css_class = "") {
  return Figure(label, HtmlFragment().Element("span", value, css_class));
}

// "11-25 03:15" for the x axis of a history chart.
std::string ShortTime(int64_t micros) {
  std::string full = FormatRunTime(micros);  // 2026-11-25 03:15:00 UTC
  return full.size() >= 16 ? full.substr(5, 11) : full;
}

// The run's parameters as "k=v, k=v"; the text itself when it is not a JSON object.
std::string ParamsText(const std::string& params_json) {
  std::optional<Json> params = ParseJson(params_json);
  if (!params) return params_json;
  if (!params->is_object()) return params->is_null() ? "" : params_json;
  std::string text;
  for (const auto& [key, value] : params->items()) {
    text += (text.empty() ? "" : ", ") + key + "=" +
            (value.is_string() ? value.get<std::string>()
                               : value.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  return text;
}

HtmlFragment Header(const RunDetails& d) {
  const catalog::RunRecord& run = d.run;
  HtmlFragment h;
  h.Open("div", "sub").Text("run ").Element("code", run.run_id).Text(" of pipeline ");
  h.Element("strong", run.pipeline);
  std::string params = ParamsText(run.params_json);
  if (!params.empty()) h.Text(" with ").Element("code", params);
  h.Close("div").Open("div", "figures");
  h.Append(Figure("status",
                  HtmlFragment().Element("span", std::string(catalog::RunStatusName(run.status)),
                                         StatusTone(run.status))));
  h.Append(TextFigure("started", FormatRunTime(run.started_micros)));
  h.Append(TextFigure("duration", FormatDuration(run.started_micros, run.finished_micros)));
  if (run.quality_score) h.Append(TextFigure("quality score", FormatPercent(*run.quality_score)));
  size_t failed = 0;
  for (const auto& rule : d.outcomes) failed += RuleTone(rule) == ChartTone::kOk ? 0 : 1;
  if (!d.outcomes.empty()) {
    h.Append(TextFigure("rules passed",
                        fmt::format("{} / {}", d.outcomes.size() - failed, d.outcomes.size())));
  }
  h.Close("div");
  if (run.error_kind || !run.error_message.empty()) {
    std::string kind = run.error_kind ? std::string(ErrorKindName(*run.error_kind)) : "error";
    h.Open("pre", "error mono").Element("strong", kind + ": ").Text(run.error_message);
    h.Close("pre");
  }
  return h;
}

HtmlFragment DatasetCard(const catalog::DatasetQuality& q, const QualityHistory& history) {
  HtmlFragment card;
  card.Open("div", "card").Open("h3").Element("span", q.dataset);
  card.Element("span", q.verdict.empty() ? "checked" : q.verdict, VerdictTone(q.verdict));
  card.Close("h3").Open("div", "figures");
  card.Append(TextFigure("score", FormatPercent(q.score), ToneText(ScoreTone(q))));
  card.Append(TextFigure("gate", q.min_score ? "≥ " + FormatPercent(*q.min_score) : "none"));
  card.Append(TextFigure("checked", FormatCount(q.rows_checked)));
  card.Append(TextFigure("quarantined", FormatCount(q.rows_quarantined)));
  card.Append(TextFigure("corrected", FormatCount(q.rows_corrected)));
  card.Close("div");
  std::vector<ChartPoint> points;
  for (const auto& point : history.points) {
    bool current = point.run_id == q.run_id;
    points.push_back({ShortTime(point.recorded_micros),
                      fmt::format("{} — score {} ({}){}", point.run_id, FormatPercent(point.score),
                                  point.verdict, current ? " — this run" : ""),
                      point.score, ScoreTone(point), current});
  }
  card.Append(ScoreHistoryChart(points, q.min_score));
  card.Element("div",
               fmt::format("score over the last {} run{} of this dataset{}", points.size(),
                           points.size() == 1 ? "" : "s",
                           q.min_score ? "; the dashed line is the gate" : ""),
               "muted");
  return card.Close("div");
}

HtmlFragment QualitySection(const RunDetails& d) {
  HtmlFragment body;
  if (d.quality.empty()) return body.Element("p", "No dataset was checked in this run.", "empty");
  body.Open("div", "cards");
  for (size_t i = 0; i < d.quality.size(); i++) {
    body.Append(DatasetCard(d.quality[i], i < d.history.size() ? d.history[i] : QualityHistory{}));
  }
  return body.Close("div");
}

// A JSON value in a table cell; `measured` rounds fractions (summary figures, not data).
HtmlFragment JsonValueCell(const Json& value, bool measured) {
  HtmlFragment cell;
  if (value.is_null()) return cell.Element("span", "NULL", "null");
  if (measured && value.is_number_float()) return cell.Text(FormatMeasure(value.get<double>()));
  if (value.is_string()) return cell.Text(value.get<std::string>());
  return cell.Text(value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

// The rows of a JSON array of objects as a table; columns in order of first appearance,
// or in the reading order of summary records when `summary_order`.
HtmlFragment JsonRecordsTable(const Json& records, size_t max_rows, bool summary_order) {
  std::vector<std::string> columns;
  std::set<std::string> seen;
  for (const auto& record : records) {
    if (!record.is_object()) continue;
    for (const auto& [key, value] : record.items()) {
      if (seen.insert(key).second) columns.push_back(key);
    }
  }
  if (columns.empty()) columns.push_back("value");
  if (summary_order) columns = OrderSummaryColumns(columns);
  // Columns holding only numbers are right-aligned.
  std::vector<size_t> numeric;
  for (size_t i = 0; i < columns.size(); i++) {
    bool all_numbers = true, any = false;
    for (const auto& record : records) {
      if (!record.is_object()) continue;
      auto it = record.find(columns[i]);
      if (it == record.end() || it->is_null()) continue;
      any = true;
      all_numbers = all_numbers && it->is_number();
    }
    if (any && all_numbers) numeric.push_back(i);
  }
  HtmlTable table(columns, numeric);
  size_t shown = 0;
  for (const auto& record : records) {
    if (shown++ == max_rows) break;
    std::vector<HtmlFragment> cells;
    for (const auto& column : columns) {
      if (!record.is_object()) {
        cells.push_back(JsonValueCell(record, summary_order));
      } else if (auto it = record.find(column); it != record.end()) {
        cells.push_back(JsonValueCell(*it, summary_order));
      } else {
        cells.emplace_back();
      }
    }
    table.AddRow(std::move(cells));
  }
  return table.Render();
}

HtmlFragment SampleDetails(const catalog::RuleOutcome& rule) {
  HtmlFragment details;
  std::optional<Json> samples = ParseJson(rule.sample_json);
  if (samples && samples->is_array() && samples->empty()) return details;
  size_t count = samples && samples->is_array() ? samples->size() : 1;
  // Samples of rules that fail the gate are open; warnings stay folded.
  if (rule.severity == "warn") {
    details.Open("details");
  } else {
    details.Open("details", "", {{"open", "open"}});
  }
  details.Element("summary", fmt::format("{} failing sample{}", count, count == 1 ? "" : "s"));
  details.Open("div", "samples");
  if (samples && samples->is_array()) {
    details.Append(JsonRecordsTable(*samples, kMaxSampleRows, false));
  } else {
    details.Element("code", rule.sample_json);
  }
  return details.Close("div").Close("details");
}

HtmlFragment RulesSection(const RunDetails& d) {
  HtmlFragment body;
  if (d.outcomes.empty()) return body.Element("p", "No quality rule ran in this run.", "empty");
  std::vector<ChartBar> bars;
  std::set<std::string> datasets;
  for (const auto& rule : d.outcomes) datasets.insert(rule.dataset);
  for (const auto& rule : d.outcomes) {
    std::string label = datasets.size() > 1 ? rule.dataset + ": " + rule.rule : rule.rule;
    bars.push_back({label,
                    fmt::format("{} on {}: {} of {} rows failed", rule.rule, rule.dataset,
                                FormatCount(rule.rows_failed), FormatCount(rule.rows_checked)),
                    PassRate(rule), RuleTone(rule)});
  }
  body.Element("h3", "Pass rate per rule").Append(ShareBarChart(bars));
  HtmlTable table(
      {"dataset", "rule", "severity", "checked", "failed", "corrected", "pass rate", "result"},
      {3, 4, 5, 6});
  for (const auto& rule : d.outcomes) {
    ChartTone tone = RuleTone(rule);
    HtmlFragment name;
    name.Element("code", rule.rule);
    if (!rule.message.empty()) name.Raw("<br>").Element("span", rule.message, "muted");
    const char* result = tone == ChartTone::kOk     ? "passed"
                         : tone == ChartTone::kWarn ? "warning"
                                                    : "failed";
    const char* badge = tone == ChartTone::kOk     ? "badge ok"
                        : tone == ChartTone::kWarn ? "badge warn"
                                                   : "badge bad";
    std::vector<HtmlFragment> cells(8);
    cells[0].Text(rule.dataset);
    cells[1] = name;
    cells[2].Text(rule.severity);
    cells[3].Text(FormatCount(rule.rows_checked));
    cells[4].Element("span", FormatCount(rule.rows_failed),
                     rule.rows_failed > 0 ? ToneText(tone) : "");
    cells[5].Text(FormatCount(rule.rows_corrected));
    cells[6].Text(FormatPercent(PassRate(rule)));
    cells[7].Element("span", result, badge);
    const char* row_class = tone == ChartTone::kOk ? "" : tone == ChartTone::kWarn ? "warn" : "bad";
    table.AddRow(std::move(cells), row_class);
    HtmlFragment samples = SampleDetails(rule);
    if (!samples.empty()) table.AddWideRow(samples);
  }
  return body.Element("h3", "Outcomes").Append(table.Render());
}

// When a stage started, from the start of the run (the header has the date and time).
std::string StageStart(const catalog::RunRecord& run, const catalog::StageRecord& stage) {
  if (run.started_micros == 0 || stage.started_micros == 0) return "-";
  return "+" +
         FormatDuration(run.started_micros, std::max(stage.started_micros, run.started_micros));
}

HtmlFragment StagesSection(const RunDetails& d, const std::optional<Json>& summary) {
  HtmlFragment body;
  if (d.stages.empty()) {
    body.Element("p", "No stage was recorded.", "empty");
  } else {
    HtmlTable table({"stage", "attempt", "status", "start", "duration", "rows in", "rows out"},
                    {1, 5, 6});
    for (const auto& s : d.stages) {
      std::vector<HtmlFragment> cells(7);
      cells[0].Element("code", s.stage);
      cells[1].Text(std::to_string(s.attempt));
      std::string status(catalog::StageStatusName(s.status));
      cells[2].Element("span", status,
                       s.status == catalog::StageStatus::kSucceeded ? "badge ok"
                       : s.status == catalog::StageStatus::kFailed  ? "badge bad"
                                                                    : "badge");
      cells[3].Text(StageStart(d.run, s));
      cells[4].Text(FormatDuration(s.started_micros, s.finished_micros));
      cells[5].Text(FormatCount(s.rows_in));
      cells[6].Text(FormatCount(s.rows_out));
      table.AddRow(std::move(cells), s.status == catalog::StageStatus::kFailed ? "bad" : "");
    }
    std::vector<TimelineSpan> spans;
    for (const auto& s : d.stages) {
      std::string label = s.attempt > 1 ? fmt::format("{} #{}", s.stage, s.attempt) : s.stage;
      ChartTone tone = s.status == catalog::StageStatus::kFailed      ? ChartTone::kBad
                       : s.status == catalog::StageStatus::kSucceeded ? ChartTone::kOk
                                                                      : ChartTone::kNeutral;
      spans.push_back({label,
                       fmt::format("{} (attempt {}): {}, {}", s.stage, s.attempt,
                                   catalog::StageStatusName(s.status),
                                   FormatDuration(s.started_micros, s.finished_micros)),
                       s.started_micros, s.finished_micros, tone});
    }
    body.Append(TimelineChart(spans)).Append(table.Render());
  }
  if (summary && summary->is_object()) {
    auto it = summary->find("stages");
    if (it != summary->end() && it->is_array() && !it->empty()) {
      body.Element("h3", "Stage details").Append(JsonRecordsTable(*it, SIZE_MAX, true));
    }
  }
  return body;
}

// What the run read and wrote, from its summary: the known lists first, then any other
// list of records, then the remaining plain values.
HtmlFragment OutputsSection(const Json& summary) {
  static const std::vector<std::pair<std::string, std::string>> kKnownLists = {
      {"sources", "Sources"}, {"steps", "Steps"}, {"sinks", "Sinks"}};
  // Shown elsewhere in the report.
  static const std::set<std::string> kShownElsewhere = {
      "run_id", "pipeline", "status", "quality_score", "error", "stages", "checks"};
  HtmlFragment body;
  std::set<std::string> done(kShownElsewhere);
  for (const auto& [key, title] : kKnownLists) {
    done.insert(key);
    auto it = summary.find(key);
    if (it == summary.end() || !it->is_array() || it->empty()) continue;
    body.Element("h3", title).Append(JsonRecordsTable(*it, SIZE_MAX, true));
  }
  HtmlTable values({"key", "value"});
  for (const auto& [key, value] : summary.items()) {
    if (done.count(key) != 0) continue;
    if (value.is_array() && !value.empty() && value.front().is_object()) {
      body.Element("h3", key).Append(JsonRecordsTable(value, SIZE_MAX, true));
    } else if (!(value.is_string() && value.get<std::string>().empty())) {
      values.AddRow({HtmlFragment().Element("code", key), JsonValueCell(value, true)});
    }
  }
  if (values.rows() > 0) body.Element("h3", "Run").Append(values.Render());
  return body;
}

}  // namespace

std::string RenderQualityReport(const RunDetails& details) {
  const catalog::RunRecord& run = details.run;
  HtmlReport report(fmt::format("Quality report: {}", run.pipeline));
  report.SetHeader(Header(details));
  report.AddSection("quality", "Quality", QualitySection(details));
  report.AddSection("rules", "Rules", RulesSection(details));
  std::optional<Json> summary = ParseJson(run.summary_json);
  report.AddSection("stages", "Stages", StagesSection(details, summary));
  if (summary && summary->is_object()) {
    HtmlFragment outputs = OutputsSection(*summary);
    if (!outputs.empty()) report.AddSection("outputs", "Outputs", outputs);
  } else if (!run.summary_json.empty()) {
    report.AddSection("outputs", "Outputs", HtmlFragment().Element("code", run.summary_json));
  }
  if (!details.lineage.empty()) {
    lineage::LineageGraph graph(details.lineage, /*qualify_internal=*/false);
    HtmlFragment body;
    body.Element("p", fmt::format("{} column edges between {} tables and datasets; "
                                  "`sluice lineage TABLE --column C` follows one column.",
                                  details.lineage.size(), graph.nodes().size()));
    body.Raw(lineage::RenderLineageSvg(graph));
    report.AddSection("lineage", "Lineage", body);
  }
  report.SetFooter(
      fmt::format("Generated by sluice report for run {} of {}.", run.run_id, run.pipeline));
  return report.Render();
}

}  // namespace sluice::cli
