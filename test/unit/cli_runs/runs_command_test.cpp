#include "cli/runs_command.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/report_command.h"
#include "cli/run_details.h"
#include "common/error.h"
#include "run_store_fixture.h"

namespace sluice::cli {
namespace {

class RunsCommandTest : public RunStoreFixture {
 protected:
  std::string Runs(RunsArgs args) {
    args.lake = lake_;
    std::ostringstream out;
    EXPECT_EQ(RunRunsCommand(args, out), 0);
    return out.str();
  }
  std::string Show(const std::string& run_id, std::optional<OutputFormat> format = {}) {
    RunsArgs args;
    args.action = "show";
    args.run_id = run_id;
    args.format = format;
    return Runs(args);
  }
};

TEST_F(RunsCommandTest, ListsRunsNewestFirstWithScoreAndError) {
  Seed();
  std::string out = Runs({});
  size_t other = out.find(kOtherRun), fourth = out.find(kRun4), first = out.find(kRun1);
  ASSERT_NE(other, std::string::npos) << out;
  ASSERT_NE(first, std::string::npos) << out;
  EXPECT_LT(other, fourth);
  EXPECT_LT(fourth, out.find(kRun3));
  EXPECT_LT(out.find(kRun2), first);
  EXPECT_NE(out.find("run id"), std::string::npos);
  EXPECT_NE(out.find("quality_failed"), std::string::npos);
  EXPECT_NE(out.find("96.00%"), std::string::npos);
  // The error's kind and first line only.
  EXPECT_NE(out.find("data_quality: orders: score 96.00% < gate 98.00% ..."), std::string::npos)
      << out;
  EXPECT_EQ(out.find("second line"), std::string::npos);
  EXPECT_NE(out.find("user_input: stock.csv:3"), std::string::npos);
  EXPECT_NE(out.find(" UTC "), std::string::npos) << "started times are shown";
}

TEST_F(RunsCommandTest, ColumnsAreAligned) {
  Seed();
  std::istringstream lines(Runs({}));
  std::string header, line;
  std::getline(lines, header);
  size_t pipeline_column = header.find("pipeline");
  ASSERT_NE(pipeline_column, std::string::npos);
  int rows = 0;
  while (std::getline(lines, line)) {
    EXPECT_TRUE(line.compare(pipeline_column, 9, "inventory") == 0 ||
                line.compare(pipeline_column, 12, "retail_daily") == 0)
        << line;
    rows++;
  }
  EXPECT_EQ(rows, 5);
}

TEST_F(RunsCommandTest, FiltersByPipelineAndLimits) {
  Seed();
  RunsArgs args;
  args.pipeline = "retail_daily";
  args.limit = 2;
  std::string out = Runs(args);
  EXPECT_NE(out.find(kRun4), std::string::npos);
  EXPECT_NE(out.find(kRun3), std::string::npos);
  EXPECT_EQ(out.find(kRun2), std::string::npos);
  EXPECT_EQ(out.find(kOtherRun), std::string::npos);
  args.pipeline = "nope";
  EXPECT_NE(Runs(args).find("no runs of pipeline 'nope'"), std::string::npos);
}

TEST_F(RunsCommandTest, MissingRunStoreIsNoRunsForLsAndAnErrorForShow) {
  std::string out = Runs({});
  EXPECT_NE(out.find("no runs yet under " + lake_), std::string::npos) << out;
  EXPECT_NE(out.find("sluice run"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(catalog::DefaultCatalogPath(lake_)))
      << "listing must not create a catalog";
  RunsArgs json;
  json.format = OutputFormat::kJson;
  EXPECT_EQ(Runs(json), "[]\n");
  RunsArgs args;
  args.action = "show";
  args.run_id = kRun1;
  args.lake = lake_;
  std::ostringstream sink;
  try {
    RunRunsCommand(args, sink);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(std::string(e.what()).find("no runs yet"), std::string::npos) << e.what();
  }
}

TEST_F(RunsCommandTest, ShowPrintsStagesQualityRulesAndSinks) {
  Seed();
  std::string out = Show(kRun4);
  EXPECT_NE(out.find("run:       " + std::string(kRun4)), std::string::npos) << out;
  EXPECT_NE(out.find("status:    succeeded"), std::string::npos);
  EXPECT_NE(out.find("extract"), std::string::npos);
  EXPECT_NE(out.find("check"), std::string::npos);
  EXPECT_NE(out.find("990"), std::string::npos);
  EXPECT_NE(out.find("not_null(order_id)"), std::string::npos);
  EXPECT_NE(out.find("range(quantity, 1, 100)"), std::string::npos);
  EXPECT_NE(out.find("99.70%"), std::string::npos) << "pass rate of the range rule";
  EXPECT_NE(out.find(">= 98.00%"), std::string::npos) << "the gate";
  EXPECT_NE(out.find("sinks:"), std::string::npos);
  EXPECT_NE(out.find("  from      to    table         mode    rows  snapshot  files\n"),
            std::string::npos)
      << "summary columns in reading order";
  EXPECT_NE(out.find("sales.orders"), std::string::npos);
  EXPECT_NE(out.find("steps:"), std::string::npos);
  EXPECT_NE(out.find("enriched"), std::string::npos);
  EXPECT_NE(out.find("sluice report " + std::string(kRun4) + " --lake " + lake_), std::string::npos)
      << "the hint names the lake it was given";
}

TEST_F(RunsCommandTest, ShowOfAFailedRunPrintsTheWholeErrorAndSamples) {
  Seed();
  std::string out = Show(kRun3);
  EXPECT_NE(out.find("status:    quality_failed"), std::string::npos) << out;
  EXPECT_NE(out.find("error:     data_quality: orders: score"), std::string::npos);
  EXPECT_NE(out.find("second line"), std::string::npos);
  EXPECT_NE(out.find("FAILED"), std::string::npos);
  EXPECT_NE(out.find("sample of not_null(order_id) on orders"), std::string::npos);
  EXPECT_NE(out.find("(+1 more)"), std::string::npos);
}

TEST_F(RunsCommandTest, ShowAcceptsLatestAndAUniqueSuffix) {
  Seed();
  EXPECT_NE(Show("latest").find("run:       " + std::string(kOtherRun)), std::string::npos);
  EXPECT_NE(Show("000002").find("run:       " + std::string(kRun2)), std::string::npos);
}

TEST_F(RunsCommandTest, UnknownOrAmbiguousRunIdIsAUserError) {
  Seed();
  for (const char* id : {"20990101T000000Z-ffffff", "2024"}) {
    RunsArgs args;
    args.action = "show";
    args.run_id = id;
    args.lake = lake_;
    std::ostringstream sink;
    try {
      RunRunsCommand(args, sink);
      FAIL() << "expected an error for " << id;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
      EXPECT_NE(std::string(e.what()).find("sluice runs"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(id), std::string::npos) << e.what();
    }
  }
}

TEST_F(RunsCommandTest, JsonOutputParses) {
  Seed();
  RunsArgs args;
  args.format = OutputFormat::kJson;
  nlohmann::json list = nlohmann::json::parse(Runs(args));
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list[0]["run_id"], kOtherRun);
  EXPECT_EQ(list[0]["error"]["kind"], "user_input");
  EXPECT_EQ(list[1]["quality_score"], 0.99);
  EXPECT_EQ(list[1]["params"]["day"], "2024-01-04");

  nlohmann::json run = nlohmann::json::parse(Show(kRun3, OutputFormat::kJson));
  EXPECT_EQ(run["status"], "quality_failed");
  ASSERT_EQ(run["rules"].size(), 2u);
  EXPECT_EQ(run["rules"][0]["rows_failed"], 40);
  EXPECT_EQ(run["rules"][0]["samples"][0]["customer"], "<script>alert(1)</script>");
  EXPECT_EQ(run["stages"].size(), 2u);
  EXPECT_EQ(run["quality"][0]["min_score"], 0.98);
  nlohmann::json ok = nlohmann::json::parse(Show(kRun4, OutputFormat::kJson));
  EXPECT_EQ(ok["summary"]["sinks"][0]["table"], "sales.orders");
}

// Whatever a run store holds (a runner of another version, a crash, bad bytes), show and
// report print what they can and never fail or crash.
TEST_F(RunsCommandTest, MalformedRecordsAreShownNotFatal) {
  const char* kJsons[] = {"",
                          "null",
                          "[1,2",
                          R"({"sinks": 5, "steps": [1, "x", null]})",
                          R"({"sinks": [{"rows": {"nested": [1]}}, 7], "stages": "no"})",
                          "{\"steps\": [{\"name\": \"bad \xff byte\"}]}",
                          "\xff\xfe"};
  catalog::SqliteRunStore store(catalog::DefaultCatalogPath(lake_));
  int n = 0;
  for (const char* json : kJsons) {
    std::string id = fmt::format("20240201T000000Z-{:06}", n++);
    store.StartRun("odd", json, id);
    store.RecordRuleOutcome({id, "d\xff", "rule \xff", "error", 0, 5, json});
    store.SetRunSummary(id, json);
    store.FinishRun(id, catalog::RunStatus::kFailed, ErrorKind::kInternal, json, 0.5);
    for (auto format : {std::optional<OutputFormat>(), std::optional(OutputFormat::kJson)}) {
      std::string out = Show(id, format);
      EXPECT_NE(out.find(id), std::string::npos) << out;
      if (format) {
        EXPECT_TRUE(nlohmann::json::accept(out)) << out;
      }
    }
    ReportArgs report;
    report.run_id = id;
    report.lake = lake_;
    report.output = "-";
    std::ostringstream html;
    EXPECT_EQ(RunReportCommand(report, html), 0);
    EXPECT_NE(html.str().find("</html>"), std::string::npos);
  }
  RunsArgs json;
  json.format = OutputFormat::kJson;
  EXPECT_EQ(nlohmann::json::parse(Runs(json)).size(), std::size(kJsons));
}

TEST(RunFormatting, DurationsRatesAndFirstLines) {
  EXPECT_EQ(FormatDuration(1'000'000, 1'250'000), "250ms");
  EXPECT_EQ(FormatDuration(1'000'000, 13'400'000), "12.4s");
  EXPECT_EQ(FormatDuration(0, 185'000'000), "-");
  EXPECT_EQ(FormatDuration(1, 185'000'001), "3m 05s");
  EXPECT_EQ(FormatDuration(1, 1 + 7'620'000'000LL), "2h 07m");
  EXPECT_EQ(FormatDuration(5, 0), "-");
  EXPECT_EQ(FormatRunTime(1704067200000000LL + 123), "2024-01-01 00:00:00 UTC");
  EXPECT_EQ(FormatPercent(0.975), "97.50%");
  EXPECT_EQ(FormatPercent(1.0), "100.00%");
  EXPECT_EQ(FormatPercent(0.99999), "99.99%") << "a failing row is never shown as 100%";
  EXPECT_EQ(FormatPercent(0.0), "0.00%");
  EXPECT_EQ(FormatPercent(0.000001), "0.01%");
  EXPECT_EQ(FormatMeasure(0.0065422020000000004), "0.0065");
  EXPECT_EQ(FormatMeasure(3.2), "3.2");
  EXPECT_EQ(FormatMeasure(12.0), "12");
  EXPECT_EQ(OrderSummaryColumns({"to", "zeta", "rows", "from"}),
            (std::vector<std::string>{"from", "to", "rows", "zeta"}));
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  catalog::RuleOutcome table_rule;
  table_rule.passed = false;
  EXPECT_EQ(PassRate(table_rule), 0.0);
  EXPECT_EQ(FirstLine("abc\ndef", 10), "abc ...");
  EXPECT_EQ(FirstLine("abcdef", 3), "abc...");
  EXPECT_EQ(FirstLine("äöü", 2), "äö...");
  EXPECT_EQ(FirstLine("plain\n", 10), "plain");
}

}  // namespace
}  // namespace sluice::cli
