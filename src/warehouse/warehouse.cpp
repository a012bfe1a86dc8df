#include "warehouse/warehouse.h"

#include "common/error.h"
#include "warehouse/postgres_warehouse.h"
#include "warehouse/sqlite_warehouse.h"

namespace sluice::warehouse {

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
