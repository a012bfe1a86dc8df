#include "sqllogic/test_runner.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <filesystem>
#include <optional>

#include "common/error.h"
#include "sql/session.h"
#include "sqllogic/result_matcher.h"

namespace sluice::sqllogic {
namespace {

void ReplaceAll(std::string& text, std::string_view from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

// A temporary directory removed when the object goes away.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sluice_sqllogic_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw Error::Permanent("cannot create a temporary directory under {}",
                             std::filesystem::temp_directory_path().string());
    }
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string Indent(const std::string& text) {
  std::string out = "  ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

// Runs one record; nullopt on success, else what went wrong.
std::optional<std::string> RunRecord(Session& session, const TestRecord& record) {
  using Kind = TestRecord::Kind;
  try {
    QueryResult result = session.Execute(record.sql);
    switch (record.kind) {
      case Kind::kStatementOk: return std::nullopt;
      case Kind::kStatementError:
        return std::string("expected an error, but the statement succeeded\n");
      case Kind::kQuery: return MatchQueryResult(record, ResultToText(result));
    }
  } catch (const Error& e) {
    if (record.kind != Kind::kStatementError) {
      return fmt::format("unexpected error ({}):\n{}\n", ErrorKindName(e.kind()),
                         Indent(e.message()));
    }
    if (e.kind() == ErrorKind::kInternal) {
      return fmt::format("failed as expected, but with an internal error (a bug):\n{}\n",
                         Indent(e.message()));
    }
    if (record.expected_error && e.message().find(*record.expected_error) == std::string::npos) {
      return fmt::format(
          "the error message does not contain the expected text\nexpected:\n{}\n"
          "actual:\n{}\n",
          Indent(*record.expected_error), Indent(e.message()));
    }
    return std::nullopt;
  } catch (const std::exception& e) {
    return fmt::format("threw a non-sluice exception (a bug): {}\n", e.what());
  }
  return std::nullopt;
}

}  // namespace

RunSummary TestRunner::Run(const TestFile& file) {
  RunSummary summary;
  TemporaryDirectory test_dir;
  SessionOptions session_options;
  session_options.threads = options_.threads;
  Session session(session_options);
  for (TestRecord record : file.records) {
    auto substitute = [&](std::string& text) {
      ReplaceAll(text, "__TEST_DIR__", test_dir.path());
      ReplaceAll(text, "__DATA_DIR__", options_.data_dir);
    };
    substitute(record.sql);
    for (std::string& line : record.expected_lines) substitute(line);
    if (record.expected_error) substitute(*record.expected_error);
    if (options_.verbose)
      report_ << fmt::format("{}:{}: {}\n", file.path, record.line, record.sql) << std::flush;
    std::optional<std::string> failure = RunRecord(session, record);
    if (!failure) {
      summary.passed++;
      continue;
    }
    summary.failed++;
    report_ << fmt::format("{}:{}: FAILED\nSQL:\n{}\n{}\n", file.path, record.line,
                           Indent(record.sql), *failure);
  }
  return summary;
}

}  // namespace sluice::sqllogic
