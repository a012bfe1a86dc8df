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
// Thread-safety: see PhysicalOperator; matched flags of build rows are atomic.
#pragma once

#include <vector>

#include "exec/physical_operator.h"
#include "expr/expression.h"

namespace sluice {

enum class JoinKind { kInner, kLeft, kFull, kRightOuter, kSemi, kAnti };

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
  bool HasTailSource() const override { return HasOuterTail(); }
  std::unique_ptr<GlobalSourceState> InitGlobalSource(ExecutionContext& context) const override;
  bool GetData(ExecutionContext& context, DataChunk& out, GlobalSourceState& global,
               LocalSourceState& local) const override;
  std::string Describe() const override;

  JoinKind join_kind() const { return kind_; }

 private:
  JoinKind kind_;
  std::vector<TypeId> probe_types_;
  std::vector<TypeId> build_types_;
  std::vector<ExprPtr> probe_keys_;
  std::vector<ExprPtr> build_keys_;
  ExprPtr residual_;
  bool null_aware_;
};

}  // namespace sluice
