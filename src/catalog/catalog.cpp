#include "catalog/catalog.h"

#include "catalog/postgres_catalog.h"
#include "catalog/postgres_run_store.h"
#include "catalog/run_store.h"
#include "catalog/sqlite_catalog.h"
#include "catalog/sqlite_run_store.h"
#include "common/error.h"
#include "postgres/postgres_connection.h"

namespace sluice::catalog {

std::unique_ptr<Catalog> OpenCatalog(const std::string& uri) {
  if (postgres::IsPostgresUri(uri)) return std::make_unique<PostgresCatalog>(uri);
  if (uri.find("://") != std::string::npos) {
    throw Error::UserInput("catalog {}: expected a local SQLite file path or postgresql://...",
                           uri);
  }
  return std::make_unique<SqliteCatalog>(uri);
}

std::unique_ptr<RunStore> OpenRunStore(const std::string& uri) {
  if (postgres::IsPostgresUri(uri)) return std::make_unique<PostgresRunStore>(uri);
  if (uri.find("://") != std::string::npos) {
    throw Error::UserInput("run store {}: expected a local SQLite file path or postgresql://...",
                           uri);
  }
  return std::make_unique<SqliteRunStore>(uri);
}

std::string DescribeCatalogUri(const std::string& uri) {
  if (!postgres::IsPostgresUri(uri)) return uri;
  try {
    return "postgresql " + postgres::DescribePostgresUri(uri, "catalog");
  } catch (const Error&) {
    return "postgresql (unparsable URI)";
  }
}

std::string DefaultCatalogPath(const std::string& lake_root) {
  std::string root = lake_root;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root + "/_catalog.db";
}

}  // namespace sluice::catalog
