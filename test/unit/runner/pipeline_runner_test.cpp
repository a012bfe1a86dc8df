// The pipeline runner end to end on small files: stages in DAG order, quality policies,
// the lake, warehouse and file sinks, reruns, schema evolution, and a crash before the
// lake commit.
#include "runner/pipeline_runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "catalog/catalog.h"
#include "common/error.h"
#include "pipeline/spec_parser.h"
#include "sql/session.h"
#include "storage/fault_injecting_file_system.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() /
            ("sluice_runner_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_ + "/data");
    Write("data/customers.csv",
          "customer_id,segment\n"
          "1,retail\n2,wholesale\n3,retail\n");
    Write("data/orders.csv",
          "order_id,customer_id,status,quantity,price\n"
          "1,1,paid,2,10.0\n"
          "2,2,paid,1,99.5\n"
          "3,3,SHIPPED,5,1.0\n"
          "4,1,paid,-1,10.0\n"
          "5,9,paid,1,10.0\n"
          "6,2,new,3,2.5\n"
          "6,3,new,3,2.5\n"
          "7,,paid,1,1.0\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& relative, const std::string& text) {
    fs::create_directories(fs::path(dir_ + "/" + relative).parent_path());
    std::ofstream(dir_ + "/" + relative) << text;
  }

  // A pipeline over the test files; `checks` and `sinks` are YAML blocks.
  std::string Spec(const std::string& checks, const std::string& sinks,
                   const std::string& extra_steps = "") {
    return "name: shop\n"
           "lake: " +
           dir_ +
           "/lake\n"
           "warehouse: " +
           dir_ +
           "/warehouse.db\n"
           "sources:\n"
           "  orders: { path: " +
           dir_ +
           "/data/orders.csv }\n"
           "  customers: { path: " +
           dir_ +
           "/data/customers.csv }\n"
           "steps:\n"
           // Listed before the step it reads: the DAG decides the order.
           "  - name: by_segment\n"
           "    sql: SELECT segment, count(*) AS orders, sum(revenue) AS revenue FROM enriched "
           "GROUP BY ALL\n"
           "  - name: enriched\n"
           "    sql: |\n"
           "      SELECT o.order_id, o.customer_id, o.status, o.quantity, c.segment,\n"
           "             o.quantity * o.price AS revenue\n"
           "      FROM orders o JOIN customers c ON o.customer_id = c.customer_id\n" +
           extra_steps + (checks.empty() ? "" : "checks:\n" + checks) + "sinks:\n" + sinks;
  }

  runner::RunSummary Run(const std::string& yaml, runner::RunOptions options = {}) {
    pipeline::PipelineSpec spec = pipeline::ParsePipelineSpec(yaml, "test.yaml");
    options.threads = 2;
    if (!options.sleep) options.sleep = [](std::chrono::milliseconds) {};  // a fake clock
    return runner::RunPipeline(spec, options);
  }

  // Rows of a query as sorted text lines.
  std::multiset<std::string> Rows(const std::string& sql) {
    SessionOptions options;
    options.threads = 2;
    options.lake_root = dir_ + "/lake";
    Session session(options);
    QueryResult result = session.Execute(sql);
    std::multiset<std::string> rows;
    for (size_t r = 0; r < result.row_count(); r++) {
      std::string line;
      for (const auto& v : result.Row(r)) line += v.ToString() + "|";
      rows.insert(line);
    }
    return rows;
  }

  std::string dir_;
};

TEST_F(RunnerTest, RunsStepsInDependencyOrderAndLoadsEverySinkKind) {
  std::string sinks =
      "  - { from: enriched, to: lake, table: sales.enriched, mode: append }\n"
      "  - { from: by_segment, to: warehouse, table: analytics.by_segment, mode: merge, key: "
      "[segment] }\n"
      "  - { from: by_segment, to: file, path: " +
      dir_ + "/out/by_segment.csv, format: csv }\n";
  runner::RunSummary run = Run(Spec("", sinks));
  ASSERT_EQ(run.status, catalog::RunStatus::kSucceeded) << run.error_message;
  // Stage order: extract both sources, then enriched before by_segment, then the sinks.
  std::vector<std::string> order;
  for (const auto& s : run.stages) order.push_back(s.stage + ":" + s.item);
  ASSERT_GE(order.size(), 7u);
  EXPECT_EQ(order[0], "extract:orders");
  EXPECT_EQ(order[1], "extract:customers");
  EXPECT_EQ(order[2], "transform:enriched");
  EXPECT_EQ(order[3], "transform:by_segment");
  ASSERT_EQ(run.sinks.size(), 3u);
  EXPECT_EQ(run.sinks[0].rows, 6u);  // orders 5 (unknown customer) and 7 (NULL) drop out
  EXPECT_EQ(run.sinks[0].snapshot, 1);
  EXPECT_EQ(run.sinks[1].rows, 2u);
  EXPECT_EQ(run.sinks[2].rows, 2u);

  // Differential: the lake table equals the step's SQL run ad hoc.
  EXPECT_EQ(Rows("SELECT * FROM sales.enriched"),
            Rows("SELECT o.order_id, o.customer_id, o.status, o.quantity, c.segment, "
                 "o.quantity * o.price AS revenue FROM read_csv('" +
                 dir_ + "/data/orders.csv') o JOIN read_csv('" + dir_ +
                 "/data/customers.csv') c ON o.customer_id = c.customer_id"));
  EXPECT_EQ(Rows("SELECT * FROM read_csv('" + dir_ + "/out/by_segment.csv')"),
            Rows("SELECT segment, count(*), sum(revenue) FROM sales.enriched GROUP BY ALL"));

  // The run store has the run, its stages and its summary.
  auto store = catalog::OpenRunStore(dir_ + "/lake/_catalog.db");
  auto record = store->GetRun(run.run_id);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->status, catalog::RunStatus::kSucceeded);
  EXPECT_NE(record->summary_json.find("sales.enriched"), std::string::npos);
  EXPECT_EQ(store->ListStages(run.run_id).size(), run.stages.size());

  // Column lineage was recorded: revenue derives from the orders' quantity and price, and
  // the lake table's revenue from the step's.
  bool quantity_to_revenue = false;
  bool revenue_to_lake = false;
  for (const auto& e : store->ListLineage(run.run_id)) {
    if (e.from_node == "source:orders" && e.from_column == "quantity" &&
        e.to_node == "step:enriched" && e.to_column == "revenue") {
      quantity_to_revenue = true;
    }
    if (e.from_node == "step:enriched" && e.from_column == "revenue" &&
        e.to_node == "lake:sales.enriched" && e.to_column == "revenue") {
      revenue_to_lake = true;
    }
  }
  EXPECT_TRUE(quantity_to_revenue);
  EXPECT_TRUE(revenue_to_lake);
  EXPECT_GT(run.lineage_edges, 0u);
}

TEST_F(RunnerTest, QuarantineSplitsTheRowsAndGoodRowsGoOn) {
  std::string checks =
      "  orders:\n"
      "    rules:\n"
      "      - not_null: [customer_id]\n"
      "      - unique: [order_id]\n"
      "      - range: { column: quantity, min: 1 }\n"
      "      - accepted_values: { column: status, values: [new, paid, shipped] }\n"
      "        fix: lower\n"
      "    on_fail: quarantine\n";
  std::string sinks = "  - { from: orders, to: lake, table: sales.orders, mode: append }\n";
  runner::RunSummary run = Run(Spec(checks, sinks), {});
  ASSERT_EQ(run.status, catalog::RunStatus::kSucceeded) << run.error_message;
  ASSERT_EQ(run.checks.size(), 1u);
  const quality::CheckReport& report = run.checks[0];
  EXPECT_EQ(report.rows_checked, 8u);
  EXPECT_EQ(report.rows_quarantined, 4u);  // quantity -1, the two order 6 rows, NULL customer
  EXPECT_EQ(report.rows_corrected, 1u);    // SHIPPED -> shipped
  // Good + quarantined = input.
  auto good = Rows("SELECT * FROM sales.orders");
  auto bad = Rows("SELECT order_id FROM _quarantine.shop__orders");
  EXPECT_EQ(good.size() + bad.size(), 8u);
  EXPECT_EQ(good.size(), 4u);
  EXPECT_EQ(Rows("SELECT status FROM sales.orders WHERE order_id = 3"),
            (std::multiset<std::string>{"shipped|"}));
  // The quarantined rows say which rules they broke.
  EXPECT_EQ(Rows("SELECT _failed_rules FROM _quarantine.shop__orders WHERE order_id = 4"),
            (std::multiset<std::string>{"range(quantity)|"}));
  // The good rows went on into the steps: enriched saw only them.
  bool enriched_seen = false;
  for (const auto& d : run.datasets) {
    if (d.name == "enriched") {
      enriched_seen = true;
      EXPECT_EQ(d.rows, std::optional<uint64_t>(3));  // orders 1, 2, 3 (5 has no customer)
    }
  }
  EXPECT_TRUE(enriched_seen);
  auto store = catalog::OpenRunStore(dir_ + "/lake/_catalog.db");
  EXPECT_EQ(store->ListRuleOutcomes(run.run_id).size(), 4u);
  ASSERT_EQ(store->ListDatasetQuality(run.run_id).size(), 1u);
  EXPECT_EQ(store->ListDatasetQuality(run.run_id)[0].verdict, "quarantined");
}

TEST_F(RunnerTest, FailedGateStopsTheRunBeforeAnyLoad) {
  std::string checks =
      "  orders:\n"
      "    rules:\n"
      "      - range: { column: quantity, min: 1 }\n"
      "    on_fail: quarantine\n"
      "    min_score: 0.95\n";
  std::string sinks = "  - { from: enriched, to: lake, table: sales.enriched }\n";
  runner::RunSummary run = Run(Spec(checks, sinks));
  EXPECT_EQ(run.status, catalog::RunStatus::kQualityFailed);
  ASSERT_TRUE(run.error_kind.has_value());
  EXPECT_EQ(*run.error_kind, ErrorKind::kDataQuality);
  EXPECT_EQ(run.failed_stage, "check:orders");
  EXPECT_TRUE(run.sinks.empty());
  auto catalog = catalog::OpenCatalog(dir_ + "/lake/_catalog.db");
  EXPECT_FALSE(catalog->GetTable(catalog::TableName::Parse("sales.enriched")).has_value());
  auto store = catalog::OpenRunStore(dir_ + "/lake/_catalog.db");
  EXPECT_EQ(store->GetRun(run.run_id)->status, catalog::RunStatus::kQualityFailed);
}

TEST_F(RunnerTest, PolicyFailFailsTheRunAndWarnGoesOn) {
  std::string fail_checks =
      "  orders:\n    rules:\n      - not_null: [customer_id]\n    on_fail: fail\n";
  std::string sinks = "  - { from: orders, to: lake, table: sales.orders }\n";
  runner::RunSummary failed = Run(Spec(fail_checks, sinks));
  EXPECT_EQ(failed.status, catalog::RunStatus::kQualityFailed);
  std::string warn_checks =
      "  orders:\n    rules:\n      - not_null: [customer_id]\n    on_fail: warn\n";
  runner::RunSummary warned = Run(Spec(warn_checks, sinks));
  EXPECT_EQ(warned.status, catalog::RunStatus::kSucceeded) << warned.error_message;
  EXPECT_EQ(Rows("SELECT * FROM sales.orders").size(), 8u);
}

TEST_F(RunnerTest, MergeRerunGivesTheSameTable) {
  std::string sinks =
      "  - { from: enriched, to: lake, table: sales.enriched, mode: merge, key: [order_id, "
      "customer_id] }\n"
      "  - { from: enriched, to: warehouse, table: dw.enriched, mode: merge, key: [order_id, "
      "customer_id] }\n";
  runner::RunSummary first = Run(Spec("", sinks));
  ASSERT_EQ(first.status, catalog::RunStatus::kSucceeded) << first.error_message;
  auto after_first = Rows("SELECT * FROM sales.enriched");
  runner::RunSummary second = Run(Spec("", sinks));
  ASSERT_EQ(second.status, catalog::RunStatus::kSucceeded) << second.error_message;
  EXPECT_EQ(Rows("SELECT * FROM sales.enriched"), after_first);
  EXPECT_EQ(second.sinks[0].snapshot, 2);
  EXPECT_EQ(after_first.size(), 6u);
}

TEST_F(RunnerTest, SchemaEvolutionAddsColumnsAndRefusesIncompatibleChanges) {
  std::string sinks = "  - { from: enriched, to: lake, table: sales.enriched }\n";
  ASSERT_EQ(Run(Spec("", sinks)).status, catalog::RunStatus::kSucceeded);
  // A new column: allowed.
  std::string wider = Spec("", "  - { from: wider, to: lake, table: sales.enriched }\n",
                           "  - name: wider\n"
                           "    sql: SELECT *, 'x' AS note FROM enriched\n");
  runner::RunSummary evolved = Run(wider);
  ASSERT_EQ(evolved.status, catalog::RunStatus::kSucceeded) << evolved.error_message;
  EXPECT_EQ(Rows("SELECT note FROM sales.enriched WHERE note IS NULL").size(), 6u);
  // segment VARCHAR -> BIGINT: refused, naming both types; the table is unchanged.
  std::string narrower = Spec("", "  - { from: changed, to: lake, table: sales.enriched }\n",
                              "  - name: changed\n"
                              "    sql: SELECT order_id, customer_id, status, quantity, 1 AS "
                              "segment, revenue FROM enriched\n");
  runner::RunSummary refused = Run(narrower);
  EXPECT_EQ(refused.status, catalog::RunStatus::kFailed);
  EXPECT_NE(refused.error_message.find("segment"), std::string::npos) << refused.error_message;
  EXPECT_EQ(Rows("SELECT * FROM sales.enriched").size(), 12u);
}

TEST_F(RunnerTest, CrashBeforeTheCommitLeavesTheTableAsItWas) {
  std::string sinks = "  - { from: enriched, to: lake, table: sales.enriched }\n";
  ASSERT_EQ(Run(Spec("", sinks)).status, catalog::RunStatus::kSucceeded);
  auto before = Rows("SELECT * FROM sales.enriched");
  runner::RunOptions options;
  options.before_commit = [](const std::string& sink) {
    if (sink == "lake:sales.enriched") throw Error::Retryable("injected crash before commit");
  };
  runner::RunSummary crashed = Run(Spec("", sinks), options);
  EXPECT_EQ(crashed.status, catalog::RunStatus::kFailed);
  EXPECT_EQ(crashed.error_kind, std::optional<ErrorKind>(ErrorKind::kRetryable));
  EXPECT_EQ(crashed.failed_stage, "load:lake:sales.enriched");
  EXPECT_EQ(Rows("SELECT * FROM sales.enriched"), before);
  auto catalog = catalog::OpenCatalog(dir_ + "/lake/_catalog.db");
  EXPECT_EQ(catalog->CurrentSnapshot(catalog::TableName::Parse("sales.enriched"))->id, 1);
}

TEST_F(RunnerTest, MissingFileFailsInExtractNamingIt) {
  fs::remove(dir_ + "/data/customers.csv");
  runner::RunSummary run =
      Run(Spec("", "  - { from: enriched, to: lake, table: sales.enriched }\n"));
  EXPECT_EQ(run.status, catalog::RunStatus::kFailed);
  EXPECT_EQ(run.failed_stage, "extract:customers");
  EXPECT_NE(run.error_message.find("customers.csv"), std::string::npos) << run.error_message;
}

TEST_F(RunnerTest, CatalogTableSourceReadsTheLatestSnapshot) {
  ASSERT_EQ(Run(Spec("", "  - { from: enriched, to: lake, table: sales.enriched }\n")).status,
            catalog::RunStatus::kSucceeded);
  std::string yaml =
      "name: downstream\n"
      "lake: " +
      dir_ +
      "/lake\n"
      "sources:\n"
      "  enriched: { table: sales.enriched }\n"
      "steps:\n"
      "  - name: totals\n"
      "    sql: SELECT count(*) AS n FROM enriched\n"
      "sinks:\n"
      "  - { from: totals, to: file, path: " +
      dir_ + "/out/totals.csv }\n";
  runner::RunSummary run = Run(yaml);
  ASSERT_EQ(run.status, catalog::RunStatus::kSucceeded) << run.error_message;
  EXPECT_EQ(Rows("SELECT * FROM read_csv('" + dir_ + "/out/totals.csv')"),
            (std::multiset<std::string>{"6|"}));
}

TEST_F(RunnerTest, DeclaredSourceSchemaIsEnforcedByThePolicy) {
  Write("data/late.csv", "order_id,quantity\n1,3\n2,two\n");
  std::string yaml =
      "name: typed\n"
      "lake: " +
      dir_ +
      "/lake\n"
      "sources:\n"
      "  late:\n"
      "    path: " +
      dir_ +
      "/data/late.csv\n"
      "    schema:\n"
      "      - { name: order_id, type: BIGINT }\n"
      "      - { name: quantity, type: BIGINT }\n"
      "checks:\n"
      "  late: { rules: [ { not_null: [order_id] } ], on_fail: quarantine }\n"
      "sinks:\n"
      "  - { from: late, to: lake, table: sales.late }\n";
  runner::RunSummary run = Run(yaml);
  ASSERT_EQ(run.status, catalog::RunStatus::kSucceeded) << run.error_message;
  EXPECT_EQ(Rows("SELECT order_id, quantity FROM sales.late"),
            (std::multiset<std::string>{"1|3|"}));
  EXPECT_EQ(Rows("SELECT order_id FROM _quarantine.typed__late").size(), 1u);
}

TEST_F(RunnerTest, TheWarehousePasswordIsNeverRecorded) {
  std::string yaml = Spec("", "  - { from: enriched, to: lake, table: sales.enriched }\n");
  yaml.replace(yaml.find("warehouse: "), std::string("warehouse: ").size(),
               "warehouse: postgresql://loader:hunter2@127.0.0.1:1/dw\n#");
  runner::RunSummary run = Run(yaml);
  ASSERT_EQ(run.status, catalog::RunStatus::kSucceeded) << run.error_message;
  EXPECT_EQ(run.warehouse.find("hunter2"), std::string::npos) << run.warehouse;
  auto store = catalog::OpenRunStore(dir_ + "/lake/_catalog.db");
  EXPECT_EQ(store->GetRun(run.run_id)->summary_json.find("hunter2"), std::string::npos);
}

TEST(RetryDelayTest, GrowsExponentiallyUpToTheCapWithJitterBelowIt) {
  pipeline::RetryPolicy policy;
  policy.initial = std::chrono::milliseconds(100);
  policy.multiplier = 2;
  policy.max = std::chrono::milliseconds(350);
  policy.jitter = 0;
  EXPECT_EQ(runner::RetryDelay(policy, 1, 0.9).count(), 100);
  EXPECT_EQ(runner::RetryDelay(policy, 2, 0.9).count(), 200);
  EXPECT_EQ(runner::RetryDelay(policy, 3, 0.9).count(), 350);
  EXPECT_EQ(runner::RetryDelay(policy, 30, 0.9).count(), 350);
  policy.jitter = 1;  // full jitter: uniform below the cap
  EXPECT_EQ(runner::RetryDelay(policy, 2, 0.0).count(), 200);
  EXPECT_EQ(runner::RetryDelay(policy, 2, 0.75).count(), 50);
  for (double u : {0.0, 0.3, 0.99}) {
    EXPECT_LE(runner::RetryDelay(policy, 5, u).count(), 350);
    EXPECT_GE(runner::RetryDelay(policy, 5, u).count(), 0);
  }
}

class RetryTest : public RunnerTest {
 protected:
  void SetUp() override {
    RunnerTest::SetUp();
    FileSystem::RegisterScheme("faulty", &faulty_);
  }
  void TearDown() override {
    faulty_.Clear();
    RunnerTest::TearDown();
  }
  // The test pipeline reading orders.csv through the fault-injecting file system, with a
  // fast retry policy and a fake clock.
  runner::RunSummary RunFaulty(std::vector<std::chrono::milliseconds>* waits) {
    std::string yaml = Spec("", "  - { from: enriched, to: lake, table: sales.enriched }\n");
    size_t at = yaml.find(dir_ + "/data/orders.csv");
    yaml.insert(at, "faulty://");
    yaml += "retry: { max_attempts: 3, initial: 100ms, multiplier: 2, max: 1s, jitter: 0 }\n";
    runner::RunOptions options;
    options.sleep = [waits](std::chrono::milliseconds wait) { waits->push_back(wait); };
    return Run(yaml, options);
  }
  FaultInjectingFileSystem faulty_;
};

TEST_F(RetryTest, TransientReadErrorsAreRetriedAndTheRunSucceeds) {
  faulty_.Inject({FaultOperation::kOpenRead, "orders.csv", ErrorKind::kRetryable, 2});
  std::vector<std::chrono::milliseconds> waits;
  runner::RunSummary run = RunFaulty(&waits);
  ASSERT_EQ(run.status, catalog::RunStatus::kSucceeded) << run.error_message;
  EXPECT_EQ(faulty_.injected(), 2);
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_EQ(waits[0].count(), 100);
  EXPECT_EQ(waits[1].count(), 200);
  EXPECT_EQ(run.stages[0].item, "orders");
  EXPECT_EQ(run.stages[0].attempts, 3);
  EXPECT_EQ(Rows("SELECT * FROM sales.enriched").size(), 6u);
  // Every attempt is recorded in the run store.
  auto store = catalog::OpenRunStore(dir_ + "/lake/_catalog.db");
  int orders_attempts = 0;
  for (const auto& stage : store->ListStages(run.run_id)) {
    if (stage.stage == "extract:orders") orders_attempts++;
  }
  EXPECT_EQ(orders_attempts, 3);
}

TEST_F(RetryTest, PersistentErrorsExhaustTheAttemptsAndKeepTheirKind) {
  faulty_.Inject({FaultOperation::kOpenRead, "orders.csv", ErrorKind::kRetryable, -1});
  std::vector<std::chrono::milliseconds> waits;
  runner::RunSummary run = RunFaulty(&waits);
  EXPECT_EQ(run.status, catalog::RunStatus::kFailed);
  EXPECT_EQ(run.error_kind, std::optional<ErrorKind>(ErrorKind::kRetryable));
  EXPECT_NE(run.error_message.find("after 3 attempts"), std::string::npos) << run.error_message;
  EXPECT_EQ(waits.size(), 2u);
  EXPECT_EQ(faulty_.injected(), 3);
}

TEST_F(RetryTest, PermanentErrorsFailAtOnce) {
  faulty_.Inject({FaultOperation::kOpenRead, "orders.csv", ErrorKind::kPermanent, -1});
  std::vector<std::chrono::milliseconds> waits;
  runner::RunSummary run = RunFaulty(&waits);
  EXPECT_EQ(run.status, catalog::RunStatus::kFailed);
  EXPECT_EQ(run.error_kind, std::optional<ErrorKind>(ErrorKind::kPermanent));
  EXPECT_TRUE(waits.empty());
  EXPECT_EQ(faulty_.injected(), 1);
}

}  // namespace
}  // namespace sluice
