#include "cli/html_report.h"

#include <gtest/gtest.h>

#include "cli/svg_chart.h"

namespace sluice::cli {
namespace {

TEST(HtmlReport, EscapesTextAndAttributes) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x">O'Neil & co</a>)"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;");
  HtmlFragment f;
  f.Open("td", "a\"b", {{"title", "<x>"}}).Text("1 < 2").Close("td");
  EXPECT_EQ(f.markup(), "<td class=\"a&quot;b\" title=\"&lt;x&gt;\">1 &lt; 2</td>");
  EXPECT_EQ(HtmlFragment().Element("b", "&").Raw("<br>").markup(), "<b>&amp;</b><br>");
}

TEST(HtmlReport, TableRowsAndNumericColumns) {
  HtmlTable table({"name", "rows"}, {1});
  table.AddTextRow({"<t>", "12"}, "bad");
  table.AddTextRow({"only one cell"});
  table.AddWideRow(HtmlFragment().Text("detail"));
  EXPECT_EQ(table.rows(), 2u);
  std::string html = table.Render().markup();
  EXPECT_NE(html.find("<th class=\"num\">rows</th>"), std::string::npos) << html;
  EXPECT_NE(html.find("<tr class=\"bad\"><td>&lt;t&gt;</td><td class=\"num\">12</td></tr>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<td>only one cell</td><td class=\"num\"></td>"), std::string::npos);
  EXPECT_NE(html.find("colspan=\"2\""), std::string::npos);
}

TEST(HtmlReport, SectionsGetAnchorsAndContentsLinks) {
  HtmlReport report("Report <1>");
  report.SetHeader(HtmlFragment().Text("head"));
  report.AddSection("first", "First & one", HtmlFragment().Text("a"));
  report.AddSection("second", "Second", HtmlFragment().Text("b"));
  report.SetFooter("made by <me>");
  std::string html = report.Render();
  EXPECT_NE(html.find("<title>Report &lt;1&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#first\">First &amp; one</a>"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"second\"><h2>Second</h2>b</section>"), std::string::npos);
  EXPECT_LT(html.find("id=\"first\""), html.find("id=\"second\""));
  EXPECT_NE(html.find("<footer>made by &lt;me&gt;</footer>"), std::string::npos);
}

TEST(SvgChart, HistoryPointsGateAndEscapedLabels) {
  std::vector<ChartPoint> points;
  for (int i = 0; i < 12; i++) {
    points.push_back({"d" + std::to_string(i), "run <" + std::to_string(i) + ">", 0.97 + i * 0.002,
                      ChartTone::kOk, i == 11});
  }
  std::string svg = ScoreHistoryChart(points, 0.98).markup();
  size_t circles = 0;
  for (size_t at = svg.find("<circle"); at != std::string::npos; at = svg.find("<circle", at + 1)) {
    circles++;
  }
  EXPECT_EQ(circles, 12u);
  EXPECT_NE(svg.find("class=\"gate\""), std::string::npos);
  EXPECT_NE(svg.find("gate 98.00%"), std::string::npos);
  EXPECT_NE(svg.find("run &lt;3&gt;"), std::string::npos);
  EXPECT_NE(svg.find(">d11<"), std::string::npos) << "the newest point is labelled";
  // The y axis zooms in on 95%..100% (the lowest value is 97%) with exact tick labels.
  EXPECT_NE(svg.find(">95%<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">96.25%<"), std::string::npos);
  EXPECT_NE(svg.find(">100%<"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  // One point, no gate, and no points at all draw without a line.
  std::string one =
      ScoreHistoryChart({{"x", "t", 1.0, ChartTone::kOk, true}}, std::nullopt).markup();
  EXPECT_EQ(one.find("<polyline"), std::string::npos);
  EXPECT_EQ(one.find("class=\"gate\""), std::string::npos);
  EXPECT_NE(ScoreHistoryChart({}, 0.5).markup().find("no history"), std::string::npos);
}

TEST(SvgChart, BarsClampShares) {
  std::string svg =
      ShareBarChart({{"a<b", "tip", 1.5, ChartTone::kBad}, {"c", "tip", -1, ChartTone::kOk}})
          .markup();
  EXPECT_NE(svg.find("a&lt;b"), std::string::npos);
  EXPECT_NE(svg.find("100.00%"), std::string::npos);
  EXPECT_NE(svg.find("0.00%"), std::string::npos);
  EXPECT_EQ(svg.find("width=\"-"), std::string::npos);
}

TEST(SvgChart, TimelineRowPerSpanOnACommonAxis) {
  std::string svg = TimelineChart({{"extract", "e", 1'000'000, 3'000'000, ChartTone::kOk},
                                   {"load <x>", "l", 3'000'000, 0, ChartTone::kNeutral},
                                   {"check", "c", 3'000'000, 11'000'000, ChartTone::kBad}})
                        .markup();
  size_t spans = 0;
  for (size_t at = svg.find("<g class=\"span\">"); at != std::string::npos;
       at = svg.find("<g class=\"span\">", at + 1)) {
    spans++;
  }
  EXPECT_EQ(spans, 3u);
  EXPECT_NE(svg.find("load &lt;x&gt;"), std::string::npos);
  EXPECT_NE(svg.find(">2.0s<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">8.0s<"), std::string::npos);
  EXPECT_NE(svg.find(">running<"), std::string::npos);
  EXPECT_NE(svg.find(">10s<"), std::string::npos) << "axis ticks over the 10 s of the run";
  EXPECT_EQ(svg.find("width=\"-"), std::string::npos);
  EXPECT_NE(TimelineChart({}).markup().find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace sluice::cli
