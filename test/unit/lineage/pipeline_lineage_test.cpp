#include "lineage/pipeline_lineage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace sluice::lineage {
namespace {

// A pipeline as the runner leaves it after the transforms: `orders` materialized, the
// streamed source `customers` a view over a CSV file, and two steps.
class PipelineLineageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    csv_ = std::filesystem::temp_directory_path() /
           ("sluice_lineage_customers_" + std::to_string(::getpid()) + ".csv");
    std::ofstream(csv_) << "id,name,segment\n7,Ann,retail\n";

    spec_.name = "daily";
    pipeline::SourceSpec orders;
    orders.name = "orders";
    orders.path = "data/orders.csv";
    pipeline::SourceSpec customers;
    customers.name = "customers";
    customers.path = csv_.string();
    spec_.sources = {{"orders", orders}, {"customers", customers}};
    spec_.source_order = {"orders", "customers"};
    spec_.steps.push_back(pipeline::StepSpec{"enriched",
                                             1,
                                             "SELECT o.id, o.amount, c.segment FROM orders o JOIN "
                                             "customers c ON o.customer_id = c.id;\n",
                                             {"orders", "customers"}});
    spec_.steps.push_back(pipeline::StepSpec{
        "by_segment",
        2,
        "SELECT segment, sum(amount) AS total, count(*) AS n FROM enriched GROUP BY segment",
        {"enriched"}});
    pipeline::SinkSpec lake_sink;
    lake_sink.from = "by_segment";
    lake_sink.to = "lake";
    lake_sink.table = "sales.by_segment";
    pipeline::SinkSpec file_sink;
    file_sink.from = "orders";
    file_sink.to = "file";
    file_sink.path = "out/orders.parquet";
    spec_.sinks = {lake_sink, file_sink};

    session_.Execute(
        "CREATE TEMP TABLE orders AS SELECT * FROM (VALUES (1, 7, 10.5)) t(id, customer_id, "
        "amount)");
    session_.Execute("CREATE VIEW customers AS SELECT * FROM read_csv('" + csv_.string() + "')");
    session_.Execute("CREATE TEMP TABLE enriched AS " +
                     spec_.steps[0].sql.substr(0, spec_.steps[0].sql.find(';')));
    session_.Execute("CREATE TEMP TABLE by_segment AS " + spec_.steps[1].sql);
  }
  void TearDown() override { std::filesystem::remove(csv_); }

  // "from.col -> to.col (kind)" for every edge.
  std::vector<std::string> Edges() {
    std::vector<std::string> out;
    for (const auto& e : PipelineLineage(session_, spec_, "run-1")) {
      EXPECT_EQ(e.run_id, "run-1");
      EXPECT_EQ(e.pipeline, "daily");
      out.push_back(e.from_node + "." + e.from_column + " -> " + e.to_node + "." + e.to_column +
                    " (" + e.kind + ")");
    }
    return out;
  }
  static bool Has(const std::vector<std::string>& edges, const std::string& edge) {
    return std::find(edges.begin(), edges.end(), edge) != edges.end();
  }

  std::filesystem::path csv_;
  pipeline::PipelineSpec spec_;
  Session session_{SessionOptions{.threads = 1}};
};

TEST_F(PipelineLineageTest, ConnectsInputsSourcesStepsAndSinksColumnByColumn) {
  std::vector<std::string> edges = Edges();
  // Inputs feed sources by name, streamed or materialized.
  EXPECT_TRUE(Has(edges, "file:data/orders.csv.amount -> source:orders.amount (direct)"));
  EXPECT_TRUE(
      Has(edges, "file:" + csv_.string() + ".segment -> source:customers.segment (direct)"));
  // Steps read sources and steps by name, not the files behind a streamed source's view.
  EXPECT_TRUE(Has(edges, "source:orders.amount -> step:enriched.amount (direct)"));
  EXPECT_TRUE(Has(edges, "source:customers.segment -> step:enriched.segment (direct)"));
  EXPECT_TRUE(Has(edges, "source:orders.customer_id -> step:enriched. (join)"));
  EXPECT_TRUE(Has(edges, "source:customers.id -> step:enriched. (join)"));
  EXPECT_TRUE(Has(edges, "step:enriched.amount -> step:by_segment.total (aggregate)"));
  EXPECT_TRUE(Has(edges, "step:enriched.segment -> step:by_segment.segment (direct)"));
  // Sinks pass every column through.
  EXPECT_TRUE(Has(edges, "step:by_segment.total -> lake:sales.by_segment.total (direct)"));
  EXPECT_TRUE(Has(edges, "step:by_segment.n -> lake:sales.by_segment.n (direct)"));
  EXPECT_TRUE(Has(edges, "source:orders.id -> file:out/orders.parquet.id (direct)"));
  for (const auto& e : edges) EXPECT_EQ(e.find("step:enriched.name"), std::string::npos) << e;
  // No duplicates.
  std::vector<std::string> sorted = edges;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
}

TEST_F(PipelineLineageTest, AStepThatDidNotRunHasNoEdges) {
  session_.DropTable("by_segment");
  std::vector<std::string> edges = Edges();
  for (const auto& e : edges) EXPECT_EQ(e.find("by_segment"), std::string::npos) << e;
  EXPECT_TRUE(Has(edges, "source:orders.amount -> step:enriched.amount (direct)"));
}

TEST(SinkNodeTest, NamesByDestination) {
  pipeline::SinkSpec sink;
  sink.to = "warehouse";
  sink.table = "mart.daily";
  EXPECT_EQ(SinkNode(sink), "warehouse:mart.daily");
  sink.to = "lake";
  EXPECT_EQ(SinkNode(sink), "lake:mart.daily");
  pipeline::SourceSpec source;
  source.table = "crm.customers";
  EXPECT_EQ(SourceInputNode(source), "lake:crm.customers");
}

}  // namespace
}  // namespace sluice::lineage
