#include "lake/lake_catalog_location.h"

#include <cstdlib>

#include "catalog/catalog.h"
#include "common/error.h"

namespace sluice::lake {

bool IsObjectStorePath(std::string_view path) {
  return path.find("://") != std::string_view::npos;
}

std::string ResolveCatalogUri(const std::string& lake_root,
                              const std::optional<std::string>& explicit_catalog) {
  if (explicit_catalog && !explicit_catalog->empty()) return *explicit_catalog;
  if (const char* env = std::getenv("SLUICE_CATALOG"); env != nullptr && *env != '\0') return env;
  if (!IsObjectStorePath(lake_root)) return catalog::DefaultCatalogPath(lake_root);
  throw Error::UserInput(
      "lake {}: a lake on an object store needs its catalog named (the SQLite catalog cannot "
      "live in the bucket): add 'catalog: ./lake_catalog.db' to the pipeline, or pass "
      "--catalog FILE to sluice query/catalog, or set SLUICE_CATALOG=FILE; every run and "
      "query of this lake must use the same catalog",
      lake_root);
}

}  // namespace sluice::lake
