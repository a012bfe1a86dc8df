// PhysicalOrder — ORDER BY: materializes its input with the evaluated sort keys, sorts
// row references in Finalize (each worker's run sorted in parallel, then merged), and
// emits the rows in order. Sorting is stable, so equal keys keep input order.
//
// Memory: buffered rows are reserved against the query's MemoryTracker per chunk. When
// the query is over its limit, a worker sorts what it holds into a run and writes it to a
// spill file; Finalize then writes the rest as a last run and the source merges all runs
// (SortedRunMerger, single-threaded) instead of sorting in memory.
//
// Thread-safety: see PhysicalOperator.
#pragma once

#include <utility>
#include <vector>

#include "exec/physical_operator.h"
#include "expr/expression.h"

namespace sluice {

struct SortKey {
  ExprPtr expression;
  bool descending = false;
  bool nulls_first = false;  // PostgreSQL/DuckDB default: NULLS LAST for ASC, FIRST for DESC
  SortKey Clone() const { return SortKey{expression->Clone(), descending, nulls_first}; }
};

class PhysicalOrder final : public PhysicalOperator {
 public:
  PhysicalOrder(std::vector<TypeId> types, std::vector<SortKey> keys);
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

 private:
  // Types of a spilled run's rows: payload, evaluated keys, batch index.
  std::vector<TypeId> RunTypes() const;
  // Sorts `batches` (one worker's, or the leftovers of all) into a run in the spill file.
  void WriteRun(ExecutionContext& context, GlobalSinkState& global,
                std::vector<std::pair<uint64_t, DataChunk>> batches) const;

  std::vector<SortKey> keys_;
};

}  // namespace sluice
