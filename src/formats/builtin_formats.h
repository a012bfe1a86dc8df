// RegisterBuiltinFormats — registers every reader (read_csv, read_json, read_parquet) and
// writer (FORMAT csv|json|parquet) that ships with sluice. Idempotent; call once at
// startup before binding any query.
#pragma once

namespace sluice {
void RegisterBuiltinFormats();
}  // namespace sluice
