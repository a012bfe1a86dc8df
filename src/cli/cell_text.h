// Cell text — the printed form of one value of a result column, shared by the table, CSV
// and JSON renderers: integers in decimal, doubles by AppendDouble (shortest round trip),
// booleans true/false, dates YYYY-MM-DD, timestamps YYYY-MM-DD HH:MM:SS[.ffffff], strings
// as they are.
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice::cli {

// Appends the text of logical row `row` of `view` (a column of type `type`) to `out`.
// Returns false, appending nothing, when the value is NULL.
bool AppendCellText(TypeId type, const ColumnView& view, size_t row, std::string& out);

// True for types printed as numbers (right-aligned in tables, unquoted in JSON).
bool IsNumberType(TypeId type);

}  // namespace sluice::cli
