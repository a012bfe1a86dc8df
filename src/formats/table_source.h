// TableSource — anything rows can be scanned from: a CSV/JSON/Parquet file set, an
// in-memory table, later a catalog table or a warehouse query. The engine's scan operator
// drives it; readers register a factory by table-function name (read_csv, read_parquet).
//
// Scanning is morsel-driven. The engine calls Scan() once with the columns it needs and
// the filters it could push down, then runs SourceScan::Next on several worker threads at
// once, each with its own SourceLocalState. A source splits its input into morsels (row
// groups, CSV byte ranges, files) and hands them out from a shared cursor.
//
// Order: every chunk a worker emits belongs to the morsel in local.batch_index; morsels
// are numbered in input order and chunks within a morsel are emitted in order, so the
// engine can restore input order when a query needs it (COPY without ORDER BY, LIMIT).
//
// Thread-safety: TableSource::schema and Scan are called from one thread. SourceScan::Next
// is called concurrently with distinct local states and must be thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formats/options.h"
#include "types/type.h"
#include "types/value.h"
#include "vector/data_chunk.h"

namespace sluice {

class ThreadPool;

// A filter on one column that a source may use to skip data (Parquet row groups by their
// statistics, hive partitions by their directory values). Skipping is an optimization: the
// engine applies the filter to the rows again, so a source may ignore any of these.
struct ColumnFilter {
  enum class Op {
    kEqual,
    kNotEqual,
    kLess,
    kLessEqual,
    kGreater,
    kGreaterEqual,
    kIsNull,
    kIsNotNull
  };
  size_t column = 0;  // index into TableSource::schema()
  Op op = Op::kEqual;
  Value constant;  // of the column's type; unused for kIsNull / kIsNotNull
};

struct ScanRequest {
  // Indices into schema(), in the order the output chunk must have them. May be empty
  // (count(*)): then chunks have no columns but a correct size().
  std::vector<size_t> columns;
  std::vector<ColumnFilter> filters;
};

class SourceLocalState {
 public:
  virtual ~SourceLocalState() = default;
  uint64_t batch_index = 0;  // morsel of the chunk last emitted
};

class SourceScan {
 public:
  virtual ~SourceScan() = default;
  virtual std::unique_ptr<SourceLocalState> InitLocal() = 0;
  // Fills `out` with the next chunk of this worker (out is owned by the worker; the
  // source may Initialize it as it likes). Returns false when no morsels are left.
  // Emitted chunks have at most kChunkCapacity rows and may have size 0 only when
  // returning false.
  virtual bool Next(SourceLocalState& local, DataChunk& out) = 0;
  // Workers worth running (1 for inputs that cannot be split).
  virtual size_t MaxThreads() const { return 1024; }
  // Share of the input done, 0..1, for progress bars; negative if unknown.
  virtual double Progress() const { return -1; }
  // Rows skipped because of ignore_errors=true (reported to the user after the query).
  virtual uint64_t RowsRejected() const { return 0; }
};

class TableSource {
 public:
  virtual ~TableSource() = default;
  virtual const Schema& schema() const = 0;
  virtual std::unique_ptr<SourceScan> Scan(const ScanRequest& request) = 0;
  virtual std::optional<uint64_t> EstimatedRows() const { return std::nullopt; }
  // Human-readable description for EXPLAIN ("read_csv(orders.csv)").
  virtual std::string Describe() const = 0;
};

// Registry of table functions by name. A factory validates its options (positional: the
// path(s); named: reader options) and opens the input far enough to know the schema.
// Factories throw a user_input Error naming the function and the bad option or file.
using TableSourceFactory = std::function<std::unique_ptr<TableSource>(Options& options)>;

class TableFunctionRegistry {
 public:
  static void Register(const std::string& name, TableSourceFactory factory);
  static const TableSourceFactory* Find(const std::string& name);
  static std::vector<std::string> Names();
};

// A registration done at static-initialization time:
//   static const TableFunctionRegistration kReadCsv("read_csv", &MakeCsvSource);
// Libraries that only register things are linked whole (see src/formats/CMakeLists.txt).
struct TableFunctionRegistration {
  TableFunctionRegistration(const std::string& name, TableSourceFactory factory) {
    TableFunctionRegistry::Register(name, std::move(factory));
  }
};

// Positional arguments of read_*: one path, a glob, or a list of them. Expands globs
// through the FileSystem and returns the files in order; throws naming the pattern when
// nothing matches ("orders/*.csv: no files match").
std::vector<std::string> ExpandPaths(const Options& options, const std::string& function);

}  // namespace sluice
