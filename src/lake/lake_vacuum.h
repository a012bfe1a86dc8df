// Vacuum — deletes files under a lake table's location that no snapshot references: the
// leftovers of writes that failed or crashed between writing files and committing them.
//
// A file younger than the grace period is kept, because it may belong to a write that is
// still in progress (its commit has not happened yet). Every file any snapshot ever
// referenced is kept (history stays readable with VERSION AS OF; snapshot expiry will
// come later). Other unreferenced files under the location count too (the location
// belongs to the table; half-written `*.tmp` files are typical), except names starting
// with '_' (metadata such as `_catalog.db`, `_SUCCESS`), which are never touched.
//
// Thread-safety: safe to run beside writers given a grace period longer than a write.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace sluice::lake {

struct VacuumResult {
  std::vector<std::string> removed;  // absolute paths
  uint64_t bytes = 0;
};

VacuumResult Vacuum(catalog::Catalog& catalog, const catalog::TableName& table,
                    std::chrono::seconds grace);
// Every table of the catalog.
VacuumResult VacuumAll(catalog::Catalog& catalog, std::chrono::seconds grace);

}  // namespace sluice::lake
