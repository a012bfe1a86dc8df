// Incremental runs and resuming: sources read by file and by column, the checkpoint store
// committed with the last lake snapshot (never before), backfills, full refreshes, the
// refusal to start over an unfinished run, and resuming without loading anything twice.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "catalog/catalog.h"
#include "catalog/run_store.h"
#include "common/error.h"
#include "pipeline/spec_parser.h"
#include "runner/pipeline_runner.h"
#include "sql/session.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

class IncrementalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() /
            ("sluice_incremental_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_ + "/in");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& relative, const std::string& text) {
    std::ofstream(dir_ + "/" + relative) << text;
  }

  std::string ByFileSpec(const std::string& mode) {
    std::string key = mode == "merge" ? ", key: [id]" : "";
    return "name: files\n"
           "lake: " +
           dir_ +
           "/lake\n"
           "sources:\n"
           "  orders: { path: \"" +
           dir_ +
           "/in/*.csv\", incremental: { by: file } }\n"
           "sinks:\n"
           "  - { from: orders, to: lake, table: sales.orders, mode: " +
           mode + key + " }\n";
  }

  std::string ByColumnSpec(const std::string& lookback, const std::string& sinks = "") {
    return "name: events\n"
           "lake: " +
           dir_ +
           "/lake\n"
           "warehouse: " +
           dir_ +
           "/warehouse.db\n"
           "sources:\n"
           "  events:\n"
           "    path: " +
           dir_ +
           "/in/events.csv\n"
           "    incremental: { by: column, column: ts" +
           lookback +
           " }\n"
           "sinks:\n" +
           (sinks.empty()
                ? "  - { from: events, to: lake, table: raw.events, mode: merge, key: [id] }\n"
                : sinks);
  }

  runner::RunSummary Run(const std::string& yaml, runner::RunOptions options = {}) {
    pipeline::PipelineSpec spec = pipeline::ParsePipelineSpec(yaml, "test.yaml");
    options.threads = 2;
    if (!options.sleep) options.sleep = [](std::chrono::milliseconds) {};
    return runner::RunPipeline(spec, options);
  }

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

  std::vector<catalog::CheckpointEntry> Checkpoints(const std::string& pipeline) {
    return catalog::OpenCatalog(dir_ + "/lake/_catalog.db")->ListCheckpoints(pipeline);
  }

  std::string Watermark(const std::string& pipeline, const std::string& source) {
    for (const auto& entry : Checkpoints(pipeline)) {
      if (entry.key == "watermark:" + source) {
        return nlohmann::json::parse(entry.value_json)["value"].get<std::string>();
      }
    }
    return "";
  }

  std::string dir_;
};

TEST_F(IncrementalTest, ByFileReadsNewFilesOnceAndAnUnchangedRerunLoadsNothing) {
  Write("in/a.csv", "id,amount\n1,10\n2,20\n");
  runner::RunSummary first = Run(ByFileSpec("append"));
  ASSERT_EQ(first.status, catalog::RunStatus::kSucceeded) << first.error_message;
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders"), std::multiset<std::string>{"2|"});
  ASSERT_EQ(first.incremental.size(), 1u);
  EXPECT_EQ(first.incremental[0].read, "1 new or changed of 1 file");
  EXPECT_EQ(Checkpoints("files").size(), 1u);

  runner::RunSummary again = Run(ByFileSpec("append"));
  ASSERT_EQ(again.status, catalog::RunStatus::kSucceeded) << again.error_message;
  EXPECT_EQ(again.incremental[0].read, "0 new or changed of 1 file");
  EXPECT_EQ(again.sinks.at(0).rows, 0u);
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders"), std::multiset<std::string>{"2|"});

  Write("in/b.csv", "id,amount\n3,30\n");
  runner::RunSummary third = Run(ByFileSpec("append"));
  ASSERT_EQ(third.status, catalog::RunStatus::kSucceeded) << third.error_message;
  EXPECT_EQ(third.incremental[0].read, "1 new or changed of 2 files");
  EXPECT_EQ(Rows("SELECT id, amount FROM sales.orders"),
            (std::multiset<std::string>{"1|10|", "2|20|", "3|30|"}));
  EXPECT_EQ(Checkpoints("files").size(), 2u);
}

TEST_F(IncrementalTest, ARewrittenFileIsReadAgainAndItsRowsReplacedByKey) {
  Write("in/a.csv", "id,amount\n1,10\n2,20\n");
  Write("in/b.csv", "id,amount\n3,30\n");
  ASSERT_EQ(Run(ByFileSpec("merge")).status, catalog::RunStatus::kSucceeded);
  // Same size, new content and time: a rewrite.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  Write("in/a.csv", "id,amount\n1,11\n2,22\n");
  runner::RunSummary rerun = Run(ByFileSpec("merge"));
  ASSERT_EQ(rerun.status, catalog::RunStatus::kSucceeded) << rerun.error_message;
  EXPECT_EQ(rerun.incremental[0].read, "1 new or changed of 2 files (1 rewritten)");
  EXPECT_TRUE(rerun.warnings.empty());
  EXPECT_EQ(Rows("SELECT id, amount FROM sales.orders"),
            (std::multiset<std::string>{"1|11|", "2|22|", "3|30|"}));

  // Touched without a change: the fingerprint matches, nothing is read.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  fs::last_write_time(dir_ + "/in/b.csv", fs::file_time_type::clock::now());
  runner::RunSummary touched = Run(ByFileSpec("merge"));
  ASSERT_EQ(touched.status, catalog::RunStatus::kSucceeded) << touched.error_message;
  EXPECT_EQ(touched.incremental[0].read, "0 new or changed of 2 files");
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders"), std::multiset<std::string>{"3|"});
}

TEST_F(IncrementalTest, ARewrittenFileIntoAnAppendSinkIsWarnedAbout) {
  Write("in/a.csv", "id,amount\n1,10\n");
  ASSERT_EQ(Run(ByFileSpec("append")).status, catalog::RunStatus::kSucceeded);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  Write("in/a.csv", "id,amount\n1,12\n");
  runner::RunSummary rerun = Run(ByFileSpec("append"));
  ASSERT_EQ(rerun.status, catalog::RunStatus::kSucceeded) << rerun.error_message;
  ASSERT_EQ(rerun.warnings.size(), 1u);
  EXPECT_NE(rerun.warnings[0].find("rewritten"), std::string::npos) << rerun.warnings[0];
  EXPECT_NE(rerun.warnings[0].find("mode: merge"), std::string::npos) << rerun.warnings[0];
}

TEST_F(IncrementalTest, LateRowsInsideTheLookbackAreLoadedOnceAndOutsideItAreNot) {
  Write("in/events.csv",
        "id,ts,v\n"
        "1,2024-05-01 08:00:00,a\n"
        "2,2024-05-01 10:00:00,b\n");
  ASSERT_EQ(Run(ByColumnSpec(", lookback: 2h")).status, catalog::RunStatus::kSucceeded);
  EXPECT_EQ(Watermark("events", "events"), "2024-05-01 10:00:00");

  Write("in/events.csv",
        "id,ts,v\n"
        "1,2024-05-01 08:00:00,a\n"
        "2,2024-05-01 10:00:00,b\n"
        "3,2024-05-01 09:30:00,late inside\n"
        "4,2024-05-01 07:00:00,late outside\n"
        "5,2024-05-01 12:00:00,new\n");
  runner::RunSummary second = Run(ByColumnSpec(", lookback: 2h"));
  ASSERT_EQ(second.status, catalog::RunStatus::kSucceeded) << second.error_message;
  // Read: ts >= 08:00 (ids 1, 2, 3, 5); id 4 is older than the lookback.
  EXPECT_EQ(second.sinks.at(0).rows, 4u);
  EXPECT_EQ(Rows("SELECT id, v FROM raw.events"),
            (std::multiset<std::string>{"1|a|", "2|b|", "3|late inside|", "5|new|"}));
  EXPECT_EQ(Watermark("events", "events"), "2024-05-01 12:00:00");

  // Nothing new: the lookback re-reads, the merge loads nothing twice, the watermark stays.
  ASSERT_EQ(Run(ByColumnSpec(", lookback: 2h")).status, catalog::RunStatus::kSucceeded);
  EXPECT_EQ(Rows("SELECT count(*) FROM raw.events"), std::multiset<std::string>{"4|"});
  EXPECT_EQ(Watermark("events", "events"), "2024-05-01 12:00:00");
}

TEST_F(IncrementalTest, ALookbackIntoAnAppendSinkIsWarnedAbout) {
  Write("in/events.csv", "id,ts,v\n1,2024-05-01 08:00:00,a\n");
  runner::RunSummary run = Run(ByColumnSpec(
      ", lookback: 1h", "  - { from: events, to: lake, table: raw.events, mode: append }\n"));
  ASSERT_EQ(run.status, catalog::RunStatus::kSucceeded);
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_NE(run.warnings[0].find("mode: merge"), std::string::npos) << run.warnings[0];
}

TEST_F(IncrementalTest, ABackfillReadsItsWindowAndLeavesTheWatermark) {
  Write("in/events.csv",
        "id,ts,v\n"
        "1,2024-05-01 08:00:00,a\n"
        "2,2024-05-02 08:00:00,b\n"
        "3,2024-05-03 08:00:00,c\n");
  runner::RunOptions window;
  window.incremental.from = "2024-05-02";
  window.incremental.to = "2024-05-03";
  runner::RunSummary backfill = Run(ByColumnSpec(""), window);
  ASSERT_EQ(backfill.status, catalog::RunStatus::kSucceeded) << backfill.error_message;
  EXPECT_EQ(Rows("SELECT id FROM raw.events"), std::multiset<std::string>{"2|"});
  EXPECT_EQ(Watermark("events", "events"), "");
  // The next ordinary run reads everything (no watermark yet) and merges.
  ASSERT_EQ(Run(ByColumnSpec("")).status, catalog::RunStatus::kSucceeded);
  EXPECT_EQ(Rows("SELECT count(*) FROM raw.events"), std::multiset<std::string>{"3|"});
  EXPECT_EQ(Watermark("events", "events"), "2024-05-03 08:00:00");
}

TEST_F(IncrementalTest, AFullRefreshReadsEverythingAndOverwritesAppendSinks) {
  Write("in/a.csv", "id,amount\n1,10\n");
  ASSERT_EQ(Run(ByFileSpec("append")).status, catalog::RunStatus::kSucceeded);
  Write("in/b.csv", "id,amount\n2,20\n");
  ASSERT_EQ(Run(ByFileSpec("append")).status, catalog::RunStatus::kSucceeded);
  runner::RunOptions refresh;
  refresh.incremental.full_refresh = true;
  runner::RunSummary full = Run(ByFileSpec("append"), refresh);
  ASSERT_EQ(full.status, catalog::RunStatus::kSucceeded) << full.error_message;
  EXPECT_EQ(full.incremental[0].read, "2 new or changed of 2 files");
  EXPECT_EQ(full.sinks.at(0).mode, "overwrite");
  EXPECT_EQ(Rows("SELECT id FROM sales.orders"), (std::multiset<std::string>{"1|", "2|"}));
  EXPECT_EQ(Checkpoints("files").size(), 2u);
}

TEST_F(IncrementalTest, CheckpointsAdvanceOnlyWithTheLastLoad) {
  Write("in/a.csv", "id,amount\n1,10\n");
  std::string spec = ByFileSpec("append") +
                     "  - { from: orders, to: warehouse, table: sales.orders, mode: append }\n" +
                     "warehouse: " + dir_ + "/warehouse.db\n";
  runner::RunOptions failing;
  failing.before_commit = [](const std::string& sink) {
    if (sink == "warehouse:sales.orders") throw Error::Permanent("injected: warehouse down");
  };
  runner::RunSummary failed = Run(spec, failing);
  ASSERT_EQ(failed.status, catalog::RunStatus::kFailed);
  // The lake sink committed, the last load did not: the file is not marked processed.
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders"), std::multiset<std::string>{"1|"});
  EXPECT_TRUE(Checkpoints("files").empty());

  // The last load is a lake sink: the entries commit in its snapshot's transaction, so a
  // failure just before that commit leaves them unwritten.
  runner::RunOptions lake_fails;
  lake_fails.abandon = true;
  lake_fails.before_commit = [](const std::string& sink) {
    if (sink == "lake:sales.orders") throw Error::Permanent("injected: crash before commit");
  };
  ASSERT_EQ(Run(ByFileSpec("append"), lake_fails).status, catalog::RunStatus::kFailed);
  EXPECT_TRUE(Checkpoints("files").empty());
}

TEST_F(IncrementalTest, ANewRunRefusesWhileOneIsUnfinishedAndResumeLoadsNothingTwice) {
  Write("in/a.csv", "id,amount\n1,10\n2,20\n");
  std::string spec =
      ByFileSpec("append") + "  - { from: orders, to: lake, table: sales.copy, mode: append }\n";
  runner::RunOptions failing;
  failing.before_commit = [](const std::string& sink) {
    if (sink == "lake:sales.copy") throw Error::Permanent("injected: crash before commit");
  };
  runner::RunSummary failed = Run(spec, failing);
  ASSERT_EQ(failed.status, catalog::RunStatus::kFailed);
  ASSERT_TRUE(failed.dlq_id.has_value());
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders"), std::multiset<std::string>{"2|"});

  // A new run would read a.csv again and append it twice: it refuses and says what to do.
  try {
    Run(spec);
    FAIL() << "a new run started over an unfinished one";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(std::string(e.what()).find("--resume " + failed.run_id), std::string::npos)
        << e.what();
  }

  runner::RunOptions resume;
  resume.resume = true;
  runner::RunSummary resumed = Run(spec, resume);
  ASSERT_EQ(resumed.status, catalog::RunStatus::kSucceeded) << resumed.error_message;
  EXPECT_EQ(resumed.run_id, failed.run_id);
  EXPECT_TRUE(resumed.resumed);
  EXPECT_GE(resumed.stages_restored, 2u);  // extract and the first load
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders"), std::multiset<std::string>{"2|"});
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.copy"), std::multiset<std::string>{"2|"});
  EXPECT_EQ(Checkpoints("files").size(), 1u);
  // The run area is gone once the run succeeded.
  EXPECT_FALSE(fs::exists(dir_ + "/lake/_runs/" + failed.run_id));
  // Nothing left to resume.
  EXPECT_THROW(Run(spec, resume), Error);
}

TEST_F(IncrementalTest, AKilledRunIsResumedOrAbandonedAndAHeldLockRefusesARun) {
  Write("in/a.csv", "id,amount\n1,10\n");
  {
    // A run that was killed: recorded as running, nobody holds the lock.
    fs::create_directories(dir_ + "/lake");
    auto store = catalog::OpenRunStore(dir_ + "/lake/_catalog.db");
    store->StartRun("files", "{}", "20240101T000000Z-dead00");
  }
  try {
    Run(ByFileSpec("append"));
    FAIL() << "a new run started over a killed one";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("was interrupted"), std::string::npos) << e.what();
  }
  runner::RunOptions abandon;
  abandon.abandon = true;
  runner::RunSummary fresh = Run(ByFileSpec("append"), abandon);
  ASSERT_EQ(fresh.status, catalog::RunStatus::kSucceeded) << fresh.error_message;
  auto store = catalog::OpenRunStore(dir_ + "/lake/_catalog.db");
  EXPECT_EQ(store->GetRun("20240101T000000Z-dead00")->status, catalog::RunStatus::kFailed);

  auto lock = store->TryLockPipeline("files");
  ASSERT_NE(lock, nullptr);
  try {
    Run(ByFileSpec("append"));
    FAIL() << "a run started while another process held the pipeline";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("another process"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sluice
