// WindowAggregator — one aggregate function (sum, count, min, string_agg, ...) evaluated
// over the frames of one window partition.
//
// Three strategies, picked from the frames:
//   - every frame is the whole partition: one state, finalized once, copied to each row;
//   - every frame starts at the partition's first row and frame ends never decrease
//     (running aggregates, the default frame): one state grows row by row and is
//     finalized after each row (every built-in finalize leaves its state usable);
//   - otherwise a segment tree: leaves of 16 rows, each level combining 16 children;
//     a frame is answered by combining O(log n) nodes and at most 30 rows per level edge,
//     always in row order (order-sensitive aggregates like string_agg stay right).
// Rows whose arguments contain a NULL are skipped for functions that ignore NULLs.
//
// Thread-safety: one aggregator per worker; it reads the shared stored rows and writes
// distinct positions of the result column.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "exec/window_rows.h"
#include "expr/aggregate_function.h"

namespace sluice {

class WindowAggregator {
 public:
  WindowAggregator(const AggregateFunction& function, std::vector<size_t> argument_columns,
                   std::vector<TypeId> argument_types, WindowResultColumn& result);

  // Rows [0, n) of one partition in window order (refs); row i's frame is the rows
  // [begin[i], end[i]) (empty if begin >= end). Writes row i's value at its position.
  void Evaluate(const WindowRows& rows, const uint64_t* refs, size_t n, const int64_t* begin,
                const int64_t* end);

 private:
  class States;
  // simple_update (or update with every row pointing at `state`) over `arguments_`.
  void Update(uint8_t* state, size_t count);
  // Adds rows [from, to) of the partition to `state`.
  void Feed(const uint64_t* refs, size_t from, size_t to, uint8_t* state);
  // Finalizes `state` and writes the value at the input positions of `refs[0..count)`.
  void Emit(uint8_t* state, const uint64_t* refs, size_t count);
  void EvaluateSegmentTree(const uint64_t* refs, size_t n, const int64_t* begin,
                           const int64_t* end);

  const AggregateFunction& function_;
  std::vector<size_t> argument_columns_;
  size_t state_size_;
  WindowResultColumn& result_;
  const WindowRows* rows_ = nullptr;
  std::vector<Vector> arguments_;  // scratch: rows fed to simple_update
  std::vector<uint8_t*> state_pointers_;
  Vector finalized_;  // scratch: finalize output
  size_t finalized_used_ = 0;
  std::shared_ptr<StringArena> strings_;  // result strings, adopted by the result column
};

}  // namespace sluice
