// Whole pipeline runs whose lake is on a real Ceph RADOS Gateway (s3://bucket/prefix), with
// the SQLite catalog on the local disk and the object store reached through the pipeline's
// `storage:` block: writes, reruns, merge, quarantine, a crash before the commit and
// vacuum, the catalog command, and the errors for wrong credentials and a missing catalog.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "catalog/catalog.h"
#include "cli/catalog_command.h"
#include "cli/command_line.h"
#include "cli/run_command.h"
#include "common/error.h"
#include "pipeline/spec_parser.h"
#include "rgw_environment.h"
#include "runner/pipeline_runner.h"
#include "sql/session.h"
#include "storage/s3/s3_file_system.h"
#include "storage/s3/s3_registration.h"

namespace sluice::s3 {
namespace {

namespace fs = std::filesystem;
using testing::Rgw;

constexpr const char* kBucket = "sluice-lake-test";
constexpr const char* kSecretVariable = "SLUICE_TEST_S3_SECRET";

class S3LakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SLUICE_REQUIRE_RGW();
    fs_ = std::make_unique<S3FileSystem>(Rgw().config);
    fs_->CreateBucket(kBucket);
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    root_ = std::string("s3://") + kBucket + "/" + name;
    fs_->RemoveAll(root_);
    dir_ =
        (fs::temp_directory_path() / ("sluice_s3_lake_" + std::to_string(::getpid()) + "_" + name))
            .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The secret reaches the pipeline through the environment (${env:...}), the key id
    // through a parameter; the process's own AWS_* settings are hidden so that only the
    // storage block can make the run work.
    ::setenv(kSecretVariable, Rgw().config.secret_access_key.c_str(), 1);
    saved_key_ = Env("AWS_ACCESS_KEY_ID");
    saved_secret_ = Env("AWS_SECRET_ACCESS_KEY");
    ::unsetenv("AWS_ACCESS_KEY_ID");
    ::unsetenv("AWS_SECRET_ACCESS_KEY");
    ResetS3FileSystem();
    Put(root_ + "/raw/orders.csv",
        "order_id,customer,status,amount\n"
        "1,ann,paid,10.5\n"
        "2,bob,new,20.5\n"
        "3,cid,paid,-4.5\n"
        "4,dan,shipped,7.25\n");
  }

  void TearDown() override {
    if (!saved_key_.empty()) ::setenv("AWS_ACCESS_KEY_ID", saved_key_.c_str(), 1);
    if (!saved_secret_.empty()) ::setenv("AWS_SECRET_ACCESS_KEY", saved_secret_.c_str(), 1);
    ResetS3FileSystem();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  static std::string Env(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? "" : value;
  }

  void Put(const std::string& path, std::string_view data) {
    auto file = fs_->OpenForWrite(path);
    file->Append(data);
    file->Close();
  }

  std::string Storage(const std::string& secret = "${env:SLUICE_TEST_S3_SECRET}") const {
    return "storage:\n"
           "  endpoint: " +
           Rgw().config.endpoint +
           "\n"
           "  region: " +
           Rgw().config.region +
           "\n"
           "  access_key_id: ${s3_key}\n"
           "  secret_access_key: \"" +
           secret +
           "\"\n"
           "  url_style: path\n";
  }

  // A pipeline reading the orders from S3 into a lake on S3 with a local catalog.
  std::string Spec(const std::string& sinks, const std::string& extra = "") const {
    return "name: s3_orders\n"
           "lake: " +
           root_ +
           "/lake\n"
           "catalog: " +
           dir_ +
           "/catalog.db\n"
           "warehouse: " +
           dir_ +
           "/warehouse.db\n"
           "params: { s3_key: " +
           Rgw().config.access_key_id + " }\n" + Storage() +
           "sources:\n"
           "  orders: { path: " +
           root_ + "/raw/orders.csv }\n" + extra + "sinks:\n" + sinks;
  }

  runner::RunSummary Run(const std::string& yaml, runner::RunOptions options = {}) {
    pipeline::PipelineSpec spec = pipeline::ParsePipelineSpec(yaml, "s3_orders.yaml");
    options.threads = 2;
    options.sleep = [](std::chrono::milliseconds) {};
    return runner::RunPipeline(spec, options);
  }

  // Rows of a query over the lake (through the same storage settings), sorted.
  std::multiset<std::string> Rows(const std::string& sql) {
    S3Config config = Rgw().config;
    ScopedS3Configuration storage(config, "the test");
    SessionOptions options;
    options.threads = 2;
    options.lake_root = root_ + "/lake";
    options.catalog = dir_ + "/catalog.db";
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

  std::vector<std::string> Objects(const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& info : fs_->ListRecursive(prefix)) out.push_back(info.path);
    return out;
  }

  std::unique_ptr<S3FileSystem> fs_;
  std::string root_;
  std::string dir_;
  std::string saved_key_;
  std::string saved_secret_;
};

TEST_F(S3LakeTest, PipelineWritesTheLakeOnS3AndRerunsAppendSnapshots) {
  std::string sinks = "  - { from: orders, to: lake, table: sales.orders, mode: append }\n";
  runner::RunSummary first = Run(Spec(sinks));
  ASSERT_EQ(first.status, catalog::RunStatus::kSucceeded) << first.error_message;
  ASSERT_EQ(first.sinks.size(), 1u);
  EXPECT_EQ(first.sinks[0].rows, 4u);
  EXPECT_EQ(first.sinks[0].snapshot, 1);
  EXPECT_EQ(first.catalog, dir_ + "/catalog.db");
  // Data objects sit at their final keys: no temporary names, no unfinished uploads.
  std::vector<std::string> objects = Objects(root_ + "/lake/sales/orders");
  ASSERT_FALSE(objects.empty());
  for (const auto& path : objects) {
    EXPECT_EQ(path.substr(path.size() - 8), ".parquet") << path;
  }
  EXPECT_TRUE(fs_->ListMultipartUploads(kBucket).empty());
  // The secret is in no record of the run.
  EXPECT_EQ(first.ToJson().find(Rgw().config.secret_access_key), std::string::npos);

  EXPECT_EQ(
      Rows("SELECT order_id, customer, amount FROM sales.orders"),
      (std::multiset<std::string>{"1|ann|10.5|", "2|bob|20.5|", "3|cid|-4.5|", "4|dan|7.25|"}));

  runner::RunSummary second = Run(Spec(sinks));
  ASSERT_EQ(second.status, catalog::RunStatus::kSucceeded) << second.error_message;
  EXPECT_EQ(second.sinks[0].snapshot, 2);
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders"), (std::multiset<std::string>{"8|"}));
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders VERSION AS OF 1"),
            (std::multiset<std::string>{"4|"}));
  auto catalog = catalog::OpenCatalog(dir_ + "/catalog.db");
  auto table = catalog->GetTable(catalog::TableName::Parse("sales.orders"));
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->location, root_ + "/lake/sales/orders");
  EXPECT_EQ(catalog->ListSnapshots(table->name).size(), 2u);
}

TEST_F(S3LakeTest, MergeOverwriteAndQuarantineOnS3) {
  std::string checks =
      "checks:\n"
      "  orders:\n"
      "    rules:\n"
      "      - range: { column: amount, min: 0 }\n"
      "    on_fail: quarantine\n";
  std::string sinks =
      "  - { from: orders, to: lake, table: sales.latest, mode: merge, key: [order_id] }\n"
      "  - { from: orders, to: lake, table: sales.by_status, partition_by: [status], "
      "mode: overwrite_partitions }\n"
      "  - { from: orders, to: lake, table: sales.last_batch, mode: overwrite }\n";
  runner::RunSummary first = Run(Spec(sinks, checks));
  ASSERT_EQ(first.status, catalog::RunStatus::kSucceeded) << first.error_message;
  EXPECT_EQ(Rows("SELECT order_id FROM sales.latest"),
            (std::multiset<std::string>{"1|", "2|", "4|"}));
  EXPECT_EQ(Rows("SELECT order_id, _failed_rules FROM _quarantine.s3_orders__orders"),
            (std::multiset<std::string>{"3|range(amount)|"}));

  // New data: order 2 changes, order 5 arrives; only the 'new' partition is rewritten.
  Put(root_ + "/raw/orders.csv",
      "order_id,customer,status,amount\n"
      "2,bob,new,25.5\n"
      "5,eve,new,3.5\n");
  runner::RunSummary second = Run(Spec(sinks, checks));
  ASSERT_EQ(second.status, catalog::RunStatus::kSucceeded) << second.error_message;
  EXPECT_EQ(Rows("SELECT order_id, amount FROM sales.latest"),
            (std::multiset<std::string>{"1|10.5|", "2|25.5|", "4|7.25|", "5|3.5|"}));
  EXPECT_EQ(Rows("SELECT order_id, status FROM sales.by_status"),
            (std::multiset<std::string>{"1|paid|", "2|new|", "4|shipped|", "5|new|"}));
  EXPECT_EQ(Rows("SELECT order_id FROM sales.last_batch"),
            (std::multiset<std::string>{"2|", "5|"}));
  EXPECT_EQ(Rows("SELECT order_id FROM sales.last_batch VERSION AS OF 1"),
            (std::multiset<std::string>{"1|", "2|", "4|"}));
}

TEST_F(S3LakeTest, AWriteThatFailsBeforeCommitShowsNothingAndVacuumRemovesItsObjects) {
  std::string sinks = "  - { from: orders, to: lake, table: sales.orders, mode: append }\n";
  runner::RunOptions options;
  options.before_commit = [](const std::string&) {
    throw Error::Permanent("the process died before the catalog commit");
  };
  runner::RunSummary failed = Run(Spec(sinks), options);
  ASSERT_EQ(failed.status, catalog::RunStatus::kFailed);
  std::vector<std::string> orphans = Objects(root_ + "/lake/sales/orders");
  ASSERT_FALSE(orphans.empty());  // complete objects, referenced by no snapshot
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders"), (std::multiset<std::string>{"0|"}));

  // `sluice catalog vacuum --lake s3://... --catalog FILE --grace 0`, with the S3 settings
  // of the environment as a shell would have them.
  ::setenv("AWS_ACCESS_KEY_ID", Rgw().config.access_key_id.c_str(), 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", Rgw().config.secret_access_key.c_str(), 1);
  ResetS3FileSystem();
  cli::CatalogArgs args;
  args.action = "vacuum";
  args.lake = root_ + "/lake";
  args.catalog = dir_ + "/catalog.db";
  args.grace_seconds = 0;
  std::ostringstream out;
  EXPECT_EQ(cli::RunCatalogCommand(args, out), 0);
  EXPECT_NE(out.str().find("removed " + std::to_string(orphans.size())), std::string::npos)
      << out.str();
  EXPECT_TRUE(Objects(root_ + "/lake/sales/orders").empty());

  // A later run commits normally and vacuum keeps what it references.
  runner::RunSummary ok = Run(Spec(sinks));
  ASSERT_EQ(ok.status, catalog::RunStatus::kSucceeded) << ok.error_message;
  std::ostringstream again;
  cli::RunCatalogCommand(args, again);
  EXPECT_NE(again.str().find("removed 0"), std::string::npos) << again.str();
  args.action = "ls";
  args.grace_seconds = 3600;
  std::ostringstream listing;
  cli::RunCatalogCommand(args, listing);
  EXPECT_NE(listing.str().find("sales.orders"), std::string::npos) << listing.str();
}

TEST_F(S3LakeTest, WrongSecretInTheStorageBlockIsAPermanentErrorNamingTheBlock) {
  std::string yaml = Spec("  - { from: orders, to: lake, table: sales.orders }\n");
  yaml.replace(yaml.find("${env:SLUICE_TEST_S3_SECRET}"), 28, "${secret}");
  yaml.replace(yaml.find("params: {"), 9, "params: { secret: wrong-secret-123,");
  runner::RunSummary run = Run(yaml);
  ASSERT_EQ(run.status, catalog::RunStatus::kFailed);
  ASSERT_TRUE(run.error_kind.has_value());
  EXPECT_EQ(*run.error_kind, ErrorKind::kPermanent) << run.error_message;
  EXPECT_EQ(run.failed_stage, "extract:orders");
  EXPECT_NE(run.error_message.find("access denied by S3 endpoint " + Rgw().config.endpoint),
            std::string::npos)
      << run.error_message;
  EXPECT_NE(run.error_message.find("secret_access_key of s3_orders.yaml:"), std::string::npos)
      << run.error_message;
  EXPECT_NE(run.error_message.find(Rgw().config.access_key_id), std::string::npos)
      << run.error_message;
  EXPECT_EQ(run.error_message.find("wrong-secret-123"), std::string::npos) << run.error_message;
  EXPECT_EQ(run.ToJson().find("wrong-secret-123"), std::string::npos);

  // Through `sluice run`: the parameter holding the secret is not recorded with the run.
  std::string file = dir_ + "/s3_orders.yaml";
  std::ofstream(file) << yaml;
  cli::RunArgs args;
  args.pipeline_file = file;
  args.quiet = true;
  args.params = {{"secret", "wrong-secret-456"}};
  std::ostringstream out;
  EXPECT_NE(cli::RunRunCommand(args, out), 0);
  EXPECT_EQ(out.str().find("wrong-secret-456"), std::string::npos) << out.str();
  auto store = catalog::OpenRunStore(dir_ + "/catalog.db");
  bool recorded_key = false;  // the other parameters are recorded (by the CLI's run)
  for (const auto& record : store->ListRuns(std::nullopt, 10)) {
    EXPECT_EQ(record.params_json.find("wrong-secret"), std::string::npos) << record.params_json;
    recorded_key = recorded_key || record.params_json.find("s3_key") != std::string::npos;
  }
  EXPECT_TRUE(recorded_key);
  for (const auto& entry : store->ListDlq(true)) {
    EXPECT_EQ(entry.params_json.find("wrong-secret"), std::string::npos) << entry.params_json;
  }
}

TEST_F(S3LakeTest, ALakeOnS3WithoutACatalogSaysHowToNameOne) {
  std::string yaml = Spec("  - { from: orders, to: lake, table: sales.orders }\n");
  yaml.erase(yaml.find("catalog: "),
             yaml.find('\n', yaml.find("catalog: ")) - yaml.find("catalog: ") + 1);
  ::unsetenv("SLUICE_CATALOG");
  try {
    Run(yaml);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find(root_ + "/lake"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("catalog:"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("SLUICE_CATALOG"), std::string::npos) << e.message();
  }
  // $SLUICE_CATALOG names it for pipelines and commands alike.
  ::setenv("SLUICE_CATALOG", (dir_ + "/env_catalog.db").c_str(), 1);
  runner::RunSummary run = Run(yaml);
  ::unsetenv("SLUICE_CATALOG");
  ASSERT_EQ(run.status, catalog::RunStatus::kSucceeded) << run.error_message;
  EXPECT_EQ(run.catalog, dir_ + "/env_catalog.db");

  // A query of a catalog table on an S3 lake without a catalog: the same advice.
  SessionOptions options;
  options.lake_root = root_ + "/lake";
  Session session(options);
  try {
    session.Execute("SELECT * FROM sales.orders");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("--catalog"), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace sluice::s3
