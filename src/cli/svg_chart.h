// Inline SVG charts for the HTML reports: horizontal bars of shares (a rule's pass rate),
// a line of a score over runs with the gate drawn across, and a timeline of stages. Plain SVG with
// <title> tooltips: no script, no external resources; all text is escaped. Each chart scales to its
// container through its viewBox.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/html_report.h"

namespace sluice::cli {

enum class ChartTone { kOk, kWarn, kBad, kNeutral };

struct ChartBar {
  std::string label;    // left of the bar (shortened when long; the tooltip has it all)
  std::string tooltip;  // shown on hover
  double share = 0;     // 0..1, drawn as a percentage
  ChartTone tone = ChartTone::kNeutral;
};

// One bar per entry, top to bottom, each with its percentage at the end.
HtmlFragment ShareBarChart(const std::vector<ChartBar>& bars);

struct ChartPoint {
  std::string label;    // under the x axis ("11-25 03:15"); some are skipped when crowded
  std::string tooltip;  // shown on hover
  double value = 0;     // 0..1
  ChartTone tone = ChartTone::kNeutral;
  bool highlight = false;  // drawn larger (the run the report is about)
};

// The points left to right joined by a line, a dashed line at `gate` when given; the
// y axis zooms in on the range the values and the gate occupy. Every point is a
// <circle class="point">.
HtmlFragment ScoreHistoryChart(const std::vector<ChartPoint>& points, std::optional<double> gate);

struct TimelineSpan {
  std::string label;    // left of the row
  std::string tooltip;  // shown on hover
  int64_t start_micros = 0;
  int64_t end_micros = 0;  // 0: not finished (drawn to the end of the chart)
  ChartTone tone = ChartTone::kNeutral;
};

// A Gantt chart: one row per span, placed on a time axis from the first start to the
// last end, each with its duration at the end. Every span is a <g class="span">.
HtmlFragment TimelineChart(const std::vector<TimelineSpan>& spans);

}  // namespace sluice::cli
