#include "catalog/table_metadata.h"

#include <algorithm>
#include <cctype>

#include "catalog/schema_evolution.h"
#include "common/error.h"

namespace sluice::catalog {

std::string NormalizeIdentifier(std::string_view text, std::string_view what) {
  bool ok = !text.empty() && text.size() <= 128 &&
            (std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_');
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    ok = ok && (std::isalnum(u) || c == '_');
    out += static_cast<char>(std::tolower(u));
  }
  if (!ok) {
    throw Error::UserInput(
        "invalid {} name '{}': use letters, digits and '_', starting with a letter or '_'", what,
        text);
  }
  return out;
}

TableName TableName::Parse(std::string_view text) {
  size_t dot = text.find('.');
  if (dot == std::string_view::npos || text.find('.', dot + 1) != std::string_view::npos) {
    throw Error::UserInput("invalid table name '{}': expected database.table", text);
  }
  return TableName{NormalizeIdentifier(text.substr(0, dot), "database"),
                   NormalizeIdentifier(text.substr(dot + 1), "table")};
}

TableName ValidateTableSpec(const TableSpec& spec) {
  TableName name{NormalizeIdentifier(spec.name.database, "database"),
                 NormalizeIdentifier(spec.name.name, "table")};
  if (spec.location.empty()) throw Error::UserInput("table {}: no location given", name.ToString());
  if (spec.schema.empty())
    throw Error::UserInput("table {}: a table needs at least one column", name.ToString());
  for (size_t i = 0; i < spec.schema.size(); i++) {
    if (spec.schema[i].type == TypeId::kNull) {
      throw Error::UserInput("table {}: column '{}' has no type", name.ToString(),
                             spec.schema[i].name);
    }
    for (size_t j = 0; j < i; j++) {
      if (spec.schema[j].name == spec.schema[i].name) {
        throw Error::UserInput("table {}: column '{}' appears twice", name.ToString(),
                               spec.schema[i].name);
      }
    }
  }
  for (const auto& column : spec.partition_columns) {
    bool found = std::any_of(spec.schema.begin(), spec.schema.end(),
                             [&](const Field& f) { return f.name == column; });
    if (!found) {
      throw Error::UserInput("table {}: partition column '{}' is not a column of {}",
                             name.ToString(), column, SchemaToString(spec.schema));
    }
  }
  return name;
}

std::string_view SnapshotOperationName(SnapshotOperation op) {
  switch (op) {
    case SnapshotOperation::kAppend: return "append";
    case SnapshotOperation::kOverwrite: return "overwrite";
    case SnapshotOperation::kOverwritePartitions: return "overwrite_partitions";
    case SnapshotOperation::kMerge: return "merge";
  }
  return "append";
}

SnapshotOperation ParseSnapshotOperation(std::string_view text) {
  for (auto op : {SnapshotOperation::kAppend, SnapshotOperation::kOverwrite,
                  SnapshotOperation::kOverwritePartitions, SnapshotOperation::kMerge}) {
    if (SnapshotOperationName(op) == text) return op;
  }
  throw Error::UserInput(
      "unknown write mode '{}' (expected append, overwrite, overwrite_partitions or merge)", text);
}

}  // namespace sluice::catalog
