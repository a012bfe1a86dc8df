// FormatSqlError — the one shape of every error message that points into SQL text
// (parser and binder alike):
//
//   SQL 1:10: syntax error at or near "FORM"
//     SELECT a FORM t
//              ^
//
// Line and column are 1-based; columns count bytes. The excerpt is the offending line,
// with tabs kept so the caret lines up.
//
// Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sluice::sql {

std::string FormatSqlError(std::string_view sql, size_t position, std::string_view message);

// "line:column" (1-based) of a byte offset, e.g. "1:8".
std::string SqlLocation(std::string_view sql, size_t position);

}  // namespace sluice::sql
