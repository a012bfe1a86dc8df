#include "runner/pipeline_storage.h"

#include <fmt/format.h>

namespace sluice::runner {

PipelineStorageScope::PipelineStorageScope(const pipeline::PipelineSpec& spec) {
  if (!spec.storage) return;
  std::string where = fmt::format("{}:{}: storage", spec.file, spec.storage->line);
  s3_.emplace(s3::S3ConfigFromSettings(spec.storage->settings, where), where);
}

}  // namespace sluice::runner
