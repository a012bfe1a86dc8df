// The SQLite catalog and run store: the shared cases run on a file in a temporary directory,
// and what only a file has (a file that is not a database, the default path).
#include "catalog/sqlite_catalog.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "catalog_backend.h"
#include "catalog_test_dir.h"
#include "common/error.h"

namespace sluice::catalog {
namespace {

class SqliteBackend final : public testing::CatalogBackend {
 public:
  SqliteBackend()
      : dir_(std::filesystem::temp_directory_path() /
             ("sluice_catalog_backend_" + std::to_string(::getpid()))) {}
  ~SqliteBackend() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string SkipReason() override { return ""; }
  std::string Reset() override {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    return (dir_ / "_catalog.db").string();
  }

 private:
  std::filesystem::path dir_;
};

class SqliteCatalogTest : public TempDirTest {};

TEST_F(SqliteCatalogTest, NotADatabaseIsAClearError) {
  {
    std::ofstream out(Path("junk.db"));
    out << "this is not a sqlite database, just some text that is long enough to have a "
           "header......";
  }
  try {
    SqliteCatalog catalog(Path("junk.db"));
    FAIL() << "opening a non-database must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("junk.db"), std::string::npos) << e.message();
  }
  try {
    OpenCatalog("s3://bucket/_catalog.db");
    FAIL() << "a catalog on S3 must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
  }
  EXPECT_EQ(DefaultCatalogPath("lake/"), "lake/_catalog.db");
}

}  // namespace

namespace testing {
CatalogBackendFactory TestedCatalogBackend() {
  return []() -> CatalogBackend& {
    static SqliteBackend backend;
    return backend;
  };
}
}  // namespace testing

}  // namespace sluice::catalog
