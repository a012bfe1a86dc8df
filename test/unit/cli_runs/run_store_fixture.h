// A lake in a fresh temporary directory whose run store holds a small history: four runs
// of "retail_daily" (the third failed its quality gate) and one of "inventory".
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "catalog/catalog.h"
#include "catalog/sqlite_run_store.h"

namespace sluice::cli {

class RunStoreFixture : public ::testing::Test {
 protected:
  static constexpr const char* kRun1 = "20240101T000000Z-000001";
  static constexpr const char* kRun2 = "20240102T000000Z-000002";
  static constexpr const char* kRun3 = "20240103T000000Z-000003";
  static constexpr const char* kRun4 = "20240104T000000Z-000004";
  static constexpr const char* kOtherRun = "20240104T120000Z-0000aa";

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("sluice_cli_runs_") + info->test_suite_name() + "_" + info->name() + "_" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    lake_ = (dir_ / "lake").string();
    std::filesystem::create_directories(lake_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Fills the run store of the lake.
  void Seed() {
    catalog::SqliteRunStore store(catalog::DefaultCatalogPath(lake_));
    const double scores[] = {1.0, 0.995, 0.96, 0.99};
    const char* runs[] = {kRun1, kRun2, kRun3, kRun4};
    for (int i = 0; i < 4; i++) {
      std::string id = runs[i];
      store.StartRun("retail_daily", R"({"day":"2024-01-0)" + std::to_string(i + 1) + "\"}", id);
      store.StartStage(id, "extract", 1);
      store.FinishStage(id, "extract", 1, catalog::StageStatus::kSucceeded, 1000, 1000);
      store.StartStage(id, "check", 1);
      store.FinishStage(id, "check", 1, catalog::StageStatus::kSucceeded, 1000, 990);
      bool failed = i == 2;
      catalog::RuleOutcome not_null{id,   "orders",          "not_null(order_id)",   "error",
                                    1000, failed ? 40u : 0u, failed ? kSample : "[]"};
      not_null.passed = !failed;
      store.RecordRuleOutcome(not_null);
      catalog::RuleOutcome range{id,   "orders", "range(quantity, 1, 100)",         "warn",
                                 1000, 3,        R"([{"order_id":7,"quantity":0}])"};
      range.passed = false;
      range.rows_corrected = 2;
      store.RecordRuleOutcome(range);
      catalog::DatasetQuality quality;
      quality.run_id = id;
      quality.dataset = "orders";
      quality.rows_checked = 1000;
      quality.rows_passed = static_cast<uint64_t>(scores[i] * 1000);
      quality.rows_quarantined = 1000 - quality.rows_passed;
      quality.score = scores[i];
      quality.min_score = 0.98;
      quality.on_fail = "fail";
      quality.verdict = failed ? "failed" : "passed";
      quality.recorded_micros = 1704067200000000LL + i * 86400000000LL;
      store.RecordDatasetQuality(quality);
      if (failed) {
        store.FinishRun(id, catalog::RunStatus::kQualityFailed, ErrorKind::kDataQuality,
                        "orders: score 96.00% < gate 98.00%\nsecond line", scores[i]);
      } else {
        store.SetRunSummary(id, kSummary);
        store.FinishRun(id, catalog::RunStatus::kSucceeded, std::nullopt, "", scores[i]);
      }
    }
    store.StartRun("inventory", "{}", kOtherRun);
    store.FinishRun(kOtherRun, catalog::RunStatus::kFailed, ErrorKind::kUserInput,
                    "stock.csv:3: column 'qty': cannot parse \"x\" as BIGINT", std::nullopt);
  }

  static constexpr const char* kSample =
      R"([{"order_id":null,"customer":"<script>alert(1)</script>"},{"order_id":null,"customer":"O'Brien & Co"}])";
  // Keys sorted, as the runner's JSON library writes them.
  static constexpr const char* kSummary =
      R"({"lake":"./lake","seconds":0.0065422020000000004,"sinks":[{"files":2,"from":"enriched","mode":"append","rows":990,"snapshot":4,"table":"sales.orders","to":"lake"}],"steps":[{"name":"enriched","rows":990}]})";

  std::filesystem::path dir_;
  std::string lake_;
};

}  // namespace sluice::cli
