#include "formats/csv/csv_sniffer.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "common/error.h"
#include "formats/csv/csv_row_splitter.h"
#include "formats/csv/csv_tokenizer.h"
#include "types/text_codec.h"

namespace sluice {
namespace {

constexpr size_t kInitialHeadBytes = 1 << 20;
constexpr size_t kWindowBytes = 256 << 10;
constexpr size_t kDelimiterSampleRows = 100;

enum TypeBit : uint32_t { kBoolBit = 1, kBigintBit = 2, kDoubleBit = 4, kDateBit = 8, kTsBit = 16 };

// A prefix of a file, padded for the tokenizer.
struct FileHead {
  std::string bytes;
  size_t length = 0;
  bool at_eof = false;
  size_t start = 0;  // after the BOM

  void Load(const RandomAccessFile& file, uint64_t want) {
    want = std::min<uint64_t>(want, file.size());
    bytes.assign(want + kTokenizerPadding, '\0');
    length = file.ReadAt(0, want, bytes.data());
    at_eof = length >= file.size();
    start = length >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  }
  // Loads more until `rows` rows after `from` are complete (or the file ends).
  CsvSplitResult SplitAtLeast(const RandomAccessFile& file, size_t from, const CsvDialect& dialect,
                              size_t rows) {
    for (;;) {
      CsvSplitResult r = SplitCsvRows(bytes.data(), from, length, at_eof, dialect, rows);
      if (r.rows.size() >= rows || at_eof) return r;
      Load(file, std::max<uint64_t>(length * 2, kInitialHeadBytes));
    }
  }
};

void CheckTerminated(const CsvSplitResult& r, const RandomAccessFile& file, const FileHead& head) {
  if (!r.unterminated) return;
  size_t line =
      1 + static_cast<size_t>(std::count(head.bytes.data(), head.bytes.data() + r.consumed, '\n'));
  throw Error::UserInput("{}:{}: unterminated quoted field (the file ends inside quotes)",
                         file.path(), line);
}

// Picks the delimiter that splits the first rows into the most consistent column count.
char DetectDelimiter(const FileHead& head, size_t from, CsvDialect dialect) {
  char best = ',';
  size_t best_consistent = 0, best_columns = 1;
  for (char candidate : {',', '|', ';', '\t'}) {
    dialect.delimiter = candidate;
    CsvSplitResult r = SplitCsvRows(head.bytes.data(), from, head.length, head.at_eof, dialect,
                                    kDelimiterSampleRows);
    std::map<size_t, size_t> counts;
    for (const auto& row : r.rows) counts[row.fields.size()]++;
    size_t mode = 1, consistent = 0;
    for (auto [columns, n] : counts) {
      if (n > consistent || (n == consistent && columns > mode)) mode = columns, consistent = n;
    }
    if (mode <= 1) continue;
    if (consistent > best_consistent || (consistent == best_consistent && mode > best_columns)) {
      best = candidate, best_consistent = consistent, best_columns = mode;
    }
  }
  return best;
}

bool ParsesAs(TypeId type, std::string_view text) {
  switch (type) {
    case TypeId::kBoolean: {
      bool b;
      return ParseBoolean(text, &b);
    }
    case TypeId::kInteger: {
      int32_t v;
      return ParseInt32(text, &v);
    }
    case TypeId::kBigint: {
      int64_t v;
      return ParseInt64(text, &v);
    }
    case TypeId::kDouble: {
      double v;
      return ParseDouble(text, &v);
    }
    case TypeId::kDate: {
      int32_t v;
      return ParseDate(text, &v);
    }
    case TypeId::kTimestamp: {
      int64_t v;
      return ParseTimestamp(text, &v);
    }
    default: return true;
  }
}

// Header if some typed column's first value does not fit the type of the rest, or when
// every column is text (then names are the likelier reading; DuckDB decides the same way).
bool DetectHeader(const std::vector<CsvRawRow>& rows, const CsvDialect& dialect,
                  const std::vector<TypeId>& body_types) {
  if (rows.size() <= 1) return true;
  std::string scratch;
  bool all_text = true;
  for (size_t c = 0; c < body_types.size() && c < rows[0].fields.size(); c++) {
    std::string_view raw = rows[0].fields[c];
    if (body_types[c] == TypeId::kVarchar) continue;
    all_text = false;
    if (IsNullField(raw, dialect)) continue;
    if (!ParsesAs(body_types[c], FieldText(raw, dialect, scratch))) return true;
  }
  if (!all_text) return false;
  for (std::string_view raw : rows[0].fields) {
    if (IsNullField(raw, dialect)) return false;
  }
  return true;
}

std::vector<TypeId> InferTypes(const std::vector<CsvRawRow>& rows, size_t first, size_t columns,
                               const CsvDialect& dialect,
                               std::vector<CsvTypeCandidates>* candidates_out = nullptr) {
  std::vector<CsvTypeCandidates> candidates =
      candidates_out ? *candidates_out : std::vector<CsvTypeCandidates>(columns);
  std::string scratch;
  for (size_t r = first; r < rows.size(); r++) {
    const auto& fields = rows[r].fields;
    for (size_t c = 0; c < columns && c < fields.size(); c++) {
      if (IsNullField(fields[c], dialect)) continue;
      std::string_view text = FieldText(fields[c], dialect, scratch);
      if (text.empty()) continue;  // "" is NULL for every type but VARCHAR
      candidates[c].Observe(text);
    }
  }
  std::vector<TypeId> types;
  for (const auto& c : candidates) types.push_back(c.Best());
  if (candidates_out) *candidates_out = std::move(candidates);
  return types;
}

// Widens candidates with rows from windows across a large file. A window starts after a
// newline whose quote state is unknown, so it is used only if its rows split consistently.
void SampleWindows(const RandomAccessFile& file, const CsvDialect& dialect, uint64_t sampled_bytes,
                   size_t columns, std::vector<CsvTypeCandidates>& candidates) {
  uint64_t size = file.size();
  if (size < sampled_bytes * 4 || size < kWindowBytes * 8) return;
  std::string buffer;
  for (int i = 1; i <= 3; i++) {
    uint64_t offset = size / 4 * static_cast<uint64_t>(i);
    size_t n = static_cast<size_t>(std::min<uint64_t>(kWindowBytes, size - offset));
    buffer.assign(n + kTokenizerPadding, '\0');
    n = file.ReadAt(offset, n, buffer.data());
    size_t newline = std::string_view(buffer.data(), n).find('\n');
    if (newline == std::string_view::npos) continue;
    CsvSplitResult r = SplitCsvRows(buffer.data(), newline + 1, n, offset + n >= size, dialect,
                                    static_cast<size_t>(-1));
    if (r.rows.size() < 16) continue;
    size_t good = 0;
    for (const auto& row : r.rows) good += row.fields.size() == columns;
    if (good * 100 < r.rows.size() * 99) continue;
    std::vector<CsvRawRow> rows;
    for (size_t k = 1; k < r.rows.size(); k++) {
      if (r.rows[k].fields.size() == columns) rows.push_back(std::move(r.rows[k]));
    }
    InferTypes(rows, 0, columns, dialect, &candidates);
  }
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

void CsvTypeCandidates::Observe(std::string_view text) {
  seen_value_ = true;
  if (remaining_ == 0) return;
  if ((remaining_ & kBoolBit) != 0) {
    std::string lower = ToLower(text);
    if (lower != "true" && lower != "false") remaining_ &= ~kBoolBit;
  }
  if ((remaining_ & kBigintBit) != 0 && !ParsesAs(TypeId::kBigint, text)) remaining_ &= ~kBigintBit;
  if ((remaining_ & kDoubleBit) != 0 && !ParsesAs(TypeId::kDouble, text)) remaining_ &= ~kDoubleBit;
  if ((remaining_ & kDateBit) != 0 && !ParsesAs(TypeId::kDate, text)) remaining_ &= ~kDateBit;
  if ((remaining_ & kTsBit) != 0 && !ParsesAs(TypeId::kTimestamp, text)) remaining_ &= ~kTsBit;
}

TypeId CsvTypeCandidates::Best() const {
  if (!seen_value_) return TypeId::kVarchar;
  if ((remaining_ & kBoolBit) != 0) return TypeId::kBoolean;
  if ((remaining_ & kBigintBit) != 0) return TypeId::kBigint;
  if ((remaining_ & kDoubleBit) != 0) return TypeId::kDouble;
  if ((remaining_ & kDateBit) != 0) return TypeId::kDate;
  if ((remaining_ & kTsBit) != 0) return TypeId::kTimestamp;
  return TypeId::kVarchar;
}

std::vector<std::string> NormalizeColumnNames(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (size_t i = 0; i < names.size(); i++) {
    std::string base = names[i].empty() ? "column" + std::to_string(i) : names[i];
    std::string name = base;
    for (int k = 1; used.count(ToLower(name)) != 0; k++) name = base + "_" + std::to_string(k);
    used.insert(ToLower(name));
    out.push_back(std::move(name));
  }
  return out;
}

CsvSniffResult SniffCsv(const RandomAccessFile& file, const CsvReadOptions& options) {
  CsvSniffResult result;
  CsvDialect& dialect = result.dialect;
  dialect.quote = options.quote;
  dialect.escape = options.escape.value_or(options.quote);
  dialect.null_string = options.null_string;
  dialect.delimiter = options.delimiter.value_or(',');
  result.layout.size = file.size();

  FileHead head;
  head.Load(file, kInitialHeadBytes);
  size_t from = head.start;
  if (options.skip > 0) {
    CsvSplitResult skipped =
        head.SplitAtLeast(file, from, dialect, static_cast<size_t>(options.skip));
    from = skipped.consumed;
  }
  if (!options.delimiter && options.auto_detect)
    dialect.delimiter = DetectDelimiter(head, from, dialect);

  size_t want = options.sample_size < 0 ? static_cast<size_t>(-1)
                                        : static_cast<size_t>(options.sample_size) + 1;
  if (options.sample_size < 0) head.Load(file, file.size());
  CsvSplitResult sample = head.SplitAtLeast(file, from, dialect, want);
  CheckTerminated(sample, file, head);
  const auto& rows = sample.rows;

  const bool explicit_columns = !options.columns.empty();
  if (rows.empty()) {
    if (!explicit_columns) {
      throw Error::UserInput(
          "read_csv: {}: the file has no rows, so there are no columns to read (give "
          "columns={{'name': 'TYPE', ...}} to read it as an empty table)",
          file.path());
    }
    for (const auto& [name, type] : options.columns) result.schema.push_back({name, type});
    result.header = options.header.value_or(false);
    result.layout.data_start = file.size();
    result.layout.prefix_quote_parity = false;
    return result;
  }

  size_t columns = rows[0].fields.size();
  if (explicit_columns && options.columns.size() != columns) {
    throw Error::UserInput("read_csv: {}: columns= names {} columns but the file has {}",
                           file.path(), options.columns.size(), columns);
  }
  std::vector<TypeId> body_types(columns, TypeId::kVarchar);
  if (explicit_columns) {
    for (size_t c = 0; c < columns; c++) body_types[c] = options.columns[c].second;
  } else if (options.auto_detect) {
    body_types = InferTypes(rows, 1, columns, dialect);
  }
  if (options.header) {
    result.header = *options.header;
  } else {
    result.header = options.auto_detect && DetectHeader(rows, dialect, body_types);
  }

  std::vector<TypeId> types(columns, TypeId::kVarchar);
  if (explicit_columns) {
    types = body_types;
  } else if (options.auto_detect && !options.all_varchar) {
    std::vector<CsvTypeCandidates> candidates(columns);
    InferTypes(rows, result.header ? 1 : 0, columns, dialect, &candidates);
    if (options.sample_size >= 0)
      SampleWindows(file, dialect, sample.consumed, columns, candidates);
    for (size_t c = 0; c < columns; c++) types[c] = candidates[c].Best();
  }

  std::vector<std::string> names;
  std::string scratch;
  for (size_t c = 0; c < columns; c++) {
    if (explicit_columns) {
      names.push_back(options.columns[c].first);
    } else if (result.header) {
      names.emplace_back(FieldText(rows[0].fields[c], dialect, scratch));
    } else {
      names.push_back("column" + std::to_string(c));
    }
  }
  names = NormalizeColumnNames(names);
  for (const auto& [name, type] : options.type_overrides) {
    auto it = std::find_if(names.begin(), names.end(),
                           [&](const std::string& n) { return ToLower(n) == ToLower(name); });
    if (it == names.end()) {
      std::string hint = ClosestMatch(name, names);
      throw Error::UserInput(
          "read_csv: {}: types= names column '{}', which the file does not have{}", file.path(),
          name, hint.empty() ? "" : " (did you mean '" + hint + "'?)");
    }
    types[static_cast<size_t>(it - names.begin())] = type;
  }
  for (size_t c = 0; c < columns; c++) result.schema.push_back({names[c], types[c]});

  size_t data_start =
      result.header ? (rows.size() > 1 ? rows[1].begin : sample.consumed) : rows[0].begin;
  if (result.header && rows.size() == 1)
    data_start = std::max<size_t>(rows[0].end, sample.consumed);
  result.layout.data_start = data_start;
  result.layout.prefix_quote_parity = QuoteParity(head.bytes.data(), 0, data_start, dialect.quote);
  size_t data_rows = rows.size() - (result.header ? 1 : 0);
  if (data_rows > 0 && sample.consumed > data_start) {
    result.bytes_per_row =
        static_cast<double>(sample.consumed - data_start) / static_cast<double>(data_rows);
  }
  return result;
}

CsvFileLayout LocateCsvRows(const RandomAccessFile& file, const CsvDialect& dialect, bool header,
                            int64_t skip, size_t column_count) {
  CsvFileLayout layout;
  layout.size = file.size();
  FileHead head;
  head.Load(file, std::min<uint64_t>(file.size(), 64 << 10));
  size_t from = head.start;
  if (skip > 0) from = head.SplitAtLeast(file, from, dialect, static_cast<size_t>(skip)).consumed;
  CsvSplitResult first = head.SplitAtLeast(file, from, dialect, 1);
  CheckTerminated(first, file, head);
  if (first.rows.empty()) {
    layout.data_start = file.size();
    return layout;
  }
  if (first.rows[0].fields.size() != column_count) {
    throw Error::UserInput(
        "read_csv: {}: has {} columns but the first file has {} (files are combined by position)",
        file.path(), first.rows[0].fields.size(), column_count);
  }
  layout.data_start = header ? first.consumed : first.rows[0].begin;
  layout.prefix_quote_parity = QuoteParity(head.bytes.data(), 0, layout.data_start, dialect.quote);
  return layout;
}

}  // namespace sluice
