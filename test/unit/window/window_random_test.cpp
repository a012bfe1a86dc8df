// PhysicalWindow against a naive reference: random tables (NULLs and ties in every key,
// many or few partitions), random calls with random frames, several specs in one operator.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "window_test_util.h"

namespace sluice {
namespace {

using namespace window_testing;

// Columns: 0 p INTEGER, 1 o BIGINT, 2 d DOUBLE (multiples of 0.5: sums are exact), 3 s VARCHAR.
Table RandomTable(std::mt19937_64& rng, size_t rows, int partitions) {
  Table t;
  t.types = {TypeId::kInteger, TypeId::kBigint, TypeId::kDouble, TypeId::kVarchar};
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  for (size_t i = 0; i < rows; i++) {
    Row r;
    r.push_back(pick(10) == 0 ? Value::Null(TypeId::kInteger) : Value::Integer(pick(partitions)));
    r.push_back(pick(10) == 0 ? Value::Null(TypeId::kBigint) : Value::Bigint(pick(30) - 10));
    r.push_back(pick(8) == 0 ? Value::Null(TypeId::kDouble) : Value::Double(pick(200) * 0.5 - 20));
    r.push_back(pick(8) == 0
                    ? Value::Null(TypeId::kVarchar)
                    : Value::Varchar(std::string(1 + pick(3), static_cast<char>('a' + pick(6)))));
    t.rows.push_back(std::move(r));
  }
  return t;
}

struct Reference {
  const Table& t;
  const WindowCall& call;

  // -1, 0, 1 in window order for one ORDER BY key.
  int CompareKey(const SortKey& k, size_t a, size_t b) const {
    const Value& x = t.rows[a][k.expression->column_index];
    const Value& y = t.rows[b][k.expression->column_index];
    if (x.is_null() || y.is_null()) {
      if (x.is_null() && y.is_null()) return 0;
      return x.is_null() == k.nulls_first ? -1 : 1;
    }
    int c = x.Compare(y);
    return k.descending ? -c : c;
  }
  bool Peers(size_t a, size_t b) const {
    for (const auto& k : call.order_by) {
      if (CompareKey(k, a, b) != 0) return false;
    }
    return true;
  }

  std::vector<Value> Run() const {
    std::map<std::string, std::vector<size_t>> partitions;
    for (size_t i = 0; i < t.rows.size(); i++) {
      std::string key;
      for (const auto& p : call.partition_by) key += t.rows[i][p->column_index].ToString() + "|";
      partitions[key].push_back(i);
    }
    std::vector<Value> out(t.rows.size());
    for (auto& [key, rows] : partitions) {
      std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
        for (const auto& k : call.order_by) {
          int c = CompareKey(k, a, b);
          if (c != 0) return c < 0;
        }
        return false;
      });
      for (size_t i = 0; i < rows.size(); i++) out[rows[i]] = Evaluate(rows, i);
    }
    return out;
  }

  // Frame [begin, end) of position i, by definition (linear scans).
  std::pair<int64_t, int64_t> FrameOf(const std::vector<size_t>& rows, size_t i) const {
    int64_t n = static_cast<int64_t>(rows.size()), pos = static_cast<int64_t>(i);
    const WindowFrame& f = call.frame;
    auto peer_begin = [&] {
      int64_t j = pos;
      while (j > 0 && Peers(rows[j - 1], rows[i])) j--;
      return j;
    };
    auto peer_end = [&] {
      int64_t j = pos + 1;
      while (j < n && Peers(rows[j], rows[i])) j++;
      return j;
    };
    auto key = [&](int64_t j) {
      return t.rows[rows[j]][call.order_by[0].expression->column_index];
    };
    auto within = [&](int64_t j, const FrameBound& b, bool is_start) {
      // Does row j lie on the inner side of bound b (RANGE offset) for row i? NULL keys
      // are infinitely far away, on the side they sort to.
      const SortKey& k = call.order_by[0];
      double sign = k.descending ? -1 : 1;
      double vj =
          key(j).is_null() ? (k.nulls_first ? -HUGE_VAL : HUGE_VAL) : sign * key(j).AsDouble();
      double vi = sign * key(pos).AsDouble();
      double target = b.kind == FrameBoundKind::kPreceding ? vi - static_cast<double>(b.offset)
                                                           : vi + static_cast<double>(b.offset);
      return is_start ? vj >= target : vj <= target;
    };
    auto bound = [&](const FrameBound& b, bool is_start) -> int64_t {
      switch (b.kind) {
        case FrameBoundKind::kUnboundedPreceding: return 0;
        case FrameBoundKind::kUnboundedFollowing: return n;
        case FrameBoundKind::kCurrentRow:
          if (f.unit == FrameUnit::kRows) return is_start ? pos : pos + 1;
          return is_start ? peer_begin() : peer_end();
        default: break;
      }
      if (f.unit == FrameUnit::kRows) {
        int64_t d = b.kind == FrameBoundKind::kPreceding ? -b.offset : b.offset;
        return std::clamp<int64_t>(pos + d + (is_start ? 0 : 1), 0, n);
      }
      if (key(pos).is_null()) return is_start ? peer_begin() : peer_end();
      if (is_start) {
        for (int64_t j = 0; j < n; j++) {
          if (within(j, b, true)) return j;
        }
        return n;
      }
      for (int64_t j = n - 1; j >= 0; j--) {
        if (within(j, b, false)) return j + 1;
      }
      return 0;
    };
    return {bound(f.start, true), bound(f.end, false)};
  }

  Value Evaluate(const std::vector<size_t>& rows, size_t i) const {
    auto [b, e] = FrameOf(rows, i);
    size_t arg = call.arguments.empty() ? 0 : call.arguments[0]->column_index;
    auto value = [&](int64_t j) { return t.rows[rows[j]][arg]; };
    switch (call.kind) {
      case WindowFunctionKind::kRowNumber: return Value::Bigint(static_cast<int64_t>(i) + 1);
      case WindowFunctionKind::kRank: {
        size_t j = i;
        while (j > 0 && Peers(rows[j - 1], rows[i])) j--;
        return Value::Bigint(static_cast<int64_t>(j) + 1);
      }
      case WindowFunctionKind::kDenseRank: {
        int64_t groups = 1;
        for (size_t j = 1; j <= i; j++) groups += Peers(rows[j - 1], rows[j]) ? 0 : 1;
        return Value::Bigint(groups);
      }
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead: {
        int64_t off = call.arguments.size() > 1 ? call.arguments[1]->constant.int_value() : 1;
        int64_t step = call.kind == WindowFunctionKind::kLag ? -1 : 1;
        int64_t j = static_cast<int64_t>(i);
        for (int64_t k = 0; k < off;) {
          j += step;
          if (j < 0 || j >= static_cast<int64_t>(rows.size())) break;
          if (!call.ignore_nulls || !value(j).is_null()) k++;
        }
        if (j >= 0 && j < static_cast<int64_t>(rows.size())) return value(j);
        return call.arguments.size() > 2 ? call.arguments[2]->constant : Value::Null(call.type);
      }
      case WindowFunctionKind::kFirstValue:
      case WindowFunctionKind::kLastValue:
      case WindowFunctionKind::kNthValue: {
        std::vector<int64_t> candidates;
        for (int64_t j = b; j < e; j++) {
          if (!call.ignore_nulls || !value(j).is_null()) candidates.push_back(j);
        }
        size_t want = call.kind == WindowFunctionKind::kNthValue
                          ? static_cast<size_t>(call.arguments[1]->constant.int_value())
                          : 1;
        if (call.kind == WindowFunctionKind::kLastValue) {
          return candidates.empty() ? Value::Null(call.type) : value(candidates.back());
        }
        return candidates.size() >= want ? value(candidates[want - 1]) : Value::Null(call.type);
      }
      case WindowFunctionKind::kAggregate: return Aggregate(rows, b, e);
      default: return Value();
    }
  }

  Value Aggregate(const std::vector<size_t>& rows, int64_t b, int64_t e) const {
    const std::string& name = call.aggregate->name;
    if (name == "count_star") return Value::Bigint(std::max<int64_t>(0, e - b));
    size_t arg = call.arguments[0]->column_index;
    std::vector<Value> values;
    for (int64_t j = b; j < e; j++) {
      if (!t.rows[rows[j]][arg].is_null()) values.push_back(t.rows[rows[j]][arg]);
    }
    if (name == "count") return Value::Bigint(static_cast<int64_t>(values.size()));
    if (values.empty()) return Value::Null(call.type);
    if (name == "sum" || name == "avg") {
      double sum = 0;
      for (const auto& v : values) sum += v.AsDouble();
      if (name == "avg") return Value::Double(sum / static_cast<double>(values.size()));
      return call.type == TypeId::kDouble ? Value::Double(sum)
                                          : Value::Bigint(static_cast<int64_t>(sum));
    }
    if (name == "string_agg") {
      std::string s;
      for (size_t k = 0; k < values.size(); k++) s += (k ? "," : "") + values[k].string_value();
      return Value::Varchar(s);
    }
    Value best = values[0];
    for (const auto& v : values) {
      int c = v.Compare(best);
      if ((name == "min" && c < 0) || (name == "max" && c > 0)) best = v;
    }
    return best;
  }
};

WindowFrame RandomFrame(std::mt19937_64& rng, bool range_offsets_allowed) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  WindowFrame f;
  f.explicit_frame = pick(4) != 0;
  if (!f.explicit_frame) return f;
  f.unit = pick(2) == 0 ? FrameUnit::kRows : FrameUnit::kRange;
  bool offsets = f.unit == FrameUnit::kRows || range_offsets_allowed;
  // Start kinds 0..3, end kinds 1..4, with start <= end in the PostgreSQL order.
  for (;;) {
    int s = pick(4), e = 1 + pick(4);
    if (!offsets && (s == 1 || s == 3 || e == 1 || e == 3)) continue;
    if (s > e || (s == 2 && e == 1) || (s == 3 && e < 3)) continue;
    f.start = FrameBound{static_cast<FrameBoundKind>(s), pick(6)};
    f.end = FrameBound{static_cast<FrameBoundKind>(e), pick(6)};
    return f;
  }
}

WindowCall RandomCall(std::mt19937_64& rng, const Table& t) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  WindowCall c;
  int kind = pick(9);
  switch (kind) {
    case 0: c = Call(WindowFunctionKind::kRowNumber, TypeId::kBigint); break;
    case 1: c = Call(WindowFunctionKind::kRank, TypeId::kBigint); break;
    case 2: c = Call(WindowFunctionKind::kDenseRank, TypeId::kBigint); break;
    case 3:
    case 4: {
      c = Call(kind == 3 ? WindowFunctionKind::kLag : WindowFunctionKind::kLead, TypeId::kVarchar);
      c.arguments.push_back(Col(t, 3));
      if (pick(2) == 0) {
        c.arguments.push_back(Const(Value::Bigint(pick(4))));
        if (pick(2) == 0) c.arguments.push_back(Const(Value::Varchar("dflt")));
      }
      c.ignore_nulls = pick(3) == 0;
      break;
    }
    case 5: {
      int which = pick(3);
      c = Call(which == 0   ? WindowFunctionKind::kFirstValue
               : which == 1 ? WindowFunctionKind::kLastValue
                            : WindowFunctionKind::kNthValue,
               TypeId::kDouble);
      c.arguments.push_back(Col(t, 2));
      if (which == 2) c.arguments.push_back(Const(Value::Bigint(1 + pick(3))));
      c.ignore_nulls = pick(3) == 0;
      break;
    }
    default: {
      static const char* kNames[] = {"sum", "avg", "count",     "count_star",
                                     "min", "max", "string_agg"};
      std::string name = kNames[pick(7)];
      std::vector<ExprPtr> args;
      if (name == "string_agg") {
        args.push_back(Col(t, 3));
        args.push_back(Const(Value::Varchar(",")));
      } else if (name == "min" || name == "max") {
        args.push_back(Col(t, pick(2) == 0 ? 3 : 1));
      } else if (name != "count_star") {
        args.push_back(Col(t, pick(2) == 0 ? 2 : 1));
      }
      c = AggregateCall(name, std::move(args));
      break;
    }
  }
  if (pick(4) != 0) c.partition_by.push_back(Col(t, pick(3) == 0 ? 3 : 0));  // INTEGER or VARCHAR
  int order_keys = pick(3);
  if (order_keys >= 1) c.order_by.push_back(Key(t, 1, pick(2) == 0, pick(2) == 0));
  if (order_keys >= 2)
    c.order_by.push_back(Key(t, pick(2) == 0 ? 3 : 2, pick(2) == 0, pick(2) == 0));
  c.frame = RandomFrame(rng, order_keys == 1);
  return c;
}

void CheckRandom(uint64_t seed, size_t rows, int partitions, size_t threads, size_t chunk_rows) {
  std::mt19937_64 rng(seed);
  Table t = RandomTable(rng, rows, partitions);
  std::vector<WindowCall> calls;
  for (int i = 0; i < 12; i++) calls.push_back(RandomCall(rng, t));
  std::vector<std::vector<Value>> expected;
  for (const auto& c : calls) expected.push_back(Reference{t, c}.Run());
  std::vector<std::string> descriptions;
  for (const auto& c : calls) descriptions.push_back(c.ToString());
  auto out = RunWindow(t, std::move(calls), threads, chunk_rows);
  ASSERT_EQ(out.size(), rows);
  for (size_t k = 0; k < expected.size(); k++) {
    size_t mismatches = 0;
    for (size_t r = 0; r < rows && mismatches < 3; r++) {
      const Value& got = out[r][t.types.size() + k];
      const Value& want = expected[k][r];
      bool same = got.ToString() == want.ToString();
      if (!same && !got.is_null() && !want.is_null() && want.type() == TypeId::kDouble) {
        // avg over integers divides an exact sum its own way: allow the last bit.
        same = std::abs(got.double_value() - want.double_value()) <=
               1e-12 * std::max(1.0, std::abs(want.double_value()));
      }
      if (!same) {
        ADD_FAILURE() << "seed " << seed << " call " << descriptions[k] << " row " << r << ": got "
                      << got.ToString() << ", want " << want.ToString();
        mismatches++;
      }
    }
  }
}

TEST(WindowRandomTest, ManySmallPartitions) {
  for (uint64_t seed = 1; seed <= 12; seed++) CheckRandom(seed, 1500, 200, 2, 97);
}

TEST(WindowRandomTest, FewLargePartitions) {
  // Partitions of hundreds of rows: several segment tree levels.
  for (uint64_t seed = 100; seed <= 103; seed++) CheckRandom(seed, 2000, 3, 2, 500);
}

TEST(WindowRandomTest, SingleThreadTinyChunks) {
  for (uint64_t seed = 200; seed <= 205; seed++) CheckRandom(seed, 400, 7, 1, 3);
}

}  // namespace
}  // namespace sluice
