#include <gtest/gtest.h>

#include <cmath>

#include "function_harness.h"

namespace sluice {
namespace {

using testing::Aggregate;

std::vector<std::vector<Value>> Column(const std::vector<Value>& values) {
  std::vector<std::vector<Value>> rows;
  for (const auto& v : values) rows.push_back({v});
  return rows;
}

std::vector<std::vector<Value>> Doubles(std::initializer_list<double> values) {
  std::vector<std::vector<Value>> rows;
  for (double v : values) rows.push_back({Value::Double(v)});
  return rows;
}

TEST(StatisticsTest, VarianceAndStddev) {
  // 2, 4, 4, 4, 5, 5, 7, 9: population variance 4, sample variance 32/7.
  auto rows = Doubles({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_NEAR(Aggregate("var_pop", {TypeId::kDouble}, rows).double_value(), 4.0, 1e-12);
  EXPECT_NEAR(Aggregate("stddev_pop", {TypeId::kDouble}, rows).double_value(), 2.0, 1e-12);
  EXPECT_NEAR(Aggregate("variance", {TypeId::kDouble}, rows).double_value(), 32.0 / 7, 1e-12);
  EXPECT_NEAR(Aggregate("stddev", {TypeId::kDouble}, rows).double_value(), std::sqrt(32.0 / 7),
              1e-12);
  EXPECT_NEAR(
      Aggregate("stddev_samp", {TypeId::kInteger}, Column({Value::Integer(1), Value::Integer(3)}))
          .double_value(),
      std::sqrt(2.0), 1e-12);
}

TEST(StatisticsTest, SmallGroups) {
  auto one = Doubles({5});
  EXPECT_TRUE(Aggregate("stddev_samp", {TypeId::kDouble}, one).is_null());
  EXPECT_EQ(Aggregate("var_pop", {TypeId::kDouble}, one), Value::Double(0));
  EXPECT_TRUE(Aggregate("var_pop", {TypeId::kDouble}, {}).is_null());
}

TEST(StatisticsTest, StableForLargeOffsets) {
  auto rows = Doubles({1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16});
  EXPECT_NEAR(Aggregate("var_samp", {TypeId::kDouble}, rows).double_value(), 30.0, 1e-6);
}

TEST(QuantileTest, MedianAndQuantileCont) {
  EXPECT_EQ(Aggregate("median", {TypeId::kDouble}, Doubles({3, 1, 2})), Value::Double(2));
  EXPECT_EQ(Aggregate("median", {TypeId::kDouble}, Doubles({4, 1, 2, 3})), Value::Double(2.5));
  EXPECT_EQ(Aggregate("median", {TypeId::kInteger},
                      Column({Value::Integer(1), Value::Null(), Value::Integer(10)})),
            Value::Double(5.5));
  EXPECT_TRUE(Aggregate("median", {TypeId::kDouble}, {}).is_null());
  std::vector<std::vector<Value>> rows;
  for (int i = 1; i <= 5; i++) rows.push_back({Value::Double(i), Value::Double(0.25)});
  EXPECT_EQ(Aggregate("quantile_cont", {TypeId::kDouble, TypeId::kDouble}, rows), Value::Double(2));
}

TEST(QuantileTest, QuantileDiscKeepsTheType) {
  std::vector<std::vector<Value>> rows;
  for (int i = 1; i <= 4; i++) rows.push_back({Value::Bigint(i * 10), Value::Double(0.5)});
  Value v = Aggregate("quantile_disc", {TypeId::kBigint, TypeId::kDouble}, rows);
  EXPECT_EQ(v, Value::Bigint(20));
  rows.assign(1, {Value::Bigint(1), Value::Double(1.5)});
  EXPECT_THROW(Aggregate("quantile_disc", {TypeId::kBigint, TypeId::kDouble}, rows), Error);
}

TEST(StringAggTest, JoinsWithSeparator) {
  auto rows =
      Column({Value::Varchar("a"), Value::Null(), Value::Varchar("b"), Value::Varchar("c")});
  EXPECT_EQ(Aggregate("string_agg", {TypeId::kVarchar}, rows), Value::Varchar("a,b,c"));
  std::vector<std::vector<Value>> with_sep = {{Value::Varchar("x"), Value::Varchar(" | ")},
                                              {Value::Varchar("y"), Value::Varchar(" | ")},
                                              {Value::Varchar("z"), Value::Varchar(" | ")}};
  EXPECT_EQ(Aggregate("string_agg", {TypeId::kVarchar, TypeId::kVarchar}, with_sep),
            Value::Varchar("x | y | z"));
  EXPECT_TRUE(Aggregate("string_agg", {TypeId::kVarchar}, {}).is_null());
}

TEST(FoldTest, BoolAndOrProduct) {
  auto rows = Column({Value::Boolean(true), Value::Null(), Value::Boolean(false)});
  EXPECT_EQ(Aggregate("bool_and", {TypeId::kBoolean}, rows), Value::Boolean(false));
  EXPECT_EQ(Aggregate("bool_or", {TypeId::kBoolean}, rows), Value::Boolean(true));
  EXPECT_EQ(Aggregate("bool_and", {TypeId::kBoolean}, Column({Value::Boolean(true)})),
            Value::Boolean(true));
  EXPECT_TRUE(Aggregate("bool_or", {TypeId::kBoolean}, {}).is_null());
  EXPECT_EQ(Aggregate("product", {TypeId::kInteger},
                      Column({Value::Integer(2), Value::Integer(3), Value::Integer(-4)})),
            Value::Double(-24));
}

TEST(HyperLogLogTest, ExactishForSmallAndCloseForLarge) {
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 10; i++) rows.push_back({Value::Bigint(i % 5)});
  EXPECT_EQ(Aggregate("approx_count_distinct", {TypeId::kBigint}, rows), Value::Bigint(5));
  rows.clear();
  for (int i = 0; i < 50000; i++)
    rows.push_back({Value::Varchar("key" + std::to_string(i % 20000))});
  int64_t estimate = Aggregate("approx_count_distinct", {TypeId::kVarchar}, rows).int_value();
  EXPECT_NEAR(static_cast<double>(estimate), 20000.0, 20000.0 * 0.05);
  EXPECT_EQ(Aggregate("approx_count_distinct", {TypeId::kVarchar}, {}), Value::Bigint(0));
}

TEST(ArgMinMaxTest, PicksTheValueAtTheExtreme) {
  std::vector<std::vector<Value>> rows = {{Value::Varchar("a"), Value::Integer(3)},
                                          {Value::Varchar("b"), Value::Integer(1)},
                                          {Value::Varchar("c"), Value::Integer(7)},
                                          {Value::Varchar("d"), Value::Null()},
                                          {Value::Varchar("e"), Value::Integer(5)}};
  EXPECT_EQ(Aggregate("arg_min", {TypeId::kVarchar, TypeId::kInteger}, rows), Value::Varchar("b"));
  EXPECT_EQ(Aggregate("arg_max", {TypeId::kVarchar, TypeId::kInteger}, rows), Value::Varchar("c"));
  std::vector<std::vector<Value>> by_name = {{Value::Double(1.5), Value::Varchar("zeta")},
                                             {Value::Double(2.5), Value::Varchar("alpha")}};
  EXPECT_EQ(Aggregate("min_by", {TypeId::kDouble, TypeId::kVarchar}, by_name), Value::Double(2.5));
  EXPECT_TRUE(Aggregate("max_by", {TypeId::kDouble, TypeId::kVarchar}, {}).is_null());
}

TEST(FirstValueTest, SomeNonNullValue) {
  auto rows = Column({Value::Null(), Value::Varchar("x"), Value::Varchar("y")});
  EXPECT_EQ(Aggregate("first", {TypeId::kVarchar}, rows), Value::Varchar("x"));
  EXPECT_EQ(Aggregate("any_value", {TypeId::kInteger}, Column({Value::Integer(4)})),
            Value::Integer(4));
  EXPECT_TRUE(Aggregate("first", {TypeId::kDate}, Column({Value::Null()})).is_null());
}

}  // namespace
}  // namespace sluice
