#include "exec/window_aggregator.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"

namespace sluice {

constexpr size_t kFanout = 16;

// Aggregate states in one aligned block, all initialized at construction and destroyed
// with the block (also when evaluation throws).
class WindowAggregator::States {
 public:
  States(const AggregateFunction& function, size_t state_size, size_t count)
      : function_(function), state_size_(state_size), count_(count) {
    words_.reset(new uint64_t[std::max<size_t>(1, count * state_size / 8)]);
    for (; initialized_ < count_; initialized_++) function_.initialize(At(initialized_));
  }
  ~States() {
    if (function_.destroy == nullptr) return;
    for (size_t i = 0; i < initialized_; i++) function_.destroy(At(i));
  }
  States(const States&) = delete;
  States& operator=(const States&) = delete;
  uint8_t* At(size_t i) { return reinterpret_cast<uint8_t*>(words_.get()) + i * state_size_; }
  size_t count() const { return count_; }
  // Destroys and re-initializes state i (a per-row accumulator).
  void Reset(size_t i) {
    if (function_.destroy != nullptr) function_.destroy(At(i));
    function_.initialize(At(i));
  }

 private:
  const AggregateFunction& function_;
  size_t state_size_;
  size_t count_;
  size_t initialized_ = 0;
  std::unique_ptr<uint64_t[]> words_;
};

WindowAggregator::WindowAggregator(const AggregateFunction& function,
                                   std::vector<size_t> argument_columns,
                                   std::vector<TypeId> argument_types, WindowResultColumn& result)
    : function_(function),
      argument_columns_(std::move(argument_columns)),
      state_size_(std::max<size_t>(8, (function.state_size + 7) / 8 * 8)),
      result_(result) {
  for (TypeId t : argument_types) arguments_.emplace_back(t, kChunkCapacity);
  finalized_.Initialize(function.return_type, kChunkCapacity);
  if (result_.type() == TypeId::kVarchar) {
    strings_ = std::make_shared<StringArena>();
    result_.AdoptArena(strings_);
  }
}

void WindowAggregator::Update(uint8_t* state, size_t count) {
  if (function_.simple_update != nullptr) {
    function_.simple_update(arguments_, state, count);
    return;
  }
  state_pointers_.assign(count, state);
  function_.update(arguments_, state_pointers_.data(), count);
}

void WindowAggregator::Feed(const uint64_t* refs, size_t from, size_t to, uint8_t* state) {
  if (from >= to) return;
  if (arguments_.empty()) {
    for (size_t done = from; done < to; done += kChunkCapacity) {
      Update(state, std::min(kChunkCapacity, to - done));
    }
    return;
  }
  const WindowRows& rows = *rows_;
  size_t i = from;
  while (i < to) {
    for (auto& a : arguments_) a.Initialize();
    size_t count = 0;
    for (; i < to && count < kChunkCapacity; i++) {
      uint64_t ref = refs[i];
      if (function_.ignores_nulls) {
        bool any_null = false;
        for (size_t c : argument_columns_) any_null = any_null || !rows.IsValid(ref, c);
        if (any_null) continue;
      }
      for (size_t a = 0; a < arguments_.size(); a++) {
        const Vector& src = rows.Column(ref, argument_columns_[a]);
        size_t index = WindowRows::Index(src, ref);
        Vector& dst = arguments_[a];
        if (!src.IsValid(index)) {
          dst.SetNull(count);
          continue;
        }
        size_t width = PhysicalSize(src.type());
        std::memcpy(dst.raw_data() + count * width, src.raw_data() + index * width, width);
      }
      count++;
    }
    if (count > 0) Update(state, count);
  }
}

void WindowAggregator::Emit(uint8_t* state, const uint64_t* refs, size_t count) {
  if (finalized_used_ == kChunkCapacity) {
    finalized_.Initialize();
    finalized_used_ = 0;
  }
  size_t slot = finalized_used_++;
  finalized_.SetValid(slot);
  function_.finalize(state, finalized_, slot);
  bool valid = finalized_.IsValid(slot);
  size_t width = result_.width();
  const uint8_t* value = finalized_.raw_data() + slot * width;
  StringRef owned;
  if (valid && result_.type() == TypeId::kVarchar) {
    owned = strings_->Add(finalized_.data<StringRef>()[slot].view());
    value = reinterpret_cast<const uint8_t*>(&owned);
  }
  for (size_t i = 0; i < count; i++) {
    uint64_t position = rows_->Position(refs[i]);
    result_.SetValid(position, valid);
    if (valid) std::memcpy(result_.data() + position * width, value, width);
  }
}

void WindowAggregator::Evaluate(const WindowRows& rows, const uint64_t* refs, size_t n,
                                const int64_t* begin, const int64_t* end) {
  if (n == 0) return;
  rows_ = &rows;
  bool from_start = true, whole = true, ends_grow = true;
  for (size_t i = 0; i < n; i++) {
    from_start = from_start && begin[i] <= 0;
    whole = whole && begin[i] <= 0 && end[i] >= static_cast<int64_t>(n);
    ends_grow = ends_grow && (i == 0 || end[i] >= end[i - 1]);
  }
  if (whole) {
    States state(function_, state_size_, 1);
    Feed(refs, 0, n, state.At(0));
    for (size_t i = 0; i < n; i += kChunkCapacity) {
      // Emit writes one finalized value to many rows; one finalize per 2048 rows is cheap.
      Emit(state.At(0), refs + i, std::min(kChunkCapacity, n - i));
    }
    return;
  }
  if (from_start && ends_grow) {
    States state(function_, state_size_, 1);
    size_t fed = 0;
    for (size_t i = 0; i < n; i++) {
      size_t to = static_cast<size_t>(std::clamp<int64_t>(end[i], 0, static_cast<int64_t>(n)));
      if (to > fed) {
        Feed(refs, fed, to, state.At(0));
        fed = to;
      }
      Emit(state.At(0), refs + i, 1);
    }
    return;
  }
  EvaluateSegmentTree(refs, n, begin, end);
}

void WindowAggregator::EvaluateSegmentTree(const uint64_t* refs, size_t n, const int64_t* begin,
                                           const int64_t* end) {
  // levels[l] holds the nodes of level l + 1; a level-1 node covers 16 rows.
  std::vector<std::unique_ptr<States>> levels;
  size_t below = n;
  while (below > 1) {
    size_t count = (below + kFanout - 1) / kFanout;
    auto level = std::make_unique<States>(function_, state_size_, count);
    for (size_t j = 0; j < count; j++) {
      size_t lo = j * kFanout, hi = std::min(below, lo + kFanout);
      if (levels.empty()) {
        Feed(refs, lo, hi, level->At(j));
      } else {
        for (size_t c = lo; c < hi; c++) function_.combine(levels.back()->At(c), level->At(j));
      }
    }
    levels.push_back(std::move(level));
    below = count;
  }
  States accumulator(function_, state_size_, 1);
  struct Piece {
    size_t level, lo, hi;
  };
  std::vector<Piece> left, right;
  for (size_t i = 0; i < n; i++) {
    size_t a = static_cast<size_t>(std::clamp<int64_t>(begin[i], 0, static_cast<int64_t>(n)));
    size_t b = static_cast<size_t>(std::clamp<int64_t>(end[i], 0, static_cast<int64_t>(n)));
    left.clear();
    right.clear();
    for (size_t l = 0; a < b; l++) {
      size_t parent_lo = (a + kFanout - 1) / kFanout, parent_hi = b / kFanout;
      if (l == levels.size() || parent_lo >= parent_hi) {
        left.push_back({l, a, b});
        break;
      }
      if (a < parent_lo * kFanout) left.push_back({l, a, parent_lo * kFanout});
      if (parent_hi * kFanout < b) right.push_back({l, parent_hi * kFanout, b});
      a = parent_lo;
      b = parent_hi;
    }
    uint8_t* acc = accumulator.At(0);
    auto apply = [&](const Piece& p) {
      if (p.level == 0) {
        Feed(refs, p.lo, p.hi, acc);
      } else {
        for (size_t j = p.lo; j < p.hi; j++) function_.combine(levels[p.level - 1]->At(j), acc);
      }
    };
    for (const Piece& p : left) apply(p);
    for (auto it = right.rbegin(); it != right.rend(); ++it) apply(*it);
    Emit(acc, refs + i, 1);
    accumulator.Reset(0);
  }
}

}  // namespace sluice
