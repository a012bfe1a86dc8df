#include "catalog/metadata_json.h"

#include <map>
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

std::vector<PartitionInfo> GroupFilesByPartition(const std::vector<DataFile>& files) {
  std::map<std::string, PartitionInfo> by_key;
  for (const DataFile& f : files) {
    PartitionInfo& p = by_key[PartitionToJson(f.partition)];
    p.values = f.partition;
    p.files++;
    p.rows += f.rows;
    p.bytes += f.bytes;
  }
  std::vector<PartitionInfo> result;
  for (auto& [_, p] : by_key) result.push_back(std::move(p));
  return result;
}

}  // namespace sluice::catalog
