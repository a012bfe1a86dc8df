// The parts of ParsePipelineSpec, one per top-level section of a pipeline file; private
// to pipeline/. Each reads its section with the SpecReader (recording problems) and fills
// the spec.
//
// Thread-safety: one caller at a time.
#pragma once

#include <yaml-cpp/yaml.h>

#include "pipeline/pipeline_spec.h"
#include "pipeline/spec_reader.h"

namespace sluice::pipeline {

void ParseSources(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec);
void ParseSteps(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec);
void ParseChecks(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec);
void ParseSinks(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec);
void ParseRetry(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec);
void ParseNotify(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec);
void ParseStorage(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec);
// Cross-references: dataset names, check/sink/foreign-key targets, step inputs, cycles.
void ValidateReferences(SpecReader& reader, PipelineSpec& spec);

// True for [A-Za-z_][A-Za-z0-9_]*.
bool IsIdentifier(const std::string& name);
// True for "db.table" with two identifiers.
bool IsQualifiedTableName(const std::string& name);
std::string ToLower(std::string text);

}  // namespace sluice::pipeline
