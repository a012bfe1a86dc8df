#include <gtest/gtest.h>

#include <cmath>

#include "function_harness.h"
#include "types/text_codec.h"

namespace sluice {
namespace {

using testing::Call;
using testing::CallConstant;
using testing::CallVectors;
using testing::MakeConstant;
using testing::MakeFlat;

TEST(ComparisonTest, EveryOperatorOnIntegers) {
  Value a = Value::Integer(1), b = Value::Integer(2);
  EXPECT_EQ(Call("=", {a, b}), Value::Boolean(false));
  EXPECT_EQ(Call("<>", {a, b}), Value::Boolean(true));
  EXPECT_EQ(Call("<", {a, b}), Value::Boolean(true));
  EXPECT_EQ(Call("<=", {b, b}), Value::Boolean(true));
  EXPECT_EQ(Call(">", {a, b}), Value::Boolean(false));
  EXPECT_EQ(Call(">=", {a, b}), Value::Boolean(false));
  EXPECT_EQ(CallConstant("=", {b, b}), Value::Boolean(true));
}

TEST(ComparisonTest, MixedNumericTypes) {
  EXPECT_EQ(Call("=", {Value::Integer(2), Value::Double(2.0)}), Value::Boolean(true));
  EXPECT_EQ(Call("<", {Value::Bigint(2), Value::Double(2.5)}), Value::Boolean(true));
  EXPECT_EQ(Call(">", {Value::Integer(3), Value::Bigint(2)}), Value::Boolean(true));
}

TEST(ComparisonTest, StringsCompareBytewise) {
  EXPECT_EQ(Call("<", {Value::Varchar("abc"), Value::Varchar("abd")}), Value::Boolean(true));
  EXPECT_EQ(Call("<", {Value::Varchar("ab"), Value::Varchar("abc")}), Value::Boolean(true));
  EXPECT_EQ(Call("<", {Value::Varchar(""), Value::Varchar("a")}), Value::Boolean(true));
  EXPECT_EQ(Call("=", {Value::Varchar(""), Value::Varchar("")}), Value::Boolean(true));
  EXPECT_EQ(Call(">", {Value::Varchar("é"), Value::Varchar("z")}), Value::Boolean(true));
  EXPECT_EQ(Call("<>", {Value::Varchar("a"), Value::Varchar("A")}), Value::Boolean(true));
}

TEST(ComparisonTest, DatesTimestampsBooleans) {
  Value d = Value::Date(10);
  Value ts = Value::Timestamp(10 * kMicrosPerDay + 1);
  EXPECT_EQ(Call("<", {d, ts}), Value::Boolean(true));
  EXPECT_EQ(Call("=", {Value::Date(-5), Value::Date(-5)}), Value::Boolean(true));
  EXPECT_EQ(Call("<", {Value::Boolean(false), Value::Boolean(true)}), Value::Boolean(true));
}

TEST(ComparisonTest, NullsPropagate) {
  EXPECT_TRUE(Call("=", {Value::Null(TypeId::kInteger), Value::Integer(1)}).is_null());
  EXPECT_TRUE(Call("=", {Value::Null(), Value::Varchar("x")}).is_null());
}

TEST(ComparisonTest, ColumnAgainstConstantBothSides) {
  Vector col = MakeFlat(TypeId::kBigint, {Value::Bigint(1), Value::Bigint(5), Value::Bigint(9)});
  Vector five = MakeConstant(Value::Bigint(5), TypeId::kBigint);
  Vector r = CallVectors("<", {col, five}, 3);
  EXPECT_EQ(r.GetValue(0), Value::Boolean(true));
  EXPECT_EQ(r.GetValue(1), Value::Boolean(false));
  EXPECT_EQ(r.GetValue(2), Value::Boolean(false));
  r = CallVectors("<", {five, col}, 3);
  EXPECT_EQ(r.GetValue(0), Value::Boolean(false));
  EXPECT_EQ(r.GetValue(2), Value::Boolean(true));
  Vector col2 = MakeFlat(TypeId::kBigint, {Value::Bigint(1), Value::Bigint(6), Value::Bigint(9)});
  r = CallVectors(">=", {col, col2}, 3);
  EXPECT_EQ(r.GetValue(0), Value::Boolean(true));
  EXPECT_EQ(r.GetValue(1), Value::Boolean(false));
  EXPECT_EQ(r.GetValue(2), Value::Boolean(true));
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

TEST(ComparisonTest, NanIsEqualToItselfAndLargest) {
  using testing::Call;
  Value nan = Value::Double(std::nan(""));
  Value inf = Value::Double(INFINITY);
  EXPECT_EQ(Call("=", {nan, nan}), Value::Boolean(true));
  EXPECT_EQ(Call("<>", {nan, nan}), Value::Boolean(false));
  EXPECT_EQ(Call(">", {nan, inf}), Value::Boolean(true));
  EXPECT_EQ(Call("<", {inf, nan}), Value::Boolean(true));
  EXPECT_EQ(Call("<=", {nan, nan}), Value::Boolean(true));
  EXPECT_EQ(Call(">=", {Value::Double(1), nan}), Value::Boolean(false));
  EXPECT_EQ(Call("<", {Value::Double(1), Value::Double(2)}), Value::Boolean(true));
}

}  // namespace
}  // namespace sluice
