// warehouse_load_bench — loads a CSV file into a warehouse table through sluice's CSV reader
// and the warehouse loader, and prints the wall time (docs/performance.md, "Warehouse
// loading"). Not a test; built on request:
//
//   cmake --build build/release --target warehouse_load_bench
//   warehouse_load_bench URI FILE.csv TABLE [append|overwrite|merge KEY]
#include <chrono>
#include <cstdio>
#include <string>

#include "common/error.h"
#include "formats/builtin_formats.h"
#include "formats/table_source.h"
#include "warehouse/warehouse.h"

int main(int argc, char** argv) {
  using namespace sluice;
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s URI FILE.csv TABLE [append|overwrite|merge KEY]\n", argv[0]);
    return 2;
  }
  try {
    RegisterBuiltinFormats();
    auto start = std::chrono::steady_clock::now();
    Options options("read_csv");
    options.positional().push_back(OptionValue::Scalar(Value::Varchar(argv[2])));
    std::unique_ptr<TableSource> source = (*TableFunctionRegistry::Find("read_csv"))(options);
    ScanRequest scan_request;
    for (size_t i = 0; i < source->schema().size(); i++) scan_request.columns.push_back(i);
    std::unique_ptr<SourceScan> scan = source->Scan(scan_request);
    std::unique_ptr<SourceLocalState> local = scan->InitLocal();
    DataChunk chunk;
    auto next = [&]() -> const DataChunk* {
      while (scan->Next(*local, chunk)) {
        if (chunk.size() == 0) continue;
        chunk.Flatten();
        return &chunk;
      }
      return nullptr;
    };
    std::string mode = argc > 4 ? argv[4] : "overwrite";
    warehouse::LoadRequest request;
    request.table = argv[3];
    request.schema = source->schema();
    request.mode = mode == "append"  ? warehouse::LoadMode::kAppend
                   : mode == "merge" ? warehouse::LoadMode::kMerge
                                     : warehouse::LoadMode::kOverwrite;
    if (argc > 5) request.key = {argv[5]};
    request.pipeline = "warehouse_load_bench";
    request.run_id = std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
    request.sink = request.table;
    std::unique_ptr<warehouse::Warehouse> warehouse = warehouse::OpenWarehouse(argv[1]);
    warehouse::LoadResult result = warehouse->Load(request, next);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s %s %s: %llu rows loaded, %llu in the table, %.2f s\n",
                warehouse->Describe().c_str(), request.table.c_str(), mode.c_str(),
                static_cast<unsigned long long>(result.rows_loaded),
                static_cast<unsigned long long>(result.table_rows), seconds);
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "error (%s): %s\n", std::string(ErrorKindName(e.kind())).c_str(),
                 e.what());
    return 1;
  }
}
