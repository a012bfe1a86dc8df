// ChunkSchemaAdapter — turns chunks of one schema into chunks of another by column name:
// same-typed columns are shared (no copy), INTEGER/BIGINT columns are widened to the
// target's BIGINT/DOUBLE, and target columns the source lacks become constant NULLs.
//
// Lake tables evolve (new columns, widened types) while old files keep their schema; the
// reader adapts each file's chunks to the snapshot's schema, and merge adapts old and new
// rows to the evolved schema before rewriting them.
//
// Thread-safety: immutable after construction; Adapt may run on several threads with
// distinct chunks.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice::lake {

class ChunkSchemaAdapter {
 public:
  // Throws user_input naming `context` if a column of both schemas has types that cannot
  // be widened (VARCHAR into BIGINT, ...).
  ChunkSchemaAdapter(const Schema& source, const Schema& target, std::string_view context);

  // True when source columns map 1:1 onto the target in order (Adapt is a reference).
  bool identity() const { return identity_; }
  // Index of the source column feeding target column `i`, or nullopt (NULLs).
  const std::optional<size_t>& source_of(size_t target_column) const {
    return source_of_[target_column];
  }

  // Fills `out` with `in`'s rows in the target schema. `in` may have a selection.
  void Adapt(DataChunk& in, DataChunk& out) const;

 private:
  Schema target_;
  std::vector<std::optional<size_t>> source_of_;
  std::vector<TypeId> source_types_;
  bool identity_ = true;
};

// Widens `in` (INTEGER or BIGINT, flat) into a new flat vector of `to` (BIGINT or DOUBLE).
Vector WidenVector(const Vector& in, size_t rows, TypeId to);

}  // namespace sluice::lake
