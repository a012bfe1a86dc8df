// `sluice run` and `sluice validate` as commands: exit codes 0 / 1 / 3 / 4, the summary, and
// validation errors that name the file and line.
#include "cli/run_command.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "storage/fault_injecting_file_system.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

class RunCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() /
            ("sluice_run_cmd_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_ + "/in");
    // Two files matched by one glob, semicolon-separated: read options pass through.
    std::ofstream(dir_ + "/in/a.csv") << "id;amount\n1;10\n2;-5\n";
    std::ofstream(dir_ + "/in/b.csv") << "id;amount\n3;7\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string WriteSpec(const std::string& checks) {
    std::string path = dir_ + "/p.yaml";
    std::ofstream(path)
        << "name: cmd\n"
           "lake: " +
               dir_ +
               "/lake\n"
               "sources:\n"
               "  payments: { path: \"" +
               dir_ +
               "/in/*.csv\", options: { delim: \";\" } }\n"
               "steps:\n"
               "  - name: totals\n"
               "    sql: SELECT count(*) AS n, sum(amount) AS total FROM payments\n" +
               checks +
               "sinks:\n"
               "  - { from: payments, to: lake, table: fin.payments }\n";
    return path;
  }

  int Run(const std::string& spec, std::string* out) {
    cli::RunArgs args;
    args.pipeline_file = spec;
    args.quiet = true;
    args.threads = 2;
    std::ostringstream stream;
    int code = cli::RunRunCommand(args, stream);
    *out = stream.str();
    return code;
  }

  std::string dir_;
};

TEST_F(RunCommandTest, SucceedsWithExitCodeZeroAndASummary) {
  std::string out;
  EXPECT_EQ(Run(WriteSpec(""), &out), 0) << out;
  EXPECT_NE(out.find("succeeded"), std::string::npos) << out;
  EXPECT_NE(out.find("fin.payments"), std::string::npos) << out;
  EXPECT_NE(out.find("3 rows"), std::string::npos) << out;  // both files, 3 rows
}

TEST_F(RunCommandTest, AFailedQualityGateExitsWithThree) {
  std::string checks =
      "checks:\n"
      "  payments:\n"
      "    rules:\n"
      "      - range: { column: amount, min: 0 }\n"
      "    on_fail: fail\n";
  std::string out;
  EXPECT_EQ(Run(WriteSpec(checks), &out), 3) << out;
  EXPECT_NE(out.find("quality_failed"), std::string::npos) << out;
  EXPECT_NE(out.find("range(amount)"), std::string::npos) << out;
}

TEST_F(RunCommandTest, AFailedRunExitsWithOne) {
  fs::remove_all(dir_ + "/in");
  std::string out;
  EXPECT_EQ(Run(WriteSpec(""), &out), 1) << out;
  EXPECT_NE(out.find("extract:payments"), std::string::npos) << out;
}

TEST_F(RunCommandTest, ValidateNamesTheFileLineAndProblem) {
  std::string path = dir_ + "/bad.yaml";
  std::ofstream(path) << "name: bad\n"
                         "sources:\n"
                         "  a: { path: x.csv }\n"
                         "steps:\n"
                         "  - name: s\n"
                         "    sql: SELEC * FROM a\n"
                         "sinks:\n"
                         "  - { from: s, to: lake, tabel: x.y }\n";
  cli::RunArgs args;
  args.pipeline_file = path;
  std::ostringstream out;
  try {
    cli::RunValidateCommand(args, out);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("bad.yaml:8"), std::string::npos) << message;
    EXPECT_NE(message.find("tabel"), std::string::npos) << message;
  }
  // A spec that is valid YAML but whose SQL does not parse.
  std::ofstream(path) << "name: bad\n"
                         "sources:\n"
                         "  a: { path: x.csv }\n"
                         "steps:\n"
                         "  - name: s\n"
                         "    sql: SELEC * FROM a\n"
                         "sinks:\n"
                         "  - { from: s, to: file, path: out.csv }\n";
  try {
    cli::RunValidateCommand(args, out);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("bad.yaml:5"), std::string::npos) << message;
    EXPECT_NE(message.find("step 's'"), std::string::npos) << message;
  }
  std::ostringstream valid;
  EXPECT_EQ(cli::RunValidateCommand({WriteSpec("")}, valid), 0);
  EXPECT_NE(valid.str().find("is valid"), std::string::npos) << valid.str();
}

TEST_F(RunCommandTest, ATransientFailureThatOutlastsTheRetriesExitsWithFour) {
  FaultInjectingFileSystem faulty;
  FileSystem::RegisterScheme("faulty", &faulty);
  faulty.Inject({FaultOperation::kOpenRead, "a.csv", ErrorKind::kRetryable, -1});
  std::string spec = WriteSpec("");
  std::ifstream in(spec);
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  yaml.replace(yaml.find(dir_ + "/in/*.csv"), 0, "faulty://");
  yaml += "retry: { max_attempts: 2, initial: 1ms, max: 2ms }\n";
  std::ofstream(spec) << yaml;
  std::string out;
  EXPECT_EQ(Run(spec, &out), 4) << out;
  EXPECT_NE(out.find("retryable"), std::string::npos) << out;
  EXPECT_EQ(faulty.injected(), 2);
  faulty.Clear();
}

TEST_F(RunCommandTest, FailedRunsGoToTheDeadLetterQueueAndRetryOnce) {
  std::string spec = WriteSpec("");
  fs::rename(dir_ + "/in", dir_ + "/moved");  // the source files are missing: permanent
  std::string out;
  ASSERT_EQ(Run(spec, &out), 1) << out;
  EXPECT_NE(out.find("Dead letter: entry 1"), std::string::npos) << out;

  cli::DlqArgs dlq;
  dlq.lake = dir_ + "/lake";
  std::ostringstream ls;
  EXPECT_EQ(cli::RunDlqCommand(dlq, ls), 0);
  EXPECT_NE(ls.str().find("user_input"), std::string::npos) << ls.str();
  EXPECT_NE(ls.str().find("cmd"), std::string::npos) << ls.str();
  dlq.action = "show";
  dlq.id = 1;
  std::ostringstream show;
  cli::RunDlqCommand(dlq, show);
  EXPECT_NE(show.str().find("extract:payments"), std::string::npos) << show.str();
  EXPECT_NE(show.str().find(spec), std::string::npos) << show.str();

  // Fixed, the entry is retried: it runs again and is closed, so a second retry refuses.
  fs::rename(dir_ + "/moved", dir_ + "/in");
  dlq.action = "retry";
  std::ostringstream retry;
  EXPECT_EQ(cli::RunDlqCommand(dlq, retry), 0) << retry.str();
  EXPECT_NE(retry.str().find("succeeded"), std::string::npos) << retry.str();
  // The retry resumed the failed run under its own id.
  EXPECT_NE(retry.str().find("resuming run"), std::string::npos) << retry.str();
  EXPECT_NE(retry.str().find("(resumed;"), std::string::npos) << retry.str();
  std::ostringstream again;
  EXPECT_THROW(cli::RunDlqCommand(dlq, again), Error);
  dlq.action = "ls";
  std::ostringstream empty;
  cli::RunDlqCommand(dlq, empty);
  EXPECT_NE(empty.str().find("empty"), std::string::npos) << empty.str();
}

TEST_F(RunCommandTest, NotificationsReachTheCommandAndNeverChangeTheResult) {
  std::string events = dir_ + "/events.jsonl";
  std::string path = dir_ + "/notify.yaml";
  std::ofstream(path) << "name: notified\n"
                         "lake: " +
                             dir_ +
                             "/lake\n"
                             "sources:\n"
                             "  payments: { path: \"" +
                             dir_ +
                             "/in/*.csv\", options: { delim: \";\" } }\n"
                             "sinks:\n"
                             "  - { from: payments, to: lake, table: fin.payments }\n"
                             "notify:\n"
                             "  on: [success, failure, dlq]\n"
                             "  command: \"cat >> " +
                             events +
                             "\"\n"
                             // Nothing listens there: delivery fails, the run still succeeds.
                             "  webhook: http://127.0.0.1:9/hook\n"
                             "retry: { max_attempts: 1 }\n";
  std::string out;
  EXPECT_EQ(Run(path, &out), 0) << out;
  EXPECT_NE(out.find("Warning: notify webhook"), std::string::npos) << out;
  std::string text;
  {
    std::ifstream in(events);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  EXPECT_NE(text.find("\"event\":\"success\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"pipeline\":\"notified\""), std::string::npos) << text;

  fs::remove_all(dir_ + "/in");
  EXPECT_EQ(Run(path, &out), 1) << out;
  std::ifstream in(events);
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"event\":\"failure\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"event\":\"dlq\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"dlq_id\":1"), std::string::npos) << text;
}

}  // namespace
}  // namespace sluice
