// PostgresWarehouse — loads into PostgreSQL (and so, in principle, anything that speaks its
// protocol) through libpq.
//
// Mapping: "schema.name" is the table name in schema `schema` (created when missing),
// both used exactly as written (quoted); "name" alone uses the search_path. Types:
// BOOLEAN boolean, INTEGER integer, BIGINT bigint, DOUBLE double precision, VARCHAR text,
// DATE date, TIMESTAMP timestamp (without time zone). A table created for a merge gets a
// PRIMARY KEY on its key; an existing table gets a UNIQUE index on it when it lacks one.
// An existing table accepts columns of the same or a wider type (INTEGER into bigint,
// numbers into numeric, VARCHAR into varchar(n), DATE into timestamp), gains new nullable
// columns (ALTER TABLE ADD COLUMN) and gives NULL to its columns the rows lack; any other
// difference is a user_input error naming both schemas.
//
// A load is one transaction: an advisory lock on (pipeline, run_id, sink) and the ledger
// check (`_sluice_load_ledger`); the schema and table changes; the rows streamed with
// binary COPY — straight into the table for append/overwrite when its column types are
// exactly the mapped ones, otherwise into a TEMP staging table followed by INSERT ...
// SELECT (merge: INSERT ... ON CONFLICT (key) DO UPDATE); overwrite first removes the old
// rows with TRUNCATE (readers of the table wait for the commit, then see the new rows; a
// table that a foreign key refers to gets DELETE instead); then the ledger row and COMMIT.
// A failure anywhere, including a lost connection, rolls everything back.
//
// Thread-safety: one load at a time per object (one connection).
#pragma once

#include <memory>
#include <string>

#include "warehouse/warehouse.h"

namespace sluice::postgres {
class PostgresConnection;
}  // namespace sluice::postgres

namespace sluice::warehouse {

class PostgresWarehouse : public Warehouse {
 public:
  // Connects to `uri` (postgresql://user[:password]@host:port/database?...).
  explicit PostgresWarehouse(const std::string& uri);
  ~PostgresWarehouse() override;

  LoadResult Load(const LoadRequest& request, const ChunkProducer& next) override;
  bool AlreadyLoaded(const std::string& pipeline, const std::string& run_id,
                     const std::string& sink) override;
  std::string Describe() const override;

 private:
  LoadResult LoadInTransaction(const LoadRequest& request, const ChunkProducer& next);

  std::unique_ptr<postgres::PostgresConnection> connection_;
};

}  // namespace sluice::warehouse
