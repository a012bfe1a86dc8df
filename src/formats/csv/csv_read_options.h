// CsvReadOptions — the options of read_csv(...) after validation, and the dialect (the
// characters that structure a CSV file).
//
//   read_csv('orders.csv', delim='|', header=true, types={'id': 'BIGINT'})
//
// Unset options (std::nullopt) are detected from the data by CsvSniffer.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "formats/options.h"
#include "types/type.h"

namespace sluice {

struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
  char escape = '"';
  std::string null_string;  // an unquoted field equal to this is NULL

  // True when quotes can be counted to find row boundaries (escape is the doubled quote).
  bool QuoteParityWorks() const { return escape == quote; }
};

struct CsvReadOptions {
  std::optional<char> delimiter;
  char quote = '"';
  std::optional<char> escape;  // default: same as quote
  std::string null_string;
  std::optional<bool> header;
  // Explicit names and types (columns=); no inference when given.
  std::vector<std::pair<std::string, TypeId>> columns;
  // Overrides of inferred types (types= / dtypes=), by column name.
  std::vector<std::pair<std::string, TypeId>> type_overrides;
  int64_t sample_size = 20480;  // -1: the whole file
  bool ignore_errors = false;
  bool auto_detect = true;
  int64_t skip = 0;
  bool all_varchar = false;
  bool filename = false;
  // Bytes per parallel morsel; small values let tests put boundaries everywhere.
  int64_t buffer_size = 4 << 20;
};

// Takes the read_csv options out of `options` (every name the reader knows) and checks
// that nothing unknown remains. Throws user_input errors naming the bad option.
CsvReadOptions TakeCsvReadOptions(Options& options);

}  // namespace sluice
