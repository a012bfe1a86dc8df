// JsonRowParser — reads one JSON object (a record) into one row of a chunk, taking only
// the keys that the scan needs and converting their values straight into the columns'
// physical form. Missing keys and JSON null give NULL; other keys are skipped unread.
//
// Conversions: numbers, booleans and strings are read natively for columns of the
// matching type; strings are also parsed as text for numeric, BOOLEAN, DATE and TIMESTAMP
// columns ("12" -> 12). A VARCHAR column takes any value: strings unescaped, numbers and
// booleans as written, objects and arrays as minified JSON text. A value that fits no
// rule is an error ("key 'quantity': cannot read \"12x\" as BIGINT").
//
// Uses simdjson's On-Demand parser; values in skipped keys are not validated beyond
// simdjson's structural checks.
//
// Thread-safety: one parser per worker.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "formats/json/json_record_reader.h"
#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice {

struct JsonColumnTarget {
  std::string key;  // JSON key (unescaped)
  TypeId type = TypeId::kVarchar;
  size_t output = 0;  // column index in the output chunk
};

class JsonRowParser {
 public:
  JsonRowParser(std::vector<JsonColumnTarget> targets, uint64_t max_record_size);
  ~JsonRowParser();
  JsonRowParser(const JsonRowParser&) = delete;
  JsonRowParser& operator=(const JsonRowParser&) = delete;

  // Reads `record` into row `row` of `out`, whose target columns must be writable and
  // flat. Every target column gets a value or NULL. Returns false with *error set (a
  // message without the file:line prefix) when the record is not a well-formed JSON
  // object or a value does not fit its column.
  bool Parse(const JsonRecord& record, DataChunk& out, size_t row, std::string* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice
