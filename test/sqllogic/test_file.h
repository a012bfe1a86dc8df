// TestFile — a parsed sqllogictest file (the DuckDB/SQLite format, a subset):
//
//   # comment
//   statement ok
//   CREATE TABLE t AS SELECT 1 AS a
//
//   statement error
//   SELECT nope FROM t
//   ----
//   unknown column 'nope'
//
//   query IT rowsort
//   SELECT a, 'x' FROM t
//   ----
//   1	x
//
// Records are separated by blank lines. `statement ok` runs SQL that must succeed;
// `statement error` SQL that must fail with a sluice::Error, optionally with a message
// containing the text after `----`. `query <types>` has one letter per result column
// (I, R, T, B, ...; only their count matters, and R columns compare numerically) and an
// optional sort mode: nosort (default), rowsort, valuesort. Expected values are tab
// separated, one row per line (or one value per line). `require` and `hash-threshold` lines
// are ignored; anything else (mode skip, loop, ...) is rejected, since tests never skip.
//
// Thread-safety: plain data and a pure function.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::sqllogic {

enum class SortMode { kNoSort, kRowSort, kValueSort };

struct TestRecord {
  enum class Kind { kStatementOk, kStatementError, kQuery };
  Kind kind = Kind::kStatementOk;
  int line = 0;     // the directive's line (1-based)
  std::string sql;  // may hold several statements separated by ';'
  // kStatementError: the expected message substring (lines joined by '\n'), if any.
  std::optional<std::string> expected_error;
  // kQuery:
  std::string column_types;  // "IT"
  SortMode sort_mode = SortMode::kNoSort;
  std::vector<std::string> expected_lines;
  int expected_line = 0;  // line of the first expected value
};

struct TestFile {
  std::string path;
  std::vector<TestRecord> records;
};

// A malformed test file; the message starts with "path:line: ".
class TestFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

TestFile ParseTestFile(const std::string& path, std::string_view text);

}  // namespace sluice::sqllogic
