// The grace-join half of PhysicalHashJoin: what happens once the build side outgrew the
// memory limit (see hash_join.h).
#include <algorithm>

#include "exec/hash_join.h"
#include "exec/hash_join_state.h"
#include "exec/spill_codec.h"

namespace sluice {

void PhysicalHashJoin::StartSpilling(ExecutionContext& context, HashJoinGlobal& g) const {
  std::lock_guard<std::mutex> lock(g.mutex);
  if (g.partitions) return;
  auto file = std::make_shared<SpillFile>(context.spill_directory(), &context.spilled_bytes);
  // Per partition and side one buffer: keep them all together well under the limit.
  size_t block = context.memory_limit_bytes / (8 * SpillPartitions::kPartitions);
  block = std::clamp<size_t>(block, size_t{16} << 10, size_t{1} << 20);
  g.partitions = std::make_unique<SpillPartitions>(std::move(file), block);
  g.spilling.store(true, std::memory_order_release);
}

void PhysicalHashJoin::SpillBuildChunks(HashJoinGlobal& g,
                                        std::vector<HashJoinBuildChunk>& chunks) const {
  std::vector<std::vector<sel_t>> rows(SpillPartitions::kPartitions);
  for (auto& chunk : chunks) {
    size_t n = chunk.rows.size();
    for (auto& r : rows) r.clear();
    bool null_key = false;
    for (size_t i = 0; i < n; i++) {
      null_key = null_key || chunk.keys.RowHasNull(i);
      rows[SpillPartitions::PartitionOf(chunk.keys.hashes[i])].push_back(static_cast<sel_t>(i));
    }
    if (null_key) g.spilled_null_key.store(true, std::memory_order_relaxed);
    g.spilled_rows.fetch_add(n, std::memory_order_relaxed);
    for (size_t p = 0; p < SpillPartitions::kPartitions; p++) {
      g.partitions->Write(SpillPartitions::kBuild, p, chunk.rows, rows[p].data(), rows[p].size());
    }
  }
  chunks.clear();
}

std::unique_ptr<HashJoinGlobal> PhysicalHashJoin::LoadPartition(const HashJoinGlobal& g,
                                                                size_t p) const {
  auto table = std::make_unique<HashJoinGlobal>();
  ExpressionExecutor executor;
  for (const auto& k : build_keys_) executor.AddExpression(k.get());
  const SpillPartitions& partitions = *g.partitions;
  for (const SpillBlock& block : partitions.blocks(SpillPartitions::kBuild, p)) {
    std::shared_ptr<std::string> bytes = partitions.file().Read(block);
    size_t offset = 0;
    while (offset < bytes->size()) {
      HashJoinBuildChunk chunk;
      DecodeChunk(bytes, &offset, build_types_, chunk.rows);
      std::vector<Vector> keys(build_keys_.size());
      for (size_t k = 0; k < build_keys_.size(); k++) executor.Execute(chunk.rows, k, keys[k]);
      chunk.keys.Load(keys, chunk.rows.size());
      table->chunks.push_back(std::move(chunk));
    }
  }
  BuildTable(*table);
  // NOT IN and empty-build rules look at the whole build side, not this partition.
  table->has_null_key = g.has_null_key;
  table->build_empty = g.build_empty;
  return table;
}

bool PhysicalHashJoin::GetSpilledData(ExecutionContext& context, DataChunk& out,
                                      GlobalSourceState& global, LocalSourceState& local) const {
  auto& src = static_cast<HashJoinTailSource&>(global);
  auto& l = static_cast<HashJoinSpilledTailLocal&>(local);
  const auto& g = static_cast<const HashJoinGlobal&>(*sink_state);
  const SpillPartitions& partitions = *g.partitions;
  for (;;) {
    if (!l.table) {
      size_t p = src.next.fetch_add(1);
      if (p >= SpillPartitions::kPartitions) return false;
      if (partitions.rows(SpillPartitions::kProbe, p) == 0 && !HasOuterTail()) continue;
      l.partition = p;
      l.table = LoadPartition(g, p);
      if (!l.probe) l.probe = InitOperatorState(context);
      l.next_block = 0;
      l.block.reset();
      l.block_offset = 0;
      l.probe_pending = false;
      l.probing = true;
      l.next_unmatched_chunk = 0;
    }
    if (l.probing) {
      if (l.probe_pending) {
        OperatorResult r =
            Probe(*l.table, l.probe_chunk, out, static_cast<HashJoinProbeState&>(*l.probe));
        l.probe_pending = r == OperatorResult::kHaveMoreOutput;
        if (out.size() > 0) {
          l.batch_index = src.batch.fetch_add(1);
          return true;
        }
        continue;
      }
      if (l.block && l.block_offset < l.block->size()) {
        DecodeChunk(l.block, &l.block_offset, probe_types_, l.probe_chunk);
        l.probe_pending = true;
        continue;
      }
      const auto& blocks = partitions.blocks(SpillPartitions::kProbe, l.partition);
      if (l.next_block < blocks.size()) {
        l.block = partitions.file().Read(blocks[l.next_block++]);
        l.block_offset = 0;
        continue;
      }
      l.block.reset();
      l.probing = false;
    }
    if (HasOuterTail()) {
      while (l.next_unmatched_chunk < l.table->chunks.size()) {
        if (EmitUnmatchedBuild(*l.table, l.next_unmatched_chunk++, out)) {
          l.batch_index = src.batch.fetch_add(1);
          return true;
        }
      }
    }
    l.table.reset();
  }
}

}  // namespace sluice
