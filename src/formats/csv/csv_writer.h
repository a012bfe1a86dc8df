// CsvWriter — the TableWriter for COPY ... TO 'file.csv' (FORMAT csv, HEADER true,
// DELIMITER ',', QUOTE '"', NULLSTR '').
//
// Output: one header row (unless HEADER false) then one row per input row, LF-terminated.
// A field is quoted only when it has to be: it holds the delimiter, the quote, CR or LF,
// or it is a string that would otherwise read back as NULL (the empty string when NULL is
// written as empty, or a string equal to NULLSTR). Quotes inside are doubled. Doubles are
// written in shortest round-trip form, dates and timestamps in ISO form.
//
// Bytes go to '<path>.tmp' in large blocks and the file is renamed to <path> by Close(), so
// a failed COPY leaves no file that looks complete (on an object store, where an object
// appears only when complete, straight to <path>).
//
// Thread-safety: one caller at a time (TableWriter contract).
#pragma once

#include <memory>
#include <string>

#include "formats/options.h"
#include "formats/table_writer.h"
#include "storage/file_system.h"

namespace sluice {

class CsvWriter final : public TableWriter {
 public:
  struct Settings {
    bool header = true;
    char delimiter = ',';
    char quote = '"';
    std::string null_string;
  };

  CsvWriter(std::string path, Schema schema, Settings settings);
  ~CsvWriter() override;

  void Write(DataChunk& chunk) override;
  WriterStats Close() override;

 private:
  void AppendField(std::string_view text, bool is_string);
  void AppendValue(const Vector& vector, size_t row);
  void FlushIfFull();

  std::string path_;
  std::string temp_path_;
  Schema schema_;
  Settings settings_;
  std::unique_ptr<WritableFile> file_;
  std::string block_;
  std::string scratch_;
  uint64_t rows_ = 0;
  bool closed_ = false;
};

std::unique_ptr<TableWriter> MakeCsvWriter(const std::string& path, const Schema& schema,
                                           Options& options);

}  // namespace sluice
