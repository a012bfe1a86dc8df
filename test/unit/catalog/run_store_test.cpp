#include "catalog/run_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <set>

#include "catalog_test_dir.h"

namespace sluice::catalog {
namespace {

class RunStoreTest : public TempDirTest {};

// 20261125T031500Z-3fa9c1 (no <regex>: GCC 12 warns inside it under the sanitizers)
bool LooksLikeRunId(const std::string& id) {
  if (id.size() != 23 || id[8] != 'T' || id[15] != 'Z' || id[16] != '-') return false;
  for (size_t i = 0; i < 23; i++) {
    if (i == 8 || i == 15 || i == 16) continue;
    auto c = static_cast<unsigned char>(id[i]);
    bool ok = i < 16 ? std::isdigit(c) != 0 : (std::isdigit(c) != 0 || (c >= 'a' && c <= 'f'));
    if (!ok) return false;
  }
  return true;
}

TEST_F(RunStoreTest, RunIdsAreSortableAndUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 200; i++) {
    std::string id = NewRunId();
    EXPECT_TRUE(LooksLikeRunId(id)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 200u);
}

}  // namespace
}  // namespace sluice::catalog
