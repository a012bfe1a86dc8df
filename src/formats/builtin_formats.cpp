#include "formats/builtin_formats.h"

#include <mutex>

#include "formats/csv/csv_format.h"
#include "formats/json/json_format.h"
#include "formats/parquet/parquet_format.h"

namespace sluice {

void RegisterBuiltinFormats() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterCsvFormat();
    RegisterJsonFormat();
    RegisterParquetFormat();
  });
}

}  // namespace sluice
