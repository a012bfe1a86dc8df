// ChunkCollection — rows materialized in memory as a list of flat chunks: query results,
// in-session tables (CREATE TABLE AS), VALUES lists, sorted runs.
//
// Thread-safety: not thread-safe while appending; read-only sharing afterwards.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice {

class ChunkCollection {
 public:
  ChunkCollection() = default;
  explicit ChunkCollection(std::vector<TypeId> types) : types_(std::move(types)) {}

  const std::vector<TypeId>& types() const { return types_; }
  void SetTypes(std::vector<TypeId> types) { types_ = std::move(types); }
  // Copies the rows of `chunk` (any selection, constants) into owned flat chunks.
  void Append(const DataChunk& chunk);
  // Takes an already flat, owned chunk as is.
  void AppendOwned(DataChunk chunk);
  void AppendCollection(ChunkCollection&& other);

  size_t chunk_count() const { return chunks_.size(); }
  const DataChunk& chunk(size_t i) const { return chunks_[i]; }
  DataChunk& chunk(size_t i) { return chunks_[i]; }
  std::vector<DataChunk>& chunks() { return chunks_; }
  uint64_t row_count() const { return rows_; }
  Value GetValue(size_t column, uint64_t row) const;

 private:
  std::vector<TypeId> types_;
  std::vector<DataChunk> chunks_;
  uint64_t rows_ = 0;
};

}  // namespace sluice
