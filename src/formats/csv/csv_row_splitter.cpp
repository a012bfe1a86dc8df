#include "formats/csv/csv_row_splitter.h"

#include <cstring>

#include "formats/csv/csv_tokenizer.h"

namespace sluice {

CsvSplitResult SplitCsvRows(const char* buffer, size_t begin, size_t end, bool at_eof,
                            const CsvDialect& dialect, size_t max_rows) {
  CsvSplitResult result;
  result.consumed = begin;
  CsvTokenizer tokenizer(dialect);
  tokenizer.Reset(false);
  SeparatorIndex index;
  tokenizer.Scan(buffer, begin, end, index);
  size_t row_begin = begin;
  size_t field_begin = begin;
  CsvRawRow row;
  row.begin = begin;
  for (size_t i = 0; i < index.size() && result.rows.size() < max_rows; i++) {
    uint32_t entry = index[i];
    size_t pos = entry & kOffsetMask;
    row.fields.emplace_back(buffer + field_begin, pos - field_begin);
    field_begin = pos + 1;
    if ((entry & kRowEndBit) == 0) continue;
    if (!(row.fields.size() == 1 && pos == row_begin)) {  // skip empty lines
      row.begin = row_begin;
      row.end = pos;
      result.rows.push_back(std::move(row));
    }
    row = CsvRawRow();
    row_begin = field_begin;
    result.consumed = field_begin;
  }
  if (at_eof && result.rows.size() < max_rows && row_begin < end) {
    if (tokenizer.in_quotes()) {
      result.unterminated = true;
      return result;
    }
    row.fields.emplace_back(buffer + field_begin, end - field_begin);
    row.begin = row_begin;
    row.end = end;
    result.rows.push_back(std::move(row));
    result.consumed = end;
  }
  return result;
}

void UnescapeQuotedField(std::string_view raw, const CsvDialect& dialect, std::string& out) {
  const char quote = dialect.quote;
  const char escape = dialect.escape;
  bool in_quotes = false;
  for (size_t i = 0; i < raw.size(); i++) {
    char c = raw[i];
    if (!in_quotes) {
      if (c == quote) {
        in_quotes = true;
      } else {
        out.push_back(c);
      }
      continue;
    }
    if (escape != quote && c == escape && i + 1 < raw.size()) {
      out.push_back(raw[++i]);
    } else if (c == quote) {
      if (escape == quote && i + 1 < raw.size() && raw[i + 1] == quote) {
        out.push_back(quote);
        i++;
      } else {
        in_quotes = false;
      }
    } else {
      out.push_back(c);
    }
  }
}

std::string_view FieldText(std::string_view raw, const CsvDialect& dialect, std::string& scratch) {
  if (raw.empty() || raw.front() != dialect.quote) {
    if (raw.find(dialect.quote) == std::string_view::npos) return raw;
  } else if (raw.size() >= 2 && raw.back() == dialect.quote) {
    std::string_view inner = raw.substr(1, raw.size() - 2);
    if (inner.find(dialect.quote) == std::string_view::npos &&
        inner.find(dialect.escape) == std::string_view::npos) {
      return inner;
    }
  }
  scratch.clear();
  UnescapeQuotedField(raw, dialect, scratch);
  return scratch;
}

}  // namespace sluice
