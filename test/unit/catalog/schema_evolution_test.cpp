#include "catalog/schema_evolution.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace sluice::catalog {
namespace {

TEST(SchemaEvolutionTest, AllowedChanges) {
  Schema current = {
      {"id", TypeId::kInteger}, {"amount", TypeId::kBigint}, {"name", TypeId::kVarchar}};
  Schema evolved = EvolveSchema(
      "t", current,
      {{"id", TypeId::kBigint}, {"amount", TypeId::kDouble}, {"extra", TypeId::kDate}});
  ASSERT_EQ(evolved.size(), 4u);
  EXPECT_EQ(evolved[0].type, TypeId::kBigint);
  EXPECT_EQ(evolved[1].type, TypeId::kDouble);
  EXPECT_EQ(evolved[2].type, TypeId::kVarchar);  // missing from the data: kept
  EXPECT_EQ(evolved[3].name, "extra");
  // Narrower data into a wider column keeps the wider type.
  Schema kept = EvolveSchema("t", evolved, {{"id", TypeId::kInteger}});
  EXPECT_EQ(kept[0].type, TypeId::kBigint);
  EXPECT_TRUE(IsAllowedWidening(TypeId::kInteger, TypeId::kDouble));
  EXPECT_FALSE(IsAllowedWidening(TypeId::kDouble, TypeId::kBigint));
}

TEST(SchemaEvolutionTest, RefusedChangesNameTableAndBothSchemas) {
  Schema current = {{"qty", TypeId::kBigint}, {"d", TypeId::kDate}};
  try {
    EvolveSchema("sales.orders", current, {{"qty", TypeId::kVarchar}, {"d", TypeId::kTimestamp}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    const std::string& m = e.message();
    EXPECT_EQ(m.rfind("sales.orders: cannot change column 'qty' from BIGINT to VARCHAR; ", 0), 0u)
        << m;
    EXPECT_NE(m.find("cannot change column 'd' from DATE to TIMESTAMP"), std::string::npos) << m;
    EXPECT_NE(m.find("(qty BIGINT, d DATE)"), std::string::npos) << m;
    EXPECT_NE(m.find("(qty VARCHAR, d TIMESTAMP)"), std::string::npos) << m;
  }
  EXPECT_THROW(EvolveSchema("t", current, {{"qty", TypeId::kInteger}, {"x", TypeId::kNull}}),
               Error);
}

TEST(SchemaEvolutionTest, JsonRoundTrip) {
  Schema schema = {{"a b", TypeId::kTimestamp}, {"\"q\"", TypeId::kBoolean}};
  Schema back = SchemaFromJson(SchemaToJson(schema));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].name, "a b");
  EXPECT_EQ(back[0].type, TypeId::kTimestamp);
  EXPECT_EQ(back[1].name, "\"q\"");
  EXPECT_THROW(SchemaFromJson("{not json"), Error);
}

}  // namespace
}  // namespace sluice::catalog
