// read_csv in parallel: morsel boundaries anywhere (inside quotes, between CR and LF,
// inside doubled quotes) must give exactly the single-threaded result.
#include <gtest/gtest.h>

#include <random>

#include "csv_test_util.h"

namespace sluice::csv_test {
namespace {

// Rows with quoted newlines, doubled quotes, quoted delimiters, CRLF and empty fields.
std::string GenerateTrickyCsv(size_t rows, uint32_t seed, bool crlf) {
  std::mt19937 rng(seed);
  const char* eol = crlf ? "\r\n" : "\n";
  std::string s = std::string("id,text,amount,note") + eol;
  for (size_t i = 0; i < rows; i++) {
    s += std::to_string(i);
    s += ',';
    switch (rng() % 6) {
      case 0: s += "\"line one\nline two\n\nline four\""; break;
      case 1: s += "\"a \"\"quoted\"\" word, and a comma\""; break;
      case 2: s += "plain"; break;
      case 3: s += "\"\""; break;
      case 4: s += ""; break;
      default: s += "\"\n\"\"\n,\r\n\""; break;
    }
    s += ',';
    s += std::to_string(static_cast<int>(rng() % 100000) - 50000);
    s += '.';
    s += std::to_string(rng() % 100);
    s += ',';
    if (rng() % 3 == 0) s += "\"n\"\"" + std::string(rng() % 40, 'x') + "\"";
    s += eol;
  }
  return s;
}

void ExpectSameAsSerial(const std::string& path,
                        std::vector<std::pair<std::string, OptionValue>> extra) {
  auto serial_options = extra;
  serial_options.emplace_back("buffer_size", Int(1 << 24));
  Rows expected = ReadCsv(CsvOptions(Str(path), serial_options), 1);
  ASSERT_GT(expected.size(), 0u);
  for (int64_t buffer : {1, 7, 64, 333, 4096, 65536}) {
    for (size_t threads : {1, 3}) {
      auto options = extra;
      options.emplace_back("buffer_size", Int(buffer));
      Rows got = ReadCsv(CsvOptions(Str(path), options), threads);
      ASSERT_EQ(got.size(), expected.size()) << "buffer " << buffer << " threads " << threads;
      EXPECT_TRUE(got == expected) << "buffer " << buffer << " threads " << threads;
    }
  }
}

TEST(CsvParallel, QuotedNewlinesAcrossMorsels) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "tricky.csv", GenerateTrickyCsv(3000, 1, false));
  ExpectSameAsSerial(path, {});
  Rows rows = ReadCsv(CsvOptions(Str(path), {{"buffer_size", Int(100)}}), 2);
  ASSERT_EQ(rows.size(), 3000u);
  for (size_t i = 0; i < rows.size(); i++)
    ASSERT_EQ(rows[i][0].int_value(), static_cast<int64_t>(i));
}

TEST(CsvParallel, CrLfAcrossMorsels) {
  auto dir = TempDir();
  auto path = WriteFile(dir, "crlf.csv", GenerateTrickyCsv(2000, 2, true));
  ExpectSameAsSerial(path, {});
}

TEST(CsvParallel, EscapeDialectIsSequentialButCorrect) {
  auto dir = TempDir();
  std::string s = "a,b\n";
  for (int i = 0; i < 3000; i++) {
    s += std::to_string(i);
    s += ",\"x\\\"y\nz\\\\\"\n";
  }
  auto path = WriteFile(dir, "esc.csv", s);
  ExpectSameAsSerial(path, {{"escape", Str("\\")}});
  Rows rows = ReadCsv(CsvOptions(Str(path), {{"escape", Str("\\")}, {"buffer_size", Int(50)}}), 2);
  ASSERT_EQ(rows.size(), 3000u);
  EXPECT_EQ(rows[2999][1].string_value(), "x\"y\nz\\");
}

TEST(CsvParallel, ErrorLineIsExactUnderParallelism) {
  auto dir = TempDir();
  std::string s = "id,v,note\n";
  size_t line = 2, bad_line = 0;
  for (int i = 0; i < 5000; i++) {
    if (i == 4321) {
      s += "4321,\"oops\"x,\"\"\n";
      bad_line = line;
      line++;
    } else {
      s += std::to_string(i);
      s += ',';
      s += std::to_string(i);
      s += ",\"a\nb\"\n";
      line += 2;
    }
  }
  auto path = WriteFile(dir, "lines.csv", s);
  for (int64_t buffer : {97, 1 << 20}) {
    std::string error = ErrorOf([&] {
      ReadCsv(
          CsvOptions(Str(path),
                     {{"columns", Struct({{"id", "BIGINT"}, {"v", "BIGINT"}, {"note", "VARCHAR"}})},
                      {"header", Bool(true)},
                      {"buffer_size", Int(buffer)}}),
          2);
    });
    EXPECT_NE(error.find("lines.csv:" + std::to_string(bad_line) + ": column 'v'"),
              std::string::npos)
        << error;
  }
}

}  // namespace
}  // namespace sluice::csv_test

namespace sluice::csv_test {
namespace {

// Strings point into read buffers; chunks kept by a consumer must stay intact while the
// reader moves on (the buffer is pinned, never overwritten).
TEST(CsvParallel, HeldChunksKeepTheirStrings) {
  auto dir = TempDir();
  std::string s = "id,name,tag\n";
  for (int i = 0; i < 20000; i++) {
    s += std::to_string(i);
    s += i % 3 == 0 ? ",\"n,\"\"" : ",n";
    s += std::to_string(i);
    s += i % 3 == 0 ? "\"" : "";
    s += ",t\n";
  }
  auto path = WriteFile(dir, "held.csv", s);
  Options options = CsvOptions(Str(path), {{"buffer_size", Int(4096)}, {"filename", Bool(true)}});
  auto source = OpenCsv(options);
  ScanRequest request;
  request.columns = {3, 1, 0};  // filename first, then a string, then the id
  auto scan = source->Scan(request);
  auto local = scan->InitLocal();
  DataChunk chunk;
  std::vector<DataChunk> held;
  while (scan->Next(*local, chunk)) {
    held.emplace_back();
    held.back().Reference(chunk);
  }
  size_t rows = 0;
  for (const auto& c : held) {
    for (size_t r = 0; r < c.size(); r++, rows++) {
      int64_t id = c.column(2).GetValue(r).int_value();
      std::string expected = (id % 3 == 0 ? "n,\"" : "n") + std::to_string(id);
      ASSERT_EQ(c.column(1).GetValue(r).string_value(), expected);
      ASSERT_EQ(c.column(0).GetValue(0).string_value(), path);
    }
  }
  EXPECT_EQ(rows, 20000u);
  EXPECT_DOUBLE_EQ(scan->Progress(), 1.0);
}

}  // namespace
}  // namespace sluice::csv_test
