// The crash test: the example pipeline (and an incremental variant of it) is killed with
// SIGKILL at every crash point a run passes (runner/crash_point.h: every stage's start,
// end and checkpoint, between the data files and each commit, after each commit), then
// resumed with `sluice run --resume`. The final lake table, quarantine tables, warehouse
// table, CSV file and checkpoint store must equal those of an uninterrupted run, row for
// row; a plain `sluice run` in between must refuse to start over the killed run.
//
// The binary is run as a separate process (a real kill -9 of a real process); the data is
// generated once and shared, so file paths and times are the same in every trial.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  bool killed = false;
  std::string output;
};

// Runs the sluice binary in `cwd` with `args` and extra environment variables.
Outcome RunSluice(const std::string& cwd, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env) {
  std::string log = cwd + "/sluice.log";
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    for (const auto& [key, value] : env) ::setenv(key.c_str(), value.c_str(), 1);
    ::unsetenv("SLUICE_LAKE");
    FILE* out = std::freopen(log.c_str(), "w", stdout);
    if (out == nullptr || ::dup2(::fileno(stdout), 2) < 0) ::_exit(127);
    std::vector<char*> argv;
    std::string binary = SLUICE_BINARY_PATH;
    argv.push_back(binary.data());
    std::vector<std::string> copies = args;
    for (auto& arg : copies) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  Outcome outcome;
  if (WIFSIGNALED(status)) {
    outcome.killed = WTERMSIG(status) == SIGKILL;
  } else if (WIFEXITED(status)) {
    outcome.exit_code = WEXITSTATUS(status);
  }
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  outcome.output = text.str();
  return outcome;
}

// A query's CSV result as sorted lines without the run-specific columns.
std::vector<std::string> TableRows(const std::string& cwd, const std::string& lake,
                                   const std::string& table) {
  Outcome out =
      RunSluice(cwd, {"query", "--lake", lake, "--format", "csv", "SELECT * FROM " + table}, {});
  EXPECT_EQ(out.exit_code, 0) << table << ": " << out.output;
  std::vector<std::string> lines;
  std::stringstream stream(out.output);
  std::string line;
  std::getline(stream, line);
  std::vector<bool> keep;
  {
    std::stringstream header(line);
    std::string column;
    while (std::getline(header, column, ',')) {
      keep.push_back(column != "_run_id" && column != "_checked_at");
    }
  }
  while (std::getline(stream, line)) {
    // The run-specific columns come last and hold no commas.
    size_t dropped = std::count(keep.begin(), keep.end(), false);
    for (size_t i = 0; i < dropped; i++) line = line.substr(0, line.rfind(','));
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::vector<std::string> WarehouseRows(const std::string& path, const std::string& table) {
  sqlite3* db = nullptr;
  std::vector<std::string> rows;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << path;
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* stmt = nullptr;
  std::string sql = "SELECT * FROM \"" + table + "\"";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(stmt); c++) {
        const unsigned char* text = sqlite3_column_text(stmt, c);
        row += (text != nullptr ? reinterpret_cast<const char*>(text) : "NULL") + std::string("|");
      }
      rows.push_back(row);
    }
  } else {
    ADD_FAILURE() << sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  // Loads per sink: exactly one each, whatever the crashes.
  sqlite3_stmt* ledger = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT sink, count(*) FROM _sluice_load_ledger GROUP BY sink", -1,
                         &ledger, nullptr) == SQLITE_OK) {
    while (sqlite3_step(ledger) == SQLITE_ROW) {
      rows.push_back(std::string("ledger ") +
                     reinterpret_cast<const char*>(sqlite3_column_text(ledger, 0)) + " " +
                     std::to_string(sqlite3_column_int(ledger, 1)));
    }
  }
  sqlite3_finalize(ledger);
  sqlite3_close(db);
  std::sort(rows.begin(), rows.end());
  return rows;
}

// The checkpoint store without the ids and times that differ from run to run.
std::vector<std::string> CheckpointRows(const std::string& lake) {
  std::vector<std::string> rows;
  auto catalog = catalog::OpenCatalog(lake + "/_catalog.db");
  for (const auto& entry : catalog->ListCheckpoints("")) {
    nlohmann::json value = nlohmann::json::parse(entry.value_json);
    value.erase("run_id");
    value.erase("updated_micros");
    rows.push_back(entry.pipeline + " " + entry.key + " " + value.dump());
  }
  return rows;
}

struct State {
  std::vector<std::string> enriched, quarantine_all, quarantine_late, warehouse, file, checkpoints;
  bool operator==(const State&) const = default;
};

class CrashResumeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    base_ = (fs::temp_directory_path() / ("sluice_crash_" + std::to_string(::getpid()))).string();
    fs::remove_all(base_);
    fs::create_directories(base_ + "/data");
    Outcome gen =
        RunSluice(base_, {"generate", "retail", "--rows", "3000", "--out", base_ + "/data"}, {});
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    // A second drop of orders for the incremental variant (ids above the first file's).
    std::ifstream first(base_ + "/data/orders.csv");
    std::ofstream second(base_ + "/data/orders_2.csv");
    std::string line;
    std::getline(first, line);
    second << line << "\n";
    for (int i = 0; i < 50 && std::getline(first, line); i++) {
      second << "77000" << line << "\n";
    }
    fs::create_directories(base_ + "/examples/retail");
    fs::copy_file(std::string(SLUICE_SOURCE_DIR) + "/examples/retail/pipeline.yaml",
                  base_ + "/examples/retail/pipeline.yaml");
    fs::copy_file(std::string(SLUICE_SOURCE_DIR) + "/examples/retail/orders_late.csv",
                  base_ + "/examples/retail/orders_late.csv");
    // The incremental variant: orders by file over both drops, late orders by column.
    std::ifstream example(base_ + "/examples/retail/pipeline.yaml");
    std::stringstream text;
    text << example.rdbuf();
    std::string yaml = text.str();
    auto replace = [&](const std::string& from, const std::string& to) {
      size_t at = yaml.find(from);
      ASSERT_NE(at, std::string::npos) << from;
      yaml.replace(at, from.size(), to);
    };
    replace("name: retail_daily", "name: retail_incremental");
    replace("orders:      { path: \"${data}/orders.csv\" }",
            "orders:      { path: \"${data}/orders*.csv\", incremental: { by: file } }");
    replace("path: examples/retail/orders_late.csv",
            "path: examples/retail/orders_late.csv\n"
            "    incremental: { by: column, column: order_ts, lookback: 1h }");
    std::ofstream(base_ + "/examples/retail/incremental.yaml") << yaml;
  }
  static void TearDownTestSuite() { fs::remove_all(base_); }

  // A trial directory: its own lake, warehouse and output file; the shared data.
  std::string Trial(const std::string& name) {
    std::string dir = base_ + "/" + name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::create_directory_symlink(base_ + "/examples", dir + "/examples");
    return dir;
  }

  std::vector<std::string> RunArgs(const std::string& spec, const std::string& dir) {
    return {"run",
            "-q",
            spec,
            "--lake",
            dir + "/lake",
            "--threads",
            "2",
            "--param",
            "data=" + base_ + "/data",
            "--param",
            "warehouse=" + dir + "/wh.db"};
  }

  State Capture(const std::string& dir, const std::string& pipeline) {
    State s;
    s.enriched = TableRows(dir, dir + "/lake", "sales.orders_enriched");
    s.quarantine_all = TableRows(dir, dir + "/lake", "_quarantine." + pipeline + "__all_orders");
    s.quarantine_late = TableRows(dir, dir + "/lake", "_quarantine." + pipeline + "__late_orders");
    s.warehouse = WarehouseRows(dir + "/wh.db", "analytics.daily_revenue");
    std::ifstream file(dir + "/out/daily_revenue.csv");
    std::string line;
    while (std::getline(file, line)) s.file.push_back(line);
    std::sort(s.file.begin(), s.file.end());
    s.checkpoints = CheckpointRows(dir + "/lake");
    return s;
  }

  // Kills a run at every crash point, resumes it, and compares with an uninterrupted run.
  void CrashEverywhere(const std::string& spec, const std::string& pipeline, size_t min_points) {
    std::string ref = Trial(pipeline + "_ref");
    Outcome listed = RunSluice(ref, RunArgs(spec, ref), {{"SLUICE_TEST_CRASH_LIST", "1"}});
    ASSERT_EQ(listed.exit_code, 0) << listed.output;
    size_t points = 0;
    for (size_t at = listed.output.find("crash point "); at != std::string::npos;
         at = listed.output.find("crash point ", at + 1)) {
      points++;
    }
    ASSERT_GE(points, min_points) << listed.output;
    State expected = Capture(ref, pipeline);
    ASSERT_FALSE(expected.enriched.empty());
    ASSERT_FALSE(expected.quarantine_all.empty());
    ASSERT_FALSE(expected.warehouse.empty());

    for (size_t n = 1; n <= points; n++) {
      SCOPED_TRACE("killed at crash point " + std::to_string(n));
      std::string dir = Trial(pipeline + "_" + std::to_string(n));
      Outcome crashed =
          RunSluice(dir, RunArgs(spec, dir), {{"SLUICE_TEST_CRASH_AT", std::to_string(n)}});
      ASSERT_TRUE(crashed.killed) << "exit " << crashed.exit_code << ": " << crashed.output;
      if (n % 5 == 1) {
        Outcome refused = RunSluice(dir, RunArgs(spec, dir), {});
        EXPECT_EQ(refused.exit_code, 1) << refused.output;
        EXPECT_NE(refused.output.find("--resume"), std::string::npos) << refused.output;
      }
      std::vector<std::string> resume = RunArgs(spec, dir);
      resume.push_back("--resume");
      if (n % 7 == 3) {
        // Killed again while resuming; the second resume finishes the job.
        Outcome again = RunSluice(dir, resume, {{"SLUICE_TEST_CRASH_AT", "2"}});
        ASSERT_TRUE(again.killed) << again.output;
      }
      Outcome resumed = RunSluice(dir, resume, {});
      ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
      State actual = Capture(dir, pipeline);
      EXPECT_EQ(actual.enriched, expected.enriched);
      EXPECT_EQ(actual.quarantine_all, expected.quarantine_all);
      EXPECT_EQ(actual.quarantine_late, expected.quarantine_late);
      EXPECT_EQ(actual.warehouse, expected.warehouse);
      EXPECT_EQ(actual.file, expected.file);
      EXPECT_EQ(actual.checkpoints, expected.checkpoints);
      if (::testing::Test::HasFailure()) return;  // one broken trial says enough
      fs::remove_all(dir);
    }
  }

  static std::string base_;
};

std::string CrashResumeTest::base_;

TEST_F(CrashResumeTest, TheExamplePipelineKilledAnywhereResumesToTheSameResult) {
  CrashEverywhere("examples/retail/pipeline.yaml", "retail_daily", 40);
}

TEST_F(CrashResumeTest, TheIncrementalVariantKilledAnywhereKeepsItsWatermarksExact) {
  CrashEverywhere("examples/retail/incremental.yaml", "retail_incremental", 40);
}

}  // namespace
}  // namespace sluice
