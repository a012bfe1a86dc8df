// CsvTokenizer — finds the structure of CSV bytes: the position of every field separator
// (a delimiter outside quotes) and row end (CR or LF outside quotes).
//
// Output is a separator index: one uint32 per separator, its offset in the buffer, with
// kRowEndBit set for row ends. Field text is then sliced between consecutive separators
// and converted column by column (see CsvChunkBuilder).
//
// Quoting follows RFC 4180 and treats every quote character as a toggle, so the quote
// state at any byte is the parity of the quotes before it (the doubled quote "" inside a
// quoted field toggles twice). That is what makes parallel parsing exact: a byte range's
// quote state is known from the count of quotes before it (see CountQuotes). With an
// escape character other than the quote, escaped quotes do not toggle, so that dialect
// is scanned byte by byte and only sequentially.
//
// The bulk scan processes 64 bytes at a time with SSE2 compares and a prefix-XOR of the
// quote bits (the in-quotes mask), so each separator costs a few instructions and other
// bytes almost nothing.
//
// Thread-safety: a tokenizer holds the quote state of one scan; one per worker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "formats/csv/csv_read_options.h"

namespace sluice {

constexpr uint32_t kRowEndBit = 0x80000000u;
constexpr uint32_t kOffsetMask = 0x7FFFFFFFu;
// Readable bytes a caller must provide past the end of scanned data.
constexpr size_t kTokenizerPadding = 64;

// A growable uint32 array without value-initialization (the index is rewritten often).
class SeparatorIndex {
 public:
  size_t size() const { return size_; }
  uint32_t operator[](size_t i) const { return data_[i]; }
  uint32_t* data() { return data_.get(); }
  const uint32_t* data() const { return data_.get(); }
  void Reserve(size_t n);
  void Push(uint32_t v) {
    if (size_ == capacity_) Reserve(size_ * 2 + 1024);
    data_[size_++] = v;
  }
  void SetSize(size_t n) { size_ = n; }
  void Clear() { size_ = 0; }
  // Drops entries [0, n).
  void EraseFront(size_t n);

 private:
  std::unique_ptr<uint32_t[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

class CsvTokenizer {
 public:
  explicit CsvTokenizer(const CsvDialect& dialect) : dialect_(dialect) {}

  // Sets the quote state for the next Scan (false at every row start).
  void Reset(bool in_quotes) {
    in_quotes_ = in_quotes;
    after_escape_ = false;
  }
  bool in_quotes() const { return in_quotes_; }

  // Appends the separators of data[begin, end) to `out` (offsets relative to `data`).
  // data must have kTokenizerPadding readable bytes after `end`. The quote state carries
  // over from the previous call.
  void Scan(const char* data, size_t begin, size_t end, SeparatorIndex& out);

 private:
  void ScanParity(const char* data, size_t begin, size_t end, SeparatorIndex& out);
  void ScanEscaped(const char* data, size_t begin, size_t end, SeparatorIndex& out);

  CsvDialect dialect_;
  bool in_quotes_ = false;
  bool after_escape_ = false;
};

// Number of `quote` bytes in data[begin, end), modulo 2. data needs kTokenizerPadding.
bool QuoteParity(const char* data, size_t begin, size_t end, char quote);

}  // namespace sluice
