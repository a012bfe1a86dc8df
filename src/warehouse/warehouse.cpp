#include "warehouse/warehouse.h"

#include "common/error.h"
#include "postgres/postgres_connection.h"
#include "warehouse/postgres_table_source.h"
#include "warehouse/postgres_warehouse.h"
#include "warehouse/sqlite_warehouse.h"

namespace sluice::warehouse {
namespace {

// read_postgres(uri, table) comes with the warehouse: any program that can load a
// warehouse can also query it.
const bool kReadPostgresRegistered = (RegisterPostgresTableFunction(), true);

using postgres::DescribePostgresUri;
using postgres::IsPostgresUri;
}  // namespace

std::string DescribeWarehouseUri(const std::string& uri) {
  if (!IsPostgresUri(uri)) return "sqlite " + uri;
  try {
    return "postgresql " + DescribePostgresUri(uri, "warehouse");
  } catch (const Error&) {
    return "postgresql (unparsable URI)";
  }
}

std::unique_ptr<Warehouse> OpenWarehouse(const std::string& uri) {
  if (IsPostgresUri(uri)) return std::make_unique<PostgresWarehouse>(uri);
  if (uri.empty())
    throw Error::UserInput(
        "warehouse: empty location (expected a SQLite file such as "
        "./warehouse.db or a postgresql:// URI)");
  return std::make_unique<SqliteWarehouse>(uri);
}

}  // namespace sluice::warehouse
