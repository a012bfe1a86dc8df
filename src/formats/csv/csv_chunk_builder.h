// CsvChunkBuilder — turns up to kChunkCapacity located rows into the typed columns of a
// DataChunk, one column at a time (a tight loop per type), touching only the projected
// columns. Unquoted strings and quoted strings without escapes point into the pinned read
// buffer; only strings that need unescaping are copied into the vector's arena.
//
// Rows are given by the separator index (see CsvTokenizer): row r's fields are the spans
// between row_begin[r] and the separators seps[row_sep[r] ...].
//
// Thread-safety: one builder per worker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "formats/csv/csv_read_options.h"
#include "vector/data_chunk.h"

namespace sluice {

struct CsvRowBatch {
  const char* data = nullptr;      // the read buffer
  const uint32_t* seps = nullptr;  // separator index
  const uint32_t* row_begin = nullptr;
  const uint32_t* row_sep = nullptr;
  size_t count = 0;
};

// One output column: which field of the row, converted to which type.
struct CsvOutputColumn {
  size_t field = 0;  // index of the field in the row
  TypeId type = TypeId::kVarchar;
  size_t output = 0;  // index of the column in the output chunk
};

struct CsvBadValue {
  size_t row = 0;
  size_t field = 0;
  std::string text;
};

class CsvChunkBuilder {
 public:
  CsvChunkBuilder(const CsvDialect& dialect, std::vector<CsvOutputColumn> columns);

  // Fills out.column(c.output) for each output column c with batch.count rows. Values that do not
  // parse are NULL and counted; the first is described in *first_bad, and every row with
  // one is flagged in rejected[row] (sized to batch.count). Returns the number of bad values.
  size_t Build(const CsvRowBatch& batch, const std::shared_ptr<const void>& buffer_pin,
               DataChunk& out, std::vector<uint8_t>& rejected, CsvBadValue* first_bad);

  // Removes rows flagged in `rejected` from the first `count` rows of every column of out;
  // returns the rows kept.
  static size_t Compact(DataChunk& out, const std::vector<uint8_t>& rejected, size_t count);

 private:
  template <typename T, typename Parse>
  size_t BuildFixed(const CsvRowBatch& batch, size_t column, Vector& vector,
                    std::vector<uint8_t>& rejected, CsvBadValue* first_bad, Parse parse);
  size_t BuildVarchar(const CsvRowBatch& batch, size_t column, Vector& vector);

  CsvDialect dialect_;
  std::vector<CsvOutputColumn> columns_;
  std::string scratch_;
};

}  // namespace sluice
