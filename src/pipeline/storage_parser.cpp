// Section storage of a pipeline file: the object store its s3:// paths live in.
//
//   storage:
//     endpoint: http://127.0.0.1:7480
//     region: us-east-1
//     access_key_id: ${s3_key}
//     secret_access_key: ${env:S3_SECRET}
//     url_style: path
//
// Values go through parameter substitution like every string. The secret settings are
// never repeated in a message; the parameters they use are remembered so that the run
// does not record them (PipelineSpec::RecordedParams).
#include <algorithm>

#include "common/error.h"
#include "pipeline/spec_sections.h"
#include "storage/s3/s3_config.h"

namespace sluice::pipeline {
namespace {

const std::vector<std::string> kStorageKeys = {
    "endpoint",      "region",    "access_key_id", "secret_access_key",
    "session_token", "url_style", "part_size"};

bool IsSecretSetting(const std::string& key) {
  return key == "secret_access_key" || key == "session_token";
}

// Names of the parameters `${name}` in `text` refers to (not `$${`, not `${env:...}`).
std::vector<std::string> ReferencedParams(const std::string& text) {
  std::vector<std::string> names;
  for (size_t i = 0; i < text.size(); i++) {
    if (text.compare(i, 3, "$${") == 0) {
      i += 2;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) continue;
    size_t end = text.find('}', i + 2);
    if (end == std::string::npos) break;
    std::string name = text.substr(i + 2, end - i - 2);
    if (name.rfind("env:", 0) != 0) names.push_back(std::move(name));
    i = end;
  }
  return names;
}

}  // namespace

void ParseStorage(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec) {
  if (!reader.IsMap(node, "storage")) return;
  reader.CheckKeys(node, "storage", kStorageKeys);
  StorageSpec storage;
  storage.line = SpecReader::Line(node);
  bool complete = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    if (std::find(kStorageKeys.begin(), kStorageKeys.end(), key) == kStorageKeys.end()) continue;
    const YAML::Node value = it->second;
    if (IsSecretSetting(key) && value.IsScalar()) {
      for (auto& name : ReferencedParams(value.Scalar())) storage.secret_params.insert(name);
    }
    auto text = reader.String(value, "storage." + key);
    if (!text) {
      complete = false;
      continue;
    }
    storage.settings[key] = *text;
  }
  if (complete) {
    // The same checks the run applies: missing credentials, the endpoint's scheme,
    // url_style and part_size; none of these messages repeats a secret.
    try {
      s3::S3ConfigFromSettings(storage.settings, "storage");
    } catch (const Error& e) {
      reader.Report(node, "", e.message());  // "storage: S3 needs ...
    }
  }
  spec.storage = std::move(storage);
}

}  // namespace sluice::pipeline
