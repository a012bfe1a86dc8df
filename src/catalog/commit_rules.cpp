#include "catalog/commit_rules.h"

#include <nlohmann/json.hpp>

#include "catalog/schema_evolution.h"
#include "common/error.h"

namespace sluice::catalog {

void CheckCommitParent(const CommitRequest& request, int64_t current_snapshot) {
  if (current_snapshot == request.expected_parent) return;
  throw Error::Retryable("conflict: table {} changed since snapshot {} (now at snapshot {}), retry",
                         request.table.ToString(), request.expected_parent, current_snapshot);
}

std::optional<Schema> EvolvedSchemaForCommit(const CommitRequest& request, const Schema& current) {
  if (request.schema.empty()) return std::nullopt;
  Schema evolved = EvolveSchema(request.table.ToString(), current, request.schema);
  bool changed = evolved.size() != current.size();
  for (size_t i = 0; !changed && i < evolved.size(); i++)
    changed = evolved[i].type != current[i].type;
  if (!changed) return std::nullopt;
  return evolved;
}

std::string CommitSummaryJson(const CommitRequest& request, const FileTotals& added,
                              const FileTotals& removed) {
  nlohmann::json summary = nlohmann::json::object();
  if (!request.summary_json.empty()) {
    try {
      summary = nlohmann::json::parse(request.summary_json);
    } catch (const nlohmann::json::exception& e) {
      throw Error::Internal("commit to {}: summary is not valid JSON: {}", request.table.ToString(),
                            e.what());
    }
    if (!summary.is_object())
      throw Error::Internal("commit to {}: summary must be a JSON object",
                            request.table.ToString());
  }
  summary["added_files"] = added.files;
  summary["added_rows"] = added.rows;
  summary["added_bytes"] = added.bytes;
  summary["removed_files"] = removed.files;
  summary["removed_rows"] = removed.rows;
  summary["removed_bytes"] = removed.bytes;
  return summary.dump();
}

}  // namespace sluice::catalog
