// Registers read_parquet and the parquet writer (COPY ... TO ... (FORMAT parquet)).
#pragma once

namespace sluice {
void RegisterParquetFormat();
}  // namespace sluice
