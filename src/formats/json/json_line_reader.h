// JsonLineReader — the lines of one byte range [begin, end) of a newline-delimited JSON
// file, read through a bounded buffer with pread (no mmap).
//
// A line belongs to the range holding its first byte, so ranges split anywhere partition
// the lines: a reader skips the partial line at `begin` (unless begin is 0 or follows a
// '\n') and reads past `end` to finish its last line. Blank lines are skipped. A line
// longer than max_record_size is reported once as too_large and then skipped without
// being buffered.
//
// Thread-safety: one worker per reader.
#pragma once

#include <cstdint>
#include <memory>

#include "formats/json/json_record_reader.h"

namespace sluice {

class JsonLineReader : public JsonRecordReader {
 public:
  JsonLineReader(const RandomAccessFile& file, uint64_t begin, uint64_t end,
                 uint64_t max_record_size, size_t block_bytes = 1 << 20);

  bool Next(JsonRecord* record) override;

 private:
  // Drops consumed bytes and reads the next block; false at end of file.
  bool Fill();
  // Skips to just past the next '\n'; false if the file ended first.
  bool SkipPastNewline();

  const RandomAccessFile& file_;
  uint64_t end_;
  uint64_t max_record_size_;
  size_t block_bytes_;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;         // bytes allocated, padding excluded
  size_t length_ = 0;           // valid bytes in buffer_
  size_t position_ = 0;         // next unread byte
  uint64_t buffer_offset_ = 0;  // file offset of buffer_[0]
  uint64_t read_offset_ = 0;    // next file offset to read
  bool eof_ = false;
  bool skip_line_ = false;  // the next bytes up to '\n' belong to someone else
};

}  // namespace sluice
