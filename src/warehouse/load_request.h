// Checks and names shared by the warehouse back ends: the parts of a "schema.name" table
// name, the validation of a LoadRequest before anything is written, and the text of a
// row's key for messages.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "types/type.h"
#include "vector/data_chunk.h"
#include "warehouse/warehouse.h"

namespace sluice::warehouse {

struct TableName {
  std::string schema;  // empty: the back end's default schema
  std::string name;
  // "schema.name" or "name", as the user wrote it.
  std::string Display() const { return schema.empty() ? name : schema + "." + name; }
};

// Splits "schema.name" (or "name") at its dot. Throws user_input for an empty part, more
// than one dot, or a character that cannot be part of a name (a double quote, NUL).
TableName ParseTableName(std::string_view text);

// Throws user_input when the request cannot be loaded: no columns, an empty, repeated or
// unquotable column name, merge without a key, a key column that is not a column of the
// schema or is named twice. Called before the warehouse is touched.
void ValidateLoadRequest(const LoadRequest& request);

// The positions of the request's key columns in its schema (same order as the key).
std::vector<size_t> KeyColumnIndexes(const LoadRequest& request);

// Throws internal when a produced chunk does not match the request's schema.
void CheckChunkShape(const LoadRequest& request, const DataChunk& chunk);

// "(order_date=2024-01-02, region='EU')": the key of logical row `row` of `chunk`.
std::string DescribeKey(const LoadRequest& request, const std::vector<size_t>& key_columns,
                        const DataChunk& chunk, size_t row);

// "append" / "overwrite" / "merge".
std::string_view LoadModeName(LoadMode mode);

// "(id BIGINT, name VARCHAR)".
std::string DescribeSchema(const Schema& schema);

// A double-quoted SQL identifier (inner quotes doubled).
std::string QuoteIdentifier(std::string_view name);

}  // namespace sluice::warehouse
