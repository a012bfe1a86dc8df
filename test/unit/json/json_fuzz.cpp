// libFuzzer target: arbitrary bytes as a JSON file through read_json's inference and a
// parallel scan. The first byte picks the options (ignore_errors, format, explicit typed
// columns, morsel size); the rest is the file. Every input must end in rows or a
// sluice::Error; anything else (a crash, a sanitizer report, another exception) is a bug.
//
//   cmake -DSLUICE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ ... && ./json_fuzz -max_len=4096
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "common/error.h"
#include "common/thread_pool.h"
#include "formats/json/json_table_source.h"

namespace {

std::string TempPath() {
  static const std::string path = "/tmp/sluice_json_fuzz_" + std::to_string(getpid()) + ".json";
  return path;
}

void ScanEverything(sluice::TableSource& source, sluice::ThreadPool& pool) {
  sluice::ScanRequest request;
  for (size_t i = 0; i < source.schema().size(); i++) request.columns.push_back(i);
  auto scan = source.Scan(request);
  pool.RunWorkers(2, [&](size_t) {
    auto local = scan->InitLocal();
    sluice::DataChunk chunk;
    while (scan->Next(*local, chunk)) {
      for (size_t c = 0; c < chunk.column_count(); c++) {
        for (size_t r = 0; r < chunk.size(); r++) chunk.column(c).GetValue(r);
      }
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t config = data[0];
  std::FILE* file = std::fopen(TempPath().c_str(), "wb");
  if (file == nullptr) return 0;
  std::fwrite(data + 1, 1, size - 1, file);
  std::fclose(file);

  sluice::JsonReadOptions options;
  options.ignore_errors = (config & 1) != 0;
  options.format = (config & 2) != 0 ? sluice::JsonFormat::kArray : sluice::JsonFormat::kAuto;
  if ((config & 4) != 0) {
    options.columns = {{"a", sluice::TypeId::kBigint},  {"b", sluice::TypeId::kDouble},
                       {"c", sluice::TypeId::kDate},    {"d", sluice::TypeId::kTimestamp},
                       {"e", sluice::TypeId::kBoolean}, {"f", sluice::TypeId::kVarchar},
                       {"g", sluice::TypeId::kInteger}};
  }
  options.filename = (config & 8) != 0;
  options.morsel_bytes = 1 + (config >> 4) * 7;
  options.maximum_object_size = (config & 0x80) != 0 ? 64 : 1 << 20;
  static sluice::ThreadPool pool(2);
  try {
    sluice::JsonTableSource source("read_json", {TempPath()}, options);
    ScanEverything(source, pool);
  } catch (const sluice::Error&) {
    // Malformed input must end here, with a message.
  }
  return 0;
}
