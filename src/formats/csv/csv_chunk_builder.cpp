#include "formats/csv/csv_chunk_builder.h"

#include <cstring>

#include "formats/csv/csv_row_splitter.h"
#include "formats/csv/csv_tokenizer.h"
#include "formats/csv/csv_value_parser.h"
#include "types/text_codec.h"

namespace sluice {
namespace {

struct Span {
  const char* data;
  size_t size;
};

inline Span FieldSpan(const CsvRowBatch& batch, size_t row, size_t field) {
  const uint32_t* seps = batch.seps + batch.row_sep[row];
  uint32_t begin = field == 0 ? batch.row_begin[row] : (seps[field - 1] & kOffsetMask) + 1;
  uint32_t end = seps[field] & kOffsetMask;
  return {batch.data + begin, end - begin};
}

}  // namespace

CsvChunkBuilder::CsvChunkBuilder(const CsvDialect& dialect, std::vector<CsvOutputColumn> columns)
    : dialect_(dialect), columns_(std::move(columns)) {}

template <typename T, typename Parse>
size_t CsvChunkBuilder::BuildFixed(const CsvRowBatch& batch, size_t column, Vector& vector,
                                   std::vector<uint8_t>& rejected, CsvBadValue* first_bad,
                                   Parse parse) {
  T* values = vector.data<T>();
  const size_t field = columns_[column].field;
  const char quote = dialect_.quote;
  const std::string& null_string = dialect_.null_string;
  size_t bad = 0;
  for (size_t r = 0; r < batch.count; r++) {
    Span span = FieldSpan(batch, r, field);
    if (span.size == 0 || (span.size == null_string.size() &&
                           std::memcmp(span.data, null_string.data(), span.size) == 0)) {
      vector.SetNull(r);
      values[r] = T();
      continue;
    }
    std::string_view text(span.data, span.size);
    if (span.data[0] == quote) {
      text = FieldText(text, dialect_, scratch_);
      if (text.empty()) {
        vector.SetNull(r);
        values[r] = T();
        continue;
      }
    }
    if (!parse(text.data(), text.size(), &values[r])) {
      if (bad++ == 0 && first_bad != nullptr) {
        first_bad->row = r;
        first_bad->field = field;
        first_bad->text = std::string(text);
      }
      rejected[r] = 1;
      vector.SetNull(r);
      values[r] = T();
    }
  }
  return bad;
}

size_t CsvChunkBuilder::BuildVarchar(const CsvRowBatch& batch, size_t column, Vector& vector) {
  auto* values = vector.data<StringRef>();
  const size_t field = columns_[column].field;
  const char quote = dialect_.quote;
  const std::string& null_string = dialect_.null_string;
  StringArena& arena = vector.arena();
  for (size_t r = 0; r < batch.count; r++) {
    Span span = FieldSpan(batch, r, field);
    if (span.size == null_string.size() &&
        std::memcmp(span.data, null_string.data(), span.size) == 0) {
      vector.SetNull(r);
      values[r] = StringRef("", 0);
      continue;
    }
    if (std::memchr(span.data, quote, span.size) == nullptr) {
      values[r] = StringRef(span.data, static_cast<uint32_t>(span.size));
      continue;
    }
    std::string_view text = FieldText(std::string_view(span.data, span.size), dialect_, scratch_);
    if (text.data() >= span.data && text.data() < span.data + span.size) {
      values[r] = StringRef(text);  // quoted, nothing to unescape: still in the buffer
    } else {
      values[r] = arena.Add(text);
    }
  }
  return 0;
}

size_t CsvChunkBuilder::Build(const CsvRowBatch& batch,
                              const std::shared_ptr<const void>& buffer_pin, DataChunk& out,
                              std::vector<uint8_t>& rejected, CsvBadValue* first_bad) {
  rejected.assign(batch.count, 0);
  size_t bad = 0;
  CsvBadValue column_bad;
  for (size_t c = 0; c < columns_.size(); c++) {
    Vector& vector = out.column(columns_[c].output);
    size_t column_bad_count = 0;
    switch (columns_[c].type) {
      case TypeId::kBoolean:
        column_bad_count = BuildFixed<uint8_t>(batch, c, vector, rejected, &column_bad,
                                               [](const char* p, size_t n, uint8_t* v) {
                                                 bool b;
                                                 if (!ParseBoolean(std::string_view(p, n), &b))
                                                   return false;
                                                 *v = b ? 1 : 0;
                                                 return true;
                                               });
        break;
      case TypeId::kInteger:
        column_bad_count = BuildFixed<int32_t>(batch, c, vector, rejected, &column_bad,
                                               [](const char* p, size_t n, int32_t* v) {
                                                 return ParseInt32({p, n}, v);
                                               });
        break;
      case TypeId::kBigint:
        column_bad_count = BuildFixed<int64_t>(
            batch, c, vector, rejected, &column_bad,
            [](const char* p, size_t n, int64_t* v) { return CsvParseInt64(p, n, v); });
        break;
      case TypeId::kDouble:
        column_bad_count = BuildFixed<double>(
            batch, c, vector, rejected, &column_bad,
            [](const char* p, size_t n, double* v) { return CsvParseDouble(p, n, v); });
        break;
      case TypeId::kDate:
        column_bad_count = BuildFixed<int32_t>(
            batch, c, vector, rejected, &column_bad,
            [](const char* p, size_t n, int32_t* v) { return CsvParseDate(p, n, v); });
        break;
      case TypeId::kTimestamp:
        column_bad_count = BuildFixed<int64_t>(
            batch, c, vector, rejected, &column_bad,
            [](const char* p, size_t n, int64_t* v) { return CsvParseTimestamp(p, n, v); });
        break;
      default:
        if (batch.count > 0) vector.arena().Pin(buffer_pin);
        BuildVarchar(batch, c, vector);
        break;
    }
    // Report the bad value of the earliest row, whatever its column.
    if (column_bad_count > 0 && first_bad != nullptr &&
        (bad == 0 || column_bad.row < first_bad->row)) {
      *first_bad = column_bad;
    }
    bad += column_bad_count;
  }
  return bad;
}

size_t CsvChunkBuilder::Compact(DataChunk& out, const std::vector<uint8_t>& rejected,
                                size_t count) {
  size_t kept = 0;
  for (size_t c = 0; c < out.column_count(); c++) {
    Vector& vector = out.column(c);
    if (vector.is_constant()) continue;
    size_t width = PhysicalSize(vector.type());
    uint8_t* data = vector.raw_data();
    size_t w = 0;
    for (size_t r = 0; r < count; r++) {
      if (rejected[r]) continue;
      if (w != r) {
        std::memcpy(data + w * width, data + r * width, width);
        vector.SetValidity(w, vector.IsValid(r));
      }
      w++;
    }
    kept = w;
  }
  if (kept == 0) {
    for (size_t r = 0; r < count; r++) kept += rejected[r] == 0;
  }
  return kept;
}

}  // namespace sluice
