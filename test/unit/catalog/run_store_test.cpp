#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <set>

#include "catalog/sqlite_catalog.h"
#include "catalog/sqlite_run_store.h"
#include "catalog_test_dir.h"

namespace sluice::catalog {
namespace {

class RunStoreTest : public TempDirTest {};

// 20261125T031500Z-3fa9c1 (no <regex>: GCC 12 warns inside it under the sanitizers)
bool LooksLikeRunId(const std::string& id) {
  if (id.size() != 23 || id[8] != 'T' || id[15] != 'Z' || id[16] != '-') return false;
  for (size_t i = 0; i < 23; i++) {
    if (i == 8 || i == 15 || i == 16) continue;
    auto c = static_cast<unsigned char>(id[i]);
    bool ok = i < 16 ? std::isdigit(c) != 0 : (std::isdigit(c) != 0 || (c >= 'a' && c <= 'f'));
    if (!ok) return false;
  }
  return true;
}

TEST_F(RunStoreTest, RunIdsAreSortableAndUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 200; i++) {
    std::string id = NewRunId();
    EXPECT_TRUE(LooksLikeRunId(id)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 200u);
}

TEST_F(RunStoreTest, RecordsRunsStagesAndRules) {
  // Shares the file with the catalog.
  SqliteCatalog catalog(Path("_catalog.db"));
  SqliteRunStore store(Path("_catalog.db"));
  RunRecord first =
      store.StartRun("retail_daily", R"({"day":"2024-01-01"})", "20240101T000000Z-000001");
  RunRecord second = store.StartRun("retail_daily", "", "20240102T000000Z-000002");
  store.StartRun("other", "{}");
  EXPECT_THROW(store.StartRun("retail_daily", "{}", first.run_id), Error);

  store.StartStage(first.run_id, "extract", 1);
  store.FinishStage(first.run_id, "extract", 1, StageStatus::kFailed, 0, 0);
  store.StartStage(first.run_id, "extract", 2);
  store.FinishStage(first.run_id, "extract", 2, StageStatus::kSucceeded, 100, 100);
  store.StartStage(first.run_id, "check", 1);
  EXPECT_THROW(store.FinishStage(first.run_id, "load", 1, StageStatus::kSucceeded, 1, 1), Error);
  EXPECT_THROW(store.StartStage("no-such-run", "extract", 1), Error);
  store.RecordRuleOutcome(
      {first.run_id, "enriched", "not_null(order_id)", "error", 100, 3, R"([{"order_id":null}])"});
  store.FinishRun(first.run_id, RunStatus::kQualityFailed, ErrorKind::kDataQuality,
                  "score 0.97 < 0.98", 0.97);

  auto run = store.GetRun(first.run_id);
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->status, RunStatus::kQualityFailed);
  EXPECT_EQ(run->error_kind, ErrorKind::kDataQuality);
  EXPECT_EQ(run->error_message, "score 0.97 < 0.98");
  ASSERT_TRUE(run->quality_score.has_value());
  EXPECT_DOUBLE_EQ(*run->quality_score, 0.97);
  EXPECT_GT(run->finished_micros, 0);
  EXPECT_EQ(run->params_json, R"({"day":"2024-01-01"})");

  auto stages = store.ListStages(first.run_id);
  ASSERT_EQ(stages.size(), 3u);
  EXPECT_EQ(stages[0].status, StageStatus::kFailed);
  EXPECT_EQ(stages[1].attempt, 2);
  EXPECT_EQ(stages[1].rows_out, 100u);
  EXPECT_EQ(stages[2].status, StageStatus::kRunning);

  auto rules = store.ListRuleOutcomes(first.run_id);
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].rows_failed, 3u);

  auto runs = store.ListRuns(std::string("retail_daily"), 10);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].run_id, second.run_id);  // newest first
  EXPECT_EQ(runs[0].status, RunStatus::kRunning);
  EXPECT_FALSE(runs[0].error_kind.has_value());
  EXPECT_EQ(store.ListRuns(std::nullopt, 2).size(), 2u);
  EXPECT_EQ(store.ListRuns(std::nullopt, 10).size(), 3u);
  EXPECT_FALSE(store.GetRun("missing").has_value());
}

}  // namespace
}  // namespace sluice::catalog
