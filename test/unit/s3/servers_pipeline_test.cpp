// Pipelines on the real servers together: sources and the lake on a Ceph RADOS Gateway
// (S3), the catalog and run store in PostgreSQL, and the warehouse in the same PostgreSQL.
// Reruns, a run that fails after committing part of its loads, the refusal to start over
// it, and its resume never load a row twice: counts and keys are checked in PostgreSQL.
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>
#include <string>

#include "catalog/catalog.h"
#include "common/error.h"
#include "pipeline/spec_parser.h"
#include "postgres_test_server.h"
#include "rgw_environment.h"
#include "runner/pipeline_runner.h"
#include "sql/session.h"
#include "storage/s3/s3_file_system.h"
#include "storage/s3/s3_registration.h"

namespace sluice::s3 {
namespace {

using postgres::testing::PostgresQuery;
using postgres::testing::PostgresTestUri;
using testing::Rgw;

constexpr const char* kBucket = "sluice-servers-test";

class ServersPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SLUICE_REQUIRE_RGW();
    if (PostgresTestUri().empty()) GTEST_SKIP() << postgres::testing::PostgresSkipReason();
    ResetS3FileSystem();
    fs_ = std::make_unique<S3FileSystem>(Rgw().config);
    fs_->CreateBucket(kBucket);
    root_ = std::string("s3://") + kBucket + "/" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs_->RemoveAll(root_);
    pipeline_ = "servers_" + std::to_string(::getpid());
    schema_ = "wh_" + std::to_string(::getpid());
    Put("raw/orders_1.csv", "order_id,customer,amount\n1,ann,10.5\n2,bob,20.5\n3,cid,4.5\n");
  }

  void Put(const std::string& relative, std::string_view data) {
    auto file = fs_->OpenForWrite(root_ + "/" + relative);
    file->Append(data);
    file->Close();
  }

  std::string Spec() const {
    return "name: " + pipeline_ + "\n" + "lake: " + root_ + "/lake\n" +
           "catalog: " + PostgresTestUri() + "\n" + "warehouse: " + PostgresTestUri() + "\n" +
           "sources:\n"
           "  orders: { path: \"" +
           root_ +
           "/raw/*.csv\", incremental: { by: file } }\n"
           "steps:\n"
           "  - name: totals\n"
           "    sql: SELECT customer, sum(amount) AS amount, count(*) AS orders FROM orders GROUP "
           "BY ALL\n"
           "sinks:\n"
           "  - { from: orders, to: lake, table: sales.orders, mode: append }\n"
           "  - { from: totals, to: warehouse, table: " +
           schema_ +
           ".totals, mode: merge, key: [customer] }\n"
           "  - { from: orders, to: warehouse, table: " +
           schema_ + ".orders, mode: append }\n";
  }

  runner::RunSummary Run(runner::RunOptions options = {}) {
    pipeline::PipelineSpec spec = pipeline::ParsePipelineSpec(Spec(), "servers.yaml");
    options.threads = 2;
    options.sleep = [](std::chrono::milliseconds) {};
    return runner::RunPipeline(spec, options);
  }

  std::string One(const std::string& sql) {
    std::vector<std::string> rows = PostgresQuery(sql);
    return rows.empty() ? "" : rows[0];
  }

  // Rows of the lake table, read through the PostgreSQL catalog.
  std::string LakeCount() {
    SessionOptions options;
    options.threads = 2;
    options.lake_root = root_ + "/lake";
    options.catalog = PostgresTestUri();
    Session session(options);
    return session.Execute("SELECT count(*), count(DISTINCT order_id) FROM sales.orders")
        .Row(0)[0]
        .ToString();
  }

  std::unique_ptr<S3FileSystem> fs_;
  std::string root_;
  std::string pipeline_;
  std::string schema_;
};

TEST_F(ServersPipelineTest, RerunsAndAResumedRunLoadNothingTwice) {
  runner::RunSummary first = Run();
  ASSERT_EQ(first.status, catalog::RunStatus::kSucceeded) << first.error_message;
  EXPECT_EQ(One("SELECT count(*), count(DISTINCT order_id) FROM " + schema_ + ".orders"), "3|3");
  EXPECT_EQ(LakeCount(), "3");

  // Nothing new on S3: the rerun reads no file and loads no row.
  runner::RunSummary rerun = Run();
  ASSERT_EQ(rerun.status, catalog::RunStatus::kSucceeded) << rerun.error_message;
  EXPECT_EQ(rerun.incremental.at(0).read, "0 new or changed of 1 file");
  EXPECT_EQ(One("SELECT count(*) FROM " + schema_ + ".orders"), "3");
  EXPECT_EQ(LakeCount(), "3");

  // A new drop; the run fails after the lake and the merge committed, before the last load.
  Put("raw/orders_2.csv", "order_id,customer,amount\n4,ann,1.5\n5,dan,2.5\n");
  runner::RunOptions failing;
  std::string last_sink = "warehouse:" + schema_ + ".orders";
  failing.before_commit = [&](const std::string& sink) {
    if (sink == last_sink) throw Error::Permanent("injected: the warehouse went away");
  };
  runner::RunSummary failed = Run(failing);
  ASSERT_EQ(failed.status, catalog::RunStatus::kFailed);
  EXPECT_EQ(LakeCount(), "5");
  EXPECT_EQ(One("SELECT count(*) FROM " + schema_ + ".orders"), "3");
  // The file is not marked processed: the checkpoint waits for the last load.
  EXPECT_EQ(
      One("SELECT count(*) FROM sluice_catalog.checkpoints WHERE pipeline = '" + pipeline_ + "'"),
      "1");
  EXPECT_THROW(Run(), Error);  // starting over would append orders_2 to the lake twice

  runner::RunOptions resume;
  resume.resume = true;
  runner::RunSummary resumed = Run(resume);
  ASSERT_EQ(resumed.status, catalog::RunStatus::kSucceeded) << resumed.error_message;
  EXPECT_EQ(resumed.run_id, failed.run_id);
  EXPECT_EQ(LakeCount(), "5");
  EXPECT_EQ(One("SELECT count(*), count(DISTINCT order_id) FROM " + schema_ + ".orders"), "5|5");
  EXPECT_EQ(One("SELECT amount, orders FROM " + schema_ + ".totals WHERE customer = 'ann'"),
            "1.5|1");
  // One ledger row per sink and run: the resumed run loaded each sink once.
  EXPECT_EQ(One("SELECT count(*), count(DISTINCT (run_id, sink)) FROM _sluice_load_ledger WHERE "
                "pipeline = '" +
                pipeline_ + "'"),
            "6|6");
  EXPECT_EQ(
      One("SELECT count(*) FROM sluice_catalog.checkpoints WHERE pipeline = '" + pipeline_ + "'"),
      "2");
  EXPECT_EQ(One("SELECT status FROM sluice_catalog.runs WHERE run_id = '" + failed.run_id + "'"),
            "succeeded");

  runner::RunSummary after = Run();
  ASSERT_EQ(after.status, catalog::RunStatus::kSucceeded) << after.error_message;
  EXPECT_EQ(One("SELECT count(*) FROM " + schema_ + ".orders"), "5");
  EXPECT_EQ(LakeCount(), "5");
}

}  // namespace
}  // namespace sluice::s3
