// Helpers for spec tests: parse text and return the error message (or "" on success).
#pragma once

#include <string>

#include "common/error.h"
#include "pipeline/spec_parser.h"

namespace sluice::pipeline {

inline std::string SpecError(const std::string& yaml,
                             const std::map<std::string, std::string>& params = {}) {
  try {
    ParsePipelineSpec(yaml, "p.yaml", params);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kUserInput) return "wrong kind: " + e.message();
    return e.message();
  }
  return "";
}

}  // namespace sluice::pipeline
