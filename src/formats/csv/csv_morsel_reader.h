// CsvMorselReader — one worker's reader of CSV morsels: owns the read buffer, the
// tokenizer and the separator index, locates the rows a morsel owns and converts them
// chunk by chunk (see CsvScan for how morsels and row boundaries are planned).
//
// The buffer is reused from morsel to morsel unless an emitted chunk still pins it (its
// strings point into it); then a fresh buffer is allocated and the old one lives as long
// as those strings.
//
// Thread-safety: one reader per worker thread.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "formats/csv/csv_chunk_builder.h"
#include "formats/csv/csv_scan.h"
#include "formats/csv/csv_tokenizer.h"

namespace sluice {

class CsvMorselReader {
 public:
  explicit CsvMorselReader(CsvScan& scan);

  // Reads the morsel's bytes, publishes its quote parity and positions at its first row.
  void Start(const CsvScan::Morsel& morsel);
  bool active() const { return active_; }
  // Emits the next chunk of the current morsel; false (and inactive) when it has no rows
  // left.
  bool NextChunk(DataChunk& out);

 private:
  size_t CollectRows();
  bool FindRowEnd(size_t* index);
  void Refill();
  void EnsureCapacity(size_t bytes, size_t keep_from, size_t keep_bytes);
  [[noreturn]] void ThrowAtRow(uint32_t row_begin, const std::string& message) const;

  CsvScan& scan_;
  const CsvScanPlan& plan_;
  CsvTokenizer tokenizer_;
  CsvChunkBuilder builder_;
  std::vector<TypeId> output_types_;
  size_t filename_output_ = static_cast<size_t>(-1);
  size_t overlap_bytes_ = 0;

  CsvScan::Morsel morsel_;
  bool active_ = false;
  std::shared_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  uint64_t buffer_offset_ = 0;  // file offset of buffer_[0]
  size_t valid_ = 0;            // bytes of file data in the buffer
  size_t scanned_ = 0;          // bytes tokenized so far
  uint64_t file_size_ = 0;

  SeparatorIndex seps_;
  size_t cursor_ = 0;       // first separator of the row at row_start_
  size_t search_from_ = 0;  // next separator to look at for a row end
  uint32_t row_start_ = 0;
  bool synced_ = false;  // row_start_ is a real row start
  bool final_row_end_added_ = false;

  std::vector<uint32_t> row_begin_;
  std::vector<uint32_t> row_sep_;
  std::vector<uint8_t> rejected_;
};

}  // namespace sluice
