// The PostgreSQL catalog and run store: the shared cases against a throwaway server
// (postgres_test_server.h), and what only a server has: commits serialized by the table's
// row lock, schema creation by several processes at once, lost connections, unknown roles,
// and a pipeline lock that dies with its connection.
#include "catalog/postgres_catalog.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "catalog/postgres_run_store.h"
#include "catalog_backend.h"
#include "common/error.h"
#include "postgres_test_server.h"

namespace sluice::catalog {
namespace {

using postgres::testing::PostgresQuery;
using postgres::testing::PostgresSkipReason;
using postgres::testing::PostgresTestUri;

class PostgresBackend final : public testing::CatalogBackend {
 public:
  std::string SkipReason() override {
    return PostgresTestUri().empty() ? PostgresSkipReason() : "";
  }
  std::string Reset() override {
    PostgresQuery("DROP SCHEMA IF EXISTS sluice_catalog CASCADE");
    return PostgresTestUri();
  }
};

PostgresBackend& Backend() {
  static PostgresBackend backend;
  return backend;
}

class PostgresCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresTestUri().empty()) GTEST_SKIP() << PostgresSkipReason();
    Backend().Reset();
  }

  // The URI with other credentials in it.
  static std::string UriWith(const std::string& credentials) {
    std::string uri = PostgresTestUri();
    return "postgresql://" + credentials + uri.substr(uri.find('@'));
  }

  // Waits until `count` sessions of the code under test wait for a lock.
  static void AwaitLockWaiters(int count) {
    for (int i = 0; i < 500; i++) {
      auto rows = PostgresQuery(
          "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sluice' AND "
          "wait_event_type = 'Lock'");
      if (rows == std::vector<std::string>{std::to_string(count)}) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "the commits never waited for the row lock";
  }
};

TEST_F(PostgresCatalogTest, CommitsFromOneParentSerializeOnTheRowLock) {
  PostgresCatalog setup(PostgresTestUri());
  setup.CreateTable(testing::OrdersSpec());
  setup.CommitSnapshot(testing::Commit(0, {testing::File("a.parquet", 1)}));
  PostgresCatalog writer_a(PostgresTestUri());
  PostgresCatalog writer_b(PostgresTestUri());
  // Hold the table's row so that both commits wait at the same point, then let them go.
  PostgresQuery("BEGIN; SELECT 1 FROM sluice_catalog.lake_tables WHERE name = 'orders' FOR UPDATE");
  std::string outcome_a, outcome_b;
  auto commit = [](PostgresCatalog& catalog, const std::string& path, std::string& outcome) {
    try {
      catalog.CommitSnapshot(testing::Commit(1, {testing::File(path, 1)}));
      outcome = "committed";
    } catch (const Error& e) {
      outcome = std::string(ErrorKindName(e.kind())) + ": " + e.message();
    }
  };
  std::thread a([&] { commit(writer_a, "b.parquet", outcome_a); });
  std::thread b([&] { commit(writer_b, "c.parquet", outcome_b); });
  AwaitLockWaiters(2);
  PostgresQuery("COMMIT");
  a.join();
  b.join();
  const std::string conflict =
      "retryable: conflict: table sales.orders changed since snapshot 1 (now at snapshot 2), "
      "retry";
  EXPECT_TRUE((outcome_a == "committed" && outcome_b == conflict) ||
              (outcome_b == "committed" && outcome_a == conflict))
      << outcome_a << " / " << outcome_b;
  TableName orders = TableName::Parse("sales.orders");
  EXPECT_EQ(setup.CurrentSnapshot(orders)->id, 2);
  EXPECT_EQ(setup.ListReferencedFiles(orders).size(), 2u);  // a.parquet and the winner's
}

TEST_F(PostgresCatalogTest, ProcessesCreatingTheTablesAtOnceAllSucceed) {
  std::vector<std::thread> openers;
  std::vector<std::string> failures(6);
  for (size_t i = 0; i < failures.size(); i++) {
    openers.emplace_back([&, i] {
      try {
        if (i % 2 == 0) {
          OpenCatalog(PostgresTestUri())->ListDatabases();
        } else {
          OpenRunStore(PostgresTestUri())->ListRuns(std::nullopt, 1);
        }
      } catch (const std::exception& e) {
        failures[i] = e.what();
      }
    });
  }
  for (auto& opener : openers) opener.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");
  EXPECT_EQ(PostgresQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'sluice_catalog'"),
            std::vector<std::string>{"13"});
}

TEST_F(PostgresCatalogTest, BothUriSchemesOpenTheSameCatalog) {
  std::string uri = PostgresTestUri();
  std::string short_scheme = "postgres://" + uri.substr(std::string("postgresql://").size());
  OpenCatalog(uri)->CreateDatabase("sales", false);
  EXPECT_EQ(OpenCatalog(short_scheme)->ListDatabases(), std::vector<std::string>{"sales"});
  OpenRunStore(short_scheme)->StartRun("p", "{}", "20240101T000000Z-000001");
  EXPECT_TRUE(OpenRunStore(uri)->GetRun("20240101T000000Z-000001").has_value());
}

TEST_F(PostgresCatalogTest, ALostConnectionIsRetryableAndTheNextCallReconnects) {
  PostgresCatalog setup(PostgresTestUri());
  setup.CreateTable(testing::OrdersSpec());
  PostgresCatalog writer(PostgresTestUri());
  PostgresQuery("BEGIN; SELECT 1 FROM sluice_catalog.lake_tables WHERE name = 'orders' FOR UPDATE");
  std::string outcome;
  std::thread commit([&] {
    try {
      writer.CommitSnapshot(testing::Commit(0, {testing::File("a.parquet", 1)}));
      outcome = "committed";
    } catch (const Error& e) {
      outcome = std::string(ErrorKindName(e.kind())) + ": " + e.message();
    }
  });
  AwaitLockWaiters(1);
  PostgresQuery(
      "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = "
      "'sluice' AND wait_event_type = 'Lock'");
  commit.join();
  PostgresQuery("COMMIT");
  EXPECT_EQ(outcome.rfind("retryable: ", 0), 0u) << outcome;
  EXPECT_NE(outcome.find("catalog postgresql 127.0.0.1:"), std::string::npos) << outcome;
  // Nothing was committed, and the same catalog object works again.
  TableName orders = TableName::Parse("sales.orders");
  EXPECT_FALSE(writer.CurrentSnapshot(orders).has_value());
  EXPECT_EQ(writer.CommitSnapshot(testing::Commit(0, {testing::File("a.parquet", 1)})).id, 1);
}

TEST_F(PostgresCatalogTest, AnUnknownRoleIsPermanentAndThePasswordIsNeverShown) {
  try {
    OpenCatalog(UriWith("nobody_here:s3cret-pw"));
    FAIL() << "connected as an unknown role";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPermanent) << e.message();
    EXPECT_EQ(e.message().find("s3cret-pw"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("catalog postgresql 127.0.0.1:"), std::string::npos) << e.message();
  }
  try {
    OpenRunStore("postgresql://postgres:s3cret-pw@127.0.0.1:1/sluice");
    FAIL() << "connected to port 1";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRetryable) << e.message();
    EXPECT_EQ(e.message().find("s3cret-pw"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("127.0.0.1:1/sluice"), std::string::npos) << e.message();
  }
  PostgresCatalog catalog(UriWith("postgres:s3cret-pw"));
  EXPECT_EQ(catalog.Describe().find("s3cret-pw"), std::string::npos);
  EXPECT_EQ(DescribeCatalogUri("postgresql://loader:s3cret-pw@db.example:6543/meta"),
            "postgresql db.example:6543/meta");
  EXPECT_EQ(DescribeCatalogUri("lake/_catalog.db"), "lake/_catalog.db");
}

TEST_F(PostgresCatalogTest, APipelineLockDiesWithItsConnection) {
  PostgresRunStore first(PostgresTestUri());
  PostgresRunStore second(PostgresTestUri());
  auto lock = first.TryLockPipeline("retail");
  ASSERT_NE(lock, nullptr);
  EXPECT_EQ(second.TryLockPipeline("retail"), nullptr);
  // As if the process holding it died: the server ends the session and drops its locks.
  EXPECT_EQ(PostgresQuery("SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE "
                          "locktype = 'advisory' AND pid <> pg_backend_pid()"),
            std::vector<std::string>{"t"});
  EXPECT_NE(second.TryLockPipeline("retail"), nullptr);
  lock.reset();  // releasing a lock whose connection is gone is harmless
}

}  // namespace

namespace testing {
CatalogBackendFactory TestedCatalogBackend() {
  return []() -> CatalogBackend& { return Backend(); };
}
}  // namespace testing

}  // namespace sluice::catalog
