// Schema evolution rules of lake tables, and the JSON form of a schema stored in the
// catalog.
//
// A commit may bring data whose schema differs from the table's. Allowed: new columns
// (appended; sluice columns are all nullable, so older files read them as NULL), columns
// missing from the new data (read as NULL), and widening INTEGER->BIGINT, INTEGER->DOUBLE,
// BIGINT->DOUBLE in either direction (the table keeps the wider type; readers widen older
// files). Anything else is a user_input Error naming the table and both schemas.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "types/type.h"

namespace sluice::catalog {

// True if values of `from` may be stored in a column of type `to` by widening.
bool IsAllowedWidening(TypeId from, TypeId to);

// The table schema after accepting data of `incoming` into a table of `current`.
Schema EvolveSchema(std::string_view table, const Schema& current, const Schema& incoming);

// "(id BIGINT, name VARCHAR)", for messages.
std::string SchemaToString(const Schema& schema);

// [{"name":"id","type":"BIGINT"},...]
std::string SchemaToJson(const Schema& schema);
// Throws internal when the stored text is not a schema (a corrupt catalog).
Schema SchemaFromJson(std::string_view json);

}  // namespace sluice::catalog
