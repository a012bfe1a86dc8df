#include "formats/parquet/parquet_format.h"

#include "formats/parquet/parquet_source.h"
#include "formats/parquet/parquet_writer_factory.h"
#include "formats/table_source.h"
#include "formats/table_writer.h"

namespace sluice {

void RegisterParquetFormat() {
  TableFunctionRegistry::Register("read_parquet", &parquet::ParquetSource::Make);
  TableFunctionRegistry::Register("parquet_scan", &parquet::ParquetSource::Make);
  TableWriterRegistry::Register("parquet", &parquet::MakeParquetWriter);
}

}  // namespace sluice
