// PhysicalWindow: every window function on a small hand-checked table, NULL keys, empty
// input, validation errors, several specs in one operator.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/error.h"
#include "exec/projection.h"
#include "expr/scalar_function.h"
#include "window_test_util.h"

namespace sluice {
namespace {

using namespace window_testing;

// p INTEGER, o BIGINT, x VARCHAR. Partitions in window order (ORDER BY o ASC NULLS LAST):
//   p=1: rows 0 (o=10, 'a'), 3 (10, 'c'), 2 (20, NULL), 6 (30, 'f')
//   p=2: rows 1 (5, 'b'), 8 (5, 'h'), 4 (NULL, 'd')
//   p=NULL: rows 5 (1, 'e'), 7 (2, 'g')
Table Sample() {
  Table t;
  t.types = {TypeId::kInteger, TypeId::kBigint, TypeId::kVarchar};
  auto row = [](Value p, Value o, Value x) { return Row{p, o, x}; };
  Value null_int = Value::Null(TypeId::kInteger), null_big = Value::Null(TypeId::kBigint);
  Value null_str = Value::Null(TypeId::kVarchar);
  t.rows = {row(Value::Integer(1), Value::Bigint(10), Value::Varchar("a")),
            row(Value::Integer(2), Value::Bigint(5), Value::Varchar("b")),
            row(Value::Integer(1), Value::Bigint(20), null_str),
            row(Value::Integer(1), Value::Bigint(10), Value::Varchar("c")),
            row(Value::Integer(2), null_big, Value::Varchar("d")),
            row(null_int, Value::Bigint(1), Value::Varchar("e")),
            row(Value::Integer(1), Value::Bigint(30), Value::Varchar("f")),
            row(null_int, Value::Bigint(2), Value::Varchar("g")),
            row(Value::Integer(2), Value::Bigint(5), Value::Varchar("h"))};
  return t;
}

WindowCall Spec(const Table& t, WindowCall call, bool partition = true, bool order = true) {
  if (partition) call.partition_by.push_back(Col(t, 0));
  if (order) call.order_by.push_back(Key(t, 1));
  return call;
}

std::vector<double> Doubles(const std::vector<Row>& rows, size_t column) {
  std::vector<double> out;
  for (const auto& r : rows) out.push_back(r[column].double_value());
  return out;
}

TEST(WindowTest, OutputKeepsInputColumnsAndOrder) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  calls.push_back(Spec(t, Call(WindowFunctionKind::kRowNumber, TypeId::kBigint)));
  auto rows = RunWindow(t, std::move(calls));
  ASSERT_EQ(rows.size(), t.rows.size());
  for (size_t i = 0; i < rows.size(); i++) {
    ASSERT_EQ(rows[i].size(), 4u);
    for (size_t c = 0; c < 3; c++) EXPECT_EQ(rows[i][c].ToString(), t.rows[i][c].ToString());
  }
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"1", "1", "3", "2", "3", "1", "4", "2", "2"}));
}

TEST(WindowTest, RankingFunctions) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  calls.push_back(Spec(t, Call(WindowFunctionKind::kRank, TypeId::kBigint)));
  calls.push_back(Spec(t, Call(WindowFunctionKind::kDenseRank, TypeId::kBigint)));
  calls.push_back(Spec(t, Call(WindowFunctionKind::kPercentRank, TypeId::kDouble)));
  calls.push_back(Spec(t, Call(WindowFunctionKind::kCumeDist, TypeId::kDouble)));
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"1", "1", "3", "1", "3", "1", "4", "2", "1"}));
  EXPECT_EQ(ColumnText(rows, 4), (Strings{"1", "1", "2", "1", "2", "1", "3", "2", "1"}));
  std::vector<double> percent = {0, 0, 2.0 / 3, 0, 1, 0, 1, 1, 0};
  std::vector<double> cume = {0.5, 2.0 / 3, 0.75, 0.5, 1, 0.5, 1, 1, 2.0 / 3};
  auto p = Doubles(rows, 5), c = Doubles(rows, 6);
  for (size_t i = 0; i < rows.size(); i++) {
    EXPECT_NEAR(p[i], percent[i], 1e-12) << i;
    EXPECT_NEAR(c[i], cume[i], 1e-12) << i;
  }
}

TEST(WindowTest, Ntile) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  WindowCall two = Spec(t, Call(WindowFunctionKind::kNtile, TypeId::kBigint));
  two.arguments.push_back(Const(Value::Bigint(2)));
  calls.push_back(std::move(two));
  WindowCall three = Spec(t, Call(WindowFunctionKind::kNtile, TypeId::kBigint));
  three.arguments.push_back(Const(Value::Bigint(3)));
  calls.push_back(std::move(three));
  WindowCall null_count = Spec(t, Call(WindowFunctionKind::kNtile, TypeId::kBigint));
  null_count.arguments.push_back(Const(Value::Null(TypeId::kBigint)));
  calls.push_back(std::move(null_count));
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"1", "1", "2", "1", "2", "1", "2", "2", "1"}));
  EXPECT_EQ(ColumnText(rows, 4), (Strings{"1", "1", "2", "1", "3", "1", "3", "2", "2"}));
  EXPECT_EQ(ColumnText(rows, 5), Strings(9, "NULL"));
}

TEST(WindowTest, NtileRejectsZero) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  WindowCall zero = Spec(t, Call(WindowFunctionKind::kNtile, TypeId::kBigint));
  zero.arguments.push_back(Const(Value::Bigint(0)));
  calls.push_back(std::move(zero));
  EXPECT_THROW(RunWindow(t, std::move(calls)), Error);
}

TEST(WindowTest, LagLead) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  WindowCall lag = Spec(t, Call(WindowFunctionKind::kLag, TypeId::kVarchar));
  lag.arguments.push_back(Col(t, 2));
  calls.push_back(std::move(lag));
  WindowCall lead = Spec(t, Call(WindowFunctionKind::kLead, TypeId::kVarchar));
  lead.arguments.push_back(Col(t, 2));
  lead.arguments.push_back(Const(Value::Bigint(2)));
  lead.arguments.push_back(Const(Value::Varchar("z")));
  calls.push_back(std::move(lead));
  WindowCall lag_ignore = Spec(t, Call(WindowFunctionKind::kLag, TypeId::kVarchar));
  lag_ignore.arguments.push_back(Col(t, 2));
  lag_ignore.ignore_nulls = true;
  calls.push_back(std::move(lag_ignore));
  WindowCall lag_negative = Spec(t, Call(WindowFunctionKind::kLag, TypeId::kBigint));
  lag_negative.arguments.push_back(Col(t, 1));
  lag_negative.arguments.push_back(Const(Value::Bigint(-1)));  // behaves like lead(o, 1)
  calls.push_back(std::move(lag_negative));
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_EQ(ColumnText(rows, 3),
            (Strings{"NULL", "NULL", "c", "a", "h", "NULL", "NULL", "e", "b"}));
  EXPECT_EQ(ColumnText(rows, 4), (Strings{"NULL", "d", "z", "f", "z", "z", "z", "z", "z"}));
  EXPECT_EQ(ColumnText(rows, 5), (Strings{"NULL", "NULL", "c", "a", "h", "NULL", "c", "e", "b"}));
  EXPECT_EQ(ColumnText(rows, 6),
            (Strings{"10", "5", "30", "20", "NULL", "2", "NULL", "NULL", "NULL"}));
}

TEST(WindowTest, FirstLastNthValue) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  auto value_call = [&](WindowFunctionKind kind) {
    WindowCall c = Spec(t, Call(kind, TypeId::kVarchar));
    c.arguments.push_back(Col(t, 2));
    return c;
  };
  calls.push_back(value_call(WindowFunctionKind::kFirstValue));
  calls.push_back(value_call(WindowFunctionKind::kLastValue));  // default frame: last peer
  WindowCall last_ignore = value_call(WindowFunctionKind::kLastValue);
  last_ignore.ignore_nulls = true;
  calls.push_back(std::move(last_ignore));
  WindowCall nth = value_call(WindowFunctionKind::kNthValue);
  nth.arguments.push_back(Const(Value::Bigint(2)));
  nth.frame = Frame(FrameUnit::kRows, FrameBoundKind::kUnboundedPreceding, 0,
                    FrameBoundKind::kUnboundedFollowing, 0);
  calls.push_back(std::move(nth));
  WindowCall nth_default = value_call(WindowFunctionKind::kNthValue);
  nth_default.arguments.push_back(Const(Value::Bigint(3)));
  calls.push_back(std::move(nth_default));
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"a", "b", "a", "a", "b", "e", "a", "e", "b"}));
  EXPECT_EQ(ColumnText(rows, 4), (Strings{"c", "h", "NULL", "c", "d", "e", "f", "g", "h"}));
  EXPECT_EQ(ColumnText(rows, 5), (Strings{"c", "h", "c", "c", "d", "e", "f", "g", "h"}));
  EXPECT_EQ(ColumnText(rows, 6), (Strings{"c", "h", "c", "c", "h", "g", "c", "g", "h"}));
  EXPECT_EQ(ColumnText(rows, 7),
            (Strings{"NULL", "NULL", "NULL", "NULL", "d", "NULL", "NULL", "NULL", "NULL"}));
}

TEST(WindowTest, AggregatesWithDefaultFrame) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  std::vector<ExprPtr> args;
  args.push_back(Col(t, 1));
  calls.push_back(Spec(t, AggregateCall("sum", std::move(args))));
  args.clear();
  args.push_back(Col(t, 2));
  calls.push_back(Spec(t, AggregateCall("count", std::move(args))));
  calls.push_back(Spec(t, AggregateCall("count_star", {})));
  args.clear();
  args.push_back(Col(t, 1));
  calls.push_back(Spec(t, AggregateCall("sum", std::move(args)), true, false));  // whole partition
  args.clear();
  args.push_back(Col(t, 2));
  calls.push_back(Spec(t, AggregateCall("max", std::move(args))));
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"20", "10", "40", "20", "10", "1", "70", "3", "10"}));
  EXPECT_EQ(ColumnText(rows, 4), (Strings{"2", "2", "2", "2", "3", "1", "3", "2", "2"}));
  EXPECT_EQ(ColumnText(rows, 5), (Strings{"2", "2", "3", "2", "3", "1", "4", "2", "2"}));
  EXPECT_EQ(ColumnText(rows, 6), (Strings{"70", "10", "70", "70", "10", "3", "70", "3", "10"}));
  EXPECT_EQ(ColumnText(rows, 7), (Strings{"c", "h", "c", "c", "h", "e", "f", "g", "h"}));
}

TEST(WindowTest, NoPartitionNoOrder) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  calls.push_back(Spec(t, Call(WindowFunctionKind::kRowNumber, TypeId::kBigint), false, false));
  calls.push_back(Spec(t, Call(WindowFunctionKind::kRank, TypeId::kBigint), false, false));
  std::vector<ExprPtr> args;
  args.push_back(Col(t, 1));
  calls.push_back(Spec(t, AggregateCall("sum", std::move(args)), false, false));
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"1", "2", "3", "4", "5", "6", "7", "8", "9"}));
  EXPECT_EQ(ColumnText(rows, 4), Strings(9, "1"));
  EXPECT_EQ(ColumnText(rows, 5), Strings(9, "83"));
}

TEST(WindowTest, OrderDescendingNullsFirstWithoutPartition) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  WindowCall rn = Call(WindowFunctionKind::kRowNumber, TypeId::kBigint);
  rn.order_by.push_back(Key(t, 1, /*descending=*/true, /*nulls_first=*/true));
  calls.push_back(std::move(rn));
  auto rows = RunWindow(t, std::move(calls));
  // o: 10,5,20,10,NULL,1,30,2,5 -> NULL, 30, 20, 10(r0), 10(r3), 5(r1), 5(r8), 2, 1
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"4", "6", "3", "5", "1", "9", "2", "8", "7"}));
}

TEST(WindowTest, EmptyInput) {
  Table t;
  t.types = {TypeId::kInteger, TypeId::kBigint, TypeId::kVarchar};
  std::vector<WindowCall> calls;
  calls.push_back(Spec(t, Call(WindowFunctionKind::kRowNumber, TypeId::kBigint)));
  std::vector<ExprPtr> args;
  args.push_back(Col(t, 1));
  calls.push_back(Spec(t, AggregateCall("sum", std::move(args)), false, false));
  auto rows = RunWindow(t, std::move(calls));
  EXPECT_TRUE(rows.empty());
}

TEST(WindowTest, SingleRowPartitions) {
  Table t;
  t.types = {TypeId::kBigint, TypeId::kDouble};
  for (int i = 0; i < 50; i++) t.rows.push_back({Value::Bigint(i), Value::Double(i * 0.5)});
  std::vector<WindowCall> calls;
  auto spec = [&](WindowCall c) {
    c.partition_by.push_back(Col(t, 0));
    c.order_by.push_back(Key(t, 1));
    return c;
  };
  calls.push_back(spec(Call(WindowFunctionKind::kRowNumber, TypeId::kBigint)));
  calls.push_back(spec(Call(WindowFunctionKind::kPercentRank, TypeId::kDouble)));
  calls.push_back(spec(Call(WindowFunctionKind::kCumeDist, TypeId::kDouble)));
  WindowCall lag = spec(Call(WindowFunctionKind::kLag, TypeId::kDouble));
  lag.arguments.push_back(Col(t, 1));
  calls.push_back(std::move(lag));
  std::vector<ExprPtr> args;
  args.push_back(Col(t, 1));
  calls.push_back(spec(AggregateCall("avg", std::move(args))));
  auto rows = RunWindow(t, std::move(calls));
  ASSERT_EQ(rows.size(), 50u);
  for (size_t i = 0; i < rows.size(); i++) {
    EXPECT_EQ(rows[i][2].int_value(), 1);
    EXPECT_EQ(rows[i][3].double_value(), 0.0);
    EXPECT_EQ(rows[i][4].double_value(), 1.0);
    EXPECT_TRUE(rows[i][5].is_null());
    EXPECT_EQ(rows[i][6].double_value(), static_cast<double>(i) * 0.5);
  }
}

TEST(WindowTest, ComputedKeysAndArguments) {
  // PARTITION BY a constant expression and a cast argument: evaluated in the sink.
  Table t = Sample();
  std::vector<WindowCall> calls;
  WindowCall rn = Call(WindowFunctionKind::kRowNumber, TypeId::kBigint);
  rn.partition_by.push_back(Expr::Cast(Col(t, 0), TypeId::kBigint));
  rn.order_by.push_back(SortKey{Expr::Cast(Col(t, 1), TypeId::kDouble), true, false});
  calls.push_back(std::move(rn));
  auto rows = RunWindow(t, std::move(calls));
  // p=1 by o DESC: 30(r6), 20(r2), 10(r0), 10(r3); p=2: 5(r1), 5(r8), NULL(r4); NULL: 2, 1.
  EXPECT_EQ(ColumnText(rows, 3), (Strings{"3", "1", "2", "4", "3", "2", "1", "1", "2"}));
}

TEST(WindowTest, Validation) {
  Table t = Sample();
  auto make = [&](WindowFrame frame) {
    std::vector<WindowCall> calls;
    WindowCall c = Spec(t, Call(WindowFunctionKind::kFirstValue, TypeId::kVarchar));
    c.arguments.push_back(Col(t, 2));
    c.frame = frame;
    calls.push_back(std::move(c));
    return PhysicalWindow(t.types, std::move(calls));
  };
  EXPECT_THROW(make(Frame(FrameUnit::kRows, FrameBoundKind::kUnboundedFollowing, 0,
                          FrameBoundKind::kUnboundedFollowing, 0)),
               Error);
  EXPECT_THROW(
      make(Frame(FrameUnit::kRows, FrameBoundKind::kCurrentRow, 0, FrameBoundKind::kPreceding, 1)),
      Error);
  EXPECT_THROW(
      make(Frame(FrameUnit::kRows, FrameBoundKind::kPreceding, -1, FrameBoundKind::kCurrentRow, 0)),
      Error);
  EXPECT_NO_THROW(
      make(Frame(FrameUnit::kRange, FrameBoundKind::kPreceding, 3, FrameBoundKind::kFollowing, 3)));
  // RANGE offsets need exactly one numeric ORDER BY key.
  std::vector<WindowCall> calls;
  WindowCall c = Call(WindowFunctionKind::kFirstValue, TypeId::kVarchar);
  c.arguments.push_back(Col(t, 2));
  c.order_by.push_back(Key(t, 2));
  c.frame = Frame(FrameUnit::kRange, FrameBoundKind::kPreceding, 1, FrameBoundKind::kCurrentRow, 0);
  calls.push_back(std::move(c));
  EXPECT_THROW(PhysicalWindow(t.types, std::move(calls)), Error);
  // DISTINCT is refused.
  std::vector<WindowCall> distinct_calls;
  std::vector<ExprPtr> args;
  args.push_back(Col(t, 1));
  WindowCall d = AggregateCall("count", std::move(args));
  d.distinct = true;
  distinct_calls.push_back(std::move(d));
  try {
    PhysicalWindow w(t.types, std::move(distinct_calls));
    FAIL() << "DISTINCT accepted";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("not supported"), std::string::npos) << e.message();
  }
  // Wrong argument count.
  std::vector<WindowCall> bad;
  bad.push_back(Call(WindowFunctionKind::kLag, TypeId::kVarchar));
  EXPECT_THROW(PhysicalWindow(t.types, std::move(bad)), Error);
}

TEST(WindowTest, DescribeNamesCalls) {
  Table t = Sample();
  std::vector<WindowCall> calls;
  WindowCall rn = Spec(t, Call(WindowFunctionKind::kRowNumber, TypeId::kBigint));
  rn.name = "rn";
  calls.push_back(std::move(rn));
  PhysicalWindow w(t.types, std::move(calls));
  std::string text = w.Describe();
  EXPECT_NE(text.find("row_number()"), std::string::npos) << text;
  EXPECT_NE(text.find("PARTITION BY"), std::string::npos) << text;
  EXPECT_NE(text.find("AS rn"), std::string::npos) << text;
  WindowCall copy = w.calls()[0].Clone();
  EXPECT_EQ(copy.ToString(), w.calls()[0].ToString());
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

using namespace window_testing;

TEST(WindowInputTest, FilteredInputWithSelection) {
  // Scan -> Filter (o > 4, leaves a selection vector) -> Window: the sink copies through
  // the selection.
  RegisterBuiltinFunctions();
  Table t;
  t.types = {TypeId::kBigint, TypeId::kVarchar};
  for (int64_t i = 0; i < 20; i++) {
    t.rows.push_back({Value::Bigint(i % 10), Value::Varchar("s" + std::to_string(i))});
  }
  auto data = MakeCollection(t, 6);
  auto scan = std::make_unique<PhysicalChunkScan>(data, std::vector<size_t>{0, 1}, "t");
  std::vector<ExprPtr> args;
  args.push_back(Col(t, 0));
  args.push_back(Const(Value::Bigint(6)));
  auto greater = ScalarFunctionRegistry::Resolve(">", {TypeId::kBigint, TypeId::kBigint});
  ASSERT_TRUE(greater.has_value());
  auto filter = std::make_unique<PhysicalFilter>(
      Expr::Function(greater->function, std::move(args), "c0 > 6"), t.types);
  filter->AddChild(std::move(scan));
  std::vector<WindowCall> calls;
  WindowCall rn = Call(WindowFunctionKind::kRowNumber, TypeId::kBigint);
  rn.order_by.push_back(Key(t, 1, /*descending=*/true));
  calls.push_back(std::move(rn));
  WindowCall first = Call(WindowFunctionKind::kFirstValue, TypeId::kVarchar);
  first.arguments.push_back(Col(t, 1));
  first.partition_by.push_back(Col(t, 0));
  calls.push_back(std::move(first));
  auto window = std::make_unique<PhysicalWindow>(t.types, std::move(calls));
  window->AddChild(std::move(filter));
  auto collector = std::make_unique<PhysicalResultCollector>(window->types());
  collector->AddChild(std::move(window));
  ThreadPool pool(2);
  ExecutionContext context;
  context.pool = &pool;
  PipelineExecutor(context).Execute(*collector);
  ChunkCollection result = collector->TakeResult();
  std::vector<std::string> got;
  for (size_t c = 0; c < result.chunk_count(); c++) {
    const DataChunk& chunk = result.chunk(c);
    for (size_t r = 0; r < chunk.size(); r++) {
      std::string line;
      for (size_t k = 0; k < 4; k++) {
        const Vector& v = chunk.column(k);
        line += (k ? "|" : "") + v.GetValue(v.is_constant() ? 0 : chunk.RowIndex(r)).ToString();
      }
      got.push_back(line);
    }
  }
  // Rows 7, 8, 9, 17, 18, 19 in input order; row_number by s DESC: s9 s8 s7 s19 s18 s17.
  EXPECT_EQ(got, (Strings{"7|s7|3|s7", "8|s8|2|s8", "9|s9|1|s9", "7|s17|6|s7", "8|s18|5|s8",
                          "9|s19|4|s9"}));
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

using namespace window_testing;

TEST(WindowInputTest, SkewedPartitionSortedWithThePool) {
  // Two partitions of 150000 rows each: each bucket is large, sorted in parallel runs.
  Table t;
  t.types = {TypeId::kInteger, TypeId::kBigint};
  for (int64_t i = 0; i < 300000; i++) {
    t.rows.push_back(
        {Value::Integer(static_cast<int32_t>(i % 2)), Value::Bigint((i * 7919) % 300000)});
  }
  std::vector<WindowCall> calls;
  WindowCall rn = Call(WindowFunctionKind::kRowNumber, TypeId::kBigint);
  rn.partition_by.push_back(Col(t, 0));
  rn.order_by.push_back(Key(t, 1));
  calls.push_back(std::move(rn));
  auto rows = RunWindow(t, std::move(calls), 2, 2048);
  ASSERT_EQ(rows.size(), 300000u);
  // Within each parity class the keys are distinct, so row_number = rank of the key.
  std::vector<std::vector<int64_t>> keys(2);
  for (const auto& r : rows) keys[r[0].int_value()].push_back(r[1].int_value());
  for (auto& k : keys) std::sort(k.begin(), k.end());
  for (size_t i = 0; i < rows.size(); i += 211) {
    const auto& k = keys[rows[i][0].int_value()];
    int64_t rank = std::lower_bound(k.begin(), k.end(), rows[i][1].int_value()) - k.begin() + 1;
    EXPECT_EQ(rows[i][2].int_value(), rank) << i;
  }
}

}  // namespace
}  // namespace sluice
