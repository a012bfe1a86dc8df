// The catalog and run store implementations under test: the shared cases
// (catalog_conformance_test.cpp, catalog_concurrency_test.cpp, run_store_conformance_test.cpp)
// run against the back end the test program names with TestedCatalogBackend(), so SQLite
// and PostgreSQL are held to the same behaviour.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/run_store.h"

namespace sluice::catalog::testing {

class CatalogBackend {
 public:
  virtual ~CatalogBackend() = default;
  // Empty when the back end can run here, else why not.
  virtual std::string SkipReason() = 0;
  // Empties the store and returns the URI (a SQLite path or postgresql://...) that
  // OpenCatalog and OpenRunStore open it by; several opens are separate connections, as
  // separate processes would have.
  virtual std::string Reset() = 0;
};

using CatalogBackendFactory = CatalogBackend& (*)();
CatalogBackendFactory TestedCatalogBackend();

// A fixture that gives each test an empty store.
class CatalogBackendTest : public ::testing::TestWithParam<CatalogBackendFactory> {
 protected:
  void SetUp() override {
    CatalogBackend& backend = GetParam()();
    std::string reason = backend.SkipReason();
    if (!reason.empty()) GTEST_SKIP() << reason;
    uri_ = backend.Reset();
  }
  std::unique_ptr<Catalog> NewCatalog() { return OpenCatalog(uri_); }
  std::unique_ptr<RunStore> NewRunStore() { return OpenRunStore(uri_); }

  std::string uri_;
};

// The table most cases use: sales.orders (order_id BIGINT, qty INTEGER, region VARCHAR),
// partitioned by region.
inline TableSpec OrdersSpec() {
  TableSpec spec;
  spec.name = TableName::Parse("sales.orders");
  spec.location = "/lake/sales/orders";
  spec.schema = {
      {"order_id", TypeId::kBigint}, {"qty", TypeId::kInteger}, {"region", TypeId::kVarchar}};
  spec.partition_columns = {"region"};
  return spec;
}

inline DataFile File(const std::string& path, uint64_t rows,
                     std::optional<std::string> region = "eu") {
  return DataFile{path, rows, rows * 10, {{"region", region}}, ""};
}

inline CommitRequest Commit(int64_t parent, std::vector<DataFile> added,
                            SnapshotOperation op = SnapshotOperation::kAppend) {
  CommitRequest r;
  r.table = TableName::Parse("sales.orders");
  r.expected_parent = parent;
  r.operation = op;
  r.run_id = "run-" + std::to_string(parent + 1);
  r.added = std::move(added);
  return r;
}

inline std::vector<std::string> Paths(const std::vector<DataFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.path);
  return out;
}

}  // namespace sluice::catalog::testing
