#include "formats/parquet/parquet_writer_factory.h"

#include "common/error.h"

namespace sluice::parquet {

std::unique_ptr<TableWriter> MakeParquetWriter(const std::string&, const Schema&, Options&) {
  throw Error::NotSupported("parquet writer");
}

}  // namespace sluice::parquet
