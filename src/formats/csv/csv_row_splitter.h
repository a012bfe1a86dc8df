// CsvRowSplitter — splits a small in-memory piece of CSV (the head of a file) into rows of
// raw fields, for the sniffer and header handling. The bulk scan does not use it; it works
// on the separator index directly (CsvChunkBuilder). Both share CsvTokenizer, so they agree
// on where rows and fields are.
//
// A raw field is the bytes between separators, quotes included. FieldText() removes the
// quoting; IsNullField() applies the NULL string (only to unquoted fields).
//
// Thread-safety: pure functions over caller-owned buffers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "formats/csv/csv_read_options.h"

namespace sluice {

struct CsvRawRow {
  size_t begin = 0;  // offset of the row's first byte in the buffer
  size_t end = 0;    // offset of its row end (CR/LF) or of the end of data
  std::vector<std::string_view> fields;
};

struct CsvSplitResult {
  std::vector<CsvRawRow> rows;
  size_t consumed = 0;        // offset just past the last complete row's terminator
  bool unterminated = false;  // the data ended inside quotes (at_eof only)
};

// Splits buffer[begin, end) into at most max_rows rows, skipping empty lines. `buffer`
// must have kTokenizerPadding readable bytes after `end`. With at_eof, a last row without a
// row end counts as complete; otherwise it is left unconsumed.
CsvSplitResult SplitCsvRows(const char* buffer, size_t begin, size_t end, bool at_eof,
                            const CsvDialect& dialect, size_t max_rows);

// The field's value with quoting removed ("a""b" -> a"b). Returns a view into `raw` when
// nothing needs unescaping, else into `scratch`.
std::string_view FieldText(std::string_view raw, const CsvDialect& dialect, std::string& scratch);

// Unescapes a field that starts with the quote character into `out` (appends).
void UnescapeQuotedField(std::string_view raw, const CsvDialect& dialect, std::string& out);

inline bool IsNullField(std::string_view raw, const CsvDialect& dialect) {
  return raw == dialect.null_string;
}

}  // namespace sluice
