#include "sqllogic/test_file.h"

#include <fmt/format.h>

#include <cctype>
#include <sstream>

namespace sluice::sqllogic {
namespace {

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  if (!lines.empty() && lines.back().empty()) lines.pop_back();  // text ending in '\n'
  return lines;
}

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

bool IsBlank(const std::string& line) {
  return line.find_first_not_of(" \t") == std::string::npos;
}

class Parser {
 public:
  Parser(const std::string& path, std::string_view text) : path_(path), lines_(SplitLines(text)) {}

  TestFile Parse() {
    TestFile file;
    file.path = path_;
    while (pos_ < lines_.size()) {
      const std::string& line = lines_[pos_];
      if (IsBlank(line) || line[0] == '#') {
        pos_++;
        continue;
      }
      std::vector<std::string> words = Words(line);
      int line_number = static_cast<int>(pos_) + 1;
      pos_++;
      const std::string& directive = words[0];
      if (directive == "statement") {
        file.records.push_back(ParseStatement(words, line_number));
      } else if (directive == "query") {
        file.records.push_back(ParseQuery(words, line_number));
      } else if (directive == "require" || directive == "hash-threshold") {
        continue;
      } else if (directive == "mode" || directive == "skipif" || directive == "onlyif") {
        Fail(line_number, fmt::format("'{}' is not supported: tests are never skipped", line));
      } else {
        Fail(line_number,
             fmt::format("unknown directive '{}' (expected statement, query or require)",
                         directive));
      }
    }
    return file;
  }

 private:
  [[noreturn]] void Fail(int line, const std::string& message) const {
    throw TestFileError(fmt::format("{}:{}: {}", path_, line, message));
  }

  // SQL lines up to a blank line or "----" (not consumed).
  std::string ReadSql(int directive_line) {
    std::string sql;
    while (pos_ < lines_.size() && !IsBlank(lines_[pos_]) && lines_[pos_] != "----") {
      if (!sql.empty()) sql += '\n';
      sql += lines_[pos_++];
    }
    if (sql.empty()) Fail(directive_line, "missing SQL after the directive");
    return sql;
  }

  bool AtSeparator() const { return pos_ < lines_.size() && lines_[pos_] == "----"; }

  // Lines after "----" up to a blank line.
  std::vector<std::string> ReadExpected() {
    pos_++;  // "----"
    std::vector<std::string> expected;
    while (pos_ < lines_.size() && !lines_[pos_].empty()) expected.push_back(lines_[pos_++]);
    return expected;
  }

  TestRecord ParseStatement(const std::vector<std::string>& words, int line) {
    TestRecord record;
    record.line = line;
    if (words.size() != 2 || (words[1] != "ok" && words[1] != "error")) {
      Fail(line, "expected 'statement ok' or 'statement error'");
    }
    record.kind =
        words[1] == "ok" ? TestRecord::Kind::kStatementOk : TestRecord::Kind::kStatementError;
    record.sql = ReadSql(line);
    if (AtSeparator()) {
      if (record.kind == TestRecord::Kind::kStatementOk) {
        Fail(static_cast<int>(pos_) + 1,
             "'statement ok' has no expected output; use 'query' to check results");
      }
      std::vector<std::string> expected = ReadExpected();
      std::string message;
      for (const std::string& e : expected) {
        if (!message.empty()) message += '\n';
        message += e;
      }
      if (!message.empty()) record.expected_error = message;
    }
    return record;
  }

  TestRecord ParseQuery(const std::vector<std::string>& words, int line) {
    TestRecord record;
    record.kind = TestRecord::Kind::kQuery;
    record.line = line;
    if (words.size() < 2)
      Fail(line, "expected 'query <column types> [sort mode]', e.g. 'query IT'");
    record.column_types = words[1];
    for (char c : record.column_types) {
      if (!std::isalpha(static_cast<unsigned char>(c))) {
        Fail(line, fmt::format("column types must be letters (I, R, T, ...), got '{}'",
                               record.column_types));
      }
    }
    if (words.size() >= 3) {
      const std::string& mode = words[2];
      if (mode == "nosort") {
        record.sort_mode = SortMode::kNoSort;
      } else if (mode == "rowsort") {
        record.sort_mode = SortMode::kRowSort;
      } else if (mode == "valuesort") {
        record.sort_mode = SortMode::kValueSort;
      } else {
        Fail(line, fmt::format("unknown sort mode '{}' (nosort, rowsort or valuesort)", mode));
      }
    }
    if (words.size() > 4) Fail(line, "too many words after 'query'");
    record.sql = ReadSql(line);
    if (AtSeparator()) {
      record.expected_line = static_cast<int>(pos_) + 2;
      record.expected_lines = ReadExpected();
    }
    return record;
  }

  std::string path_;
  std::vector<std::string> lines_;
  size_t pos_ = 0;
};

}  // namespace

TestFile ParseTestFile(const std::string& path, std::string_view text) {
  return Parser(path, text).Parse();
}

}  // namespace sluice::sqllogic
