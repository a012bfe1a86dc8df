// JSON rendering of a query result: an array of objects, one row per line, keys in column
// order:
//   [{"region":"uk","n":3},
//   {"region":"us-east","n":5}]
// Numbers and booleans are JSON literals, NULL is null, strings, dates and timestamps are
// JSON strings. NaN and infinities, which JSON cannot express, are null. An empty result
// is "[]".
//
// Thread-safety: stateless functions; the stream belongs to the caller.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "sql/session.h"

namespace sluice::cli {

// Writes `result` to `out`, chunk by chunk.
void RenderJson(const QueryResult& result, std::ostream& out);

// Appends `text` as a quoted JSON string (escaping quotes, backslashes and control
// characters) to `out`.
void AppendJsonString(std::string_view text, std::string& out);

}  // namespace sluice::cli
