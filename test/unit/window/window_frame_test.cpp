// PhysicalWindow frames on one hand-checked partition: ROWS and RANGE offsets, empty frames,
// NULL and NaN ORDER BY keys, order-sensitive aggregates over sliding frames.
#include <gtest/gtest.h>

#include <cmath>

#include "window_test_util.h"

namespace sluice {
namespace {

using namespace window_testing;

// Rows already in ORDER BY o ASC NULLS LAST order: o = 1, 2, 2, 4, 7, NULL;
// v = 1, 2, 4, 8, 16, 32; s = a, b, c, NULL, e, f.
Table Sample() {
  Table t;
  t.types = {TypeId::kBigint, TypeId::kBigint, TypeId::kVarchar};
  int64_t o[] = {1, 2, 2, 4, 7};
  const char* s[] = {"a", "b", "c", nullptr, "e", "f"};
  for (int i = 0; i < 6; i++) {
    t.rows.push_back({i < 5 ? Value::Bigint(o[i]) : Value::Null(TypeId::kBigint),
                      Value::Bigint(int64_t{1} << i),
                      s[i] ? Value::Varchar(s[i]) : Value::Null(TypeId::kVarchar)});
  }
  return t;
}

WindowCall Sum(const Table& t, WindowFrame frame, bool descending = false) {
  std::vector<ExprPtr> args;
  args.push_back(Col(t, 1));
  WindowCall c = AggregateCall("sum", std::move(args));
  c.order_by.push_back(Key(t, 0, descending, false));
  c.frame = frame;
  return c;
}

using K = FrameBoundKind;
constexpr FrameUnit kRows = FrameUnit::kRows;
constexpr FrameUnit kRange = FrameUnit::kRange;

TEST(WindowFrameTest, RowsOffsets) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  calls.push_back(Sum(t, Frame(kRows, K::kPreceding, 1, K::kFollowing, 1)));
  calls.push_back(Sum(t, Frame(kRows, K::kPreceding, 3, K::kPreceding, 2)));  // empty at start
  calls.push_back(Sum(t, Frame(kRows, K::kCurrentRow, 0, K::kUnboundedFollowing, 0)));
  calls.push_back(Sum(t, Frame(kRows, K::kFollowing, 1, K::kFollowing, 2)));
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"3", "7", "14", "28", "56", "48"}));
  EXPECT_EQ(ColumnText(rows, 4), (Strings{"NULL", "NULL", "1", "3", "6", "12"}));
  EXPECT_EQ(ColumnText(rows, 5), (Strings{"63", "62", "60", "56", "48", "32"}));
  EXPECT_EQ(ColumnText(rows, 6), (Strings{"6", "12", "24", "48", "32", "NULL"}));
}

TEST(WindowFrameTest, RangeOffsetsAndPeers) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  calls.push_back(Sum(t, Frame(kRange, K::kPreceding, 1, K::kFollowing, 1)));
  calls.push_back(Sum(t, Frame(kRange, K::kCurrentRow, 0, K::kFollowing, 3)));
  calls.push_back(Sum(t, Frame(kRange, K::kPreceding, 2, K::kCurrentRow, 0), /*descending=*/true));
  WindowCall count = AggregateCall("count_star", {});
  count.order_by.push_back(Key(t, 0));
  count.frame = Frame(kRange, K::kUnboundedPreceding, 0, K::kPreceding, 1);
  calls.push_back(std::move(count));
  calls.push_back(Sum(t, WindowFrame{}));  // default: RANGE .. CURRENT ROW, peers included
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"7", "7", "7", "8", "16", "32"}));
  EXPECT_EQ(ColumnText(rows, 4), (Strings{"15", "14", "14", "24", "16", "32"}));
  EXPECT_EQ(ColumnText(rows, 5), (Strings{"7", "14", "14", "8", "16", "32"}));
  EXPECT_EQ(ColumnText(rows, 6), (Strings{"0", "1", "1", "3", "4", "6"}));
  EXPECT_EQ(ColumnText(rows, 7), (Strings{"1", "7", "7", "15", "31", "63"}));
}

TEST(WindowFrameTest, ValueFunctionsRespectFrames) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  auto value = [&](WindowFunctionKind kind, WindowFrame frame) {
    WindowCall c = Call(kind, TypeId::kVarchar);
    c.arguments.push_back(Col(t, 2));
    c.order_by.push_back(Key(t, 0));
    c.frame = frame;
    return c;
  };
  calls.push_back(
      value(WindowFunctionKind::kFirstValue, Frame(kRows, K::kFollowing, 1, K::kFollowing, 2)));
  calls.push_back(value(WindowFunctionKind::kLastValue,
                        Frame(kRows, K::kUnboundedPreceding, 0, K::kUnboundedFollowing, 0)));
  calls.push_back(value(WindowFunctionKind::kLastValue, WindowFrame{}));
  WindowCall nth =
      value(WindowFunctionKind::kNthValue, Frame(kRows, K::kPreceding, 2, K::kCurrentRow, 0));
  nth.arguments.push_back(Const(Value::Bigint(2)));
  nth.ignore_nulls = true;
  calls.push_back(std::move(nth));
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"b", "c", "NULL", "e", "f", "NULL"}));
  EXPECT_EQ(ColumnText(rows, 4), Strings(6, "f"));
  EXPECT_EQ(ColumnText(rows, 5), (Strings{"a", "c", "c", "NULL", "e", "f"}));
  EXPECT_EQ(ColumnText(rows, 6), (Strings{"NULL", "b", "b", "c", "e", "f"}));
}

TEST(WindowFrameTest, OrderSensitiveAggregateOverSlidingFrame) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  std::vector<ExprPtr> args;
  args.push_back(Col(t, 2));
  args.push_back(Const(Value::Varchar(",")));
  WindowCall agg = AggregateCall("string_agg", std::move(args));
  agg.order_by.push_back(Key(t, 0));
  agg.frame = Frame(kRows, K::kPreceding, 1, K::kCurrentRow, 0);
  calls.push_back(std::move(agg));
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"a", "a,b", "b,c", "c", "e", "e,f"}));
}

TEST(WindowFrameTest, LongPartitionSlidingSum) {
  // 5000 rows in one partition: the segment tree has three levels.
  Table t;
  t.types = {TypeId::kBigint, TypeId::kBigint};
  for (int64_t i = 0; i < 5000; i++) t.rows.push_back({Value::Bigint(i), Value::Bigint(i % 97)});
  std::vector<WindowCall> calls;
  std::vector<ExprPtr> args;
  args.push_back(Col(t, 1));
  WindowCall sum = AggregateCall("sum", std::move(args));
  sum.order_by.push_back(Key(t, 0));
  sum.frame = Frame(kRows, K::kPreceding, 700, K::kFollowing, 300);
  calls.push_back(std::move(sum));
  auto rows = RunWindow(t, std::move(calls), 2, 1024);
  ASSERT_EQ(rows.size(), 5000u);
  for (int64_t i = 0; i < 5000; i += 37) {
    int64_t expected = 0;
    for (int64_t j = std::max<int64_t>(0, i - 700); j <= std::min<int64_t>(4999, i + 300); j++) {
      expected += j % 97;
    }
    EXPECT_EQ(rows[static_cast<size_t>(i)][2].int_value(), expected) << i;
  }
}

TEST(WindowFrameTest, DoubleKeysZeroesNanAndNull) {
  Table t;
  t.types = {TypeId::kDouble};
  for (double d : {1.5, std::nan(""), -0.0, 0.0, -2.0}) t.rows.push_back({Value::Double(d)});
  t.rows.push_back({Value::Null(TypeId::kDouble)});
  std::vector<WindowCall> calls;
  WindowCall rank = Call(WindowFunctionKind::kRank, TypeId::kBigint);
  rank.order_by.push_back(Key(t, 0));
  calls.push_back(std::move(rank));
  WindowCall count = AggregateCall("count_star", {});
  count.order_by.push_back(Key(t, 0));
  count.frame = Frame(kRange, K::kPreceding, 2, K::kFollowing, 0);
  calls.push_back(std::move(count));
  WindowCall desc = Call(WindowFunctionKind::kRowNumber, TypeId::kBigint);
  desc.order_by.push_back(Key(t, 0, true, true));
  calls.push_back(std::move(desc));
  auto rows = RunWindow(t, std::move(calls));
  // ASC: -2, {-0, 0}, 1.5, NaN, NULL.
  EXPECT_EQ(ColumnText(rows, 1), (Strings{"4", "5", "2", "2", "1", "6"}));
  // Distance 2 back: -2 -> {-2}; 0 -> {-2, -0, 0}; 1.5 -> {-0, 0, 1.5}; NaN and NULL: peers.
  EXPECT_EQ(ColumnText(rows, 2), (Strings{"3", "1", "3", "3", "1", "1"}));
  // DESC NULLS FIRST: NULL, NaN, 1.5, -0 / 0 (input order), -2.
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"3", "2", "4", "5", "6", "1"}));
}

}  // namespace
}  // namespace sluice
