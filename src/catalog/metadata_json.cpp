#include "catalog/metadata_json.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace sluice::catalog {

std::string StringListToJson(const std::vector<std::string>& list) {
  return nlohmann::json(list).dump();
}

std::vector<std::string> StringListFromJson(const std::string& text) {
  try {
    return nlohmann::json::parse(text).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error::Internal("catalog: stored list is not valid JSON ({}): {}", e.what(), text);
  }
}

std::string PartitionToJson(const PartitionValues& values) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& [key, value] : values) {
    array.push_back(
        nlohmann::json::array({key, value ? nlohmann::json(*value) : nlohmann::json(nullptr)}));
  }
  return array.dump();
}

PartitionValues PartitionFromJson(const std::string& text) {
  PartitionValues values;
  try {
    for (const auto& pair : nlohmann::json::parse(text)) {
      std::optional<std::string> value;
      if (!pair.at(1).is_null()) value = pair.at(1).get<std::string>();
      values.emplace_back(pair.at(0).get<std::string>(), value);
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error::Internal("catalog: stored partition is not valid JSON ({}): {}", e.what(), text);
  }
  return values;
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

int64_t CatalogNowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace sluice::catalog
