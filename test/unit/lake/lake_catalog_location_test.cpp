// Which catalog serves a lake root: inside a local lake, named for an object-store lake.
#include "lake/lake_catalog_location.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "common/error.h"

namespace sluice::lake {
namespace {

TEST(LakeCatalogLocationTest, LocalLakesKeepTheirCatalogInside) {
  ::unsetenv("SLUICE_CATALOG");
  EXPECT_EQ(ResolveCatalogUri("./lake/", std::nullopt), "./lake/_catalog.db");
  EXPECT_EQ(ResolveCatalogUri("/data/lake", std::string("/meta/c.db")), "/meta/c.db");
  EXPECT_FALSE(IsObjectStorePath("/data/lake"));
  EXPECT_TRUE(IsObjectStorePath("s3://bucket/lake"));
}

TEST(LakeCatalogLocationTest, AnObjectStoreLakeNeedsItsCatalogNamed) {
  ::unsetenv("SLUICE_CATALOG");
  try {
    ResolveCatalogUri("s3://bucket/lake", std::nullopt);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("lake s3://bucket/lake"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("catalog: ./lake_catalog.db"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("--catalog"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("SLUICE_CATALOG"), std::string::npos) << e.message();
  }
  EXPECT_EQ(ResolveCatalogUri("s3://bucket/lake", std::string("./c.db")), "./c.db");
  ::setenv("SLUICE_CATALOG", "/meta/lake.db", 1);
  EXPECT_EQ(ResolveCatalogUri("s3://bucket/lake", std::nullopt), "/meta/lake.db");
  EXPECT_EQ(ResolveCatalogUri("s3://bucket/lake", std::string("./c.db")), "./c.db");
  EXPECT_EQ(ResolveCatalogUri("./lake", std::nullopt), "/meta/lake.db");
  ::unsetenv("SLUICE_CATALOG");
}

}  // namespace
}  // namespace sluice::lake
