#include "exec/spill_partitions.h"

#include "exec/spill_codec.h"

namespace sluice {

SpillPartitions::SpillPartitions(std::shared_ptr<SpillFile> file, size_t block_bytes)
    : file_(std::move(file)), block_bytes_(block_bytes), partitions_(new Partition[kPartitions]) {}

void SpillPartitions::Write(Side side, size_t partition, const DataChunk& chunk, const sel_t* rows,
                            size_t count) {
  if (count == 0) return;
  Partition& p = partitions_[partition];
  std::lock_guard<std::mutex> lock(p.mutex);
  EncodeChunk(chunk, rows, count, p.buffer[side]);
  p.rows[side] += count;
  if (p.buffer[side].size() >= block_bytes_) {
    p.blocks[side].push_back(file_->Append(p.buffer[side]));
    p.buffer[side].clear();
  }
}

void SpillPartitions::Flush(Side side) {
  for (size_t i = 0; i < kPartitions; i++) {
    Partition& p = partitions_[i];
    std::lock_guard<std::mutex> lock(p.mutex);
    if (!p.buffer[side].empty()) {
      p.blocks[side].push_back(file_->Append(p.buffer[side]));
      p.buffer[side].clear();
      p.buffer[side].shrink_to_fit();
    }
  }
}

}  // namespace sluice
