// Exit codes of the `sluice` binary, and how an error's kind maps to one. Scripts rely on
// them: 1 means "the query or the data is wrong", 2 "the command line is wrong",
// 3 "a data-quality gate failed" (pipelines), 4 "a transient failure outlasted the
// retries" (a server or the network: running again later may succeed, so a scheduler can
// retry on 4 and alert on 1).
//
// Thread-safety: constants and a pure function.
#pragma once

#include "common/error.h"

namespace sluice::cli {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitDataQuality = 3;
constexpr int kExitRetryable = 4;

constexpr int ExitCodeFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kDataQuality: return kExitDataQuality;
    case ErrorKind::kRetryable: return kExitRetryable;
    default: return kExitError;
  }
}

}  // namespace sluice::cli
