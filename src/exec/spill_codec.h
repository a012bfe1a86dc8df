// Spill codec — the byte format of chunks in spill files (sort runs, aggregate and join
// partitions). Only this process reads what it wrote, so the format favours speed over
// portability (native byte order, no versioning).
//
// One encoded chunk:
//   u32 row_count, u32 column_count, then per column:
//     u8 has_nulls; if set, row_count bytes (1 = valid, 0 = NULL);
//     fixed-width types: row_count values of PhysicalSize(type) bytes;
//     VARCHAR: row_count u32 lengths, then the string bytes back to back.
// A spill block is any number of encoded chunks back to back.
//
// Thread-safety: stateless functions.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice {

// Appends rows[0..count) of `chunk` (all its first `count` rows when rows is null) to
// `out`. The chunk may have a selection vector and constant columns.
void EncodeChunk(const DataChunk& chunk, const sel_t* rows, size_t count, std::string& out);

// Decodes the chunk starting at *offset of `buffer` into `out` (flat, owned vectors whose
// strings point into `buffer`, which they keep alive) and advances *offset.
void DecodeChunk(const std::shared_ptr<std::string>& buffer, size_t* offset,
                 const std::vector<TypeId>& types, DataChunk& out);

// Bytes a chunk's rows take in memory, roughly: fixed-width values plus string bytes.
uint64_t ChunkMemoryBytes(const DataChunk& chunk);

}  // namespace sluice
