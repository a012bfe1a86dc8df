// PhysicalHashJoin — equi-join of a streaming probe side (children[0]) with a
// materialized build side (children[1]).
//
// Build (sink): workers collect build chunks and their normalized keys; Finalize builds
// one chained hash table over all build rows (rows with a NULL key are kept for outer
// output but never inserted: NULL keys never match). Probe (streaming operator): each
// probe chunk walks the chains of its rows; output chunks hold probe columns then build
// columns. A probe row with many matches produces output across several calls
// (kHaveMoreOutput). A residual condition (the non-equality part of ON) is evaluated on
// the joined rows.
//
// Join types, from the probe side's point of view:
//   kInner, kLeft (unmatched probe rows with NULL build columns), kSemi / kAnti (probe
//   columns only; kAnti with null_aware implements NOT IN), kFull / kRight-as-build-outer
//   (kOuterBuild: additionally emit unmatched build rows with NULL probe columns after the
//   probe, through the executor's tail pass).
// With no keys at all every probe row matches every build row (cross product).
//
// Memory: build chunks are reserved against the query's MemoryTracker. When the query is
// over its limit while the build side sinks (and the join has keys), the join turns into
// a grace hash join: build rows, then probe rows, are written to spill files in
// SpillPartitions::kPartitions partitions by key hash; the probe pass emits nothing and
// the tail pass (HasTailSource) joins one partition at a time per worker, each with its
// own in-memory table, for every join kind. A keyless join (cross product) never spills.
// A single partition larger than memory is still loaded whole (no recursive split).
//
// Thread-safety: see PhysicalOperator; matched flags of build rows are atomic.
#pragma once

#include <vector>

#include "exec/physical_operator.h"
#include "expr/expression.h"

namespace sluice {

enum class JoinKind { kInner, kLeft, kFull, kRightOuter, kSemi, kAnti };

struct HashJoinGlobal;
struct HashJoinBuildChunk;
struct HashJoinProbeState;

class PhysicalHashJoin final : public PhysicalOperator {
 public:
  // probe_keys / build_keys: expressions over the probe / build child's columns, pairwise
  // equal; residual over [probe columns..., build columns...] (may be null).
  PhysicalHashJoin(JoinKind kind, std::vector<TypeId> probe_types, std::vector<TypeId> build_types,
                   std::vector<ExprPtr> probe_keys, std::vector<ExprPtr> build_keys,
                   ExprPtr residual, bool null_aware);
  ~PhysicalHashJoin() override { sink_state.reset(); }

  bool IsSink() const override { return true; }
  // Build side.
  std::unique_ptr<GlobalSinkState> InitGlobalSink(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> InitLocalSink(ExecutionContext& context,
                                                GlobalSinkState& global) const override;
  void Sink(ExecutionContext& context, DataChunk& input, GlobalSinkState& global,
            LocalSinkState& local) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;
  // Probe side.
  std::unique_ptr<OperatorState> InitOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;
  // Tail: unmatched build rows (kFull, kRightOuter), run as a source after the probe.
  bool HasOuterTail() const { return kind_ == JoinKind::kFull || kind_ == JoinKind::kRightOuter; }
  // Also true once the build side has spilled (decided before the probe pipeline runs).
  bool HasTailSource() const override;
  std::unique_ptr<GlobalSourceState> InitGlobalSource(ExecutionContext& context) const override;
  std::unique_ptr<LocalSourceState> InitLocalSource(ExecutionContext& context,
                                                    GlobalSourceState& global) const override;
  bool GetData(ExecutionContext& context, DataChunk& out, GlobalSourceState& global,
               LocalSourceState& local) const override;
  std::string Describe() const override;

  JoinKind join_kind() const { return kind_; }

 private:
  // Builds the chained hash table over table.chunks.
  void BuildTable(HashJoinGlobal& table) const;
  // Joins one probe chunk against `table` (the Execute contract).
  OperatorResult Probe(const HashJoinGlobal& table, DataChunk& input, DataChunk& output,
                       HashJoinProbeState& state) const;
  // Unmatched rows of table.chunks[c] with NULL probe columns; false if there are none.
  bool EmitUnmatchedBuild(const HashJoinGlobal& table, size_t c, DataChunk& out) const;
  // Spilling: turns it on; writes build chunks to their partitions.
  void StartSpilling(ExecutionContext& context, HashJoinGlobal& global) const;
  void SpillBuildChunks(HashJoinGlobal& global, std::vector<HashJoinBuildChunk>& chunks) const;
  // Loads build partition `p` of a spilled join into a table of its own.
  std::unique_ptr<HashJoinGlobal> LoadPartition(const HashJoinGlobal& global, size_t p) const;
  bool GetSpilledData(ExecutionContext& context, DataChunk& out, GlobalSourceState& global,
                      LocalSourceState& local) const;

  JoinKind kind_;
  std::vector<TypeId> probe_types_;
  std::vector<TypeId> build_types_;
  std::vector<ExprPtr> probe_keys_;
  std::vector<ExprPtr> build_keys_;
  ExprPtr residual_;
  bool null_aware_;
};

}  // namespace sluice
