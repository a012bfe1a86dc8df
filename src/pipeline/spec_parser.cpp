#include "pipeline/spec_parser.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "pipeline/spec_sections.h"
#include "storage/file_system.h"

namespace sluice::pipeline {

bool IsIdentifier(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_'))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool IsQualifiedTableName(const std::string& name) {
  size_t dot = name.find('.');
  return dot != std::string::npos && IsIdentifier(name.substr(0, dot)) &&
         IsIdentifier(name.substr(dot + 1));
}

std::string ToLower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

namespace {

void ParseParams(SpecReader& reader, const YAML::Node& root,
                 const std::map<std::string, std::string>& cli_params, PipelineSpec& spec) {
  std::map<std::string, std::string> params;
  if (const YAML::Node node = root["params"]) {
    if (reader.IsMap(node, "params")) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        std::string key = it->first.Scalar();
        if (!it->second.IsScalar()) {
          reader.Report(it->second, "params." + key, "a parameter default must be a single value");
          continue;
        }
        params[key] = it->second.Scalar();  // defaults are taken literally
      }
    }
  }
  for (const auto& [key, value] : cli_params) params[key] = value;
  spec.params = params;
  reader.set_params(std::move(params));
}

void ParseTopLevel(SpecReader& reader, const YAML::Node& root, PipelineSpec& spec) {
  reader.CheckKeys(root, "",
                   {"name", "lake", "catalog", "warehouse", "params", "sources", "steps", "checks",
                    "sinks", "retry", "notify", "storage"});
  if (reader.Require(root, "pipeline", "name")) {
    if (auto name = reader.String(root["name"], "name")) {
      bool ok = !name->empty() && std::all_of(name->begin(), name->end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      });
      if (ok) {
        spec.name = *name;
      } else {
        reader.Report(root["name"], "name",
                      "a pipeline name uses letters, digits, '_' and '-', got '" + *name + "'");
      }
    }
  }
  if (root["lake"]) {
    spec.lake = reader.String(root["lake"], "lake").value_or(spec.lake);
    spec.lake_explicit = true;
  }
  if (root["warehouse"])
    spec.warehouse = reader.String(root["warehouse"], "warehouse").value_or(spec.warehouse);
  if (root["catalog"]) {
    spec.catalog = reader.String(root["catalog"], "catalog").value_or("");
    spec.catalog_explicit = true;
  } else if (spec.lake.find("://") == std::string::npos) {
    std::string lake = spec.lake;
    while (lake.size() > 1 && lake.back() == '/') lake.pop_back();
    spec.catalog = lake + "/_catalog.db";
  }
  // An object-store lake has no default catalog (lake/lake_catalog_location.h): the run
  // asks for one unless $SLUICE_CATALOG names it.
}

}  // namespace

PipelineSpec ParsePipelineSpec(std::string_view yaml, const std::string& file,
                               const std::map<std::string, std::string>& cli_params) {
  YAML::Node loaded;
  try {
    loaded = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    throw Error::UserInput("{}:{}:{}: YAML syntax error: {}", file, e.mark.line + 1,
                           e.mark.column + 1, e.msg);
  }
  // Only const access from here: yaml-cpp's non-const operator[] may insert keys.
  const YAML::Node& root = loaded;
  PipelineSpec spec;
  spec.file = file;
  SpecReader reader(file, {});
  if (!root.IsMap()) {
    reader.Report(root, "",
                  "a pipeline file is a map with keys name, sources, steps, checks, sinks, ...");
    reader.ThrowIfErrors();
  }
  ParseParams(reader, root, cli_params, spec);
  ParseTopLevel(reader, root, spec);
  if (reader.Require(root, "pipeline", "sources")) ParseSources(reader, root["sources"], spec);
  if (root["steps"]) ParseSteps(reader, root["steps"], spec);
  if (root["checks"]) ParseChecks(reader, root["checks"], spec);
  if (root["sinks"]) ParseSinks(reader, root["sinks"], spec);
  if (root["retry"]) ParseRetry(reader, root["retry"], spec);
  if (root["notify"]) ParseNotify(reader, root["notify"], spec);
  if (root["storage"]) ParseStorage(reader, root["storage"], spec);
  ValidateReferences(reader, spec);
  reader.ThrowIfErrors();
  return spec;
}

PipelineSpec LoadPipelineSpec(const std::string& path,
                              const std::map<std::string, std::string>& cli_params) {
  FileSystem& fs = FileSystem::For(path);
  if (!fs.Exists(path)) throw Error::UserInput("{}: pipeline file not found", path);
  auto file = fs.OpenForRead(path);
  if (file->size() > (uint64_t{16} << 20))
    throw Error::UserInput("{}: a pipeline file over 16 MB is not supported", path);
  std::string text(file->size(), '\0');
  file->ReadExactly(0, text.size(), text.data());
  return ParsePipelineSpec(text, path, cli_params);
}

}  // namespace sluice::pipeline
