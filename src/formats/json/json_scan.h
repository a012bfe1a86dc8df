// JsonScan — the parallel scan of a set of JSON files (see formats/table_source.h).
//
// The input is split into morsels up front: byte ranges of morsel_bytes for
// newline-delimited files (a line belongs to the range holding its first byte), one
// morsel per file for top-level arrays. Workers take morsels from an atomic cursor; each
// reads its morsel with pread into its own buffer and parses the records with its own
// JsonRowParser, so workers share nothing but the cursor and counters. A chunk never
// spans two morsels; local.batch_index is the morsel's index in input order.
//
// Errors name the file and line: the line number is counted only when an error is
// reported. With ignore_errors, bad records are skipped and counted instead.
//
// Thread-safety: Next() may run concurrently with distinct local states.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formats/json/json_read_options.h"
#include "formats/json/json_row_parser.h"
#include "formats/table_source.h"

namespace sluice {

struct JsonMorsel {
  size_t file = 0;
  uint64_t begin = 0;
  uint64_t end = 0;
  bool array = false;  // the whole file, a top-level array
};

class JsonScan : public SourceScan {
 public:
  // `targets` are the JSON columns to read; `filename_output`, if set, is the output
  // column that gets the file's path; `output_types` are the output chunk's types.
  JsonScan(std::vector<std::string> files, std::vector<JsonMorsel> morsels,
           std::vector<JsonColumnTarget> targets, std::optional<size_t> filename_output,
           std::vector<TypeId> output_types, JsonReadOptions options);

  std::unique_ptr<SourceLocalState> InitLocal() override;
  bool Next(SourceLocalState& local, DataChunk& out) override;
  size_t MaxThreads() const override { return std::max<size_t>(1, morsels_.size()); }
  double Progress() const override;
  uint64_t RowsRejected() const override { return rows_rejected_.load(); }

 private:
  class LocalState;
  // Opens the next morsel for `local`; false when none are left.
  bool StartMorsel(LocalState& local);

  std::vector<std::string> files_;
  std::vector<JsonMorsel> morsels_;
  std::vector<JsonColumnTarget> targets_;
  std::optional<size_t> filename_output_;
  std::vector<TypeId> output_types_;
  JsonReadOptions options_;
  uint64_t total_bytes_ = 0;
  std::atomic<size_t> next_morsel_{0};
  std::atomic<uint64_t> bytes_done_{0};
  std::atomic<uint64_t> rows_rejected_{0};
};

}  // namespace sluice
