// SortedRunMerger — the k-way merge of an ORDER BY that spilled: each run is a sequence
// of chunks in a spill file, sorted by the sort keys and, among equal keys, by input
// order. The merger emits the rows of all runs in one sorted, stable order.
//
// Run chunk layout: payload columns, then one column per sort key (evaluated), then the
// BIGINT batch index of each row. Ties on every key are broken by batch index, then by
// run number (runs of one worker are numbered in the order it wrote them), then by
// position within the run, which together restore input order.
//
// Thread-safety: not thread-safe; one reader (the ORDER BY source runs single-threaded
// once it has spilled).
#pragma once

#include <memory>
#include <vector>

#include "exec/spill_file.h"
#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice {

struct MergeKey {
  TypeId type;
  bool descending = false;
  bool nulls_first = false;
};

// Three-way comparison of two non-NULL values of a sort key in SQL order (NaN after every
// number).
int CompareSortValues(const Vector& a, size_t ia, const Vector& b, size_t ib, TypeId type);

struct SortedRun {
  std::vector<SpillBlock> blocks;  // one encoded chunk each, in order
  uint64_t rows = 0;
};

class SortedRunMerger {
 public:
  // `run_types`: payload, keys, batch index (see above); the output has the payload only.
  SortedRunMerger(std::shared_ptr<SpillFile> file, std::vector<SortedRun> runs,
                  std::vector<TypeId> run_types, size_t payload_columns,
                  std::vector<MergeKey> keys);

  // Fills `out` with up to kChunkCapacity rows; false when every run is exhausted.
  bool Next(DataChunk& out);

 private:
  struct Cursor {
    size_t run = 0;
    size_t next_block = 0;
    DataChunk chunk;
    std::shared_ptr<std::string> buffer;
    size_t row = 0;
    bool pinned = false;  // buffer pinned by the chunk being filled
  };
  bool Load(Cursor& cursor);                          // next block; false at the end of the run
  bool Less(const Cursor& a, const Cursor& b) const;  // a's current row sorts first

  std::shared_ptr<SpillFile> file_;
  std::vector<SortedRun> runs_;
  std::vector<TypeId> run_types_;
  std::vector<TypeId> payload_types_;
  size_t payload_columns_;
  std::vector<MergeKey> keys_;
  std::vector<Cursor> cursors_;
  std::vector<size_t> heap_;  // indices into cursors_, min-heap by Less
  bool started_ = false;
};

}  // namespace sluice
