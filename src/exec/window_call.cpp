// WindowCall: copying, rendering and validation of one window function call.
#include "exec/window_call.h"

#include "common/error.h"

namespace sluice {

std::string_view WindowFunctionName(WindowFunctionKind kind) {
  switch (kind) {
    case WindowFunctionKind::kRowNumber: return "row_number";
    case WindowFunctionKind::kRank: return "rank";
    case WindowFunctionKind::kDenseRank: return "dense_rank";
    case WindowFunctionKind::kPercentRank: return "percent_rank";
    case WindowFunctionKind::kCumeDist: return "cume_dist";
    case WindowFunctionKind::kNtile: return "ntile";
    case WindowFunctionKind::kLag: return "lag";
    case WindowFunctionKind::kLead: return "lead";
    case WindowFunctionKind::kFirstValue: return "first_value";
    case WindowFunctionKind::kLastValue: return "last_value";
    case WindowFunctionKind::kNthValue: return "nth_value";
    case WindowFunctionKind::kAggregate: return "aggregate";
  }
  return "window";
}

WindowCall WindowCall::Clone() const {
  WindowCall c;
  c.kind = kind;
  c.aggregate = aggregate;
  for (const auto& a : arguments) c.arguments.push_back(a->Clone());
  for (const auto& p : partition_by) c.partition_by.push_back(p->Clone());
  for (const auto& o : order_by) c.order_by.push_back(o.Clone());
  c.frame = frame;
  c.ignore_nulls = ignore_nulls;
  c.distinct = distinct;
  c.type = type;
  c.name = name;
  return c;
}

namespace {

std::string BoundText(const FrameBound& b) {
  switch (b.kind) {
    case FrameBoundKind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kPreceding: return std::to_string(b.offset) + " PRECEDING";
    case FrameBoundKind::kCurrentRow: return "CURRENT ROW";
    case FrameBoundKind::kFollowing: return std::to_string(b.offset) + " FOLLOWING";
    case FrameBoundKind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "?";
}

}  // namespace

std::string WindowCall::ToString() const {
  std::string s = kind == WindowFunctionKind::kAggregate && aggregate != nullptr
                      ? aggregate->name
                      : std::string(WindowFunctionName(kind));
  s += "(";
  if (distinct) s += "DISTINCT ";
  for (size_t i = 0; i < arguments.size(); i++) s += (i ? ", " : "") + arguments[i]->ToString();
  s += ")";
  if (ignore_nulls) s += " IGNORE NULLS";
  s += " OVER (";
  std::string sep;
  if (!partition_by.empty()) {
    s += "PARTITION BY ";
    for (size_t i = 0; i < partition_by.size(); i++) {
      s += (i ? ", " : "") + partition_by[i]->ToString();
    }
    sep = " ";
  }
  if (!order_by.empty()) {
    s += sep + "ORDER BY ";
    for (size_t i = 0; i < order_by.size(); i++) {
      s += (i ? ", " : "") + order_by[i].expression->ToString();
      s += order_by[i].descending ? " DESC" : " ASC";
      s += order_by[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
    }
    sep = " ";
  }
  if (frame.explicit_frame) {
    s += sep + (frame.unit == FrameUnit::kRows ? "ROWS" : "RANGE") + " BETWEEN " +
         BoundText(frame.start) + " AND " + BoundText(frame.end);
  }
  return s + ")";
}

namespace {

void ExpectType(const WindowCall& call, TypeId actual, TypeId expected, const char* what) {
  if (actual != expected && actual != TypeId::kNull) {
    throw Error::Internal("window function {}: {} has type {}, expected {}", call.ToString(), what,
                          TypeName(actual), TypeName(expected));
  }
}

void ExpectArguments(const WindowCall& call, size_t min, size_t max) {
  size_t n = call.arguments.size();
  if (n < min || n > max) {
    throw Error::UserInput(
        "window function {}: takes {} argument(s), got {}", WindowFunctionName(call.kind),
        min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max), n);
  }
}

void ValidateFrame(const WindowCall& call) {
  const WindowFrame& f = call.frame;
  if (f.start.kind == FrameBoundKind::kUnboundedFollowing) {
    throw Error::UserInput("window frame start cannot be UNBOUNDED FOLLOWING");
  }
  if (f.end.kind == FrameBoundKind::kUnboundedPreceding) {
    throw Error::UserInput("window frame end cannot be UNBOUNDED PRECEDING");
  }
  if (f.start.kind == FrameBoundKind::kCurrentRow && f.end.kind == FrameBoundKind::kPreceding) {
    throw Error::UserInput("window frame starting from current row cannot have preceding rows");
  }
  if (f.start.kind == FrameBoundKind::kFollowing &&
      (f.end.kind == FrameBoundKind::kPreceding || f.end.kind == FrameBoundKind::kCurrentRow)) {
    throw Error::UserInput("window frame starting from following row cannot have preceding rows");
  }
  if (f.start.offset < 0)
    throw Error::UserInput("window frame starting offset must not be negative");
  if (f.end.offset < 0) throw Error::UserInput("window frame ending offset must not be negative");
  auto has_offset = [](const FrameBound& b) {
    return b.kind == FrameBoundKind::kPreceding || b.kind == FrameBoundKind::kFollowing;
  };
  if (f.unit == FrameUnit::kRange && (has_offset(f.start) || has_offset(f.end))) {
    if (call.order_by.size() != 1) {
      throw Error::UserInput(
          "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
    }
    TypeId t = call.order_by[0].expression->type;
    if (!IsNumeric(t) && t != TypeId::kDate && t != TypeId::kTimestamp) {
      throw Error::UserInput(
          "RANGE with offset PRECEDING/FOLLOWING requires a numeric, DATE or TIMESTAMP ORDER BY "
          "column, not {}",
          TypeName(t));
    }
  }
}

}  // namespace

void ValidateWindowCall(const WindowCall& call) {
  if (call.distinct) {
    throw Error::NotSupported("DISTINCT in window function {}", call.ToString());
  }
  ValidateFrame(call);
  switch (call.kind) {
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
      ExpectArguments(call, 0, 0);
      ExpectType(call, call.type, TypeId::kBigint, "the result");
      break;
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist:
      ExpectArguments(call, 0, 0);
      ExpectType(call, call.type, TypeId::kDouble, "the result");
      break;
    case WindowFunctionKind::kNtile:
      ExpectArguments(call, 1, 1);
      ExpectType(call, call.arguments[0]->type, TypeId::kBigint, "the bucket count");
      ExpectType(call, call.type, TypeId::kBigint, "the result");
      break;
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead:
      ExpectArguments(call, 1, 3);
      if (call.arguments.size() > 1) {
        ExpectType(call, call.arguments[1]->type, TypeId::kBigint, "the offset");
      }
      if (call.arguments.size() > 2) {
        ExpectType(call, call.arguments[2]->type, call.type, "the default");
      }
      ExpectType(call, call.arguments[0]->type, call.type, "the value");
      break;
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
      ExpectArguments(call, 1, 1);
      ExpectType(call, call.arguments[0]->type, call.type, "the value");
      break;
    case WindowFunctionKind::kNthValue:
      ExpectArguments(call, 2, 2);
      ExpectType(call, call.arguments[1]->type, TypeId::kBigint, "the row number");
      ExpectType(call, call.arguments[0]->type, call.type, "the value");
      break;
    case WindowFunctionKind::kAggregate: {
      if (call.aggregate == nullptr) {
        throw Error::Internal("window function {}: no aggregate function", call.ToString());
      }
      const AggregateFunction& f = *call.aggregate;
      ExpectArguments(call, f.parameters.size(), f.parameters.size());
      for (size_t i = 0; i < f.parameters.size(); i++) {
        // A NULL parameter type accepts any argument (count(x)).
        if (f.parameters[i] == TypeId::kNull) continue;
        ExpectType(call, call.arguments[i]->type, f.parameters[i], "an argument");
      }
      ExpectType(call, call.type, f.return_type, "the result");
      break;
    }
  }
  if (call.type == TypeId::kNull) {
    throw Error::Internal("window function {}: result has no type", call.ToString());
  }
}

bool WindowCallNullable(const WindowCall& call) {
  switch (call.kind) {
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist: return false;
    default: return true;
  }
}

}  // namespace sluice
