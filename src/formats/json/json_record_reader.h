// JsonRecordReader — hands out the records (JSON texts of rows) of one morsel of a file:
// the lines of a newline-delimited byte range (JsonLineReader) or the elements of a
// top-level array (JsonArrayReader). Every record stays readable for kJsonPadding bytes
// past its end, as simdjson requires, until the next call to Next().
//
// Line numbers are not tracked while reading; LineNumberAt() counts them from the start of
// the file when an error needs one.
//
// Thread-safety: a reader belongs to one worker; the file may be shared (ReadAt is
// positional).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sluice {

class RandomAccessFile;

// simdjson reads up to this many bytes past the end of a document.
constexpr size_t kJsonPadding = 64;

struct JsonRecord {
  std::string_view text;
  size_t capacity = 0;       // readable bytes from text.data() (>= text.size() + padding)
  uint64_t file_offset = 0;  // of text[0] in the file
  // The record is longer than maximum_object_size; `text` is empty.
  bool too_large = false;
};

class JsonRecordReader {
 public:
  virtual ~JsonRecordReader() = default;
  // The next non-blank record of the morsel; false when the morsel is done.
  virtual bool Next(JsonRecord* record) = 0;
};

// 1-based line number of the byte at `offset` of `file`.
uint64_t LineNumberAt(const RandomAccessFile& file, uint64_t offset);

}  // namespace sluice
