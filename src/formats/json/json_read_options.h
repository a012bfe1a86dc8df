// JsonReadOptions — the validated options of read_json / read_ndjson / read_json_auto.
//
//   read_json('orders.json', columns={'id': 'BIGINT'}, format='newline_delimited',
//             sample_size=20480, ignore_errors=true, maximum_object_size=16777216,
//             records=true, filename=true, auto_detect=true, compression='none')
//
// auto_detect=false requires columns; compression other than none/auto is refused
// (compressed JSON is not supported yet).
// Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "formats/options.h"
#include "types/type.h"

namespace sluice {

enum class JsonFormat { kAuto, kNewlineDelimited, kArray };

struct JsonReadOptions {
  JsonFormat format = JsonFormat::kAuto;
  // Explicit schema (columns=...): no inference when non-empty.
  Schema columns;
  // Rows read to infer the schema; keys first seen after them are ignored.
  int64_t sample_size = 20480;
  bool ignore_errors = false;
  // Longest accepted record (one line, or one element of a top-level array).
  uint64_t maximum_object_size = 16 * 1024 * 1024;
  // Adds a VARCHAR column 'filename' holding the path each row came from.
  bool filename = false;
  // Bytes per morsel of a newline-delimited file (tests lower it to force many morsels).
  uint64_t morsel_bytes = 8 * 1024 * 1024;
};

// Takes every read_json option from `options` (which keeps the positional paths) and
// rejects unknown ones. Throws a user_input Error naming `function` and the bad option.
JsonReadOptions TakeJsonReadOptions(Options& options, const std::string& function);

}  // namespace sluice
