// sqllogictest — runs sqllogictest files (test/sql/**/*.test) against sluice.
//
//   sqllogictest [--data-dir DIR] [--threads N] [-v] FILE...
//
// Prints each failure with file:line and expected vs actual, then "N passed, M failed".
// Exits 1 if any record failed or a file could not be read or parsed.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "sqllogic/test_file.h"
#include "sqllogic/test_runner.h"

#ifndef SLUICE_TEST_DATA_DIR
#define SLUICE_TEST_DATA_DIR "test/data"
#endif

int main(int argc, char** argv) {
  using namespace sluice::sqllogic;
  RunnerOptions options;
  options.data_dir = SLUICE_TEST_DATA_DIR;
  std::vector<std::string> files;
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    if (arg == "--data-dir" && i + 1 < argc) {
      options.data_dir = argv[++i];
    } else if (arg == "--threads" && i + 1 < argc) {
      options.threads = std::stoul(argv[++i]);
    } else if (arg == "-v" || arg == "--verbose") {
      options.verbose = true;
    } else if (arg.starts_with("-")) {
      std::cerr << "usage: sqllogictest [--data-dir DIR] [--threads N] [-v] FILE...\n";
      return 2;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::cerr << "usage: sqllogictest [--data-dir DIR] [--threads N] [-v] FILE...\n";
    return 2;
  }
  RunSummary total;
  bool broken_file = false;
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cout << path << ": cannot read the test file\n";
      broken_file = true;
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    try {
      TestFile file = ParseTestFile(path, text.str());
      RunSummary summary = TestRunner(options, std::cout).Run(file);
      total.passed += summary.passed;
      total.failed += summary.failed;
    } catch (const TestFileError& e) {
      std::cout << e.what() << "\n";
      broken_file = true;
    } catch (const sluice::Error& e) {
      std::cout << path << ": " << e.what() << "\n";
      broken_file = true;
    }
  }
  std::cout << total.passed << " passed, " << total.failed << " failed\n";
  return total.failed > 0 || broken_file ? 1 : 0;
}
