#include "vector/chunk_shares.h"

#include <algorithm>
#include <cstdint>

namespace sluice {

std::vector<size_t> ChunkShares(const std::vector<const DataChunk*>& chunks, size_t max_shares) {
  uint64_t rows = 0;
  for (const DataChunk* chunk : chunks) rows += chunk->size();
  size_t shares =
      std::min<size_t>(std::max<size_t>(max_shares, 1), std::max<uint64_t>(1, rows >> 18));
  std::vector<size_t> bounds = {0};
  uint64_t share = (rows + shares - 1) / std::max<size_t>(shares, 1);
  uint64_t seen = 0;
  for (size_t i = 0; i < chunks.size(); i++) {
    seen += chunks[i]->size();
    if (seen >= share * bounds.size() && bounds.size() < shares) bounds.push_back(i + 1);
  }
  bounds.push_back(chunks.size());
  return bounds;
}

}  // namespace sluice
