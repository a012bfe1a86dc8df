// ParsePipelineSpec — reads a pipeline file (docs/design.md §5) into a PipelineSpec and
// validates it completely before anything runs: unknown keys (with "did you mean"), wrong
// types, missing required keys, bad durations and choices, references to datasets that do
// not exist (in checks, sinks, foreign keys and step SQL), and cycles among steps ("steps
// a -> b -> a form a cycle"). All problems are reported at once, each with the file, line,
// column and key, as one user_input Error.
//
// Parameters: `${key}` in any string value is replaced from `cli_params` (--param
// key=value), else from the file's `params:` block.
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "pipeline/pipeline_spec.h"

namespace sluice::pipeline {

PipelineSpec ParsePipelineSpec(std::string_view yaml, const std::string& file,
                               const std::map<std::string, std::string>& cli_params = {});

// Reads `path` through the FileSystem (local or s3://) and parses it.
PipelineSpec LoadPipelineSpec(const std::string& path,
                              const std::map<std::string, std::string>& cli_params = {});

}  // namespace sluice::pipeline
