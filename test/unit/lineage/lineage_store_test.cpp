#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "catalog/sqlite_run_store.h"
#include "common/error.h"

namespace sluice::catalog {
namespace {

class LineageStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("sluice_lineage_store_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
  }
  void TearDown() override { std::filesystem::remove(path_); }

  static LineageEdge Edge(const std::string& from, const std::string& to,
                          const std::string& kind = "direct") {
    return LineageEdge{"", "", from, "c", to, "c", kind};
  }

  std::filesystem::path path_;
};

TEST_F(LineageStoreTest, RoundTripsAndKeepsTheNewestRunPerPipeline) {
  SqliteRunStore store(path_.string());
  store.StartRun("a", "{}", "20240101T000000Z-000001");
  store.StartRun("b", "{}", "20240101T000000Z-000002");
  store.StartRun("a", "{}", "20240102T000000Z-000003");
  store.RecordLineage("20240101T000000Z-000001", {Edge("file:x", "source:x")});
  store.RecordLineage("20240101T000000Z-000002",
                      {Edge("lake:s.t", "step:y", "aggregate"), Edge("step:y", "file:out")});

  std::vector<LineageEdge> edges = store.ListLineage("20240101T000000Z-000002");
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].run_id, "20240101T000000Z-000002");
  EXPECT_EQ(edges[0].pipeline, "b");  // from the run, whatever the caller passed
  EXPECT_EQ(edges[0].from_node, "lake:s.t");
  EXPECT_EQ(edges[0].from_column, "c");
  EXPECT_EQ(edges[0].to_node, "step:y");
  EXPECT_EQ(edges[0].kind, "aggregate");
  EXPECT_EQ(store.LatestLineage().size(), 3u);

  // A newer run of "a" replaces its older lineage in LatestLineage; recording again
  // replaces the run's own edges.
  store.RecordLineage("20240102T000000Z-000003", {Edge("file:z", "source:z")});
  store.RecordLineage("20240102T000000Z-000003",
                      {Edge("file:z", "source:z"), Edge("source:z", "lake:s.t")});
  EXPECT_EQ(store.ListLineage("20240102T000000Z-000003").size(), 2u);
  std::vector<LineageEdge> latest = store.LatestLineage();
  ASSERT_EQ(latest.size(), 4u);
  for (const auto& e : latest) EXPECT_NE(e.run_id, "20240101T000000Z-000001");
  EXPECT_EQ(store.ListLineage("20240101T000000Z-000001").size(), 1u);
}

TEST_F(LineageStoreTest, UnknownRunIsRefused) {
  SqliteRunStore store(path_.string());
  EXPECT_THROW(store.RecordLineage("nope", {Edge("a", "b")}), Error);
  EXPECT_TRUE(store.ListLineage("nope").empty());
  EXPECT_TRUE(store.LatestLineage().empty());
}

}  // namespace
}  // namespace sluice::catalog
