// PhysicalHashAggregate — GROUP BY with aggregates (and plain aggregates without groups).
//
// Sink: each worker evaluates group keys and aggregate arguments per chunk and updates
// thread-local hash tables, radix-partitioned by the group hash (kPartitions tables per
// worker). DISTINCT aggregates keep a separate set of (group, argument) per worker.
// Finalize: partitions are merged across workers in parallel, partition p by one thread,
// then DISTINCT sets are folded into their groups. Source: emits the groups of each
// partition, keys first, then one column per aggregate.
//
// Memory (grouped only): each worker reserves its tables' size against the query's
// MemoryTracker per chunk. Once the query is over its limit, workers keep the groups
// they hold and write further input rows to spill files, partitioned by group hash
// (SpillPartitions). The source then finishes one partition at a time per worker: it
// re-aggregates that partition's spilled rows, merges in the held groups of the
// partition, folds DISTINCT sets, emits, and frees it. Re-aggregating raw rows works for
// every aggregate (string_agg, median, DISTINCT ...). Held groups stay in memory until
// their partition is processed; a partition is not split further. Aggregates without
// GROUP BY (one state; DISTINCT sets) do not spill.
//
// Without GROUP BY there is one state per aggregate and exactly one output row, also for
// empty input (count = 0, sum = NULL).
//
// Thread-safety: see PhysicalOperator.
#pragma once

#include <vector>

#include "exec/group_hash_table.h"
#include "exec/physical_operator.h"
#include "expr/aggregate_function.h"
#include "expr/expression.h"

namespace sluice {

struct AggregateSpec {
  const AggregateFunction* function = nullptr;
  std::vector<ExprPtr> arguments;  // already cast to the function's parameter types
  bool distinct = false;
  ExprPtr filter;  // FILTER (WHERE ...), may be null
  std::string name;

  AggregateSpec Clone() const;
  std::string ToString() const;
};

class PhysicalHashAggregate final : public PhysicalOperator {
 public:
  PhysicalHashAggregate(std::vector<ExprPtr> groups, std::vector<AggregateSpec> aggregates);
  // The sink state destroys aggregate states through this operator's functions: release
  // it while they still exist.
  ~PhysicalHashAggregate() override { sink_state.reset(); }

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
  std::unique_ptr<LocalSourceState> InitLocalSource(ExecutionContext& context,
                                                    GlobalSourceState& global) const override;
  bool GetData(ExecutionContext& context, DataChunk& out, GlobalSourceState& global,
               LocalSourceState& local) const override;
  std::string Describe() const override;

  static constexpr size_t kPartitionBits = 4;
  static constexpr size_t kPartitions = size_t{1} << kPartitionBits;

  const std::vector<ExprPtr>& groups() const { return groups_; }
  const std::vector<AggregateSpec>& aggregates() const { return aggregates_; }
  size_t payload_size() const { return payload_size_; }
  const std::vector<size_t>& state_offsets() const { return state_offsets_; }

 private:
  // Evaluates keys and arguments of `input` and updates the worker's tables and states.
  void AggregateChunk(LocalSinkState& local, DataChunk& input) const;
  // Combines the states of `source` into `target` and destroys `source`'s.
  void CombineStates(uint8_t* source, uint8_t* target) const;
  // A spilled aggregate's partition p, finished (spilled rows + held groups + DISTINCT).
  GroupHashTable AggregatePartition(ExecutionContext& context, GlobalSinkState& global,
                                    size_t p) const;
  // Output chunk of up to kChunkCapacity groups of `table` from row `first` on.
  void EmitGroups(GroupHashTable& table, size_t first, DataChunk& out) const;

  std::vector<ExprPtr> groups_;
  std::vector<AggregateSpec> aggregates_;
  std::vector<size_t> state_offsets_;
  size_t payload_size_ = 0;
  bool has_distinct_ = false;
  size_t heap_state_aggregates_ = 0;  // aggregates whose states own heap memory
};

}  // namespace sluice
