// WindowEvaluator — computes the calls of one (PARTITION BY, ORDER BY) spec over one
// sorted bucket: finds partitions and peer groups, computes each call's frames (ROWS by
// row counts, RANGE by peers or by ORDER BY key distance) and writes every row's value to
// the call's result column at the row's input position.
//
// Thread-safety: one evaluator per task; tasks share the read-only stored rows and write
// distinct positions of the result columns.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "exec/window.h"
#include "exec/window_aggregator.h"
#include "exec/window_plan.h"
#include "exec/window_rows.h"
#include "exec/window_sort.h"

namespace sluice {

class WindowEvaluator {
 public:
  WindowEvaluator(const std::vector<WindowCall>& calls, const PhysicalWindow::Plan& plan,
                  const WindowSpecGroup& group, const WindowRows& rows,
                  std::vector<std::unique_ptr<WindowResultColumn>>& results);

  void Evaluate(const WindowSortedRows& sorted);

 private:
  void EvaluatePartition(const uint64_t* refs, const uint8_t* peer_start, size_t n);
  void EvaluateCall(size_t call, const uint64_t* refs, size_t n);
  void ComputeFrame(const WindowFrame& frame, const uint64_t* refs, size_t n);
  template <typename T>
  void ComputeRangeOffsets(const WindowFrame& frame, const uint64_t* refs, size_t n);
  void Ranking(WindowFunctionKind kind, const uint64_t* refs, size_t n, WindowResultColumn& out);
  void Ntile(size_t call, const uint64_t* refs, size_t n, WindowResultColumn& out);
  void LagLead(size_t call, const uint64_t* refs, size_t n, WindowResultColumn& out);
  void FrameValue(size_t call, const uint64_t* refs, size_t n, WindowResultColumn& out);
  // valid_before_[i] = non-NULL values of `column` in rows [0, i); valid_rows_ lists them.
  void CountValid(size_t column, const uint64_t* refs, size_t n);

  const std::vector<WindowCall>& calls_;
  const PhysicalWindow::Plan& plan_;
  const WindowSpecGroup& group_;
  const WindowRows& rows_;
  std::vector<std::unique_ptr<WindowResultColumn>>& results_;
  std::vector<std::unique_ptr<WindowAggregator>> aggregators_;  // by position in group_.calls
  bool needs_peers_ = false;

  // Per partition scratch.
  std::vector<int64_t> peer_begin_, peer_end_, peer_number_;
  std::vector<int64_t> frame_begin_, frame_end_;
  std::vector<int64_t> valid_before_, valid_rows_;
};

}  // namespace sluice
