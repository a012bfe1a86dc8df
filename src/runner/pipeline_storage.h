// PipelineStorageScope — a pipeline's `storage:` block in force for the length of its run:
// every s3:// path the run touches (sources, file sinks, the lake) goes to the object
// store and with the credentials the block names; when the scope ends, s3:// paths are
// served as before (by the AWS_* environment, unless another scope is open). Without a
// block the scope changes nothing.
//
// Thread-safety: the S3 configuration is the process's; runs with different storage
// blocks at the same time in one process are refused (s3::ScopedS3Configuration).
#pragma once

#include <optional>

#include "pipeline/pipeline_spec.h"
#include "storage/s3/s3_registration.h"

namespace sluice::runner {

class PipelineStorageScope {
 public:
  // Throws user_input (naming the file and the block's line) when the block is invalid.
  explicit PipelineStorageScope(const pipeline::PipelineSpec& spec);

 private:
  std::optional<s3::ScopedS3Configuration> s3_;
};

}  // namespace sluice::runner
