// TableWriter — writes rows to a file format (CSV, JSON lines, Parquet) for COPY ... TO
// and pipeline sinks. Writers register a factory by FORMAT name.
//
// The engine calls Write() with chunks in row order from one thread at a time, then
// Close() once. A writer may encode in the background (Parquet encodes row groups on
// extra threads) as long as Close() returns only when every byte is written, and the
// output is complete only after Close(): a writer that throws leaves no file claiming to
// be complete (write to a temporary name, rename on Close).
//
// Thread-safety: one caller at a time.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "formats/options.h"
#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice {

struct WriterStats {
  uint64_t rows = 0;
  uint64_t bytes = 0;
  std::vector<std::string> files;  // files produced (partitioned/sized output writes several)
};

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  virtual void Write(DataChunk& chunk) = 0;  // may Flatten() the chunk
  virtual WriterStats Close() = 0;
};

// `path` is the target ('out.parquet', or a directory for PARTITION_BY / sized output);
// options are what remains of the COPY options after FORMAT was taken.
using TableWriterFactory = std::function<std::unique_ptr<TableWriter>(
    const std::string& path, const Schema& schema, Options& options)>;

class TableWriterRegistry {
 public:
  static void Register(const std::string& format, TableWriterFactory factory);
  static const TableWriterFactory* Find(const std::string& format);
  static std::vector<std::string> Names();
};

struct TableWriterRegistration {
  TableWriterRegistration(const std::string& format, TableWriterFactory factory) {
    TableWriterRegistry::Register(format, std::move(factory));
  }
};

}  // namespace sluice
