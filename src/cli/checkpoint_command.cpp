#include "cli/checkpoint_command.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "cli/exit_codes.h"
#include "cli/run_details.h"
#include "common/error.h"
#include "lake/lake_catalog_location.h"
#include "pipeline/spec_parser.h"
#include "runner/incremental_source.h"
#include "runner/pipeline_runner.h"
#include "storage/file_system.h"
#include "types/text_codec.h"

namespace sluice::cli {
namespace {

struct Target {
  std::string pipeline;
  std::string catalog;
  std::optional<pipeline::PipelineSpec> spec;  // when a YAML file was named
};

Target Resolve(const CheckpointArgs& args) {
  Target target;
  bool is_file = args.pipeline.ends_with(".yaml") || args.pipeline.ends_with(".yml");
  if (is_file) {
    target.spec = pipeline::LoadPipelineSpec(args.pipeline, {});
    target.pipeline = target.spec->name;
  } else {
    target.pipeline = args.pipeline;
  }
  if (args.catalog) {
    target.catalog = *args.catalog;
  } else if (target.spec && target.spec->catalog_explicit && !args.lake) {
    target.catalog = target.spec->catalog;
  } else {
    std::string lake = target.spec && !args.lake ? runner::ResolveLakeRoot(*target.spec, args.lake)
                                                 : LakeRootFor(args.lake);
    target.catalog = lake::ResolveCatalogUri(lake, std::nullopt);
  }
  if (target.catalog.find("://") == std::string::npos &&
      !FileSystem::For(target.catalog).Exists(target.catalog)) {
    throw Error::UserInput("no catalog at {} (point --lake or --catalog at the pipeline's)",
                           target.catalog);
  }
  return target;
}

// "watermark:orders" -> orders; "file:orders:<path>" -> orders.
std::string SourceOf(const std::string& key) {
  size_t colon = key.find(':');
  if (colon == std::string::npos) return key;
  size_t end = key.find(':', colon + 1);
  return key.substr(colon + 1, end == std::string::npos ? std::string::npos : end - colon - 1);
}

bool BelongsTo(const catalog::CheckpointEntry& entry, const std::string& source) {
  return source.empty() || SourceOf(entry.key) == source;
}

void Show(catalog::Catalog& catalog, const Target& target, const std::string& source,
          std::ostream& out) {
  std::vector<catalog::CheckpointEntry> entries = catalog.ListCheckpoints(target.pipeline);
  std::map<std::string, std::vector<const catalog::CheckpointEntry*>> by_source;
  for (const auto& entry : entries) {
    if (BelongsTo(entry, source)) by_source[SourceOf(entry.key)].push_back(&entry);
  }
  if (by_source.empty()) {
    out << fmt::format("pipeline {} has no checkpoints{} (its next run reads everything)\n",
                       target.pipeline, source.empty() ? "" : " for source " + source);
    return;
  }
  for (const auto& [name, list] : by_source) {
    out << fmt::format("{}.{}\n", target.pipeline, name);
    size_t files = 0;
    uint64_t bytes = 0;
    for (const catalog::CheckpointEntry* entry : list) {
      nlohmann::json value = nlohmann::json::parse(entry->value_json, nullptr, false);
      if (entry->key.rfind("watermark:", 0) == 0) {
        out << fmt::format(
            "  watermark   {} = {} ({})  by run {} at {}\n",
            value.value("column", std::string("?")), value.value("value", std::string("?")),
            value.value("type", std::string("?")), entry->run_id,
            FormatTimestamp(entry->updated_micros - entry->updated_micros % 1000000));
      } else {
        files++;
        bytes += value.value("size", uint64_t{0});
        out << fmt::format(
            "  file        {}  {} bytes  {}  by run {}\n",
            entry->key.substr(entry->key.find(':', 5) + 1), value.value("size", uint64_t{0}),
            value.value("fingerprint", std::string()), value.value("run_id", entry->run_id));
      }
    }
    if (files > 0)
      out << fmt::format("  {} file{} processed, {} bytes\n", files, files == 1 ? "" : "s", bytes);
  }
}

// The type a watermark value is stored with: the source column's declared type when the
// pipeline file says it, else what the text parses as.
std::string WatermarkType(const std::string& value) {
  int64_t micros = 0;
  int32_t days = 0;
  int64_t number = 0;
  double real = 0;
  if (ParseDate(value, &days)) return "DATE";
  if (ParseTimestamp(value, &micros)) return "TIMESTAMP";
  if (ParseInt64(value, &number)) return "BIGINT";
  if (ParseDouble(value, &real)) return "DOUBLE";
  return "VARCHAR";
}

}  // namespace

int RunCheckpointCommand(const CheckpointArgs& args, std::ostream& out) {
  Target target = Resolve(args);
  auto catalog = catalog::OpenCatalog(target.catalog);
  if (target.spec && !args.source.empty() && target.spec->sources.count(args.source) == 0) {
    throw Error::UserInput("pipeline {} has no source '{}'", target.pipeline, args.source);
  }
  if (args.action == "show") {
    Show(*catalog, target, args.source, out);
    return kExitOk;
  }
  if (args.action == "reset") {
    std::vector<catalog::CheckpointEntry> removed;
    for (auto entry : catalog->ListCheckpoints(target.pipeline)) {
      if (!BelongsTo(entry, args.source)) continue;
      entry.value_json.clear();
      entry.run_id = "sluice checkpoint reset";
      removed.push_back(entry);
    }
    catalog->WriteCheckpoints(removed);
    out << fmt::format("removed {} checkpoint entr{} of {}{}: the next run reads {} again\n",
                       removed.size(), removed.size() == 1 ? "y" : "ies", target.pipeline,
                       args.source.empty() ? "" : "." + args.source,
                       args.source.empty() ? "every incremental source" : "that source");
    return kExitOk;
  }
  // set
  std::string column = "?";
  std::string type = WatermarkType(args.value);
  if (target.spec) {
    const pipeline::SourceSpec& source = target.spec->sources.at(args.source);
    if (!source.incremental || source.incremental->by != pipeline::IncrementalSpec::By::kColumn) {
      throw Error::UserInput(
          "source '{}' is not incremental by column: only a watermark can be set (reset "
          "forgets processed files)",
          args.source);
    }
    column = source.incremental->column;
    for (const auto& field : source.schema) {
      if (field.name == column) type = std::string(TypeName(field.type));
    }
  } else {
    for (const auto& entry :
         catalog->ListCheckpoints(target.pipeline, runner::WatermarkKey(args.source))) {
      nlohmann::json old = nlohmann::json::parse(entry.value_json, nullptr, false);
      if (old.is_object()) {
        column = old.value("column", column);
        type = old.value("type", type);
      }
    }
  }
  nlohmann::json value = {{"value", args.value}, {"type", type}, {"column", column}};
  catalog->WriteCheckpoints(
      {catalog::CheckpointEntry{target.pipeline, runner::WatermarkKey(args.source), value.dump(),
                                "sluice checkpoint set", 0}});
  out << fmt::format("watermark of {}.{} set to {} ({}): the next run reads rows above it\n",
                     target.pipeline, args.source, args.value, type);
  return kExitOk;
}

}  // namespace sluice::cli
