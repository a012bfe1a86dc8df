// SpillPartitions — rows written to a spill file in kPartitions partitions by the high
// bits of a key hash, for operators that then work one partition at a time: a grace
// hash join (build rows and later probe rows: partition p of the probe side can only
// match partition p of the build side) and a hash aggregate (input rows of the groups
// that did not fit; partition p holds only groups of the hash range p).
//
// Rows are gathered per partition and side into a pending chunk (up to kChunkCapacity
// rows, fewer for wide rows), which is then encoded (spill_codec.h) into a buffer; a full
// buffer is appended to the shared spill file as one block.
//
// Thread-safety: Write may be called concurrently (one mutex per partition). Flush and the
// readers run once writing is over.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "exec/spill_file.h"
#include "vector/data_chunk.h"

namespace sluice {

class SpillPartitions {
 public:
  static constexpr size_t kPartitionBits = 7;
  static constexpr size_t kPartitions = size_t{1} << kPartitionBits;
  // Two independent sets of partitions in one file (a join's build and probe sides).
  enum Side { kBuild = 0, kProbe = 1 };

  // `block_bytes`: how much to buffer per partition and side before writing a block.
  SpillPartitions(std::shared_ptr<SpillFile> file, size_t block_bytes);

  static size_t PartitionOf(uint64_t hash) {
    return static_cast<size_t>(hash >> (64 - kPartitionBits));
  }

  // Appends rows[0..count) of `chunk` to partition `partition` of `side`.
  void Write(Side side, size_t partition, const DataChunk& chunk, const sel_t* rows, size_t count);
  // Writes out every buffer (after the side's last Write).
  void Flush(Side side);

  // The blocks of one partition and side, in the order they were written.
  const std::vector<SpillBlock>& blocks(Side side, size_t partition) const {
    return partitions_[partition].blocks[side];
  }
  uint64_t rows(Side side, size_t partition) const { return partitions_[partition].rows[side]; }
  const SpillFile& file() const { return *file_; }

 private:
  struct Partition {
    std::mutex mutex;
    DataChunk pending[2];
    std::string buffer[2];
    std::vector<SpillBlock> blocks[2];
    uint64_t rows[2] = {0, 0};
  };
  // Encodes `side`'s pending rows into its buffer; writes the buffer once it is large
  // enough (or `force`). Called with the partition's mutex held.
  void FlushPending(Partition& partition, Side side, bool force);

  std::shared_ptr<SpillFile> file_;
  size_t block_bytes_;
  std::unique_ptr<Partition[]> partitions_;
};

}  // namespace sluice
