// JsonTableWriter — COPY ... TO 'out.json' (FORMAT json [, ARRAY true]).
//
// Writes one JSON object per line, keys = column names in schema order:
//   {"id":1,"name":"a\"b","price":2.5,"day":"2024-01-02","ts":"2024-01-02 10:00:00","x":null}
// NULL -> null; BOOLEAN -> true/false; integers as written; DOUBLE in shortest round-trip
// form (NaN and infinities -> null, JSON has no spelling for them); DATE and TIMESTAMP as
// strings; VARCHAR escaped per RFC 8259. With ARRAY true the objects are the elements of
// one top-level array ("[", objects separated by ",\n", "]").
//
// Output goes to '<path>.tmp' and is renamed to `path` by Close(), so a failed COPY leaves
// no file that looks complete (the temporary file is removed if the writer is destroyed
// without Close). On an object store, where an object appears only when complete, the
// output goes straight to `path`.
//
// Thread-safety: one caller at a time (see table_writer.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "formats/table_writer.h"

namespace sluice {

class FileSystem;
class WritableFile;

class JsonTableWriter : public TableWriter {
 public:
  JsonTableWriter(const std::string& path, const Schema& schema, bool array);
  ~JsonTableWriter() override;

  void Write(DataChunk& chunk) override;
  WriterStats Close() override;

 private:
  void AppendRow(const DataChunk& chunk, size_t row);
  void FlushBuffer();

  std::string path_;
  std::string temp_path_;
  Schema schema_;
  bool array_;
  std::vector<std::string> key_prefixes_;  // ,"name": per column (no comma for the first)
  FileSystem& fs_;
  std::unique_ptr<WritableFile> file_;
  std::string buffer_;
  uint64_t rows_ = 0;
  bool closed_ = false;
};

// The factory behind FORMAT json.
std::unique_ptr<TableWriter> MakeJsonTableWriter(const std::string& path, const Schema& schema,
                                                 Options& options);

}  // namespace sluice
