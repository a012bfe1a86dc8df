// Runs, stages, rule outcomes, dataset quality, lineage, the dead-letter queue, stage
// checkpoints and the pipeline lock, run against every RunStore implementation
// (catalog_backend.h).
#include <gtest/gtest.h>

#include "catalog_backend.h"
#include "common/error.h"

namespace sluice::catalog::testing {
namespace {

class RunStoreConformanceTest : public CatalogBackendTest {};

LineageEdge Edge(const std::string& from, const std::string& to,
                 const std::string& kind = "direct") {
  return LineageEdge{"", "", from, "c", to, "c", kind};
}

TEST_P(RunStoreConformanceTest, RecordsRunsStagesAndRules) {
  // Shares the store with the catalog.
  auto catalog = NewCatalog();
  auto owned = NewRunStore();
  RunStore& store = *owned;
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

TEST_P(RunStoreConformanceTest, LineageRoundTripsAndKeepsTheNewestRunPerPipeline) {
  auto owned = NewRunStore();
  RunStore& store = *owned;
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

TEST_P(RunStoreConformanceTest, LineageOfAnUnknownRunIsRefused) {
  auto owned = NewRunStore();
  RunStore& store = *owned;
  EXPECT_THROW(store.RecordLineage("nope", {Edge("a", "b")}), Error);
  EXPECT_TRUE(store.ListLineage("nope").empty());
  EXPECT_TRUE(store.LatestLineage().empty());
}

TEST_P(RunStoreConformanceTest, RuleOutcomesAndDatasetQuality) {
  auto store = NewRunStore();
  store->StartRun("retail", "{}", "20240101T000000Z-000001");
  store->StartRun("retail", "{}", "20240102T000000Z-000002");
  RuleOutcome range{"20240101T000000Z-000001", "orders", "range(qty, 1, 100)", "warn", 10, 3, ""};
  range.rows_corrected = 2;
  range.passed = false;
  range.message = "3 rows out of range";
  store->RecordRuleOutcome(range);
  auto outcomes = store->ListRuleOutcomes("20240101T000000Z-000001");
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].sample_json, "[]");
  EXPECT_EQ(outcomes[0].rows_corrected, 2u);
  EXPECT_FALSE(outcomes[0].passed);
  EXPECT_EQ(outcomes[0].message, "3 rows out of range");
  EXPECT_THROW(store->RecordRuleOutcome({"nope", "d", "r", "error", 1, 1, "[]"}), Error);

  DatasetQuality q;
  q.run_id = "20240101T000000Z-000001";
  q.dataset = "orders";
  q.rows_checked = 10;
  q.rows_passed = 7;
  q.score = 0.7;
  q.min_score = 0.95;
  q.on_fail = "quarantine";
  q.verdict = "failed";
  q.recorded_micros = 100;
  store->RecordDatasetQuality(q);
  q.rows_passed = 9;
  q.score = 0.9;
  store->RecordDatasetQuality(q);  // replaces
  DatasetQuality later = q;
  later.run_id = "20240102T000000Z-000002";
  later.score = 1.0 / 3.0;
  later.min_score.reset();
  later.recorded_micros = 0;  // the store sets it
  store->RecordDatasetQuality(later);
  auto first = store->ListDatasetQuality("20240101T000000Z-000001");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].rows_passed, 9u);
  EXPECT_EQ(first[0].score, 0.9);
  EXPECT_EQ(first[0].min_score, std::optional<double>(0.95));
  EXPECT_EQ(first[0].recorded_micros, 100);
  auto history = store->DatasetQualityHistory("retail", "orders", 10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].run_id, "20240102T000000Z-000002");  // newest first
  EXPECT_EQ(history[0].score, 1.0 / 3.0);                   // doubles round-trip exactly
  EXPECT_FALSE(history[0].min_score.has_value());
  EXPECT_GT(history[0].recorded_micros, 0);
  EXPECT_EQ(store->DatasetQualityHistory("retail", "orders", 1).size(), 1u);
  EXPECT_THROW(store->RecordDatasetQuality(DatasetQuality{.run_id = "nope"}), Error);

  store->SetRunSummary("20240101T000000Z-000001", R"({"sinks":[]})");
  EXPECT_EQ(store->GetRun("20240101T000000Z-000001")->summary_json, R"({"sinks":[]})");
  EXPECT_EQ(store->GetRun("20240102T000000Z-000002")->summary_json, "{}");
}

TEST_P(RunStoreConformanceTest, DeadLetterQueue) {
  auto store = NewRunStore();
  DlqEntry entry;
  entry.pipeline = "retail";
  entry.run_id = "r1";
  entry.spec_file = "pipelines/retail.yaml";
  entry.error_kind = ErrorKind::kRetryable;
  entry.error_message = "lost the connection";
  entry.stage = "load:warehouse:analytics.t";
  entry.attempts = 4;
  int64_t first = store->AddDlqEntry(entry);
  entry.run_id = "r2";
  entry.params_json = R"({"day":"2024-01-02"})";
  int64_t second = store->AddDlqEntry(entry);
  EXPECT_GT(second, first);
  auto open = store->ListDlq(false);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].id, second);  // newest first
  EXPECT_EQ(open[0].params_json, R"({"day":"2024-01-02"})");
  EXPECT_EQ(open[1].params_json, "{}");
  EXPECT_EQ(open[1].error_kind, ErrorKind::kRetryable);
  EXPECT_EQ(open[1].attempts, 4);
  EXPECT_EQ(open[1].status, "open");
  EXPECT_GT(open[1].created_micros, 0);

  // Two retries of one entry: only the first closes it.
  auto other = NewRunStore();
  EXPECT_TRUE(store->CloseDlqEntry(first, "retried", "r3"));
  EXPECT_FALSE(other->CloseDlqEntry(first, "discarded", ""));
  auto closed = other->GetDlqEntry(first);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->status, "retried");
  EXPECT_EQ(closed->retried_by, "r3");
  EXPECT_GT(closed->closed_micros, 0);
  EXPECT_EQ(store->ListDlq(false).size(), 1u);
  EXPECT_EQ(store->ListDlq(true).size(), 2u);
  EXPECT_FALSE(store->GetDlqEntry(second + 100).has_value());
}

TEST_P(RunStoreConformanceTest, ResumingARun) {
  auto store = NewRunStore();
  store->StartRun("retail", "{}", "20240101T000000Z-000001");
  store->FinishRun("20240101T000000Z-000001", RunStatus::kFailed, ErrorKind::kRetryable,
                   "lost the connection", std::nullopt);
  store->SaveStageCheckpoint({"20240101T000000Z-000001", "extract:orders", R"({"rows":3})", 0});
  store->SaveStageCheckpoint({"20240101T000000Z-000001", "transform:enriched", "", 0});
  store->SaveStageCheckpoint({"20240101T000000Z-000001", "extract:orders", R"({"rows":4})", 0});
  EXPECT_THROW(store->SaveStageCheckpoint({"nope", "extract:orders", "{}", 0}), Error);
  auto checkpoints = NewRunStore()->ListStageCheckpoints("20240101T000000Z-000001");
  ASSERT_EQ(checkpoints.size(), 2u);
  EXPECT_EQ(checkpoints[0].stage, "extract:orders");  // saving again keeps its place
  EXPECT_EQ(checkpoints[0].state_json, R"({"rows":4})");
  EXPECT_EQ(checkpoints[1].state_json, "{}");
  EXPECT_GT(checkpoints[1].recorded_micros, 0);
  EXPECT_TRUE(store->ListStageCheckpoints("nope").empty());

  store->ReopenRun("20240101T000000Z-000001");
  auto run = store->GetRun("20240101T000000Z-000001");
  EXPECT_EQ(run->status, RunStatus::kRunning);
  EXPECT_FALSE(run->error_kind.has_value());
  EXPECT_EQ(run->error_message, "");
  EXPECT_EQ(run->finished_micros, 0);
  try {
    store->ReopenRun("nope");
    FAIL() << "reopening an unknown run must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
  }
}

TEST_P(RunStoreConformanceTest, PipelineLockIsHeldUntilReleased) {
  auto first = NewRunStore();
  auto second = NewRunStore();  // another process
  auto lock = first->TryLockPipeline("retail daily/1");
  ASSERT_NE(lock, nullptr);
  EXPECT_EQ(second->TryLockPipeline("retail daily/1"), nullptr);
  auto other = second->TryLockPipeline("inventory");
  EXPECT_NE(other, nullptr);
  lock.reset();
  EXPECT_NE(second->TryLockPipeline("retail daily/1"), nullptr);
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backend, RunStoreConformanceTest,
                         ::testing::Values(TestedCatalogBackend()));

}  // namespace sluice::catalog::testing
