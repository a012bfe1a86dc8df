#include "exec/window_evaluator.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace sluice {
namespace {

__extension__ typedef __int128 Int128;

bool UsesPeers(const WindowCall& call) {
  switch (call.kind) {
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist: return true;
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
    case WindowFunctionKind::kNthValue:
    case WindowFunctionKind::kAggregate: return call.frame.unit == FrameUnit::kRange;
    default: return false;
  }
}

int64_t SaturatingAdd(int64_t a, int64_t b) {
  Int128 s = static_cast<Int128>(a) + b;
  if (s > INT64_MAX) return INT64_MAX;
  if (s < INT64_MIN) return INT64_MIN;
  return static_cast<int64_t>(s);
}

}  // namespace

WindowEvaluator::WindowEvaluator(const std::vector<WindowCall>& calls,
                                 const PhysicalWindow::Plan& plan, const WindowSpecGroup& group,
                                 const WindowRows& rows,
                                 std::vector<std::unique_ptr<WindowResultColumn>>& results)
    : calls_(calls), plan_(plan), group_(group), rows_(rows), results_(results) {
  for (size_t c : group_.calls) {
    const WindowCall& call = calls_[c];
    needs_peers_ = needs_peers_ || UsesPeers(call);
    if (call.kind == WindowFunctionKind::kAggregate) {
      std::vector<TypeId> types;
      for (const auto& a : call.arguments) types.push_back(a->type);
      aggregators_.push_back(std::make_unique<WindowAggregator>(
          *call.aggregate, plan_.call_arguments[c], std::move(types), *results_[c]));
    } else {
      aggregators_.push_back(nullptr);
    }
  }
}

void WindowEvaluator::Evaluate(const WindowSortedRows& sorted) {
  size_t n = sorted.refs.size();
  size_t begin = 0;
  while (begin < n) {
    size_t end = begin + 1;
    while (end < n && sorted.partition_start[end] == 0) end++;
    EvaluatePartition(sorted.refs.data() + begin, sorted.peer_start.data() + begin, end - begin);
    begin = end;
  }
}

void WindowEvaluator::EvaluatePartition(const uint64_t* refs, const uint8_t* peer_start, size_t n) {
  if (needs_peers_) {
    peer_begin_.resize(n);
    peer_end_.resize(n);
    peer_number_.resize(n);
    int64_t group = 0, start = 0;
    for (size_t i = 0; i < n; i++) {
      if (i > 0 && peer_start[i] != 0) {
        group++;
        start = static_cast<int64_t>(i);
      }
      peer_begin_[i] = start;
      peer_number_[i] = group;
    }
    int64_t end = static_cast<int64_t>(n);
    for (size_t i = n; i-- > 0;) {
      peer_end_[i] = end;
      if (i > 0 && peer_start[i] != 0) end = static_cast<int64_t>(i);
    }
  }
  for (size_t k = 0; k < group_.calls.size(); k++) {
    size_t c = group_.calls[k];
    if (calls_[c].kind == WindowFunctionKind::kAggregate) {
      ComputeFrame(calls_[c].frame, refs, n);
      aggregators_[k]->Evaluate(rows_, refs, n, frame_begin_.data(), frame_end_.data());
    } else {
      EvaluateCall(c, refs, n);
    }
  }
}

void WindowEvaluator::EvaluateCall(size_t call, const uint64_t* refs, size_t n) {
  WindowResultColumn& out = *results_[call];
  switch (calls_[call].kind) {
    case WindowFunctionKind::kRowNumber: {
      int64_t* values = out.values<int64_t>();
      for (size_t i = 0; i < n; i++) values[rows_.Position(refs[i])] = static_cast<int64_t>(i) + 1;
      return;
    }
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist: Ranking(calls_[call].kind, refs, n, out); return;
    case WindowFunctionKind::kNtile: Ntile(call, refs, n, out); return;
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead: LagLead(call, refs, n, out); return;
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
    case WindowFunctionKind::kNthValue: FrameValue(call, refs, n, out); return;
    case WindowFunctionKind::kAggregate: return;
  }
}

void WindowEvaluator::Ranking(WindowFunctionKind kind, const uint64_t* refs, size_t n,
                              WindowResultColumn& out) {
  for (size_t i = 0; i < n; i++) {
    uint64_t position = rows_.Position(refs[i]);
    switch (kind) {
      case WindowFunctionKind::kRank: out.values<int64_t>()[position] = peer_begin_[i] + 1; break;
      case WindowFunctionKind::kDenseRank:
        out.values<int64_t>()[position] = peer_number_[i] + 1;
        break;
      case WindowFunctionKind::kPercentRank:
        out.values<double>()[position] =
            n <= 1 ? 0.0 : static_cast<double>(peer_begin_[i]) / static_cast<double>(n - 1);
        break;
      default:
        out.values<double>()[position] = static_cast<double>(peer_end_[i]) / static_cast<double>(n);
        break;
    }
  }
}

void WindowEvaluator::Ntile(size_t call, const uint64_t* refs, size_t n, WindowResultColumn& out) {
  size_t column = plan_.call_arguments[call][0];
  for (size_t i = 0; i < n; i++) {
    uint64_t position = rows_.Position(refs[i]);
    if (!rows_.IsValid(refs[i], column)) {
      out.SetNull(position);
      continue;
    }
    int64_t buckets = rows_.Get<int64_t>(refs[i], column);
    if (buckets <= 0) throw Error::UserInput("argument of ntile must be greater than zero");
    int64_t rows = static_cast<int64_t>(n);
    if (buckets > rows) buckets = rows;
    int64_t small = rows / buckets, big_buckets = rows % buckets;
    int64_t k = static_cast<int64_t>(i);
    int64_t in_big = big_buckets * (small + 1);
    int64_t tile = k < in_big ? k / (small + 1) + 1 : (k - in_big) / small + big_buckets + 1;
    out.SetValid(position, true);
    out.values<int64_t>()[position] = tile;
  }
}

void WindowEvaluator::CountValid(size_t column, const uint64_t* refs, size_t n) {
  valid_before_.resize(n + 1);
  valid_rows_.clear();
  valid_before_[0] = 0;
  for (size_t i = 0; i < n; i++) {
    bool valid = rows_.IsValid(refs[i], column);
    if (valid) valid_rows_.push_back(static_cast<int64_t>(i));
    valid_before_[i + 1] = valid_before_[i] + (valid ? 1 : 0);
  }
}

void WindowEvaluator::LagLead(size_t call, const uint64_t* refs, size_t n,
                              WindowResultColumn& out) {
  const WindowCall& c = calls_[call];
  const std::vector<size_t>& args = plan_.call_arguments[call];
  size_t value = args[0];
  bool has_offset = args.size() > 1, has_default = args.size() > 2;
  if (c.ignore_nulls) CountValid(value, refs, n);
  int64_t rows = static_cast<int64_t>(n);
  for (size_t i = 0; i < n; i++) {
    uint64_t position = rows_.Position(refs[i]);
    int64_t offset = 1;
    if (has_offset) {
      if (!rows_.IsValid(refs[i], args[1])) {
        out.SetNull(position);
        continue;
      }
      offset = rows_.Get<int64_t>(refs[i], args[1]);
    }
    Int128 shift = c.kind == WindowFunctionKind::kLag ? -static_cast<Int128>(offset) : offset;
    int64_t target = -1;
    if (shift == 0) {
      target = static_cast<int64_t>(i);
    } else if (!c.ignore_nulls) {
      Int128 t = static_cast<Int128>(i) + shift;
      if (t >= 0 && t < rows) target = static_cast<int64_t>(t);
    } else {
      Int128 index = shift < 0 ? valid_before_[i] + shift : valid_before_[i + 1] + shift - 1;
      if (index >= 0 && index < static_cast<Int128>(valid_rows_.size())) {
        target = valid_rows_[static_cast<size_t>(index)];
      }
    }
    if (target >= 0) {
      out.CopyFrom(rows_, refs[target], value, position);
    } else if (has_default) {
      out.CopyFrom(rows_, refs[i], args[2], position);
    } else {
      out.SetNull(position);
    }
  }
}

void WindowEvaluator::FrameValue(size_t call, const uint64_t* refs, size_t n,
                                 WindowResultColumn& out) {
  const WindowCall& c = calls_[call];
  const std::vector<size_t>& args = plan_.call_arguments[call];
  size_t value = args[0];
  ComputeFrame(c.frame, refs, n);
  if (c.ignore_nulls) CountValid(value, refs, n);
  for (size_t i = 0; i < n; i++) {
    uint64_t position = rows_.Position(refs[i]);
    int64_t b = frame_begin_[i], e = frame_end_[i];
    int64_t target = -1;
    int64_t nth = 1;
    if (c.kind == WindowFunctionKind::kNthValue) {
      if (!rows_.IsValid(refs[i], args[1])) {
        out.SetNull(position);
        continue;
      }
      nth = rows_.Get<int64_t>(refs[i], args[1]);
      if (nth <= 0) throw Error::UserInput("argument of nth_value must be greater than zero");
    }
    if (b < e) {
      if (!c.ignore_nulls) {
        if (c.kind == WindowFunctionKind::kLastValue) {
          target = e - 1;
        } else if (nth <= e - b) {
          target = b + nth - 1;
        }
      } else {
        int64_t valid_in_frame = valid_before_[e] - valid_before_[b];
        if (c.kind == WindowFunctionKind::kLastValue) {
          if (valid_in_frame > 0) target = valid_rows_[valid_before_[e] - 1];
        } else if (nth <= valid_in_frame) {
          target = valid_rows_[valid_before_[b] + nth - 1];
        }
      }
    }
    if (target >= 0) {
      out.CopyFrom(rows_, refs[target], value, position);
    } else {
      out.SetNull(position);
    }
  }
}

void WindowEvaluator::ComputeFrame(const WindowFrame& frame, const uint64_t* refs, size_t n) {
  frame_begin_.resize(n);
  frame_end_.resize(n);
  int64_t rows = static_cast<int64_t>(n);
  bool range = frame.unit == FrameUnit::kRange;
  for (size_t r = 0; r < n; r++) {
    int64_t i = static_cast<int64_t>(r);
    int64_t b = 0, e = rows;
    switch (frame.start.kind) {
      case FrameBoundKind::kUnboundedPreceding: b = 0; break;
      case FrameBoundKind::kCurrentRow: b = range ? peer_begin_[r] : i; break;
      case FrameBoundKind::kPreceding: b = SaturatingAdd(i, -frame.start.offset); break;
      case FrameBoundKind::kFollowing: b = SaturatingAdd(i, frame.start.offset); break;
      case FrameBoundKind::kUnboundedFollowing: b = rows; break;
    }
    switch (frame.end.kind) {
      case FrameBoundKind::kUnboundedPreceding: e = 0; break;
      case FrameBoundKind::kCurrentRow: e = range ? peer_end_[r] : i + 1; break;
      case FrameBoundKind::kPreceding: e = SaturatingAdd(i + 1, -frame.end.offset); break;
      case FrameBoundKind::kFollowing: e = SaturatingAdd(i + 1, frame.end.offset); break;
      case FrameBoundKind::kUnboundedFollowing: e = rows; break;
    }
    frame_begin_[r] = std::clamp<int64_t>(b, 0, rows);
    frame_end_[r] = std::clamp<int64_t>(e, 0, rows);
  }
  bool offsets = frame.start.kind == FrameBoundKind::kPreceding ||
                 frame.start.kind == FrameBoundKind::kFollowing ||
                 frame.end.kind == FrameBoundKind::kPreceding ||
                 frame.end.kind == FrameBoundKind::kFollowing;
  if (!range || !offsets) return;
  if (group_.order[0].type == TypeId::kDouble) {
    ComputeRangeOffsets<double>(frame, refs, n);
  } else {
    ComputeRangeOffsets<Int128>(frame, refs, n);
  }
}

// RANGE frames with `n PRECEDING/FOLLOWING`: bounds by distance on the single ORDER BY
// key. Rows whose key is NULL (or NaN) have no distance to anything: their offset bounds
// are their peer group, and other rows never reach them.
template <typename T>
void WindowEvaluator::ComputeRangeOffsets(const WindowFrame& frame, const uint64_t* refs,
                                          size_t n) {
  const WindowKey& key = group_.order[0];
  std::vector<T> keys(n);
  std::vector<uint8_t> ordinary(n);
  for (size_t i = 0; i < n; i++) {
    ordinary[i] = rows_.IsValid(refs[i], key.column) ? 1 : 0;
    if (!ordinary[i]) continue;
    T v;
    switch (key.type) {
      case TypeId::kDouble: {
        double d = rows_.Get<double>(refs[i], key.column);
        if (std::isnan(d)) ordinary[i] = 0;
        v = static_cast<T>(d);
        break;
      }
      case TypeId::kInteger:
      case TypeId::kDate: v = static_cast<T>(rows_.Get<int32_t>(refs[i], key.column)); break;
      default: v = static_cast<T>(rows_.Get<int64_t>(refs[i], key.column)); break;
    }
    keys[i] = key.descending ? -v : v;  // non-decreasing over the ordinary rows
  }
  size_t first = 0, last = n;
  while (first < n && !ordinary[first]) first++;
  while (last > first && !ordinary[last - 1]) last--;
  auto begin_it = keys.begin() + static_cast<ptrdiff_t>(first);
  auto end_it = keys.begin() + static_cast<ptrdiff_t>(last);
  auto bound = [&](const FrameBound& b, size_t i, bool is_start, int64_t current) -> int64_t {
    if (b.kind != FrameBoundKind::kPreceding && b.kind != FrameBoundKind::kFollowing)
      return current;
    if (!ordinary[i]) return is_start ? peer_begin_[i] : peer_end_[i];
    T distance = static_cast<T>(b.offset);
    T target = b.kind == FrameBoundKind::kPreceding ? keys[i] - distance : keys[i] + distance;
    auto it = is_start ? std::lower_bound(begin_it, end_it, target)
                       : std::upper_bound(begin_it, end_it, target);
    return it - keys.begin();
  };
  for (size_t i = 0; i < n; i++) {
    frame_begin_[i] = bound(frame.start, i, true, frame_begin_[i]);
    frame_end_[i] = bound(frame.end, i, false, frame_end_[i]);
  }
}

}  // namespace sluice
