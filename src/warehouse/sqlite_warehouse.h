// SqliteWarehouse — the embedded default warehouse: one SQLite file (./warehouse.db).
//
// SQLite has no schemas, so the table "analytics.daily_revenue" is stored as the SQLite
// table named exactly that, quoted: `sqlite3 warehouse.db 'SELECT * FROM
// "analytics.daily_revenue"'`. Types map to SQLite storage classes: BOOLEAN, INTEGER and
// BIGINT -> INTEGER; DOUBLE -> REAL; VARCHAR -> TEXT; DATE -> TEXT 'YYYY-MM-DD';
// TIMESTAMP -> TEXT 'YYYY-MM-DD HH:MM:SS[.ffffff]'. A merge table gets a PRIMARY KEY on its
// key (or, for an existing table, a UNIQUE index).
//
// An existing table accepts rows whose columns it has (or which it can widen to: INTEGER
// into REAL), gains new columns (ALTER TABLE ADD COLUMN, NULL in older rows) and gives
// NULL to its columns the rows lack; any other difference is a user_input error naming
// both schemas.
//
// A load runs in one BEGIN IMMEDIATE transaction: the ledger check, the table changes,
// the rows (append: inserted; overwrite: DELETE then insert; merge: staged in a TEMP table
// with a UNIQUE key, then INSERT ... ON CONFLICT DO UPDATE) and the ledger row
// `_sluice_load_ledger`. The write lock is held while the producer runs; other writers of
// the file wait up to the busy timeout and then fail with a retryable error.
//
// Thread-safety: one load at a time per object (the connection serializes its users).
#pragma once

#include <memory>
#include <string>

#include "warehouse/warehouse.h"

namespace sluice::catalog {
class SqliteConnection;
}

namespace sluice::warehouse {

class SqliteWarehouse : public Warehouse {
 public:
  // Opens (creating it if needed) the SQLite file at `path`. A load waits up to
  // `busy_timeout_ms` for another writer's lock before failing as retryable.
  explicit SqliteWarehouse(std::string path, int busy_timeout_ms = 10000);
  ~SqliteWarehouse() override;

  LoadResult Load(const LoadRequest& request, const ChunkProducer& next) override;
  bool AlreadyLoaded(const std::string& pipeline, const std::string& run_id,
                     const std::string& sink) override;
  std::string Describe() const override { return "sqlite " + path_; }

 private:
  class LoadTransaction;

  std::string path_;
  std::unique_ptr<catalog::SqliteConnection> connection_;
};

}  // namespace sluice::warehouse
