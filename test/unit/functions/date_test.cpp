#include <gtest/gtest.h>

#include "function_harness.h"
#include "types/text_codec.h"

namespace sluice {
namespace {

using testing::Call;
using testing::CallConstant;

Value S(const char* s) {
  return Value::Varchar(s);
}
Value Date(const char* s) {
  return Value::Varchar(s).CastTo(TypeId::kDate);
}
Value Ts(const char* s) {
  return Value::Varchar(s).CastTo(TypeId::kTimestamp);
}
Value I(int64_t v) {
  return Value::Bigint(v);
}

TEST(DateTest, DatePart) {
  Value ts = Ts("2024-02-29 13:45:30.123456");
  EXPECT_EQ(Call("date_part", {S("year"), ts}), I(2024));
  EXPECT_EQ(Call("date_part", {S("quarter"), ts}), I(1));
  EXPECT_EQ(Call("date_part", {S("month"), ts}), I(2));
  EXPECT_EQ(Call("date_part", {S("day"), ts}), I(29));
  EXPECT_EQ(Call("date_part", {S("hour"), ts}), I(13));
  EXPECT_EQ(Call("date_part", {S("minute"), ts}), I(45));
  EXPECT_EQ(Call("date_part", {S("second"), ts}), I(30));
  EXPECT_EQ(Call("date_part", {S("millisecond"), ts}), I(30123));
  EXPECT_EQ(Call("date_part", {S("microsecond"), ts}), I(30123456));
  EXPECT_EQ(Call("date_part", {S("dow"), ts}), I(4));  // Thursday
  EXPECT_EQ(Call("date_part", {S("isodow"), ts}), I(4));
  EXPECT_EQ(Call("date_part", {S("doy"), ts}), I(60));
  EXPECT_EQ(Call("date_part", {S("week"), ts}), I(9));
  EXPECT_EQ(Call("extract", {S("YEARS"), Date("1969-12-31")}), I(1969));
  EXPECT_EQ(Call("date_part", {S("epoch"), Ts("1970-01-02 00:00:00")}), I(86400));
  EXPECT_EQ(CallConstant("date_part", {S("dow"), Date("2024-03-03")}), I(0));  // Sunday
  EXPECT_THROW(Call("date_part", {S("fortnight"), ts}), Error);
}

TEST(DateTest, NamedExtractors) {
  EXPECT_EQ(Call("year", {Date("1900-03-01")}), I(1900));
  EXPECT_EQ(Call("month", {Date("1969-12-31")}), I(12));
  EXPECT_EQ(Call("day", {Date("1969-12-31")}), I(31));
  EXPECT_EQ(Call("hour", {Ts("1969-12-31 23:10:00")}), I(23));
  EXPECT_EQ(Call("minute", {Ts("1969-12-31 23:10:00")}), I(10));
  EXPECT_EQ(Call("dayofweek", {Date("1970-01-01")}), I(4));
  EXPECT_EQ(Call("week", {Date("2021-01-01")}), I(53));  // ISO week of the previous year
  EXPECT_EQ(Call("isoyear", {Date("2021-01-01")}), I(2020));
  EXPECT_EQ(Call("dayofyear", {Date("2023-12-31")}), I(365));
  EXPECT_EQ(Call("dayofyear", {Date("2024-12-31")}), I(366));
  EXPECT_DOUBLE_EQ(Call("epoch", {Ts("1970-01-01 00:00:01.5")}).double_value(), 1.5);
}

TEST(DateTest, DateTrunc) {
  Value ts = Ts("2024-05-17 13:45:30.5");
  EXPECT_EQ(Call("date_trunc", {S("year"), ts}), Ts("2024-01-01"));
  EXPECT_EQ(Call("date_trunc", {S("quarter"), ts}), Ts("2024-04-01"));
  EXPECT_EQ(Call("date_trunc", {S("month"), ts}), Ts("2024-05-01"));
  EXPECT_EQ(Call("date_trunc", {S("week"), ts}), Ts("2024-05-13"));  // Monday
  EXPECT_EQ(Call("date_trunc", {S("day"), ts}), Ts("2024-05-17"));
  EXPECT_EQ(Call("date_trunc", {S("hour"), ts}), Ts("2024-05-17 13:00:00"));
  EXPECT_EQ(Call("date_trunc", {S("minute"), ts}), Ts("2024-05-17 13:45:00"));
  EXPECT_EQ(Call("date_trunc", {S("second"), ts}), Ts("2024-05-17 13:45:30"));
  Value d = Call("date_trunc", {S("month"), Date("1969-12-31")});
  EXPECT_EQ(d.type(), TypeId::kDate);
  EXPECT_EQ(d, Date("1969-12-01"));
  EXPECT_EQ(Call("date_trunc", {S("hour"), Ts("1969-12-31 23:59:59")}), Ts("1969-12-31 23:00:00"));
  EXPECT_THROW(Call("date_trunc", {S("dow"), ts}), Error);
}

TEST(DateTest, DateDiffCountsBoundaries) {
  EXPECT_EQ(Call("date_diff", {S("month"), Date("2024-01-31"), Date("2024-02-01")}), I(1));
  EXPECT_EQ(Call("date_diff", {S("year"), Date("2023-12-31"), Date("2024-01-01")}), I(1));
  EXPECT_EQ(Call("datediff", {S("day"), Date("2024-03-01"), Date("2024-02-01")}), I(-29));
  EXPECT_EQ(Call("date_diff", {S("quarter"), Date("2024-03-31"), Date("2024-04-01")}), I(1));
  EXPECT_EQ(Call("date_diff", {S("hour"), Ts("2024-01-01 10:59:00"), Ts("2024-01-01 11:00:00")}),
            I(1));
  EXPECT_EQ(Call("date_diff", {S("week"), Date("2024-05-12"), Date("2024-05-13")}), I(1));
}

TEST(DateTest, Constructors) {
  EXPECT_EQ(Call("make_date", {I(2024), I(2), I(29)}), Date("2024-02-29"));
  EXPECT_THROW(Call("make_date", {I(2023), I(2), I(29)}), Error);
  EXPECT_EQ(Call("make_timestamp", {I(2024), I(1), I(2), I(3), I(4), Value::Double(5.25)}),
            Ts("2024-01-02 03:04:05.25"));
  EXPECT_EQ(Call("epoch_ms", {I(1500)}), Ts("1970-01-01 00:00:01.5"));
  EXPECT_EQ(Call("epoch_ms", {Ts("1970-01-01 00:00:01.5")}), I(1500));
  EXPECT_EQ(Call("to_timestamp", {Value::Double(-1.0)}), Ts("1969-12-31 23:59:59"));
  EXPECT_EQ(Call("date_add", {Date("2024-02-28"), Value::Integer(1)}), Date("2024-02-29"));
  EXPECT_EQ(Call("last_day", {Date("2024-02-10")}), Date("2024-02-29"));
  EXPECT_EQ(Call("last_day", {Date("2023-12-10")}), Date("2023-12-31"));
}

TEST(DateTest, Clock) {
  Value now = Call("now", {});
  EXPECT_EQ(now.type(), TypeId::kTimestamp);
  EXPECT_GT(now.int_value(), Ts("2020-01-01").int_value());
  Value today = Call("current_date", {});
  EXPECT_EQ(today.type(), TypeId::kDate);
}

TEST(DateTest, Strftime) {
  Value ts = Ts("2024-03-05 14:07:09.123456");
  EXPECT_EQ(Call("strftime", {ts, S("%Y-%m-%d %H:%M:%S")}), S("2024-03-05 14:07:09"));
  EXPECT_EQ(Call("strftime", {ts, S("%y %b %B %a %A %j")}), S("24 Mar March Tue Tuesday 065"));
  EXPECT_EQ(Call("strftime", {ts, S("%I%p %f %g %e %-d %-m %%")}), S("02PM 123456 123  5 5 3 %"));
  EXPECT_EQ(Call("strftime", {Date("1969-07-20"), S("%d/%m/%Y")}), S("20/07/1969"));
  EXPECT_THROW(Call("strftime", {ts, S("%Q")}), Error);
}

TEST(DateTest, Strptime) {
  EXPECT_EQ(Call("strptime", {S("2024-03-05 14:07:09"), S("%Y-%m-%d %H:%M:%S")}),
            Ts("2024-03-05 14:07:09"));
  EXPECT_EQ(Call("strptime", {S("05/03/2024"), S("%d/%m/%Y")}), Ts("2024-03-05"));
  EXPECT_EQ(Call("strptime", {S("March 5, 2024 2:07 PM"), S("%B %d, %Y %I:%M %p")}),
            Ts("2024-03-05 14:07:00"));
  EXPECT_EQ(Call("strptime", {S("2024-03-05 14:07:09.5"), S("%Y-%m-%d %H:%M:%S.%f")}),
            Ts("2024-03-05 14:07:09.5"));
  try {
    Call("strptime", {S("2024/03/05"), S("%Y-%m-%d")});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "strptime: could not parse '2024/03/05' with format '%Y-%m-%d'");
  }
  EXPECT_THROW(Call("strptime", {S("2023-02-29"), S("%Y-%m-%d")}), Error);
  EXPECT_TRUE(Call("try_strptime", {S("nope"), S("%Y-%m-%d")}).is_null());
  EXPECT_TRUE(Call("strptime", {Value::Null(TypeId::kVarchar), S("%Y")}).is_null());
}

}  // namespace
}  // namespace sluice
