#include <gtest/gtest.h>

#include "storage/file_system.h"

namespace sluice {
namespace {

TEST(GlobTest, Matches) {
  EXPECT_TRUE(GlobMatch("data/*.csv", "data/a.csv"));
  EXPECT_FALSE(GlobMatch("data/*.csv", "data/x/a.csv"));
  EXPECT_TRUE(GlobMatch("data/**/*.csv", "data/x/y/a.csv"));
  EXPECT_TRUE(GlobMatch("data/**/*.csv", "data/a.csv"));
  EXPECT_TRUE(GlobMatch("f[0-9].txt", "f7.txt"));
  EXPECT_FALSE(GlobMatch("f[!0-9].txt", "f7.txt"));
  EXPECT_TRUE(GlobMatch("?.csv", "a.csv"));
}

}  // namespace
}  // namespace sluice
