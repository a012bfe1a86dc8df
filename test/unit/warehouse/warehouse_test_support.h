// Test support for the warehouse back ends: rows as Values turned into chunks by a
// producer that can fail or run a hook part-way, and a back end interface so the same
// load cases run against SQLite and PostgreSQL.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "types/value.h"
#include "vector/data_chunk.h"
#include "warehouse/warehouse.h"

namespace sluice::warehouse::testing {

using Row = std::vector<Value>;

// Produces `rows` in chunks of `chunk_rows`. Keeps the chunks alive while it lives.
class ChunkFeed {
 public:
  ChunkFeed(Schema schema, std::vector<Row> rows, size_t chunk_rows = 2)
      : schema_(std::move(schema)), rows_(std::move(rows)), chunk_rows_(chunk_rows) {}

  // Throws after this many chunks were produced (-1: never).
  int fail_after_chunks = -1;
  // Called before chunk `index` is produced.
  std::function<void(size_t index)> before_chunk;
  size_t chunks_produced() const { return produced_; }

  ChunkProducer Producer() {
    return [this]() -> const DataChunk* { return Next(); };
  }

 private:
  const DataChunk* Next() {
    if (fail_after_chunks >= 0 && produced_ == static_cast<size_t>(fail_after_chunks))
      throw std::runtime_error("injected failure in the producer");
    if (before_chunk) before_chunk(produced_);
    if (offset_ >= rows_.size()) return nullptr;
    std::vector<TypeId> types;
    for (const Field& field : schema_) types.push_back(field.type);
    chunk_.Initialize(types);
    size_t count = std::min(chunk_rows_, rows_.size() - offset_);
    for (size_t r = 0; r < count; r++)
      for (size_t c = 0; c < schema_.size(); c++) {
        const Value& value = rows_[offset_ + r][c];
        chunk_.column(c).SetValue(r, value.is_null() ? Value::Null(schema_[c].type) : value);
      }
    chunk_.SetSize(count);
    offset_ += count;
    produced_++;
    return &chunk_;
  }

  Schema schema_;
  std::vector<Row> rows_;
  size_t chunk_rows_;
  size_t offset_ = 0;
  size_t produced_ = 0;
  DataChunk chunk_;
};

// One warehouse back end under test.
class Backend {
 public:
  virtual ~Backend() = default;
  // Empty when the back end cannot run here (the reason is in SkipReason()).
  virtual std::string Uri() = 0;
  virtual std::string SkipReason() { return ""; }
  // Removes every table the tests create and the ledger.
  virtual void Clean() = 0;
  // Runs a query; each row is its values as text joined by '|', NULL as "NULL".
  virtual std::vector<std::string> Query(const std::string& sql) = 0;
  // How SQL names the warehouse table "schema.name".
  virtual std::string TableSql(const std::string& table) = 0;
};

}  // namespace sluice::warehouse::testing

namespace sluice::warehouse::testing {

// The back ends, created on first use and kept for the whole test program (each test
// program links the one it tests).
Backend& SqliteTestBackend();
Backend& PostgresTestBackend();

// The shared cases (warehouse_load_test.cpp) run against the back end that the test program
// names with these two functions.
using BackendFactory = Backend& (*)();
BackendFactory TestedBackend();
const char* TestedBackendName();

}  // namespace sluice::warehouse::testing
