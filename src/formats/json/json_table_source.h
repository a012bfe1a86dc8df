// JsonTableSource — read_json over one or more files: newline-delimited JSON objects
// (one per line) or files holding one top-level array of objects.
//
// The schema is explicit (columns=...) or inferred from the first sample_size records
// of the files in order (see json_schema_inference.h); keys first seen after the sample
// are ignored. With filename=true a VARCHAR column 'filename' is appended.
//
// Thread-safety: schema() and Scan() from one thread; scans run in parallel (json_scan.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formats/json/json_read_options.h"
#include "formats/table_source.h"

namespace sluice {

class RandomAccessFile;

class JsonTableSource : public TableSource {
 public:
  // Opens the files far enough to know the schema; throws a user_input Error naming the
  // file and line of a malformed sample record.
  JsonTableSource(std::string function, std::vector<std::string> files, JsonReadOptions options);

  const Schema& schema() const override { return schema_; }
  std::unique_ptr<SourceScan> Scan(const ScanRequest& request) override;
  std::optional<uint64_t> EstimatedRows() const override;
  std::string Describe() const override;

 private:
  void InferSchema();
  // True if files_[i] holds a top-level array (by format, or by its first byte for auto).
  bool IsArrayFile(size_t i, const RandomAccessFile& file);

  std::string function_;
  std::vector<std::string> files_;
  JsonReadOptions options_;
  Schema schema_;
  std::optional<size_t> filename_column_;
  std::vector<std::optional<bool>> is_array_;  // per file, once known
  double average_record_bytes_ = 0;
};

// The factory behind read_json / read_json_auto / read_ndjson.
std::unique_ptr<TableSource> MakeJsonTableSource(Options& options, const std::string& function,
                                                 JsonFormat default_format);

}  // namespace sluice
