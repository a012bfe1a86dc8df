// JsonSchemaInference — infers a table schema from sample records.
//
// Per key, the narrowest type that holds every non-null value seen:
//   booleans -> BOOLEAN; integers -> BIGINT; other numbers -> DOUBLE (BIGINT widens to
//   DOUBLE); strings that parse as ISO dates -> DATE, as timestamps -> TIMESTAMP (DATE
//   widens to TIMESTAMP); other strings, nested objects and arrays, and any other mix ->
//   VARCHAR. Keys that are null in every sample row are VARCHAR.
// Columns come in the order their keys were first seen. Keys that appear only after the
// sample are not columns (as in DuckDB).
//
// Thread-safety: one thread.
#pragma once

#include <memory>
#include <string>

#include "formats/json/json_record_reader.h"
#include "types/type.h"

namespace sluice {

class JsonSchemaInference {
 public:
  explicit JsonSchemaInference(uint64_t max_record_size);
  ~JsonSchemaInference();
  JsonSchemaInference(const JsonSchemaInference&) = delete;
  JsonSchemaInference& operator=(const JsonSchemaInference&) = delete;

  // Adds one record's keys and value types. Returns false with *error set (no file:line
  // prefix) if the record is not a well-formed JSON object; nothing is learnt from it.
  bool Observe(const JsonRecord& record, std::string* error);
  uint64_t records_observed() const { return records_; }
  Schema Finish() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint64_t records_ = 0;
};

}  // namespace sluice
