// csv_scan_bench FILE [THREADS] [COLUMNS...]
// Scans FILE with read_csv on THREADS workers (default 2) and prints count(*) and
// sum(quantity * unit_price), the W01 benchmark query, without the SQL engine. With column
// names given, scans those instead and prints only the row count. CSV_BENCH_BUFFER_SIZE in
// the environment sets read_csv's buffer_size (morsel bytes).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include "common/error.h"
#include "common/thread_pool.h"
#include "formats/csv/csv_format.h"
#include "formats/table_source.h"

int main(int argc, char** argv) {
  using namespace sluice;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [THREADS] [COLUMNS...]\n", argv[0]);
    return 2;
  }
  try {
    size_t threads = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 2;
    auto start = std::chrono::steady_clock::now();
    RegisterCsvFormat();
    Options options("read_csv");
    options.positional().push_back(OptionValue::Scalar(Value::Varchar(argv[1])));
    if (const char* buffer = std::getenv("CSV_BENCH_BUFFER_SIZE")) {
      options.AddNamed("buffer_size", OptionValue::Scalar(Value::Bigint(std::atoll(buffer))));
    }
    auto source = (*TableFunctionRegistry::Find("read_csv"))(options);
    auto bound = std::chrono::steady_clock::now();
    for (const auto& field : source->schema()) {
      std::fprintf(stderr, "%s %s\n", field.name.c_str(),
                   std::string(TypeName(field.type)).c_str());
    }
    std::vector<std::string> names;
    for (int i = 3; i < argc; i++) names.push_back(argv[i]);
    bool w01 = names.empty();
    if (w01) names = {"quantity", "unit_price"};
    ScanRequest request;
    for (const auto& name : names) {
      size_t i = 0;
      while (i < source->schema().size() && source->schema()[i].name != name) i++;
      if (i == source->schema().size()) {
        std::fprintf(stderr, "no column %s\n", name.c_str());
        return 2;
      }
      request.columns.push_back(i);
    }
    auto scan = source->Scan(request);
    ThreadPool pool(threads);
    std::mutex mutex;
    uint64_t rows = 0;
    double gross = 0;
    pool.RunWorkers(threads, [&](size_t) {
      auto local = scan->InitLocal();
      DataChunk chunk;
      uint64_t my_rows = 0;
      double my_gross = 0;
      while (scan->Next(*local, chunk)) {
        my_rows += chunk.size();
        if (!w01) continue;
        const Vector& q = chunk.column(0);
        const Vector& p = chunk.column(1);
        for (size_t r = 0; r < chunk.size(); r++) {
          if (!q.IsValid(r) || !p.IsValid(r)) continue;
          double qv = q.type() == TypeId::kDouble ? q.data<double>()[r]
                                                  : static_cast<double>(q.data<int64_t>()[r]);
          my_gross += qv * p.data<double>()[r];
        }
      }
      std::lock_guard<std::mutex> lock(mutex);
      rows += my_rows;
      gross += my_gross;
    });
    auto end = std::chrono::steady_clock::now();
    std::printf("rows=%llu gross=%.2f bind=%.3fs total=%.3fs\n",
                static_cast<unsigned long long>(rows), gross,
                std::chrono::duration<double>(bound - start).count(),
                std::chrono::duration<double>(end - start).count());
  } catch (const sluice::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
