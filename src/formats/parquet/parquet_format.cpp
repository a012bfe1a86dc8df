#include "formats/parquet/parquet_format.h"

namespace sluice {
void RegisterParquetFormat() {}
}  // namespace sluice
