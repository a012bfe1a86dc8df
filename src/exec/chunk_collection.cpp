#include "exec/chunk_collection.h"

#include "common/error.h"

namespace sluice {

void ChunkCollection::Append(const DataChunk& chunk) {
  size_t offset = 0;
  while (offset < chunk.size()) {
    if (chunks_.empty() || chunks_.back().size() == chunks_.back().capacity()) {
      chunks_.emplace_back();
      chunks_.back().Initialize(types_);
    }
    DataChunk& target = chunks_.back();
    size_t n = std::min(chunk.size() - offset, target.capacity() - target.size());
    target.Append(chunk, offset, n);
    offset += n;
  }
  rows_ += chunk.size();
}

void ChunkCollection::AppendOwned(DataChunk chunk) {
  rows_ += chunk.size();
  if (chunk.size() > 0) chunks_.push_back(std::move(chunk));
}

void ChunkCollection::AppendCollection(ChunkCollection&& other) {
  for (auto& c : other.chunks_) chunks_.push_back(std::move(c));
  rows_ += other.rows_;
  other.chunks_.clear();
  other.rows_ = 0;
}

Value ChunkCollection::GetValue(size_t column, uint64_t row) const {
  for (const auto& c : chunks_) {
    if (row < c.size()) return c.column(column).GetValue(row);
    row -= c.size();
  }
  throw Error::Internal("row {} out of range", row);
}

}  // namespace sluice
