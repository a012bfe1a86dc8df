#include "types/text_codec.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "types/value.h"

namespace sluice {
namespace {

TEST(TextCodecTest, DatesRoundTripAcrossEras) {
  for (int32_t d : {-719528, -1, 0, 1, 10957, 19000, 2932896}) {
    int32_t back;
    ASSERT_TRUE(ParseDate(FormatDate(d), &back)) << FormatDate(d);
    EXPECT_EQ(back, d);
  }
  int32_t d;
  ASSERT_TRUE(ParseDate("2024-02-29", &d));
  EXPECT_EQ(FormatDate(d), "2024-02-29");
  EXPECT_FALSE(ParseDate("2023-02-29", &d));
  EXPECT_FALSE(ParseDate("2023-13-01", &d));
  EXPECT_FALSE(ParseDate("2023-01-01x", &d));
}

TEST(TextCodecTest, Timestamps) {
  int64_t ts;
  ASSERT_TRUE(ParseTimestamp("2024-03-05 07:08:09.5", &ts));
  EXPECT_EQ(FormatTimestamp(ts), "2024-03-05 07:08:09.5");
  ASSERT_TRUE(ParseTimestamp("2024-03-05T07:08:09Z", &ts));
  EXPECT_EQ(FormatTimestamp(ts), "2024-03-05 07:08:09");
  ASSERT_TRUE(ParseTimestamp("1969-12-31 23:59:59", &ts));
  EXPECT_EQ(ts, -kMicrosPerSecond);
  EXPECT_EQ(FormatTimestamp(ts), "1969-12-31 23:59:59");
  EXPECT_FALSE(ParseTimestamp("2024-03-05 25:00:00", &ts));
}

TEST(TextCodecTest, Numbers) {
  int64_t i;
  EXPECT_TRUE(ParseInt64(" 42 ", &i));
  EXPECT_EQ(i, 42);
  EXPECT_FALSE(ParseInt64("4 2", &i));
  EXPECT_FALSE(ParseInt64("", &i));
  EXPECT_FALSE(ParseInt64("99999999999999999999", &i));
  int32_t i32;
  EXPECT_FALSE(ParseInt32("3000000000", &i32));
  double d;
  EXPECT_TRUE(ParseDouble("1.5e3", &d));
  EXPECT_EQ(d, 1500);
  std::string s;
  AppendDouble(3, s);
  EXPECT_EQ(s, "3.0");
  s.clear();
  AppendDouble(-0.0, s);
  EXPECT_EQ(s, "-0.0");
}

TEST(ValueTest, CastsFollowSqlRules) {
  EXPECT_EQ(Value::Varchar("12").CastTo(TypeId::kInteger).int_value(), 12);
  // DOUBLE -> integer rounds half to even (DuckDB 1.5 and PostgreSQL).
  EXPECT_EQ(Value::Double(2.5).CastTo(TypeId::kBigint).int_value(), 2);
  EXPECT_EQ(Value::Double(-2.5).CastTo(TypeId::kBigint).int_value(), -2);
  EXPECT_EQ(Value::Double(3.5).CastTo(TypeId::kBigint).int_value(), 4);
  EXPECT_THROW(Value::Varchar("12x").CastTo(TypeId::kBigint), Error);
  EXPECT_TRUE(Value::Varchar("12x").TryCastTo(TypeId::kBigint).is_null());
  EXPECT_EQ(Value::Varchar("2024-01-02 10:00:00").CastTo(TypeId::kDate).ToString(), "2024-01-02");
  EXPECT_EQ(Value::Bigint(3).Compare(Value::Double(3.5)), -1);
  EXPECT_EQ(Value::Null().Compare(Value::Bigint(1)), 1);
}

}  // namespace
}  // namespace sluice
