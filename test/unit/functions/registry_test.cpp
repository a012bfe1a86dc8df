#include <gtest/gtest.h>

#include <algorithm>

#include "function_harness.h"

namespace sluice {
namespace {

TEST(ScalarRegistryTest, ExactMatchWins) {
  RegisterBuiltinFunctions();
  auto r = ScalarFunctionRegistry::Resolve("+", {TypeId::kInteger, TypeId::kInteger});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->function->return_type, TypeId::kInteger);
  EXPECT_EQ(r->argument_types, (std::vector<TypeId>{TypeId::kInteger, TypeId::kInteger}));
}

TEST(ScalarRegistryTest, MixedNumericPicksTheWiderType) {
  RegisterBuiltinFunctions();
  auto r = ScalarFunctionRegistry::Resolve("+", {TypeId::kInteger, TypeId::kBigint});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->function->return_type, TypeId::kBigint);
  EXPECT_EQ(r->argument_types, (std::vector<TypeId>{TypeId::kBigint, TypeId::kBigint}));
  r = ScalarFunctionRegistry::Resolve("*", {TypeId::kDouble, TypeId::kInteger});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->function->return_type, TypeId::kDouble);
  r = ScalarFunctionRegistry::Resolve("<", {TypeId::kDate, TypeId::kTimestamp});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->argument_types, (std::vector<TypeId>{TypeId::kTimestamp, TypeId::kTimestamp}));
}

TEST(ScalarRegistryTest, NamesAreCaseInsensitive) {
  RegisterBuiltinFunctions();
  EXPECT_TRUE(ScalarFunctionRegistry::Exists("NEGATE"));
  EXPECT_TRUE(ScalarFunctionRegistry::Resolve("Negate", {TypeId::kBigint}).has_value());
  EXPECT_FALSE(ScalarFunctionRegistry::Exists("no_such_function"));
}

TEST(ScalarRegistryTest, VarcharDoesNotCastToNumbers) {
  RegisterBuiltinFunctions();
  EXPECT_FALSE(ScalarFunctionRegistry::Resolve("+", {TypeId::kVarchar, TypeId::kInteger}));
  EXPECT_FALSE(ScalarFunctionRegistry::Resolve("=", {TypeId::kVarchar, TypeId::kInteger}));
}

TEST(ScalarRegistryTest, NullLiteralMatchesAnything) {
  RegisterBuiltinFunctions();
  auto r = ScalarFunctionRegistry::Resolve("=", {TypeId::kNull, TypeId::kVarchar});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->argument_types, (std::vector<TypeId>{TypeId::kVarchar, TypeId::kVarchar}));
}

TEST(ScalarRegistryTest, DateArithmetic) {
  RegisterBuiltinFunctions();
  auto r = ScalarFunctionRegistry::Resolve("+", {TypeId::kDate, TypeId::kInteger});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->function->return_type, TypeId::kDate);
  r = ScalarFunctionRegistry::Resolve("-", {TypeId::kDate, TypeId::kDate});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->function->return_type, TypeId::kBigint);
}

TEST(ScalarRegistryTest, SignaturesForMessages) {
  RegisterBuiltinFunctions();
  auto sigs = ScalarFunctionRegistry::Signatures("negate");
  EXPECT_NE(std::find(sigs.begin(), sigs.end(), "negate(BIGINT)"), sigs.end());
  EXPECT_TRUE(ScalarFunctionRegistry::Signatures("nope").empty());
  auto names = ScalarFunctionRegistry::Names();
  EXPECT_NE(std::find(names.begin(), names.end(), "+"), names.end());
}

TEST(ScalarRegistryTest, RegisterIsIdempotent) {
  RegisterBuiltinFunctions();
  size_t before = ScalarFunctionRegistry::Signatures("+").size();
  RegisterBuiltinFunctions();
  EXPECT_EQ(ScalarFunctionRegistry::Signatures("+").size(), before);
}

TEST(AggregateRegistryTest, ResolvesByArgumentType) {
  RegisterBuiltinFunctions();
  auto r = AggregateFunctionRegistry::Resolve("SUM", {TypeId::kInteger});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->function->return_type, TypeId::kBigint);
  r = AggregateFunctionRegistry::Resolve("avg", {TypeId::kInteger});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->function->return_type, TypeId::kDouble);
  r = AggregateFunctionRegistry::Resolve("min", {TypeId::kVarchar});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->function->return_type, TypeId::kVarchar);
  r = AggregateFunctionRegistry::Resolve("count_star", {});
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->function->ignores_nulls);
  r = AggregateFunctionRegistry::Resolve("count", {TypeId::kDate});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->argument_types, (std::vector<TypeId>{TypeId::kDate}));
  EXPECT_FALSE(AggregateFunctionRegistry::Resolve("sum", {TypeId::kVarchar}).has_value());
  auto sigs = AggregateFunctionRegistry::Signatures("sum");
  EXPECT_NE(std::find(sigs.begin(), sigs.end(), "sum(DOUBLE)"), sigs.end());
}

}  // namespace
}  // namespace sluice
