// read_postgres — reads a PostgreSQL table (typically one the warehouse loaded) as a table
// function, so `sluice query` can look at the warehouse:
//
//   SELECT * FROM read_postgres('postgresql://user@host:5432/dw', 'analytics.daily_revenue')
//
// Column types map back to sluice's: boolean BOOLEAN; smallint, integer INTEGER; bigint
// BIGINT; real, double precision, numeric DOUBLE; date DATE; timestamp TIMESTAMP;
// timestamptz TIMESTAMP in UTC; anything else VARCHAR (PostgreSQL's text form). Only the
// needed columns are read, over one connection per scan with binary COPY ... TO STDOUT;
// a scan is one stream (one worker). Infinite dates and timestamps are user_input errors.
//
// Thread-safety: as TableSource (schema and Scan from one thread; Next is serialized).
#pragma once

#include <memory>
#include <string>

#include "formats/table_source.h"

namespace sluice::warehouse {

// Opens the table far enough to know its schema. Throws user_input for a missing table
// and the connection's errors (see postgres_connection.h).
std::unique_ptr<TableSource> OpenPostgresTable(const std::string& uri, const std::string& table);

// Registers read_postgres(uri, table) in the TableFunctionRegistry. Idempotent.
void RegisterPostgresTableFunction();

}  // namespace sluice::warehouse
