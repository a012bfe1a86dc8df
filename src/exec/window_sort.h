// Window sort entries: how PhysicalWindow orders the rows of one (PARTITION BY, ORDER BY)
// spec.
//
// Every input row becomes one entry of WindowSpecGroup::entry_words() uint64 words, the
// last word being the row reference (chunk << 32 | row). When every key is fixed-width
// the entry encodes the keys themselves ("encoded"): per key a flag byte (NULL placement)
// and the value's bytes in an order-preserving big-endian form (sign bit flipped,
// descending keys inverted, doubles with -0 folded and one NaN after every number),
// packed into words so that comparing entries word by word as unsigned integers is the
// SQL order (partition keys first, then ORDER BY keys, then input position). Otherwise an
// entry is (partition hash, ref) and the sort compares the stored key columns.
//
// Entries are appended at sink time to one of the radix buckets picked by the partition
// hash, so rows of one partition always meet in one bucket.
//
// Thread-safety: a WindowEntryBuffer belongs to one worker; SortWindowBucket may run
// concurrently on distinct buckets.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "exec/vector_hash.h"
#include "exec/window_plan.h"
#include "exec/window_rows.h"

namespace sluice {

class ThreadPool;

// Entries in blocks (no reallocation copies, little slack).
class WindowEntryBuffer {
 public:
  explicit WindowEntryBuffer(size_t entry_words) : words_(entry_words) {}
  uint64_t* Append() {
    if (used_ == capacity_) NewBlock();
    return blocks_.back().get() + (used_++) * words_;
  }
  size_t count() const { return count_before_last_ + used_; }
  size_t entry_words() const { return words_; }
  // Visits the entries block by block: fn(const uint64_t* entries, size_t count).
  template <typename Fn>
  void ForEachBlock(Fn&& fn) const {
    for (size_t b = 0; b < blocks_.size(); b++) {
      fn(blocks_[b].get(), b + 1 == blocks_.size() ? used_ : block_sizes_[b]);
    }
  }
  void Clear();

 private:
  void NewBlock();
  size_t words_;
  std::vector<std::unique_ptr<uint64_t[]>> blocks_;
  std::vector<size_t> block_sizes_;
  size_t used_ = 0;
  size_t capacity_ = 0;
  size_t count_before_last_ = 0;
};

// Sets up the entry layout of `group` (encoded or not) from its keys.
void PlanWindowEntries(WindowSpecGroup& group);

// Scratch a worker reuses across chunks.
struct WindowEncodeScratch {
  NormalizedKeys normalized;
  std::vector<Vector> key_vectors;
  std::vector<uint8_t> bytes;
  std::vector<uint64_t> hashes;
};

// Appends one entry per row of `stored` (rows [0, stored.size())) to buckets[hash >> ...];
// `buckets` has 1 << bucket_bits buffers.
void AppendWindowEntries(const WindowSpecGroup& group, const DataChunk& stored, uint32_t chunk_id,
                         size_t bucket_bits, WindowEncodeScratch& scratch,
                         std::vector<WindowEntryBuffer>& buckets);

// One bucket's rows in window order.
struct WindowSortedRows {
  std::vector<uint64_t> refs;
  std::vector<uint8_t> partition_start;  // 1 at the first row of each partition
  std::vector<uint8_t> peer_start;       // 1 at the first row of each peer group
};

// Gathers the entries of `parts` (clearing them), rewrites each ref's chunk through
// `chunk_rank` (sink-time chunk id -> position in `rows.chunks`), and sorts. With a pool,
// sorts in parallel runs and merges (for a single large bucket).
WindowSortedRows SortWindowBucket(const WindowSpecGroup& group, const WindowRows& rows,
                                  const std::vector<WindowEntryBuffer*>& parts,
                                  const std::vector<uint32_t>& chunk_rank, ThreadPool* pool);

}  // namespace sluice
