#include "warehouse/warehouse.h"

#include "common/error.h"
#include "warehouse/postgres_table_source.h"
#include "warehouse/postgres_warehouse.h"
#include "warehouse/sqlite_warehouse.h"

namespace sluice::warehouse {
namespace {

// read_postgres(uri, table) comes with the warehouse: any program that can load a
// warehouse can also query it.
const bool kReadPostgresRegistered = (RegisterPostgresTableFunction(), true);

}  // namespace

std::unique_ptr<Warehouse> OpenWarehouse(const std::string& uri) {
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0)
    return std::make_unique<PostgresWarehouse>(uri);
  if (uri.empty())
    throw Error::UserInput(
        "warehouse: empty location (expected a SQLite file such as "
        "./warehouse.db or a postgresql:// URI)");
  return std::make_unique<SqliteWarehouse>(uri);
}

}  // namespace sluice::warehouse
