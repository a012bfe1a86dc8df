// CsvSniffer — opens the head of a CSV file and works out what read_csv was not told: the
// delimiter, whether the first row is a header, the column names and their types.
//
// Types are inferred from a sample: the first sample_size rows, plus a few windows taken
// across a large file (so a column that turns to text deep in the file is caught). Each
// column gets the narrowest of BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP that every sampled
// non-NULL value parses as, else VARCHAR.
//
// Thread-safety: one sniffer per file, used by one thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/csv/csv_read_options.h"
#include "storage/file_system.h"
#include "types/type.h"

namespace sluice {

// Where the rows of one file start.
struct CsvFileLayout {
  uint64_t size = 0;
  uint64_t data_start = 0;           // first byte after BOM, skipped rows and header
  bool prefix_quote_parity = false;  // quotes in [0, data_start), modulo 2
};

struct CsvSniffResult {
  CsvDialect dialect;
  bool header = false;
  Schema schema;
  CsvFileLayout layout;
  double bytes_per_row = 100;  // in the sample, for row count estimates
};

// Sniffs the first file of a read_csv call. Throws user_input errors naming the file.
CsvSniffResult SniffCsv(const RandomAccessFile& file, const CsvReadOptions& options);

// Locates the rows of a further file read with the same dialect and header setting, and
// checks that it has `column_count` columns.
CsvFileLayout LocateCsvRows(const RandomAccessFile& file, const CsvDialect& dialect, bool header,
                            int64_t skip, size_t column_count);

// The candidate type set of a column during inference (bit per type).
class CsvTypeCandidates {
 public:
  void Observe(std::string_view text);
  TypeId Best() const;

 private:
  uint32_t remaining_ = 0x1F;  // BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP
  bool seen_value_ = false;
};

// Final column names: duplicates get _1, _2 suffixes; empty names become column<i>.
std::vector<std::string> NormalizeColumnNames(const std::vector<std::string>& names);

}  // namespace sluice
