#include <gtest/gtest.h>

#include <cmath>

#include "function_harness.h"

namespace sluice {
namespace {

using testing::Call;
using testing::CallVectors;
using testing::MakeFlat;

Value D(double v) {
  return Value::Double(v);
}

TEST(MathTest, AbsSignRounding) {
  EXPECT_EQ(Call("abs", {Value::Integer(-3)}), Value::Integer(3));
  EXPECT_EQ(Call("abs", {D(-2.5)}), D(2.5));
  EXPECT_THROW(Call("abs", {Value::Bigint(INT64_MIN)}), Error);
  EXPECT_EQ(Call("sign", {D(-0.5)}), Value::Integer(-1));
  EXPECT_EQ(Call("sign", {Value::Bigint(0)}), Value::Integer(0));
  EXPECT_EQ(Call("round", {D(2.5)}), D(3));
  EXPECT_EQ(Call("round", {D(-2.5)}), D(-3));
  EXPECT_EQ(Call("round", {D(1.2345), Value::Integer(2)}), D(1.23));
  EXPECT_EQ(Call("round", {D(1250), Value::Integer(-2)}), D(1300));
  EXPECT_EQ(Call("round", {Value::Integer(7)}), Value::Integer(7));
  EXPECT_EQ(Call("floor", {D(-1.5)}), D(-2));
  EXPECT_EQ(Call("ceil", {D(-1.5)}), D(-1));
  EXPECT_EQ(Call("ceiling", {D(1.2)}), D(2));
  EXPECT_EQ(Call("trunc", {D(-1.7)}), D(-1));
}

TEST(MathTest, PowersAndLogs) {
  EXPECT_EQ(Call("sqrt", {D(16)}), D(4));
  EXPECT_EQ(Call("sqrt", {Value::Integer(9)}), D(3));
  EXPECT_THROW(Call("sqrt", {D(-1)}), Error);
  EXPECT_EQ(Call("power", {Value::Integer(2), Value::Integer(10)}), D(1024));
  EXPECT_EQ(Call("pow", {D(4), D(0.5)}), D(2));
  EXPECT_NEAR(Call("ln", {D(std::exp(2.0))}).double_value(), 2.0, 1e-12);
  EXPECT_EQ(Call("log10", {D(1000)}), D(3));
  EXPECT_EQ(Call("log", {D(100)}), D(2));
  EXPECT_EQ(Call("log2", {D(8)}), D(3));
  EXPECT_THROW(Call("ln", {D(0)}), Error);
  EXPECT_THROW(Call("log10", {D(-1)}), Error);
  EXPECT_EQ(Call("exp", {D(0)}), D(1));
  EXPECT_NEAR(Call("pi", {}).double_value(), 3.14159265, 1e-8);
}

TEST(MathTest, DomainErrorsIgnoreNullRows) {
  Vector v = MakeFlat(TypeId::kDouble, {D(4), D(-4)});
  v.SetNull(1);
  Vector r = CallVectors("sqrt", {v}, 2);
  EXPECT_EQ(r.GetValue(0), D(2));
  EXPECT_TRUE(r.GetValue(1).is_null());
}

TEST(MathTest, GreatestLeastSkipNulls) {
  EXPECT_EQ(Call("greatest", {Value::Integer(1), Value::Integer(5), Value::Integer(3)}),
            Value::Integer(5));
  EXPECT_EQ(Call("least", {Value::Integer(1), Value::Null(TypeId::kInteger), Value::Integer(-3)}),
            Value::Integer(-3));
  Value mixed = Call("greatest", {Value::Integer(1), D(1.5)});
  EXPECT_EQ(mixed, D(1.5));
  EXPECT_EQ(Call("greatest", {Value::Varchar("b"), Value::Varchar("abc")}), Value::Varchar("b"));
  EXPECT_TRUE(Call("least", {Value::Null(TypeId::kDate), Value::Null(TypeId::kDate)}).is_null());
}

TEST(MathTest, RandomIsVolatileAndInRange) {
  RegisterBuiltinFunctions();
  auto r = ScalarFunctionRegistry::Resolve("random", {});
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->function->is_volatile);
  Vector v = CallVectors("random", {}, 100);
  for (size_t i = 0; i < 100; i++) {
    double x = v.GetValue(i).double_value();
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 1.0);
  }
}

TEST(ConditionalTest, NullIf) {
  EXPECT_TRUE(Call("nullif", {Value::Integer(1), Value::Integer(1)}).is_null());
  EXPECT_EQ(Call("nullif", {Value::Integer(1), Value::Integer(2)}), Value::Integer(1));
  EXPECT_EQ(Call("nullif", {Value::Varchar("a"), Value::Null(TypeId::kVarchar)}),
            Value::Varchar("a"));
  EXPECT_TRUE(Call("nullif", {Value::Null(TypeId::kInteger), Value::Integer(2)}).is_null());
}

TEST(ConditionalTest, If) {
  EXPECT_EQ(Call("if", {Value::Boolean(true), Value::Integer(1), Value::Integer(2)}),
            Value::Integer(1));
  EXPECT_EQ(Call("iif", {Value::Boolean(false), Value::Varchar("a"), Value::Varchar("b")}),
            Value::Varchar("b"));
  EXPECT_EQ(Call("if", {Value::Null(TypeId::kBoolean), Value::Integer(1), Value::Integer(2)}),
            Value::Integer(2));
  EXPECT_TRUE(Call("if", {Value::Boolean(true), Value::Null(TypeId::kInteger), Value::Integer(2)})
                  .is_null());
}

TEST(HashTest, Md5AndHash) {
  EXPECT_EQ(Call("md5", {Value::Varchar("")}), Value::Varchar("d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_EQ(Call("md5", {Value::Varchar("abc")}),
            Value::Varchar("900150983cd24fb0d6963f7d28e17f72"));
  Value h1 = Call("hash", {Value::Varchar("abc")});
  EXPECT_EQ(h1.type(), TypeId::kBigint);
  EXPECT_EQ(h1, Call("hash", {Value::Varchar("abc")}));
  EXPECT_NE(h1, Call("hash", {Value::Varchar("abd")}));
  EXPECT_NE(Call("hash", {Value::Bigint(1)}), Call("hash", {Value::Bigint(2)}));
  EXPECT_TRUE(Call("hash", {Value::Null(TypeId::kBigint)}).is_null());
}

}  // namespace
}  // namespace sluice
