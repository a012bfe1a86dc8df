// Exit codes of the `sluice` binary, and how an error's kind maps to one. Scripts rely on
// them: 1 means "the query or the data is wrong", 2 "the command line is wrong",
// 3 "a data-quality gate failed" (pipelines).
//
// Thread-safety: constants and a pure function.
#pragma once

#include "common/error.h"

namespace sluice::cli {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitDataQuality = 3;

constexpr int ExitCodeFor(ErrorKind kind) {
  return kind == ErrorKind::kDataQuality ? kExitDataQuality : kExitError;
}

}  // namespace sluice::cli
