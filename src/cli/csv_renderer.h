// CSV rendering of a query result (RFC 4180): a header row with the column names, one line
// per row, fields separated by ',' and lines by '\n'. A field is quoted only when it must
// be: it contains a comma, a double quote, CR or LF, or it is the empty string (so that ""
// differs from NULL, which is an empty unquoted field). Quotes inside are doubled.
//
// Thread-safety: stateless functions; the stream belongs to the caller.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "sql/session.h"

namespace sluice::cli {

// Writes `result` to `out`, chunk by chunk (memory stays bounded for large results).
void RenderCsv(const QueryResult& result, std::ostream& out);

// Appends `field` to `line`, quoted if needed.
void AppendCsvField(std::string_view field, std::string& line);

}  // namespace sluice::cli
