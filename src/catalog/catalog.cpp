#include "catalog/catalog.h"

#include "catalog/sqlite_catalog.h"
#include "common/error.h"

namespace sluice::catalog {

std::unique_ptr<Catalog> OpenCatalog(const std::string& uri) {
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0) {
    throw Error::NotSupported(
        "a PostgreSQL catalog ({}) is not available yet; use a SQLite file path", uri);
  }
  if (uri.find("://") != std::string::npos) {
    throw Error::UserInput("catalog {}: expected a local SQLite file path or postgresql://...",
                           uri);
  }
  return std::make_unique<SqliteCatalog>(uri);
}

std::string DefaultCatalogPath(const std::string& lake_root) {
  std::string root = lake_root;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root + "/_catalog.db";
}

}  // namespace sluice::catalog
