// json_scan_bench FILE [THREADS] — times the W11 benchmark's work without the SQL engine:
//   SELECT status, count(*), sum(quantity * unit_price) FROM read_json(FILE) GROUP BY status
// Built on demand only (EXCLUDE_FROM_ALL): cmake --build <dir> --target json_scan_bench
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/thread_pool.h"
#include "formats/json/json_format.h"
#include "formats/table_source.h"

int main(int argc, char** argv) {
  using namespace sluice;
  if (argc < 2) {
    std::fprintf(stderr, "usage: json_scan_bench FILE [THREADS]\n");
    return 2;
  }
  size_t threads = argc > 2 ? std::stoul(argv[2]) : 2;
  try {
    auto start = std::chrono::steady_clock::now();
    RegisterJsonFormat();
    Options options("read_json");
    options.positional().push_back(OptionValue::Scalar(Value::Varchar(argv[1])));
    auto source = (*TableFunctionRegistry::Find("read_json"))(options);
    for (const auto& field : source->schema()) {
      std::fprintf(stderr, "%s %s, ", field.name.c_str(),
                   std::string(TypeName(field.type)).c_str());
    }
    std::fprintf(stderr, "\n");
    ScanRequest request;
    for (const char* name : {"status", "quantity", "unit_price"}) {
      for (size_t i = 0; i < source->schema().size(); i++) {
        if (source->schema()[i].name == name) request.columns.push_back(i);
      }
    }
    if (request.columns.size() != 3) throw Error::UserInput("missing benchmark columns");
    auto scan = source->Scan(request);
    struct Group {
      int64_t count = 0;
      double gross = 0;
    };
    std::map<std::string, Group> total;
    std::mutex mutex;
    ThreadPool pool(threads);
    pool.RunWorkers(threads, [&](size_t) {
      // Few groups: a linear search keeps the aggregation cost out of the measurement.
      std::vector<std::pair<std::string, Group>> groups;
      auto local = scan->InitLocal();
      DataChunk chunk;
      while (scan->Next(*local, chunk)) {
        ColumnView status(chunk, 0), quantity(chunk, 1), price(chunk, 2);
        for (size_t r = 0; r < chunk.size(); r++) {
          std::string_view key = status.Get<StringRef>(r).view();
          size_t k = 0;
          while (k < groups.size() && groups[k].first != key) k++;
          if (k == groups.size()) groups.emplace_back(std::string(key), Group{});
          Group& g = groups[k].second;
          g.count++;
          if (quantity.IsValid(r) && price.IsValid(r)) {
            g.gross += static_cast<double>(quantity.Get<int64_t>(r)) * price.Get<double>(r);
          }
        }
      }
      std::lock_guard<std::mutex> lock(mutex);
      for (auto& [k, g] : groups) {
        total[k].count += g.count;
        total[k].gross += g.gross;
      }
    });
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (auto& [k, g] : total)
      std::printf("%s,%lld,%.4f\n", k.c_str(), (long long)g.count, g.gross);
    std::fprintf(stderr, "%.3f s\n", seconds);
  } catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
