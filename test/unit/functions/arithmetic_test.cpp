#include <gtest/gtest.h>

#include <cmath>

#include "function_harness.h"

namespace sluice {
namespace {

using testing::Call;
using testing::CallConstant;
using testing::CallVectors;
using testing::MakeConstant;
using testing::MakeFlat;

std::string ErrorOf(const std::string& name, const std::vector<Value>& args) {
  try {
    Call(name, args);
  } catch (const Error& e) {
    return e.message();
  }
  return "no error";
}

TEST(ArithmeticTest, IntegerOperatorsKeepType) {
  Value r = Call("+", {Value::Integer(2), Value::Integer(3)});
  EXPECT_EQ(r.type(), TypeId::kInteger);
  EXPECT_EQ(r, Value::Integer(5));
  EXPECT_EQ(Call("-", {Value::Bigint(2), Value::Bigint(5)}), Value::Bigint(-3));
  EXPECT_EQ(Call("*", {Value::Integer(-4), Value::Integer(5)}), Value::Integer(-20));
  EXPECT_EQ(CallConstant("*", {Value::Integer(6), Value::Integer(7)}), Value::Integer(42));
}

TEST(ArithmeticTest, MixedTypesWiden) {
  Value r = Call("+", {Value::Integer(2), Value::Bigint(3)});
  EXPECT_EQ(r.type(), TypeId::kBigint);
  r = Call("*", {Value::Integer(2), Value::Double(1.5)});
  EXPECT_EQ(r.type(), TypeId::kDouble);
  EXPECT_DOUBLE_EQ(r.double_value(), 3.0);
}

TEST(ArithmeticTest, OverflowIsAnError) {
  EXPECT_EQ(ErrorOf("*", {Value::Integer(2147483647), Value::Integer(2)}),
            "Overflow in multiplication of INTEGER (2147483647 * 2)");
  EXPECT_EQ(ErrorOf("+", {Value::Bigint(INT64_MAX), Value::Bigint(1)}),
            "Overflow in addition of BIGINT (9223372036854775807 + 1)");
  EXPECT_NE(ErrorOf("-", {Value::Integer(INT32_MIN), Value::Integer(1)}), "no error");
  EXPECT_NE(ErrorOf("negate", {Value::Bigint(INT64_MIN)}), "no error");
}

TEST(ArithmeticTest, OverflowOnNullRowsIsIgnored) {
  Vector a = MakeFlat(TypeId::kInteger, {Value::Integer(1), Value::Integer(2147483647)});
  a.SetNull(1);  // the slot still holds INT_MAX
  Vector b = MakeConstant(Value::Integer(10), TypeId::kInteger);
  Vector r = CallVectors("+", {a, b}, 2);
  EXPECT_EQ(r.GetValue(0), Value::Integer(11));
  EXPECT_TRUE(r.GetValue(1).is_null());
}

// DuckDB 1.5.6: `/` is DOUBLE division with IEEE results (1/0 = inf, 0/0 = NaN);
// integer `//` and `%` by zero give NULL.
TEST(ArithmeticTest, DivisionIsDoubleWithIeeeResultsByZero) {
  Value r = Call("/", {Value::Integer(5), Value::Integer(2)});
  EXPECT_EQ(r.type(), TypeId::kDouble);
  EXPECT_DOUBLE_EQ(r.double_value(), 2.5);
  Value inf = Call("/", {Value::Integer(5), Value::Integer(0)});
  ASSERT_FALSE(inf.is_null());
  EXPECT_TRUE(std::isinf(inf.double_value()) && inf.double_value() > 0);
  Value neg_inf = Call("/", {Value::Double(-5), Value::Double(0)});
  EXPECT_TRUE(std::isinf(neg_inf.double_value()) && neg_inf.double_value() < 0);
  EXPECT_TRUE(std::isnan(Call("/", {Value::Double(0), Value::Double(0)}).double_value()));
  EXPECT_TRUE(std::isnan(Call("%", {Value::Double(1.5), Value::Double(0)}).double_value()));
  EXPECT_TRUE(Call("/", {Value::Null(TypeId::kDouble), Value::Double(2)}).is_null());
  Vector a = MakeFlat(TypeId::kBigint, {Value::Bigint(6), Value::Bigint(6), Value::Null()});
  Vector b = MakeFlat(TypeId::kBigint, {Value::Bigint(3), Value::Bigint(0), Value::Bigint(1)});
  Vector v = CallVectors("/", {a, b}, 3);
  EXPECT_DOUBLE_EQ(v.GetValue(0).double_value(), 2.0);
  EXPECT_TRUE(std::isinf(v.GetValue(1).double_value()));
  EXPECT_TRUE(v.GetValue(2).is_null());
}

TEST(ArithmeticTest, IntegerDivisionAndModulo) {
  EXPECT_EQ(Call("//", {Value::Integer(7), Value::Integer(2)}), Value::Integer(3));
  EXPECT_EQ(Call("//", {Value::Integer(-7), Value::Integer(2)}), Value::Integer(-3));
  EXPECT_TRUE(Call("//", {Value::Bigint(7), Value::Bigint(0)}).is_null());
  EXPECT_NE(ErrorOf("//", {Value::Bigint(INT64_MIN), Value::Bigint(-1)}), "no error");
  EXPECT_EQ(Call("%", {Value::Integer(7), Value::Integer(3)}), Value::Integer(1));
  EXPECT_EQ(Call("%", {Value::Integer(-7), Value::Integer(3)}), Value::Integer(-1));
  EXPECT_EQ(Call("%", {Value::Bigint(INT64_MIN), Value::Bigint(-1)}), Value::Bigint(0));
  EXPECT_TRUE(Call("%", {Value::Integer(7), Value::Integer(0)}).is_null());
  EXPECT_DOUBLE_EQ(Call("%", {Value::Double(7.5), Value::Double(2)}).double_value(), 1.5);
  EXPECT_TRUE(
      std::isnan(Call("mod", {Value::Double(7.5), Value::Double(0)}).double_value()));  // IEEE
}

TEST(ArithmeticTest, Negate) {
  EXPECT_EQ(Call("negate", {Value::Integer(5)}), Value::Integer(-5));
  EXPECT_EQ(Call("negate", {Value::Double(-1.5)}), Value::Double(1.5));
  EXPECT_TRUE(Call("negate", {Value::Null(TypeId::kInteger)}).is_null());
}

TEST(ArithmeticTest, DateArithmetic) {
  Value d = Value::Date(-1);  // 1969-12-31
  EXPECT_EQ(Call("+", {d, Value::Integer(1)}).ToString(), "1970-01-01");
  EXPECT_EQ(Call("+", {Value::Integer(60), Value::Varchar("2024-01-01").CastTo(TypeId::kDate)})
                .ToString(),
            "2024-03-01");
  EXPECT_EQ(Call("-", {d, Value::Integer(365)}).ToString(), "1968-12-31");
  Value diff = Call("-", {Value::Varchar("2024-03-01").CastTo(TypeId::kDate),
                          Value::Varchar("2024-02-01").CastTo(TypeId::kDate)});
  EXPECT_EQ(diff, Value::Bigint(29));
}

}  // namespace
}  // namespace sluice
