// PhysicalWindow — window functions (OVER (PARTITION BY ... ORDER BY ... frame)).
//
// Sink: each worker keeps its input chunks (fixed-width columns shared, strings copied
// into a per-worker arena), the evaluated keys and arguments, and for every distinct
// (PARTITION BY, ORDER BY) spec appends one fixed-width sort entry per row to one of
// kBuckets radix buckets chosen by the partition-key hash (see window_sort.h).
// Finalize: for each spec, buckets are sorted and evaluated in parallel (one bucket per
// task; a spec without PARTITION BY is one bucket, sorted in parallel runs and merged),
// and every call's values are scattered into a result column indexed by input position.
// Source: emits the input chunks in input (batch) order, each followed by one column per
// call, so the payload is never gathered or copied again.
//
// Semantics follow PostgreSQL: ROWS and RANGE frames with UNBOUNDED / n PRECEDING /
// CURRENT ROW / n FOLLOWING; rows with equal ORDER BY keys are peers and share a RANGE
// frame's CURRENT ROW bounds; the default frame is RANGE UNBOUNDED PRECEDING .. CURRENT
// ROW, which is the whole partition without ORDER BY. Rows that tie on every ORDER BY key
// keep input order, so results are deterministic.
//
// Aggregates over frames call the registry's AggregateFunction: a frame starting at the
// partition's first row grows one state and finalizes it per row (finalize must leave
// the state usable, which every built-in aggregate does); other frames use a segment
// tree of partial states merged with combine, in row order.
//
// Thread-safety: see PhysicalOperator.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "exec/order.h"
#include "exec/physical_operator.h"
#include "expr/aggregate_function.h"
#include "expr/expression.h"

namespace sluice {

enum class WindowFunctionKind {
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue,
  kAggregate
};
enum class FrameUnit { kRows, kRange };
enum class FrameBoundKind {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing
};

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  // ROWS: a number of rows; RANGE: a distance in the ORDER BY key's unit (numbers; days for
  // DATE, microseconds for TIMESTAMP). Never negative.
  int64_t offset = 0;
};

struct WindowFrame {
  FrameUnit unit = FrameUnit::kRange;
  FrameBound start{FrameBoundKind::kUnboundedPreceding};
  FrameBound end{FrameBoundKind::kCurrentRow};
  bool explicit_frame = false;
};

// One window function call. Arguments (already cast) by kind:
//   row_number, rank, dense_rank, percent_rank, cume_dist: none
//   ntile(n BIGINT)
//   lag/lead(x [, offset BIGINT [, default of x's type]])
//   first_value(x), last_value(x), nth_value(x, n BIGINT)
//   aggregate: the aggregate's parameters (none for count_star)
struct WindowCall {
  WindowFunctionKind kind = WindowFunctionKind::kRowNumber;
  const AggregateFunction* aggregate = nullptr;  // kAggregate
  std::vector<ExprPtr> arguments;                // over the operator's input columns
  std::vector<ExprPtr> partition_by;
  std::vector<SortKey> order_by;
  WindowFrame frame;
  bool ignore_nulls = false;
  bool distinct = false;        // refused with Error::NotSupported
  TypeId type = TypeId::kNull;  // result type
  std::string name;

  WindowCall Clone() const;
  std::string ToString() const;
};

// The SQL name of a window function kind ("row_number").
std::string_view WindowFunctionName(WindowFunctionKind kind);

class PhysicalWindow final : public PhysicalOperator {
 public:
  // Output: the input columns (same order), then one column per call. Throws a user_input
  // Error for calls the operator cannot evaluate (bad frame, wrong arguments, DISTINCT).
  PhysicalWindow(std::vector<TypeId> input_types, std::vector<WindowCall> calls);
  // The sink state destroys aggregate states through the calls' functions.
  ~PhysicalWindow() override;

  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSinkState> InitGlobalSink(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> InitLocalSink(ExecutionContext& context,
                                                GlobalSinkState& global) const override;
  void Sink(ExecutionContext& context, DataChunk& input, GlobalSinkState& global,
            LocalSinkState& local) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;
  std::unique_ptr<GlobalSourceState> InitGlobalSource(ExecutionContext& context) const override;
  bool GetData(ExecutionContext& context, DataChunk& out, GlobalSourceState& global,
               LocalSourceState& local) const override;
  std::string Describe() const override;

  const std::vector<WindowCall>& calls() const { return calls_; }
  size_t input_column_count() const { return input_types_.size(); }

  // Radix buckets per (PARTITION BY) spec.
  static constexpr size_t kBucketBits = 8;
  static constexpr size_t kBuckets = size_t{1} << kBucketBits;

  struct Plan;  // stored columns and spec groups, derived from the calls (window_plan.h)

 private:
  std::vector<TypeId> input_types_;
  std::vector<WindowCall> calls_;
  std::unique_ptr<Plan> plan_;
};

}  // namespace sluice
