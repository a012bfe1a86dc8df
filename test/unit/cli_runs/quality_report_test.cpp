#include "cli/quality_report.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "cli/report_command.h"
#include "cli/run_details.h"
#include "common/error.h"
#include "run_store_fixture.h"

namespace sluice::cli {
namespace {

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) n++;
  return n;
}

// The markup of the first <svg> whose class contains `css_class`.
std::string Chart(const std::string& html, const std::string& css_class) {
  size_t start = html.find("<svg class=\"chart " + css_class);
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</svg>", start) - start);
}

class QualityReportTest : public RunStoreFixture {
 protected:
  std::string Report(const std::string& run_id) {
    auto store = OpenLakeRunStore(lake_);
    EXPECT_NE(store, nullptr);
    return RenderQualityReport(LoadRunDetails(*store, FindRun(*store, run_id), 30));
  }
};

TEST_F(QualityReportTest, ShowsRulesScoreAndEscapedSamples) {
  Seed();
  std::string html = Report(kRun3);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_NE(html.find("not_null(order_id)"), std::string::npos);
  EXPECT_NE(html.find("range(quantity, 1, 100)"), std::string::npos);
  EXPECT_NE(html.find("96.00%"), std::string::npos) << "the score";
  EXPECT_NE(html.find("98.00%"), std::string::npos) << "the gate";
  EXPECT_NE(html.find("quality_failed"), std::string::npos);
  // The failing sample, escaped: no markup of the data reaches the page.
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("O&#39;Brien &amp; Co"), std::string::npos);
  EXPECT_NE(html.find("2 failing samples"), std::string::npos);
  EXPECT_NE(html.find("<code>day=2024-01-03</code>"), std::string::npos) << "the parameters";
  // The whole error message, both lines.
  EXPECT_NE(html.find("second line"), std::string::npos);
}

TEST_F(QualityReportTest, HistoryChartHasOnePointPerEarlierRunAndTheGate) {
  Seed();
  std::string third = Chart(Report(kRun3), "history");
  ASSERT_FALSE(third.empty());
  EXPECT_EQ(Count(third, "class=\"point\""), 3u) << "runs 1-3; the later run 4 is left out";
  EXPECT_EQ(Count(third, "class=\"gate\""), 1u);
  EXPECT_NE(third.find(kRun1), std::string::npos) << "tooltips name the runs";
  EXPECT_EQ(third.find(kRun4), std::string::npos);
  std::string fourth = Chart(Report(kRun4), "history");
  EXPECT_EQ(Count(fourth, "class=\"point\""), 4u);
  EXPECT_EQ(Count(fourth, "<polyline"), 1u);
}

TEST_F(QualityReportTest, PassRateBarPerRule) {
  Seed();
  std::string bars = Chart(Report(kRun3), "bars");
  ASSERT_FALSE(bars.empty());
  EXPECT_EQ(Count(bars, "<g class=\"bar\">"), 2u);
  EXPECT_NE(bars.find("96.00%"), std::string::npos) << "not_null: 960 of 1000 pass";
  EXPECT_NE(bars.find("99.70%"), std::string::npos);
}

TEST_F(QualityReportTest, IsSelfContained) {
  Seed();
  std::string html = Report(kRun4);
  std::regex attribute(R"re(\b(src|href)\s*=\s*"([^"]*)")re");
  int links = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), attribute), end; it != end; ++it) {
    std::string value = (*it)[2];
    EXPECT_EQ(value.find("http"), std::string::npos) << value;
    EXPECT_EQ(value.find("//"), std::string::npos) << value;
    EXPECT_EQ(value.rfind("#", 0), 0u) << "only in-page links: " << value;
    links++;
  }
  EXPECT_GE(links, 3) << "the contents bar links to the sections";
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  // The summary's sinks and steps.
  EXPECT_NE(html.find("sales.orders"), std::string::npos);
  size_t outputs = html.find("id=\"outputs\"");
  ASSERT_NE(outputs, std::string::npos);
  size_t sinks = html.find("<h3>Sinks</h3>", outputs);
  ASSERT_NE(sinks, std::string::npos);
  EXPECT_LT(html.find("<th>from</th>", sinks), html.find("<th class=\"num\">rows</th>", sinks))
      << "summary columns in reading order";
  EXPECT_NE(html.find("0.0065", outputs), std::string::npos) << "measures rounded";
}

TEST(QualityReport, RendersFromRecordsAloneAndToleratesBadJson) {
  RunDetails d;
  d.run.run_id = "r1";
  d.run.pipeline = "p<1>";
  d.run.status = catalog::RunStatus::kFailed;
  d.run.error_kind = ErrorKind::kInternal;
  d.run.error_message = "boom </pre><b>";
  d.run.summary_json = "{not json";
  catalog::RuleOutcome rule;
  rule.run_id = "r1";
  rule.dataset = "d";
  rule.rule = "expr(amount < 0 && \"x\")";
  rule.rows_checked = 10;
  rule.rows_failed = 1;
  rule.passed = false;
  rule.sample_json = "[1, \"<i>\"";  // truncated: shown as text
  d.outcomes.push_back(rule);
  std::string html = RenderQualityReport(d);
  EXPECT_NE(html.find("p&lt;1&gt;"), std::string::npos);
  EXPECT_NE(html.find("boom &lt;/pre&gt;&lt;b&gt;"), std::string::npos);
  EXPECT_NE(html.find("expr(amount &lt; 0 &amp;&amp; &quot;x&quot;)"), std::string::npos);
  EXPECT_NE(html.find("[1, &quot;&lt;i&gt;&quot;"), std::string::npos);
  EXPECT_NE(html.find("{not json"), std::string::npos);
  EXPECT_NE(html.find("No dataset was checked"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
}

TEST_F(QualityReportTest, CommandWritesTheFileAndResolvesLatest) {
  Seed();
  ReportArgs args;
  args.run_id = "latest";
  args.lake = lake_;
  args.output = (dir_ / "report.html").string();
  std::ostringstream out;
  EXPECT_EQ(RunReportCommand(args, out), 0);
  EXPECT_NE(out.str().find(*args.output), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(kOtherRun), std::string::npos);
  std::ifstream file(*args.output);
  std::stringstream content;
  content << file.rdbuf();
  EXPECT_NE(content.str().find("inventory"), std::string::npos);
  EXPECT_NE(content.str().find("stock.csv:3"), std::string::npos);

  args.run_id = "no-such-run";
  EXPECT_THROW(RunReportCommand(args, out), Error);
  args.run_id = kRun1;
  args.output = (dir_ / "missing-dir" / "r.html").string();
  EXPECT_THROW(RunReportCommand(args, out), Error);
}

TEST_F(QualityReportTest, CommandWithoutRunsIsAUserError) {
  ReportArgs args;
  args.run_id = "latest";
  args.lake = lake_;
  std::ostringstream out;
  try {
    RunReportCommand(args, out);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(std::string(e.what()).find("no runs yet"), std::string::npos);
  }
}

}  // namespace
}  // namespace sluice::cli
