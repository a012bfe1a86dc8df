// libFuzzer target: any byte string read as a Parquet file must end in rows or a
// sluice::Error, never a crash, a sanitizer report or a runaway allocation.
//   cmake -DSLUICE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ ... && ./parquet_fuzz corpus/
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "common/error.h"
#include "formats/parquet/parquet_format.h"
#include "formats/table_source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool registered = [] {
    sluice::RegisterParquetFormat();
    return true;
  }();
  (void)registered;
  static std::string path = "/tmp/sluice_parquet_fuzz_" + std::to_string(::getpid()) + ".parquet";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    sluice::Options options("read_parquet");
    options.positional().push_back(sluice::OptionValue::Scalar(sluice::Value::Varchar(path)));
    auto source = (*sluice::TableFunctionRegistry::Find("read_parquet"))(options);
    sluice::ScanRequest request;
    for (size_t i = 0; i < source->schema().size(); i++) request.columns.push_back(i);
    auto scan = source->Scan(request);
    auto local = scan->InitLocal();
    sluice::DataChunk chunk;
    while (scan->Next(*local, chunk)) {
    }
  } catch (const sluice::Error&) {
  }
  return 0;
}
