#include "pipeline/sql_references.h"

#include <gtest/gtest.h>

namespace sluice::pipeline {
namespace {

using Names = std::vector<std::string>;

TEST(SqlReferencesTest, FindsTablesInFromAndJoin) {
  auto refs = FindTableReferences(
      "SELECT a.x FROM Orders a JOIN \"Customers\" c ON a.id = c.id, items WHERE 1");
  EXPECT_EQ(refs.names, (Names{"orders", "customers", "items"}));
  refs = FindTableReferences("SELECT * FROM sales.orders o LEFT JOIN read_csv('x.csv') r ON true");
  EXPECT_EQ(refs.names, Names{});
  EXPECT_EQ(refs.qualified_names, Names{"sales.orders"});
}

TEST(SqlReferencesTest, IgnoresLiteralsCommentsFunctionsAndCtes) {
  auto refs = FindTableReferences(
      "WITH t AS (SELECT * FROM base), u (a) AS (SELECT 1 FROM t)\n"
      "-- FROM commented\n/* FROM block */\n"
      "SELECT extract(year FROM ts), substring(s FROM 2), 'FROM quoted' FROM t, u JOIN other USING "
      "(id)");
  EXPECT_EQ(refs.names, (Names{"base", "other"}));
  refs = FindTableReferences("SELECT * FROM (SELECT * FROM inner_t) x, after_t");
  EXPECT_EQ(refs.names, (Names{"inner_t", "after_t"}));
  EXPECT_TRUE(FindTableReferences("SELECT 1").names.empty());
  EXPECT_TRUE(FindTableReferences("SELECT * FROM").names.empty());
  EXPECT_TRUE(FindTableReferences("'unterminated FROM x").names.empty());
}

}  // namespace
}  // namespace sluice::pipeline
