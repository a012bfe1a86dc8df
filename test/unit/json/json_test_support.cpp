#include "json_test_support.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <tuple>

#include "common/thread_pool.h"
#include "formats/json/json_format.h"

namespace sluice::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sluice_json_XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  if (made == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Write(const std::string& name, const std::string& contents) const {
  std::string full = path_ + "/" + name;
  std::filesystem::create_directories(std::filesystem::path(full).parent_path());
  std::ofstream out(full, std::ios::binary);
  out << contents;
  return full;
}

OptionValue Str(const std::string& s) {
  return OptionValue::Scalar(Value::Varchar(s));
}
OptionValue Int(int64_t v) {
  return OptionValue::Scalar(Value::Bigint(v));
}
OptionValue Bool(bool v) {
  return OptionValue::Scalar(Value::Boolean(v));
}
OptionValue Columns(const std::vector<std::pair<std::string, std::string>>& columns) {
  OptionValue out;
  out.kind = OptionValue::Kind::kStruct;
  for (const auto& [name, type] : columns) out.fields.emplace_back(name, Str(type));
  return out;
}

std::unique_ptr<TableSource> OpenJson(const OptionValue& path,
                                      const std::vector<NamedOption>& named,
                                      const std::string& function) {
  RegisterJsonFormat();
  Options options(function);
  options.positional().push_back(path);
  for (const auto& option : named) options.AddNamed(option.name, option.value);
  const TableSourceFactory* factory = TableFunctionRegistry::Find(function);
  if (factory == nullptr) throw std::runtime_error("no table function " + function);
  return (*factory)(options);
}

std::unique_ptr<TableSource> OpenJson(const std::string& path,
                                      const std::vector<NamedOption>& named,
                                      const std::string& function) {
  return OpenJson(Str(path), named, function);
}

ScanResult ScanAll(TableSource& source, size_t threads, std::vector<size_t> columns,
                   bool all_columns) {
  ScanRequest request;
  if (columns.empty() && all_columns) {
    for (size_t i = 0; i < source.schema().size(); i++) columns.push_back(i);
  }
  request.columns = columns;
  auto scan = source.Scan(request);
  // (batch, sequence within the worker, rows)
  std::vector<std::tuple<uint64_t, size_t, std::vector<std::vector<Value>>>> pieces;
  std::mutex mutex;
  ThreadPool pool(threads);
  pool.RunWorkers(std::min(threads, scan->MaxThreads()), [&](size_t) {
    auto local = scan->InitLocal();
    DataChunk chunk;
    size_t sequence = 0;
    while (scan->Next(*local, chunk)) {
      std::vector<std::vector<Value>> rows;
      for (size_t r = 0; r < chunk.size(); r++) {
        std::vector<Value> row;
        for (size_t c = 0; c < chunk.column_count(); c++) {
          size_t index = chunk.column(c).is_constant() ? 0 : chunk.RowIndex(r);
          row.push_back(chunk.column(c).GetValue(index));
        }
        rows.push_back(std::move(row));
      }
      std::lock_guard<std::mutex> lock(mutex);
      pieces.emplace_back(local->batch_index, sequence++, std::move(rows));
    }
  });
  std::sort(pieces.begin(), pieces.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  ScanResult result;
  uint64_t last_batch = UINT64_MAX;
  for (auto& [batch, sequence, rows] : pieces) {
    if (batch != last_batch) result.batches++;
    last_batch = batch;
    result.chunks++;
    for (auto& row : rows) result.rows.push_back(std::move(row));
  }
  result.rows_rejected = scan->RowsRejected();
  return result;
}

}  // namespace sluice::testing
