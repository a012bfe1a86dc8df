#include <gtest/gtest.h>

#include "function_harness.h"
#include "types/text_codec.h"

namespace sluice {
namespace {

using testing::MakeConstant;
using testing::MakeFlat;

Value CastOne(const Value& v, TypeId target, bool try_cast = false) {
  Vector in = MakeFlat(v.type(), {v});
  Vector out;
  CastVector(in, 1, target, try_cast, out);
  EXPECT_EQ(out.type(), target);
  return out.GetValue(0);
}

std::string CastError(const Value& v, TypeId target) {
  try {
    CastOne(v, target);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    return e.message();
  }
  return "no error";
}

TEST(CastTest, VarcharToNumbers) {
  EXPECT_EQ(CastOne(Value::Varchar("42"), TypeId::kInteger), Value::Integer(42));
  EXPECT_EQ(CastOne(Value::Varchar(" -7 "), TypeId::kBigint), Value::Bigint(-7));
  EXPECT_EQ(CastOne(Value::Varchar("12.5"), TypeId::kInteger), Value::Integer(13));
  EXPECT_EQ(CastOne(Value::Varchar("1.5e3"), TypeId::kDouble), Value::Double(1500));
  EXPECT_EQ(CastOne(Value::Varchar("9223372036854775807"), TypeId::kBigint),
            Value::Bigint(INT64_MAX));
}

TEST(CastTest, FailureNamesValueAndType) {
  EXPECT_EQ(CastError(Value::Varchar("abc"), TypeId::kInteger),
            "cannot cast VARCHAR 'abc' to INTEGER");
  EXPECT_EQ(CastError(Value::Bigint(3000000000LL), TypeId::kInteger),
            "cannot cast BIGINT 3000000000 to INTEGER: out of range for INTEGER");
  EXPECT_EQ(CastError(Value::Varchar("2024-13-01"), TypeId::kDate),
            "cannot cast VARCHAR '2024-13-01' to DATE");
  EXPECT_EQ(CastError(Value::Date(0), TypeId::kInteger), "cannot cast DATE 1970-01-01 to INTEGER");
  EXPECT_NE(CastError(Value::Double(1e300), TypeId::kBigint), "no error");
}

TEST(CastTest, TryCastGivesNull) {
  EXPECT_TRUE(CastOne(Value::Varchar("abc"), TypeId::kInteger, true).is_null());
  EXPECT_TRUE(CastOne(Value::Varchar("x"), TypeId::kTimestamp, true).is_null());
  EXPECT_TRUE(CastOne(Value::Double(1e300), TypeId::kInteger, true).is_null());
}

TEST(CastTest, NullRowsNeverFail) {
  Vector in = MakeFlat(TypeId::kVarchar, {Value::Varchar("1"), Value::Null(), Value::Varchar("3")});
  Vector out;
  CastVector(in, 3, TypeId::kInteger, false, out);
  EXPECT_EQ(out.GetValue(0), Value::Integer(1));
  EXPECT_TRUE(out.GetValue(1).is_null());
  EXPECT_EQ(out.GetValue(2), Value::Integer(3));
}

TEST(CastTest, DoubleRoundsHalfAwayFromZero) {
  // DOUBLE -> integer rounds half to even (DuckDB 1.5.6 and PostgreSQL, measured).
  EXPECT_EQ(CastOne(Value::Double(2.5), TypeId::kInteger), Value::Integer(2));
  EXPECT_EQ(CastOne(Value::Double(-2.5), TypeId::kInteger), Value::Integer(-2));
  EXPECT_EQ(CastOne(Value::Double(3.5), TypeId::kInteger), Value::Integer(4));
  EXPECT_EQ(CastOne(Value::Double(2.4), TypeId::kBigint), Value::Bigint(2));
}

TEST(CastTest, DatesAndTimestamps) {
  int64_t ts;
  ASSERT_TRUE(ParseTimestamp("1969-12-31 23:00:00", &ts));
  // TIMESTAMP -> DATE floors, also before 1970.
  EXPECT_EQ(CastOne(Value::Timestamp(ts), TypeId::kDate), Value::Date(-1));
  EXPECT_EQ(CastOne(Value::Date(1), TypeId::kTimestamp), Value::Timestamp(kMicrosPerDay));
  EXPECT_EQ(CastOne(Value::Varchar("2024-02-29"), TypeId::kDate).ToString(), "2024-02-29");
  EXPECT_EQ(CastOne(Value::Varchar("2024-02-29 10:11:12.5"), TypeId::kDate).ToString(),
            "2024-02-29");
  EXPECT_EQ(CastOne(Value::Varchar("2024-02-29T10:11:12"), TypeId::kTimestamp).ToString(),
            "2024-02-29 10:11:12");
  EXPECT_TRUE(CastOne(Value::Varchar("2023-02-29"), TypeId::kDate, true).is_null());
}

TEST(CastTest, AnythingToVarchar) {
  EXPECT_EQ(CastOne(Value::Integer(-5), TypeId::kVarchar), Value::Varchar("-5"));
  EXPECT_EQ(CastOne(Value::Double(2.0), TypeId::kVarchar), Value::Varchar("2.0"));
  EXPECT_EQ(CastOne(Value::Boolean(true), TypeId::kVarchar), Value::Varchar("true"));
  EXPECT_EQ(CastOne(Value::Date(-1), TypeId::kVarchar), Value::Varchar("1969-12-31"));
  EXPECT_EQ(CastOne(Value::Timestamp(1500000), TypeId::kVarchar),
            Value::Varchar("1970-01-01 00:00:01.5"));
}

TEST(CastTest, BooleanConversions) {
  EXPECT_EQ(CastOne(Value::Varchar("yes"), TypeId::kBoolean), Value::Boolean(true));
  EXPECT_EQ(CastOne(Value::Integer(0), TypeId::kBoolean), Value::Boolean(false));
  EXPECT_EQ(CastOne(Value::Boolean(true), TypeId::kBigint), Value::Bigint(1));
  EXPECT_EQ(CastOne(Value::Double(0.5), TypeId::kBoolean), Value::Boolean(true));
}

TEST(CastTest, ConstantInputFillsEveryRow) {
  Vector in = MakeConstant(Value::Varchar("17"), TypeId::kVarchar);
  Vector out;
  CastVector(in, 5, TypeId::kBigint, false, out);
  EXPECT_FALSE(out.is_constant());
  for (size_t i = 0; i < 5; i++) EXPECT_EQ(out.GetValue(i), Value::Bigint(17));
  Vector null_in = MakeConstant(Value::Null(TypeId::kVarchar), TypeId::kVarchar);
  CastVector(null_in, 3, TypeId::kDate, false, out);
  EXPECT_TRUE(out.GetValue(2).is_null());
}

TEST(CastTest, SameTypeKeepsStrings) {
  Vector in = MakeFlat(TypeId::kVarchar, {Value::Varchar("héllo"), Value::Null()});
  Vector out;
  CastVector(in, 2, TypeId::kVarchar, false, out);
  EXPECT_EQ(out.GetValue(0), Value::Varchar("héllo"));
  EXPECT_TRUE(out.GetValue(1).is_null());
}

TEST(CastTest, UntypedNullCastsToNull) {
  Vector in(TypeId::kNull, 2);
  in.SetNull(0);
  in.SetNull(1);
  Vector out;
  CastVector(in, 2, TypeId::kVarchar, false, out);
  EXPECT_TRUE(out.GetValue(1).is_null());
}

}  // namespace
}  // namespace sluice
