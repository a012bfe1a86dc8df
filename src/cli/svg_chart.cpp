#include "cli/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "cli/run_details.h"

namespace sluice::cli {
namespace {

const char* ToneColor(ChartTone tone) {
  switch (tone) {
    case ChartTone::kOk: return "#1a7f37";
    case ChartTone::kWarn: return "#bf8700";
    case ChartTone::kBad: return "#cf222e";
    case ChartTone::kNeutral: break;
  }
  return "#0969da";
}

double Clamp01(double value) {
  if (std::isnan(value)) return 0;
  return std::clamp(value, 0.0, 1.0);
}

// A label of at most `max_chars` characters (UTF-8 aware), with an ellipsis when cut.
std::string Shorten(const std::string& text, size_t max_chars) {
  return FirstLine(text, max_chars);
}

// The bottom of the y axis: a round share a little below everything drawn, so that
// scores near 100% are told apart instead of sitting on one line.
double AxisFloor(double lowest) {
  static const double kFloors[] = {0.99, 0.98, 0.95, 0.9, 0.8, 0.6, 0.4, 0.2};
  for (double floor : kFloors) {
    if (floor <= lowest - 0.002) return floor;
  }
  return 0.0;
}

// An axis label: as many decimals as the ticks need, at most two ("99.75%", "99.5%", "99%").
std::string PercentLabel(double share) {
  return FormatMeasure(std::round(share * 10000) / 100) + "%";
}

}  // namespace

HtmlFragment ShareBarChart(const std::vector<ChartBar>& bars) {
  constexpr double kWidth = 760, kLabelWidth = 290, kValueWidth = 70, kRow = 26, kTop = 8;
  constexpr double kBarWidth = kWidth - kLabelWidth - kValueWidth;
  double height = kTop * 2 + kRow * static_cast<double>(bars.size()) + 14;
  HtmlFragment svg;
  svg.Raw(
      fmt::format("<svg class=\"chart bars\" viewBox=\"0 0 {} {}\" role=\"img\" "
                  "aria-label=\"pass rate per rule\">",
                  kWidth, height));
  // Grid at every quarter, labelled along the bottom.
  double bottom = kTop + kRow * static_cast<double>(bars.size());
  for (int quarter = 0; quarter <= 4; quarter++) {
    double x = kLabelWidth + kBarWidth * quarter / 4.0;
    svg.Raw(
        fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#eaeef2\"/>"
                    "<text x=\"{0:.1f}\" y=\"{3}\" font-size=\"10\" fill=\"#59636e\" "
                    "text-anchor=\"middle\">{4}%</text>",
                    x, kTop, bottom, bottom + 12, quarter * 25));
  }
  for (size_t i = 0; i < bars.size(); i++) {
    const ChartBar& bar = bars[i];
    double y = kTop + kRow * static_cast<double>(i);
    double share = Clamp01(bar.share);
    svg.Raw("<g class=\"bar\"><title>").Text(bar.tooltip).Raw("</title>");
    svg.Raw(fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"12\" fill=\"#1f2328\" "
                        "text-anchor=\"end\">",
                        kLabelWidth - 10, y + kRow / 2 + 4))
        .Text(Shorten(bar.label, 44))
        .Raw("</text>");
    svg.Raw(fmt::format(
        "<rect x=\"{0}\" y=\"{1:.1f}\" width=\"{2}\" height=\"{3}\" rx=\"3\" fill=\"#eff2f5\"/>"
        "<rect x=\"{0}\" y=\"{1:.1f}\" width=\"{4:.1f}\" height=\"{3}\" rx=\"3\" fill=\"{5}\"/>"
        "<text x=\"{6}\" y=\"{7:.1f}\" font-size=\"12\" font-weight=\"600\" fill=\"{5}\">{8}</text>"
        "</g>",
        kLabelWidth, y + 5, kBarWidth, kRow - 10, kBarWidth * share, ToneColor(bar.tone),
        kLabelWidth + kBarWidth + 8, y + kRow / 2 + 4, FormatPercent(share)));
  }
  svg.Raw("</svg>");
  return svg;
}

namespace {

// The geometry of a score history chart: points spread evenly left to right, the y axis
// from a round floor (AxisFloor) to 100%.
class ScorePlot {
 public:
  static constexpr double kWidth = 520, kHeight = 200, kLeft = 46, kRight = 88, kTop = 12,
                          kBottom = 30;
  static constexpr double kPlotWidth = kWidth - kLeft - kRight;
  static constexpr double kPlotHeight = kHeight - kTop - kBottom;

  ScorePlot(const std::vector<ChartPoint>& points, std::optional<double> gate) : points_(points) {
    double lowest = 1.0;
    for (const auto& p : points) lowest = std::min(lowest, Clamp01(p.value));
    if (gate) lowest = std::min(lowest, Clamp01(*gate));
    floor_ = AxisFloor(lowest);
    range_ = 1.0 - floor_;
  }

  double Y(double value) const {
    return kTop + kPlotHeight * (1.0 - (Clamp01(value) - floor_) / range_);
  }
  double X(size_t i) const {
    if (points_.size() <= 1) return kLeft + kPlotWidth / 2;
    return kLeft + kPlotWidth * static_cast<double>(i) / static_cast<double>(points_.size() - 1);
  }

  void DrawGrid(HtmlFragment& svg) const {
    for (int tick = 0; tick <= 4; tick++) {
      double value = floor_ + range_ * tick / 4.0;
      svg.Raw(fmt::format(
          "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#eaeef2\"/>"
          "<text x=\"{3}\" y=\"{4:.1f}\" font-size=\"10\" fill=\"#59636e\" "
          "text-anchor=\"end\">{5}</text>",
          kLeft, Y(value), kLeft + kPlotWidth, kLeft - 6, Y(value) + 3, PercentLabel(value)));
    }
    if (points_.empty()) {
      svg.Raw(
          fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#59636e\" "
                      "text-anchor=\"middle\">no history</text>",
                      kLeft + kPlotWidth / 2, kTop + kPlotHeight / 2));
    }
  }

  // The line through the points and the shaded area under it.
  void DrawLine(HtmlFragment& svg) const {
    if (points_.size() < 2) return;
    std::string line;
    for (size_t i = 0; i < points_.size(); i++) {
      line += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "" : " ", X(i), Y(points_[i].value));
    }
    std::string area = fmt::format("{:.1f},{:.1f} {} {:.1f},{:.1f}", X(0), kTop + kPlotHeight, line,
                                   X(points_.size() - 1), kTop + kPlotHeight);
    svg.Raw(
        fmt::format("<polygon points=\"{}\" fill=\"#0969da\" fill-opacity=\"0.07\"/>"
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"#0969da\" "
                    "stroke-width=\"2\" stroke-linejoin=\"round\"/>",
                    area, line));
  }

  void DrawGate(HtmlFragment& svg, double gate) const {
    svg.Raw(
        fmt::format("<g class=\"gate\"><line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" "
                    "stroke=\"#cf222e\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
                    "<text x=\"{3}\" y=\"{4:.1f}\" font-size=\"11\" font-weight=\"600\" "
                    "fill=\"#cf222e\">gate {5}</text></g>",
                    kLeft, Y(gate), kLeft + kPlotWidth, kLeft + kPlotWidth + 6, Y(gate) + 4,
                    FormatPercent(gate)));
  }

  // The points with their tooltips, and at most ~5 x labels (the newest always).
  void DrawPoints(HtmlFragment& svg) const {
    size_t n = points_.size();
    size_t step = std::max<size_t>(1, (n + 4) / 5);
    for (size_t i = 0; i < n; i++) {
      const ChartPoint& p = points_[i];
      bool newest = i + 1 == n;
      if (newest || (i % step == 0 && n - 1 - i >= step)) {
        svg.Raw(fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" fill=\"#59636e\" "
                            "text-anchor=\"middle\">",
                            X(i), kHeight - 12))
            .Text(p.label)
            .Raw("</text>");
      }
      svg.Raw(fmt::format("<circle class=\"point\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" "
                          "fill=\"{}\" stroke=\"#fff\" stroke-width=\"{}\"><title>",
                          X(i), Y(p.value), p.highlight ? 6 : 4, ToneColor(p.tone),
                          p.highlight ? 2 : 1))
          .Text(p.tooltip)
          .Raw("</title></circle>");
    }
  }

 private:
  const std::vector<ChartPoint>& points_;
  double floor_ = 0;
  double range_ = 1;
};

}  // namespace

HtmlFragment ScoreHistoryChart(const std::vector<ChartPoint>& points, std::optional<double> gate) {
  ScorePlot plot(points, gate);
  HtmlFragment svg;
  svg.Raw(
      fmt::format("<svg class=\"chart history\" viewBox=\"0 0 {} {}\" role=\"img\" "
                  "aria-label=\"score history\">",
                  ScorePlot::kWidth, ScorePlot::kHeight));
  plot.DrawGrid(svg);
  plot.DrawLine(svg);
  if (gate) plot.DrawGate(svg, *gate);
  plot.DrawPoints(svg);
  svg.Raw("</svg>");
  return svg;
}

namespace {

// Round steps for a time axis of `total_micros`: two to five ticks.
int64_t TimeStep(int64_t total_micros) {
  static const int64_t kSteps[] = {
      1000,      2000,      5000,      10000,     20000,      50000,      100000,    200000,
      500000,    1000000,   2000000,   5000000,   10000000,   15000000,   30000000,  60000000,
      120000000, 300000000, 600000000, 900000000, 1800000000, 3600000000, 7200000000};
  for (int64_t step : kSteps) {
    if (total_micros / step <= 5) return step;
  }
  return std::max<int64_t>(1, total_micros / 4);
}

std::string TimeLabel(int64_t micros) {
  if (micros == 0) return "0";
  if (micros < 1000000) return fmt::format("{}ms", micros / 1000);
  if (micros < 60000000) return fmt::format("{}s", micros / 1000000);
  if (micros < 3600000000)
    return fmt::format("{}m{}", micros / 60000000,
                       micros % 60000000 == 0 ? "" : fmt::format(" {}s", micros / 1000000 % 60));
  return fmt::format("{}h{}", micros / 3600000000,
                     micros % 3600000000 == 0 ? "" : fmt::format(" {}m", micros / 60000000 % 60));
}

}  // namespace

HtmlFragment TimelineChart(const std::vector<TimelineSpan>& spans) {
  constexpr double kWidth = 760, kLabelWidth = 230, kValueWidth = 70, kRow = 24, kTop = 8;
  constexpr double kPlotWidth = kWidth - kLabelWidth - kValueWidth;
  int64_t first = INT64_MAX, last = 0;
  for (const auto& span : spans) {
    if (span.start_micros > 0) first = std::min(first, span.start_micros);
    last = std::max({last, span.start_micros, span.end_micros});
  }
  if (first == INT64_MAX) first = last;
  int64_t total = std::max<int64_t>(1, last - first);
  auto x_of = [&](int64_t micros) {
    double share = static_cast<double>(std::clamp<int64_t>(micros - first, 0, total)) / total;
    return kLabelWidth + kPlotWidth * share;
  };
  double bottom = kTop + kRow * static_cast<double>(spans.size());
  HtmlFragment svg;
  svg.Raw(
      fmt::format("<svg class=\"chart timeline\" viewBox=\"0 0 {} {}\" role=\"img\" "
                  "aria-label=\"stage timeline\">",
                  kWidth, bottom + 20));
  int64_t step = TimeStep(total);
  for (int64_t tick = 0; tick <= total; tick += step) {
    double x = x_of(first + tick);
    svg.Raw(
        fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#eaeef2\"/>"
                    "<text x=\"{0:.1f}\" y=\"{3}\" font-size=\"10\" fill=\"#59636e\" "
                    "text-anchor=\"middle\">{4}</text>",
                    x, kTop, bottom, bottom + 13, TimeLabel(tick)));
  }
  for (size_t i = 0; i < spans.size(); i++) {
    const TimelineSpan& span = spans[i];
    double y = kTop + kRow * static_cast<double>(i);
    int64_t end = span.end_micros == 0 ? last : span.end_micros;
    double x0 = x_of(span.start_micros), x1 = std::max(x_of(end), x0 + 2);
    svg.Raw("<g class=\"span\"><title>").Text(span.tooltip).Raw("</title>");
    svg.Raw(fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"12\" fill=\"#1f2328\" "
                        "text-anchor=\"end\">",
                        kLabelWidth - 10, y + kRow / 2 + 4))
        .Text(Shorten(span.label, 28))
        .Raw("</text>");
    svg.Raw(fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" rx=\"3\" "
        "fill=\"{}\"{}/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" fill=\"#59636e\">{}</text></g>",
        x0, y + 5, x1 - x0, kRow - 10, ToneColor(span.tone),
        span.end_micros == 0 ? " fill-opacity=\"0.4\"" : "", x1 + 6, y + kRow / 2 + 4,
        span.end_micros == 0 ? "running"
                             : EscapeHtml(FormatDuration(span.start_micros, span.end_micros))));
  }
  svg.Raw("</svg>");
  return svg;
}

}  // namespace sluice::cli
