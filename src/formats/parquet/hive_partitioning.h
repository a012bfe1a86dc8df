// Hive-style partition directories: `dir/key=value/.../file`. Readers turn the key=value
// segments of a path into columns; writers build such paths from row values.
//
// Values are percent-escaped in paths (characters outside [A-Za-z0-9._-] and a few safe
// ones); a NULL value is written as __HIVE_DEFAULT_PARTITION__.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "types/type.h"
#include "types/value.h"

namespace sluice::parquet {

constexpr std::string_view kHiveNullValue = "__HIVE_DEFAULT_PARTITION__";

// The key=value segments of the directories of `path`, in order, values unescaped.
// nullopt values stand for NULL.
std::vector<std::pair<std::string, std::optional<std::string>>> ParseHivePartitions(
    std::string_view path);

// The narrowest type every (non-NULL) value parses as: BIGINT, DOUBLE, DATE, TIMESTAMP,
// else VARCHAR.
TypeId InferPartitionType(const std::vector<const std::string*>& values);

// Converts a partition value of the inferred type (NULL stays NULL).
Value PartitionValue(const std::optional<std::string>& text, TypeId type);

std::string EscapePartitionValue(std::string_view value);
std::string UnescapePartitionValue(std::string_view value);

// "key=value" for a written path: the value's text, escaped; NULL as the Hive default.
std::string PartitionSegment(const std::string& key, const Value& value);

}  // namespace sluice::parquet
