// ChunkShares — splits a list of chunks into contiguous shares of about equal row counts,
// one per writer thread, so that writing the shares to files named in order keeps the
// rows in their order. Small inputs stay in one share (a share per ~256k rows at most).
//
// Thread-safety: a pure function.
#pragma once

#include <cstddef>
#include <vector>

#include "vector/data_chunk.h"

namespace sluice {

// Share boundaries as chunk indices: share w is chunks [bounds[w], bounds[w + 1]). At most
// `max_shares` shares (at least one); bounds.size() - 1 shares in all.
std::vector<size_t> ChunkShares(const std::vector<const DataChunk*>& chunks, size_t max_shares);

}  // namespace sluice
