#include "cli/lineage_command.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "catalog/catalog.h"
#include "catalog/sqlite_run_store.h"
#include "common/error.h"
#include "lineage/lineage_graph.h"

namespace sluice::cli {
namespace {

// Two pipelines connected through a lake table: "ingest" writes lake:sales.daily from a
// CSV file, "publish" reads it and loads the warehouse.
class LineageCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lake_ = std::filesystem::temp_directory_path() /
            ("sluice_lineage_cli_" + std::to_string(::getpid()));
    std::filesystem::remove_all(lake_);
    std::filesystem::create_directories(lake_);
    store_ = std::make_unique<catalog::SqliteRunStore>(catalog::DefaultCatalogPath(lake_.string()));
    store_->StartRun("ingest", "{}", "20240101T000000Z-000001");
    store_->StartRun("publish", "{}", "20240101T000000Z-000002");
    auto e = [](std::string from, std::string fc, std::string to, std::string tc,
                std::string kind) { return catalog::LineageEdge{"", "", from, fc, to, tc, kind}; };
    store_->RecordLineage("20240101T000000Z-000001",
                          {e("file:orders.csv", "amount", "source:orders", "amount", "direct"),
                           e("file:orders.csv", "day", "source:orders", "day", "direct"),
                           e("source:orders", "amount", "step:daily", "total", "aggregate"),
                           e("source:orders", "day", "step:daily", "day", "direct"),
                           e("source:orders", "status", "step:daily", "", "filter"),
                           e("step:daily", "total", "lake:sales.daily", "total", "direct"),
                           e("step:daily", "day", "lake:sales.daily", "day", "direct")});
    store_->RecordLineage("20240101T000000Z-000002",
                          {e("lake:sales.daily", "total", "source:daily", "total", "direct"),
                           e("source:daily", "total", "step:top", "best", "window"),
                           e("step:top", "best", "warehouse:mart.top", "best", "direct")});
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(lake_);
  }

  std::string Print(const std::string& table, const std::string& column = "",
                    const std::string& format = "text") {
    LineageArgs args;
    args.table = table;
    args.column = column;
    args.format = format;
    args.lake = lake_.string();
    std::ostringstream out;
    EXPECT_EQ(RunLineageCommand(args, out), 0);
    return out.str();
  }

  std::filesystem::path lake_;
  std::unique_ptr<catalog::SqliteRunStore> store_;
};

TEST_F(LineageCommandTest, TextShowsUpstreamAndDownstreamAcrossPipelines) {
  std::string text = Print("sales.daily");
  EXPECT_EQ(text,
            "lake:sales.daily\n"
            "  upstream:\n"
            "    <- ingest:step:daily (direct)\n"
            "      <- ingest:source:orders (aggregate, direct, filter)\n"
            "        <- file:orders.csv (direct)\n"
            "  downstream:\n"
            "    -> publish:source:daily (direct)\n"
            "      -> publish:step:top (window)\n"
            "        -> warehouse:mart.top (direct)\n");
}

TEST_F(LineageCommandTest, ColumnLineageFollowsOneColumn) {
  std::string text = Print("sales.daily", "total");
  EXPECT_NE(text.find("<- ingest:step:daily[total] (direct)"), std::string::npos) << text;
  EXPECT_NE(text.find("<- ingest:source:orders[amount] (aggregate)"), std::string::npos) << text;
  EXPECT_NE(text.find("<- file:orders.csv[amount] (direct)"), std::string::npos) << text;
  EXPECT_NE(text.find("-> warehouse:mart.top[best] (direct)"), std::string::npos) << text;
  EXPECT_EQ(text.find("[day]"), std::string::npos) << text;
  // Downstream of a column used only in a filter ends at the step it filters.
  std::string status = Print("ingest:source:orders", "status");
  EXPECT_NE(status.find("-> ingest:step:daily (filter)"), std::string::npos) << status;
}

TEST_F(LineageCommandTest, DotAndMermaid) {
  std::string dot = Print("sales.daily", "", "dot");
  EXPECT_EQ(dot.rfind("digraph lineage {\n", 0), 0u) << dot;
  EXPECT_NE(dot.find("\"ingest:step:daily\" -> \"lake:sales.daily\" [label=\"direct\"];"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("\"publish:step:top\" -> \"warehouse:mart.top\""), std::string::npos);
  EXPECT_EQ(dot.back(), '\n');
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");

  std::string mermaid = Print("step:daily", "total", "mermaid");
  EXPECT_EQ(mermaid.rfind("graph LR\n", 0), 0u) << mermaid;
  EXPECT_NE(mermaid.find("n0[\"ingest:step:daily[total]\"]"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("-->|aggregate|"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("style n0 "), std::string::npos) << mermaid;
}

TEST_F(LineageCommandTest, UnknownTablesAndColumnsSayWhatIsKnown) {
  LineageArgs args;
  args.lake = lake_.string();
  args.table = "sales.nope";
  std::ostringstream out;
  try {
    RunLineageCommand(args, out);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("lake:sales.daily"), std::string::npos) << e.what();
  }
  args.table = "sales.daily";
  args.column = "totl";
  EXPECT_THROW(RunLineageCommand(args, out), Error);
  args.lake = (lake_ / "missing").string();
  EXPECT_THROW(RunLineageCommand(args, out), Error);
}

TEST(LineageCommandLineTest, ParsesTableColumnAndFormat) {
  Command c = ParseCommandLine(
      {"lineage", "sales.daily", "--column", "total", "--format", "DOT", "--lake", "/l"});
  EXPECT_EQ(c.kind, Command::Kind::kLineage);
  EXPECT_EQ(c.lineage.table, "sales.daily");
  EXPECT_EQ(c.lineage.column, "total");
  EXPECT_EQ(c.lineage.format, "dot");
  EXPECT_EQ(c.lineage.lake, "/l");
  EXPECT_THROW(ParseCommandLine({"lineage", "t", "--format", "png"}), UsageError);
  EXPECT_THROW(ParseCommandLine({"lineage"}), UsageError);
  EXPECT_EQ(ParseCommandLine({"lineage", "--help"}).kind, Command::Kind::kHelp);
  EXPECT_NE(HelpText("lineage").find("--column"), std::string::npos);
}

TEST(LineageSvgTest, DrawsNodesInColumnsWithArrows) {
  std::vector<catalog::LineageEdge> edges = {
      {"r", "p", "file:a.csv", "x", "source:a", "x", "direct"},
      {"r", "p", "source:a", "x", "step:b<&>", "y", "aggregate"},
      {"r", "p", "step:b<&>", "y", "lake:s.t", "y", "direct"}};
  std::string svg = lineage::RenderLineageSvg(lineage::LineageGraph(edges, false));
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find(">file:a.csv</text>"), std::string::npos);
  EXPECT_NE(svg.find(">step:b&lt;&amp;&gt;</text>"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  size_t paths = 0;
  for (size_t at = svg.find("marker-end="); at != std::string::npos;
       at = svg.find("marker-end=", at + 1)) {
    paths++;
  }
  EXPECT_EQ(paths, 3u);
  // Depth columns: the file at x=12, the source one column right, the sink three.
  EXPECT_NE(svg.find("<rect x=\"12\" y=\"12\""), std::string::npos);
  EXPECT_NE(svg.find("<rect x=\"852\""), std::string::npos) << svg;
  EXPECT_NE(lineage::RenderLineageSvg(lineage::LineageGraph({})).find("no lineage"),
            std::string::npos);
}

}  // namespace
}  // namespace sluice::cli
