// Helpers for the Parquet tests: build chunks from values, write through the registered
// writer, scan through the registered reader (optionally on a thread pool) and collect
// rows in input order.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "common/thread_pool.h"
#include "formats/parquet/parquet_format.h"
#include "formats/table_source.h"
#include "formats/table_writer.h"

namespace sluice::parquet_test {

using Row = std::vector<Value>;

inline void EnsureRegistered() {
  static bool once = [] {
    RegisterParquetFormat();
    return true;
  }();
  (void)once;
}

inline std::string TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("sluice_parquet_test_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

inline std::vector<TypeId> TypesOf(const Schema& schema) {
  std::vector<TypeId> types;
  for (const auto& f : schema) types.push_back(f.type);
  return types;
}

// Writes `rows` in chunks of `chunk_rows`. Options are name -> scalar value.
inline WriterStats WriteRows(const std::string& path, const Schema& schema,
                             const std::vector<Row>& rows,
                             const std::vector<std::pair<std::string, OptionValue>>& named = {},
                             size_t chunk_rows = kChunkCapacity) {
  EnsureRegistered();
  Options options("COPY ... TO");
  for (const auto& [k, v] : named) options.AddNamed(k, v);
  auto writer = (*TableWriterRegistry::Find("parquet"))(path, schema, options);
  for (size_t start = 0; start < rows.size(); start += chunk_rows) {
    DataChunk chunk;
    chunk.Initialize(TypesOf(schema));
    size_t n = std::min(chunk_rows, rows.size() - start);
    for (size_t r = 0; r < n; r++) {
      for (size_t c = 0; c < schema.size(); c++) chunk.column(c).SetValue(r, rows[start + r][c]);
    }
    chunk.SetSize(n);
    writer->Write(chunk);
  }
  return writer->Close();
}

inline OptionValue S(const std::string& s) {
  return OptionValue::Scalar(Value::Varchar(s));
}
inline OptionValue I(int64_t v) {
  return OptionValue::Scalar(Value::Bigint(v));
}
inline OptionValue B(bool v) {
  return OptionValue::Scalar(Value::Boolean(v));
}

inline std::unique_ptr<TableSource> OpenSource(
    const OptionValue& path, const std::vector<std::pair<std::string, OptionValue>>& named = {}) {
  EnsureRegistered();
  Options options("read_parquet");
  options.positional().push_back(path);
  for (const auto& [k, v] : named) options.AddNamed(k, v);
  return (*TableFunctionRegistry::Find("read_parquet"))(options);
}

struct ScanResult {
  std::vector<Row> rows;
  size_t chunks = 0;
};

// Scans with `threads` workers and returns rows in input order (by batch index).
inline ScanResult Scan(TableSource& source, std::vector<size_t> columns = {},
                       std::vector<ColumnFilter> filters = {}, size_t threads = 1,
                       bool all_columns = true) {
  ScanRequest request;
  if (columns.empty() && all_columns) {
    for (size_t i = 0; i < source.schema().size(); i++) columns.push_back(i);
  }
  request.columns = columns;
  request.filters = std::move(filters);
  auto scan = source.Scan(request);
  std::mutex mu;
  std::vector<std::pair<std::pair<uint64_t, size_t>, Row>> tagged;
  size_t chunks = 0;
  auto work = [&](size_t) {
    auto local = scan->InitLocal();
    DataChunk chunk;
    uint64_t last_batch = UINT64_MAX;
    size_t seq = 0;
    while (scan->Next(*local, chunk)) {
      if (local->batch_index != last_batch) {
        last_batch = local->batch_index;
        seq = 0;
      }
      std::lock_guard<std::mutex> lock(mu);
      chunks++;
      for (size_t r = 0; r < chunk.size(); r++) {
        Row row;
        for (size_t c = 0; c < chunk.column_count(); c++) {
          const Vector& v = chunk.column(c);
          row.push_back(v.GetValue(v.is_constant() ? 0 : chunk.RowIndex(r)));
        }
        tagged.push_back({{local->batch_index, seq++}, std::move(row)});
      }
    }
  };
  if (threads <= 1) {
    work(0);
  } else {
    ThreadPool pool(threads);
    pool.RunWorkers(threads, work);
  }
  std::stable_sort(tagged.begin(), tagged.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  ScanResult result;
  result.chunks = chunks;
  for (auto& t : tagged) result.rows.push_back(std::move(t.second));
  return result;
}

inline void ExpectRowsEqual(const std::vector<Row>& expected, const std::vector<Row>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t r = 0; r < expected.size(); r++) {
    ASSERT_EQ(expected[r].size(), actual[r].size()) << "row " << r;
    for (size_t c = 0; c < expected[r].size(); c++) {
      const Value& e = expected[r][c];
      const Value& a = actual[r][c];
      ASSERT_EQ(e.is_null(), a.is_null())
          << "row " << r << " col " << c << ": " << e.ToString() << " vs " << a.ToString();
      if (!e.is_null()) {
        ASSERT_EQ(e.type(), a.type()) << "row " << r << " col " << c;
        ASSERT_EQ(e.Compare(a), 0)
            << "row " << r << " col " << c << ": " << e.ToString() << " vs " << a.ToString();
      }
    }
  }
}

}  // namespace sluice::parquet_test
