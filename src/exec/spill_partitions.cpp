#include "exec/spill_partitions.h"

#include <algorithm>

#include "exec/spill_codec.h"

namespace sluice {

SpillPartitions::SpillPartitions(std::shared_ptr<SpillFile> file, size_t block_bytes)
    : file_(std::move(file)), block_bytes_(block_bytes), partitions_(new Partition[kPartitions]) {}

void SpillPartitions::Write(Side side, size_t partition, const DataChunk& chunk, const sel_t* rows,
                            size_t count) {
  if (count == 0) return;
  Partition& p = partitions_[partition];
  std::lock_guard<std::mutex> lock(p.mutex);
  DataChunk& pending = p.pending[side];
  if (pending.column_count() == 0) {
    std::vector<TypeId> types;
    size_t row_bytes = 8;
    for (size_t c = 0; c < chunk.column_count(); c++) {
      types.push_back(chunk.column(c).type());
      row_bytes += PhysicalSize(types.back()) + (types.back() == TypeId::kVarchar ? 16 : 0);
    }
    // Wide rows: fewer rows per pending chunk, so that all partitions' pending chunks
    // stay about as large as their buffers.
    size_t capacity = std::clamp<size_t>(block_bytes_ / row_bytes, 64, kChunkCapacity);
    pending.Initialize(types, capacity);
  }
  DataChunk view;
  view.Reference(chunk);
  if (rows != nullptr) view.Select(rows, count);
  size_t done = 0;
  while (done < count) {
    size_t n = std::min(count - done, pending.capacity() - pending.size());
    pending.Append(view, done, n);
    done += n;
    if (pending.size() == pending.capacity()) FlushPending(p, side, false);
  }
  p.rows[side] += count;
}

void SpillPartitions::FlushPending(Partition& p, Side side, bool force) {
  DataChunk& pending = p.pending[side];
  if (pending.size() > 0) {
    EncodeChunk(pending, nullptr, pending.size(), p.buffer[side]);
    size_t capacity = pending.capacity();
    std::vector<TypeId> types;
    for (size_t c = 0; c < pending.column_count(); c++) types.push_back(pending.column(c).type());
    pending.Initialize(types, capacity);
  }
  if (!p.buffer[side].empty() && (force || p.buffer[side].size() >= block_bytes_)) {
    p.blocks[side].push_back(file_->Append(p.buffer[side]));
    p.buffer[side].clear();
  }
}

void SpillPartitions::Flush(Side side) {
  for (size_t i = 0; i < kPartitions; i++) {
    Partition& p = partitions_[i];
    std::lock_guard<std::mutex> lock(p.mutex);
    FlushPending(p, side, true);
    p.buffer[side].shrink_to_fit();
    p.pending[side] = DataChunk();
  }
}

}  // namespace sluice
