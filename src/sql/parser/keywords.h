// The reserved words of sluice's SQL dialect: words that cannot be used as bare column,
// table or alias names (quote them: "order"). Every other keyword (date, year, status,
// comment, value, type, name, key, first, last, filter, format, ...) is an ordinary
// identifier wherever a name is expected.
//
// Thread-safety: pure functions over constant data.
#pragma once

#include <string_view>

namespace sluice::sql {

// `word` must be lower case.
bool IsReservedKeyword(std::string_view word);

}  // namespace sluice::sql
