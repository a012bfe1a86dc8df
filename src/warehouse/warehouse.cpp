#include "warehouse/warehouse.h"

#include "common/error.h"
#include "warehouse/sqlite_warehouse.h"

namespace sluice::warehouse {

std::unique_ptr<Warehouse> OpenWarehouse(const std::string& uri) {
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0)
    throw Error::NotSupported("PostgreSQL warehouses are not built yet");
  if (uri.empty())
    throw Error::UserInput(
        "warehouse: empty location (expected a SQLite file such as "
        "./warehouse.db or a postgresql:// URI)");
  return std::make_unique<SqliteWarehouse>(uri);
}

}  // namespace sluice::warehouse
