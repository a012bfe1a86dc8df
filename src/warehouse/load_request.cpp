#include "warehouse/load_request.h"

#include <algorithm>
#include <unordered_set>

#include "common/error.h"
#include "types/value.h"

namespace sluice::warehouse {
namespace {

bool IsQuotableName(std::string_view name) {
  return !name.empty() && name.find('"') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

}  // namespace

TableName ParseTableName(std::string_view text) {
  size_t dot = text.find('.');
  TableName table;
  if (dot == std::string_view::npos) {
    table.name = std::string(text);
  } else {
    table.schema = std::string(text.substr(0, dot));
    table.name = std::string(text.substr(dot + 1));
    if (table.schema.empty() || table.name.find('.') != std::string::npos)
      throw Error::UserInput(
          "warehouse table '{}': expected 'schema.name' or 'name' (one dot at most)", text);
  }
  if (!IsQuotableName(table.name) ||
      (dot != std::string_view::npos && !IsQuotableName(table.schema)))
    throw Error::UserInput(
        "warehouse table '{}': a name must be non-empty and contain no double quote or NUL "
        "(e.g. analytics.daily_revenue)",
        text);
  return table;
}

void ValidateLoadRequest(const LoadRequest& request) {
  TableName table = ParseTableName(request.table);
  std::string where = "warehouse table '" + table.Display() + "'";
  if (request.schema.empty()) throw Error::UserInput("{}: the rows to load have no columns", where);
  std::unordered_set<std::string> names;
  for (const Field& field : request.schema) {
    if (!IsQuotableName(field.name))
      throw Error::UserInput(
          "{}: column name '{}' cannot be stored (empty, or has a double quote or NUL); "
          "rename it with AS in the step's SQL",
          where, field.name);
    std::string lower = field.name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!names.insert(lower).second)
      throw Error::UserInput(
          "{}: column '{}' appears twice in {} (names are compared without case); rename one "
          "with AS",
          where, field.name, DescribeSchema(request.schema));
  }
  if (request.mode == LoadMode::kMerge && request.key.empty())
    throw Error::UserInput("{}: mode merge needs a key (the columns that identify a row)", where);
  KeyColumnIndexes(request);  // throws for unknown or repeated key columns
}

std::vector<size_t> KeyColumnIndexes(const LoadRequest& request) {
  std::vector<size_t> indexes;
  for (const std::string& key : request.key) {
    auto it = std::find_if(request.schema.begin(), request.schema.end(),
                           [&](const Field& field) { return field.name == key; });
    if (it == request.schema.end())
      throw Error::UserInput("warehouse table '{}': key column '{}' is not a column of {}",
                             request.table, key, DescribeSchema(request.schema));
    size_t index = static_cast<size_t>(it - request.schema.begin());
    if (std::find(indexes.begin(), indexes.end(), index) != indexes.end())
      throw Error::UserInput("warehouse table '{}': key column '{}' is named twice", request.table,
                             key);
    indexes.push_back(index);
  }
  return indexes;
}

void CheckChunkShape(const LoadRequest& request, const DataChunk& chunk) {
  bool same = chunk.column_count() == request.schema.size();
  for (size_t c = 0; same && c < chunk.column_count(); c++)
    same =
        chunk.column(c).type() == request.schema[c].type || request.schema[c].type == TypeId::kNull;
  if (!same)
    throw Error::Internal("warehouse table '{}': a chunk's columns do not match the schema {}",
                          request.table, DescribeSchema(request.schema));
}

std::string DescribeKey(const LoadRequest& request, const std::vector<size_t>& key_columns,
                        const DataChunk& chunk, size_t row) {
  std::string text = "(";
  for (size_t k = 0; k < key_columns.size(); k++) {
    size_t column = key_columns[k];
    const Vector& vector = chunk.column(column);
    size_t index = vector.is_constant() ? 0 : chunk.RowIndex(row);
    if (k > 0) text += ", ";
    text += request.schema[column].name + "=" + vector.GetValue(index).ToSqlLiteral();
  }
  return text + ")";
}

std::string_view LoadModeName(LoadMode mode) {
  switch (mode) {
    case LoadMode::kAppend: return "append";
    case LoadMode::kOverwrite: return "overwrite";
    case LoadMode::kMerge: return "merge";
  }
  return "append";
}

std::string DescribeSchema(const Schema& schema) {
  std::string text = "(";
  for (size_t i = 0; i < schema.size(); i++) {
    if (i > 0) text += ", ";
    text += schema[i].name + " " + std::string(TypeName(schema[i].type));
  }
  return text + ")";
}

std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace sluice::warehouse
