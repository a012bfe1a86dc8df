// Internal state of PhysicalHashJoin (hash_join.cpp: build, probe, outer tail;
// hash_join_spill.cpp: the grace join after spilling). Not for use outside them.
//
// Thread-safety: see PhysicalHashJoin.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "exec/memory_tracker.h"
#include "exec/physical_operator.h"
#include "exec/spill_partitions.h"
#include "exec/vector_hash.h"
#include "expr/expression_executor.h"
#include "vector/data_chunk.h"

namespace sluice {

// Chain links and bucket heads hold row + 1; kChainEnd ends a chain.
constexpr uint32_t kChainEnd = 0;

enum class HashJoinProbePhase { kIdle, kPairs, kUnmatchedProbe, kDone };

struct HashJoinBuildChunk {
  DataChunk rows;
  NormalizedKeys keys;
};

// The build side after Finalize: rows in chunks, keys flattened per row, chains.
struct HashJoinGlobal final : GlobalSinkState {
  std::mutex mutex;
  std::vector<HashJoinBuildChunk> chunks;
  size_t rows = 0;
  std::vector<uint32_t> row_chunk;
  std::vector<uint32_t> row_offset;
  std::vector<uint64_t> hashes;
  std::vector<NormalizedColumn> keys;  // flattened over all rows
  std::vector<uint32_t> heads;         // bucket -> first row + 1
  std::vector<uint32_t> next;          // row -> next row + 1 in the chain
  uint64_t mask = 0;
  bool has_null_key = false;
  std::unique_ptr<std::atomic<uint8_t>[]> matched;
  // Whether the whole build side is empty / has a NULL key: for a spilled join's partition
  // tables these describe every partition (NOT IN needs the global answer).
  bool build_empty = true;

  // Memory and spilling. `spilling` turns on when the build side outgrows the limit;
  // from then on build rows go to `partitions`, and after Finalize (`spilled`) so do the
  // probe rows; the join then runs partition by partition in the tail pass.
  std::shared_ptr<MemoryTracker> tracker;
  MemoryReservation reservation;
  std::atomic<bool> spilling{false};
  bool spilled = false;
  std::unique_ptr<SpillPartitions> partitions;
  std::atomic<bool> spilled_null_key{false};
  std::atomic<uint64_t> spilled_rows{0};
  // Build columns flattened over all rows (strings still point into the chunks' arenas).
  std::vector<Vector> columns;
  std::vector<size_t> chunk_first_row;  // first row of each chunk

  bool RowHasNullKey(size_t r) const {
    for (const auto& k : keys) {
      if (k.any_null && k.nulls[r]) return true;
    }
    return false;
  }
  bool KeysEqual(size_t build_row, const NormalizedKeys& probe, size_t probe_row) const {
    for (size_t k = 0; k < keys.size(); k++) {
      const NormalizedColumn& b = keys[k];
      const NormalizedColumn& p = probe.columns[k];
      if (b.is_string) {
        if (!(b.strings[build_row] == p.strings[probe_row])) return false;
      } else if (b.values[build_row] != p.values[probe_row]) {
        return false;
      }
    }
    return true;
  }
};

struct HashJoinProbeState final : OperatorState {
  ExpressionExecutor key_executor;
  ExpressionExecutor residual_executor;
  NormalizedKeys keys;
  HashJoinProbePhase phase = HashJoinProbePhase::kIdle;
  size_t row = 0;              // current probe row
  uint32_t chain = kChainEnd;  // next build row + 1 to visit for `row`
  bool chain_started = false;
  std::vector<uint8_t> matched;  // per probe row
  std::vector<sel_t> pair_probe;
  std::vector<uint32_t> pair_build;
  DataChunk joined;
  std::vector<sel_t> selection;
};

struct HashJoinTailSource final : GlobalSourceState {
  std::atomic<size_t> next{0};
  size_t chunks = 0;
  size_t threads = 0;  // spilled: workers that join partitions
  std::atomic<uint64_t> batch{0};
  size_t MaxThreads() const override { return threads; }
};

// One worker's progress through the partitions of a spilled join.
struct HashJoinSpilledTailLocal final : LocalSourceState {
  std::unique_ptr<HashJoinGlobal> table;  // the current partition's build side
  std::unique_ptr<OperatorState> probe;
  size_t partition = 0;
  size_t next_block = 0;
  std::shared_ptr<std::string> block;
  size_t block_offset = 0;
  DataChunk probe_chunk;
  bool probe_pending = false;  // Probe asked to be called again with probe_chunk
  bool probing = false;        // else emitting unmatched build rows
  size_t next_unmatched_chunk = 0;
};

}  // namespace sluice
