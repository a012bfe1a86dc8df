// PhysicalOperator — a node of an executable plan, and the push-based pipeline contract.
//
// A plan is cut into pipelines at pipeline breakers (hash aggregate, sort, hash-join
// build, the result collector). A pipeline is one source, a chain of streaming operators
// and one sink. Worker threads each pull chunks from the source (morsels), push them
// through the operators and into the sink:
//
//   global = op.InitGlobalSink()                 once, caller thread
//   local  = op.InitLocalSink(global)            per worker
//   op.Sink(input, global, local)                per chunk, CONCURRENTLY across workers
//   op.Combine(global, local)                    per worker when its morsels run out
//                                                (may run concurrently: lock in global)
//   op.Finalize(global)                          once, after every Combine
//
// A sink that produces rows (aggregate, sort) is then the source of the next pipeline,
// reading its own finalized global sink state. Sources likewise split into global and
// per-worker local state; GetData is called concurrently with distinct local states.
// Streaming operators (filter, projection, join probe) keep per-worker OperatorState.
//
// Order: every chunk travels with the batch index of the source morsel it came from
// (LocalSourceState::batch_index -> LocalSinkState::batch_index), so sinks that must keep
// input order (result collector, COPY, LIMIT) can restore it.
//
// Lifetime: a chunk an operator emits stays valid until that operator is called again;
// its strings may point into memory owned by the operator's state (a join's build side),
// so every sink copies what it keeps.
//
// Thread-safety: operators are immutable after planning except for the sink state the
// executor attaches to them (sink_state), which is written by Finalize before any reader.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "exec/execution_context.h"
#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice {

class GlobalSinkState {
 public:
  virtual ~GlobalSinkState() = default;
};
class LocalSinkState {
 public:
  virtual ~LocalSinkState() = default;
  uint64_t batch_index = 0;
};
class GlobalSourceState {
 public:
  virtual ~GlobalSourceState() = default;
  virtual size_t MaxThreads() const { return 1; }
  virtual double Progress() const { return -1; }
};
class LocalSourceState {
 public:
  virtual ~LocalSourceState() = default;
  uint64_t batch_index = 0;
};
class OperatorState {
 public:
  virtual ~OperatorState() = default;
};

enum class OperatorResult { kNeedMoreInput, kHaveMoreOutput, kFinished };

enum class PhysicalOperatorKind {
  kTableScan,
  kChunkScan,
  kProjection,
  kFilter,
  kHashAggregate,
  kOrder,
  kTopN,
  kLimit,
  kResultCollector,
  kCopyToFile,
  kHashJoin,
  kCrossProduct,
  kWindow,
  kUnion,
  kSetOperation,
  kEmptyResult,
  kInsert,
};

class PhysicalOperator {
 public:
  PhysicalOperator(PhysicalOperatorKind kind, std::vector<TypeId> types)
      : kind_(kind), types_(std::move(types)) {}
  virtual ~PhysicalOperator() = default;

  PhysicalOperatorKind kind() const { return kind_; }
  const std::vector<TypeId>& types() const { return types_; }
  std::vector<std::unique_ptr<PhysicalOperator>>& children() { return children_; }
  const std::vector<std::unique_ptr<PhysicalOperator>>& children() const { return children_; }
  void AddChild(std::unique_ptr<PhysicalOperator> child) { children_.push_back(std::move(child)); }

  // Role in pipelines.
  virtual bool IsSource() const { return false; }
  virtual bool IsSink() const { return false; }
  // A sink whose input must arrive in source order (it restores order by batch index).
  virtual bool SinkPreservesOrder() const { return false; }
  // A streaming operator that, after its pipeline's source is exhausted, produces more
  // rows through its source interface (a full outer join's unmatched build rows). Those
  // rows go through the operators after it into the same sink.
  virtual bool HasTailSource() const { return false; }

  // Source interface.
  virtual std::unique_ptr<GlobalSourceState> InitGlobalSource(ExecutionContext& context) const;
  virtual std::unique_ptr<LocalSourceState> InitLocalSource(ExecutionContext& context,
                                                            GlobalSourceState& global) const;
  // Fills `out` (owned by the worker); returns false when the source is exhausted.
  virtual bool GetData(ExecutionContext& context, DataChunk& out, GlobalSourceState& global,
                       LocalSourceState& local) const;

  // Streaming interface.
  virtual std::unique_ptr<OperatorState> InitOperatorState(ExecutionContext& context) const;
  virtual OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                                 OperatorState& state) const;

  // Sink interface.
  virtual std::unique_ptr<GlobalSinkState> InitGlobalSink(ExecutionContext& context) const;
  virtual std::unique_ptr<LocalSinkState> InitLocalSink(ExecutionContext& context,
                                                        GlobalSinkState& global) const;
  virtual void Sink(ExecutionContext& context, DataChunk& input, GlobalSinkState& global,
                    LocalSinkState& local) const;
  virtual void Combine(ExecutionContext& context, GlobalSinkState& global,
                       LocalSinkState& local) const;
  virtual void Finalize(ExecutionContext& context, GlobalSinkState& global) const;

  // EXPLAIN: one line describing this operator ("HASH_AGGREGATE groups=[#0] aggs=[sum(#1)]").
  virtual std::string Describe() const = 0;
  double estimated_rows = -1;

  // The finalized sink state, for sinks that are also sources.
  std::unique_ptr<GlobalSinkState> sink_state;

 private:
  PhysicalOperatorKind kind_;
  std::vector<TypeId> types_;
  std::vector<std::unique_ptr<PhysicalOperator>> children_;
};

using PhysicalOperatorPtr = std::unique_ptr<PhysicalOperator>;

}  // namespace sluice
