#include <gtest/gtest.h>

#include "function_harness.h"

namespace sluice {
namespace {

using testing::Aggregate;

std::vector<std::vector<Value>> Column(const std::vector<Value>& values) {
  std::vector<std::vector<Value>> rows;
  for (const auto& v : values) rows.push_back({v});
  return rows;
}

TEST(CountSumAvgTest, Count) {
  auto rows = Column({Value::Integer(1), Value::Null(), Value::Integer(3)});
  EXPECT_EQ(Aggregate("count", {TypeId::kInteger}, rows), Value::Bigint(2));
  EXPECT_EQ(Aggregate("count", {TypeId::kInteger}, {}), Value::Bigint(0));
  std::vector<std::vector<Value>> star(5);
  EXPECT_EQ(Aggregate("count_star", {}, star), Value::Bigint(5));
}

TEST(CountSumAvgTest, SumOfIntegers) {
  auto rows = Column({Value::Integer(1), Value::Null(), Value::Integer(3), Value::Integer(-10)});
  Value sum = Aggregate("sum", {TypeId::kInteger}, rows);
  EXPECT_EQ(sum.type(), TypeId::kBigint);
  EXPECT_EQ(sum, Value::Bigint(-6));
  EXPECT_TRUE(Aggregate("sum", {TypeId::kInteger}, Column({Value::Null()})).is_null());
  EXPECT_TRUE(Aggregate("sum", {TypeId::kBigint}, {}).is_null());
}

TEST(CountSumAvgTest, SumSurvivesIntermediateOverflow) {
  // The partial sums exceed BIGINT but the total fits.
  auto rows = Column({Value::Bigint(INT64_MAX), Value::Bigint(INT64_MAX), Value::Bigint(INT64_MAX),
                      Value::Bigint(-INT64_MAX), Value::Bigint(-INT64_MAX)});
  EXPECT_EQ(Aggregate("sum", {TypeId::kBigint}, rows), Value::Bigint(INT64_MAX));
}

TEST(CountSumAvgTest, SumOverflowOfTheResultIsAnError) {
  auto rows = Column({Value::Bigint(INT64_MAX), Value::Bigint(INT64_MAX)});
  EXPECT_THROW(Aggregate("sum", {TypeId::kBigint}, rows), Error);
}

TEST(CountSumAvgTest, SumAndAvgOfDoubles) {
  auto rows = Column({Value::Double(1.5), Value::Double(2.5), Value::Null(), Value::Double(5)});
  EXPECT_DOUBLE_EQ(Aggregate("sum", {TypeId::kDouble}, rows).double_value(), 9.0);
  EXPECT_DOUBLE_EQ(Aggregate("avg", {TypeId::kDouble}, rows).double_value(), 3.0);
  EXPECT_TRUE(Aggregate("avg", {TypeId::kDouble}, {}).is_null());
}

TEST(CountSumAvgTest, AvgOfIntegersIsExact) {
  auto rows = Column({Value::Integer(1), Value::Integer(2), Value::Integer(2), Value::Integer(2)});
  Value avg = Aggregate("avg", {TypeId::kInteger}, rows);
  EXPECT_EQ(avg.type(), TypeId::kDouble);
  EXPECT_DOUBLE_EQ(avg.double_value(), 1.75);
  auto big = Column({Value::Bigint(INT64_MAX), Value::Bigint(INT64_MAX)});
  EXPECT_DOUBLE_EQ(Aggregate("avg", {TypeId::kBigint}, big).double_value(),
                   static_cast<double>(INT64_MAX));
}

TEST(MinMaxTest, Numbers) {
  auto rows = Column({Value::Integer(5), Value::Integer(-2), Value::Null(), Value::Integer(9)});
  EXPECT_EQ(Aggregate("min", {TypeId::kInteger}, rows), Value::Integer(-2));
  EXPECT_EQ(Aggregate("max", {TypeId::kInteger}, rows), Value::Integer(9));
  auto doubles = Column({Value::Double(0.5), Value::Double(-1.25)});
  EXPECT_EQ(Aggregate("min", {TypeId::kDouble}, doubles), Value::Double(-1.25));
  EXPECT_TRUE(Aggregate("max", {TypeId::kBigint}, {}).is_null());
}

TEST(MinMaxTest, StringsAreOwnedCopies) {
  auto rows = Column({Value::Varchar("pear"), Value::Varchar("apple"), Value::Null(),
                      Value::Varchar("a much longer string than the others"), Value::Varchar("")});
  EXPECT_EQ(Aggregate("min", {TypeId::kVarchar}, rows), Value::Varchar(""));
  EXPECT_EQ(Aggregate("max", {TypeId::kVarchar}, rows), Value::Varchar("pear"));
  EXPECT_TRUE(Aggregate("min", {TypeId::kVarchar}, Column({Value::Null()})).is_null());
}

TEST(MinMaxTest, DatesTimestampsBooleans) {
  auto dates = Column({Value::Date(-400), Value::Date(20000), Value::Date(0)});
  EXPECT_EQ(Aggregate("min", {TypeId::kDate}, dates), Value::Date(-400));
  EXPECT_EQ(Aggregate("max", {TypeId::kDate}, dates), Value::Date(20000));
  auto ts = Column({Value::Timestamp(-1), Value::Timestamp(1)});
  EXPECT_EQ(Aggregate("max", {TypeId::kTimestamp}, ts), Value::Timestamp(1));
  auto bools = Column({Value::Boolean(true), Value::Boolean(false)});
  EXPECT_EQ(Aggregate("min", {TypeId::kBoolean}, bools), Value::Boolean(false));
}

TEST(MinMaxTest, GroupedUpdateKeepsGroupsApart) {
  RegisterBuiltinFunctions();
  auto r = AggregateFunctionRegistry::Resolve("max", {TypeId::kVarchar});
  ASSERT_TRUE(r.has_value());
  const AggregateFunction& f = *r->function;
  std::vector<uint64_t> a(f.state_size / 8 + 1), b(f.state_size / 8 + 1);
  auto* sa = reinterpret_cast<uint8_t*>(a.data());
  auto* sb = reinterpret_cast<uint8_t*>(b.data());
  f.initialize(sa);
  f.initialize(sb);
  Vector col = testing::MakeFlat(TypeId::kVarchar, {Value::Varchar("b"), Value::Varchar("y"),
                                                    Value::Varchar("c"), Value::Varchar("x")});
  uint8_t* states[] = {sa, sb, sa, sb};
  f.update({col}, states, 4);
  Vector out(TypeId::kVarchar, 2);
  f.finalize(sa, out, 0);
  f.finalize(sb, out, 1);
  EXPECT_EQ(out.GetValue(0), Value::Varchar("c"));
  EXPECT_EQ(out.GetValue(1), Value::Varchar("y"));
  f.destroy(sa);
  f.destroy(sb);
}

}  // namespace
}  // namespace sluice
