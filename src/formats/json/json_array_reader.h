// JsonArrayReader — the elements of a file holding one top-level JSON array of objects
// ([{...}, {...}]). Such a file cannot be split at newlines, so it is one morsel: the
// reader loads it whole (memory grows with the file; prefer newline-delimited JSON for
// big inputs), finds each element's span with a scan of strings and brackets, and hands
// the spans out as records for the row parser to parse and validate like lines.
//
// A broken array structure throws a user_input Error naming the file and line.
//
// Thread-safety: one worker per reader.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "formats/json/json_record_reader.h"

namespace sluice {

class JsonArrayReader : public JsonRecordReader {
 public:
  // Reads and indexes the whole file; throws on I/O or structure errors.
  explicit JsonArrayReader(const RandomAccessFile& file);

  bool Next(JsonRecord* record) override;
  size_t record_count() const { return spans_.size(); }

  // True if the first non-blank byte of `file` is '[' (used by format='auto').
  static bool LooksLikeArray(const RandomAccessFile& file);

 private:
  void IndexElements();
  [[noreturn]] void ThrowAt(const char* where, const char* what) const;

  const RandomAccessFile& file_;
  std::unique_ptr<char[]> buffer_;
  size_t length_ = 0;
  std::vector<std::pair<size_t, size_t>> spans_;  // offset, size of each element
  size_t next_ = 0;
};

}  // namespace sluice
