// Warehouse — where pipelines load their analytical tables (the seed's Redshift): an
// embedded SQLite file by default, PostgreSQL (libpq) when the URI is postgresql://….
//
//   auto wh = warehouse::OpenWarehouse("./warehouse.db");
//   warehouse::LoadRequest request{.table = "analytics.daily_revenue", .schema = schema,
//                                  .mode = warehouse::LoadMode::kMerge,
//                                  .key = {"order_date", "region"},
//                                  .pipeline = "retail_daily", .run_id = run_id,
//                                  .sink = "warehouse:analytics.daily_revenue"};
//   warehouse::LoadResult r = wh->Load(request, next_chunk);
//
// A load creates the schema and table when missing (types mapped from sluice's), stages
// the rows, and then in ONE transaction applies them (append; overwrite = replace all
// rows; merge = insert or update by key) and records (pipeline, run_id, sink, rows) in a
// load ledger table. A load whose (pipeline, run_id, sink) is already in the ledger is
// skipped (LoadResult::already_loaded), so a retried or resumed run never loads twice.
// Nothing is visible to readers before the commit; a failure leaves the table unchanged.
// A skipped load does not call the producer. An empty run_id loads without a ledger row.
// How names and types map per back end: sqlite_warehouse.h, postgres_warehouse.h.
//
// Errors: retryable for lost connections / serialization failures / busy database;
// user_input for a schema conflict with an existing table (naming both schemas) and for
// a key that is not a column; permanent for authentication or permission failures.
// Server-side type or constraint errors name the table, the column and the row.
//
// Thread-safety: one load at a time per Warehouse object.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice::warehouse {

enum class LoadMode { kAppend, kOverwrite, kMerge };

struct LoadRequest {
  std::string table;  // "schema.name" (or "name": the default schema)
  Schema schema;      // of the rows to load
  LoadMode mode = LoadMode::kAppend;
  std::vector<std::string> key;  // merge: the key columns
  std::string pipeline;
  std::string run_id;
  std::string sink;  // a stable name of the sink within the pipeline
};

struct LoadResult {
  uint64_t rows_loaded = 0;
  bool already_loaded = false;  // the ledger had this (pipeline, run_id, sink)
  uint64_t table_rows = 0;      // rows in the table after the load
};

// Yields the next chunk to load (flat vectors, no selection), or nullptr at the end.
using ChunkProducer = std::function<const DataChunk*()>;

class Warehouse {
 public:
  virtual ~Warehouse() = default;
  virtual LoadResult Load(const LoadRequest& request, const ChunkProducer& next) = 0;
  // Whether the ledger records this load.
  virtual bool AlreadyLoaded(const std::string& pipeline, const std::string& run_id,
                             const std::string& sink) = 0;
  // A short description for messages and summaries ("sqlite ./warehouse.db",
  // "postgresql 127.0.0.1:55432/dw"); never includes a password.
  virtual std::string Describe() const = 0;
};

// "postgresql://…" / "postgres://…" → PostgreSQL; anything else is a SQLite file path.
std::unique_ptr<Warehouse> OpenWarehouse(const std::string& uri);

// What Describe() would say, without connecting: for summaries and run records, which must
// not store the URI itself (it may hold a password). Never throws.
std::string DescribeWarehouseUri(const std::string& uri);

}  // namespace sluice::warehouse
