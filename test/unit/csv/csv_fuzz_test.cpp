// read_csv on random bytes drawn from CSV's special characters: every input must give rows
// or a sluice::Error (never a crash), and a parallel scan with tiny morsels must agree
// with the single-threaded scan.
#include <gtest/gtest.h>

#include <random>

#include "csv_test_util.h"

namespace sluice::csv_test {
namespace {

std::string RandomCsv(std::mt19937& rng) {
  static const char kAlphabet[] = "ab1,,,\"\"\n\n\r;|\\ -.5";
  size_t length = rng() % 400;
  std::string s;
  for (size_t i = 0; i < length; i++) s += kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
  return s;
}

struct Outcome {
  bool ok = false;
  Rows rows;
  std::string error;
};

Outcome ReadOutcome(const std::string& path, std::vector<std::pair<std::string, OptionValue>> named,
                    size_t threads) {
  Outcome out;
  try {
    out.rows = ReadCsv(CsvOptions(Str(path), std::move(named)), threads);
    out.ok = true;
  } catch (const Error& e) {
    out.error = e.message();
  }
  return out;
}

TEST(CsvFuzz, RandomBytesNeverCrashAndParallelAgrees) {
  auto dir = TempDir();
  std::mt19937 rng(12345);
  size_t successes = 0;
  for (int iteration = 0; iteration < 600; iteration++) {
    std::string path = WriteFile(dir, "f.csv", RandomCsv(rng));
    std::vector<std::pair<std::string, OptionValue>> named;
    if (rng() % 2) named.emplace_back("ignore_errors", Bool(true));
    if (rng() % 3 == 0) named.emplace_back("escape", Str("\\"));
    if (rng() % 3 == 0) named.emplace_back("header", Bool(rng() % 2 == 0));
    auto serial_options = named;
    serial_options.emplace_back("buffer_size", Int(1 << 20));
    Outcome serial = ReadOutcome(path, serial_options, 1);
    auto parallel_options = named;
    parallel_options.emplace_back("buffer_size", Int(1 + static_cast<int64_t>(rng() % 48)));
    Outcome parallel = ReadOutcome(path, parallel_options, 2);
    ASSERT_EQ(serial.ok, parallel.ok)
        << "iteration " << iteration << ": " << serial.error << " / " << parallel.error;
    if (serial.ok) {
      successes++;
      ASSERT_TRUE(serial.rows == parallel.rows) << "iteration " << iteration;
    }
  }
  EXPECT_GT(successes, 50u);  // the generator must exercise the success path too
}

}  // namespace
}  // namespace sluice::csv_test
