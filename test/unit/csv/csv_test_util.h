// Helpers for the CSV tests: temporary files, option building and a scan driver that runs
// a source on a ThreadPool and returns rows in input order.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "common/error.h"
#include "common/thread_pool.h"
#include "formats/csv/csv_format.h"
#include "formats/options.h"
#include "formats/table_source.h"
#include "types/value.h"

namespace sluice::csv_test {

inline std::string TempDir() {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::path(::testing::TempDir()) /
             ("sluice_csv_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  return dir.string();
}

inline std::string WriteFile(const std::string& dir, const std::string& name,
                             const std::string& content) {
  std::string path = dir + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

inline OptionValue Str(const std::string& s) {
  return OptionValue::Scalar(Value::Varchar(s));
}
inline OptionValue Bool(bool b) {
  return OptionValue::Scalar(Value::Boolean(b));
}
inline OptionValue Int(int64_t v) {
  return OptionValue::Scalar(Value::Bigint(v));
}
inline OptionValue Struct(const std::vector<std::pair<std::string, std::string>>& fields) {
  OptionValue v;
  v.kind = OptionValue::Kind::kStruct;
  for (const auto& [k, t] : fields) v.fields.emplace_back(k, Str(t));
  return v;
}
inline OptionValue List(const std::vector<std::string>& items) {
  OptionValue v;
  v.kind = OptionValue::Kind::kList;
  for (const auto& i : items) v.items.push_back(Str(i));
  return v;
}

inline Options CsvOptions(const OptionValue& path,
                          std::vector<std::pair<std::string, OptionValue>> named = {}) {
  Options options("read_csv");
  options.positional().push_back(path);
  for (auto& [k, v] : named) options.AddNamed(k, v);
  return options;
}

inline std::unique_ptr<TableSource> OpenCsv(Options& options) {
  RegisterCsvFormat();
  const TableSourceFactory* factory = TableFunctionRegistry::Find("read_csv");
  EXPECT_NE(factory, nullptr);
  return (*factory)(options);
}

using Rows = std::vector<std::vector<Value>>;

struct ScanResult {
  Rows rows;
  uint64_t rejected = 0;
  double progress = 0;
};

// Scans `columns` (all when empty and all_columns) with `threads` workers.
inline ScanResult ScanAll(TableSource& source, std::vector<size_t> columns, size_t threads) {
  ScanRequest request;
  request.columns = std::move(columns);
  auto scan = source.Scan(request);
  ThreadPool pool(threads);
  std::mutex mutex;
  // (batch, worker, sequence) -> rows
  std::vector<std::tuple<uint64_t, size_t, size_t, Rows>> pieces;
  pool.RunWorkers(threads, [&](size_t worker) {
    auto local = scan->InitLocal();
    DataChunk chunk;
    size_t sequence = 0;
    while (scan->Next(*local, chunk)) {
      EXPECT_GT(chunk.size(), 0u);
      EXPECT_LE(chunk.size(), kChunkCapacity);
      EXPECT_EQ(chunk.column_count(), request.columns.size());
      Rows rows;
      for (size_t r = 0; r < chunk.size(); r++) {
        std::vector<Value> row;
        for (size_t c = 0; c < chunk.column_count(); c++) {
          const Vector& v = chunk.column(c);
          size_t index = v.is_constant() ? 0 : r;
          if (!v.IsValid(index) && v.type() == TypeId::kVarchar) {
            EXPECT_NE(v.data<StringRef>()[index].data, nullptr);  // valid empty StringRef
          }
          row.push_back(v.GetValue(index));
        }
        rows.push_back(std::move(row));
      }
      std::lock_guard<std::mutex> lock(mutex);
      pieces.emplace_back(local->batch_index, worker, sequence++, std::move(rows));
    }
  });
  std::sort(pieces.begin(), pieces.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<2>(a)) < std::tie(std::get<0>(b), std::get<2>(b));
  });
  ScanResult result;
  for (auto& piece : pieces) {
    for (auto& row : std::get<3>(piece)) result.rows.push_back(std::move(row));
  }
  result.rejected = scan->RowsRejected();
  result.progress = scan->Progress();
  return result;
}

inline std::vector<size_t> AllColumns(const TableSource& source) {
  std::vector<size_t> columns;
  for (size_t i = 0; i < source.schema().size(); i++) columns.push_back(i);
  return columns;
}

inline Rows ReadCsv(Options options, size_t threads = 1, uint64_t* rejected = nullptr) {
  auto source = OpenCsv(options);
  ScanResult r = ScanAll(*source, AllColumns(*source), threads);
  if (rejected) *rejected = r.rejected;
  return r.rows;
}

inline std::string RowsToString(const Rows& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); c++) {
      if (c > 0) out += '|';
      out += row[c].ToString();
    }
    out += "\n";
  }
  return out;
}

// Runs fn and returns the message of the sluice::Error it throws ("" if none).
template <typename Fn>
std::string ErrorOf(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.message();
  }
  return "";
}

}  // namespace sluice::csv_test
