// TestRunner — runs the records of one sqllogictest file through a fresh Session and
// reports every failure with file:line, the SQL, and expected vs actual.
//
// Substitutions in SQL, expected values and expected error messages:
//   __TEST_DIR__  a fresh temporary directory for this file (deleted afterwards)
//   __DATA_DIR__  the absolute path of the source tree's test/data directory
//
// Thread-safety: one runner per thread.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "sqllogic/test_file.h"

namespace sluice::sqllogic {

struct RunnerOptions {
  std::string data_dir;
  size_t threads = 2;
  bool verbose = false;  // print every record as it runs
};

struct RunSummary {
  size_t passed = 0;
  size_t failed = 0;
};

class TestRunner {
 public:
  TestRunner(RunnerOptions options, std::ostream& report)
      : options_(std::move(options)), report_(report) {}

  // Runs every record of `file`; failures are written to the report stream.
  RunSummary Run(const TestFile& file);

 private:
  RunnerOptions options_;
  std::ostream& report_;
};

}  // namespace sluice::sqllogic
