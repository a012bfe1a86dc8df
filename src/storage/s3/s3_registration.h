// The "s3" scheme of FileSystem::For. Linking sluice_storage_s3 registers it at start-up
// (the library's link options keep the registering object in the link). Until told
// otherwise, the S3 file system reads its configuration from the environment
// (S3ConfigFromEnvironment) on the first use of an s3:// path; without credentials such a
// use fails with a user_input error that says which variables to set.
//
// Thread-safety: thread-safe. Reconfiguring does not disturb files already open.
#pragma once

#include "storage/s3/s3_config.h"
#include "storage/s3/s3_file_system.h"

namespace sluice::s3 {

// Serves later s3:// paths with this configuration (a pipeline's `storage:` block).
void ConfigureS3FileSystem(const S3Config& config);
// Forgets an explicit or cached configuration: the next use reads the environment again.
void ResetS3FileSystem();
// The S3 file system serving s3:// paths now (configured from the environment if needed;
// throws user_input when there is no configuration). For statistics and administration.
S3FileSystem& CurrentS3FileSystem();

// Serves s3:// paths with `config` while alive, then puts back what served them before
// (a pipeline's `storage:` block, for the length of its run). Scopes nest. The
// configuration is the process's, so scopes on several threads at once must agree:
// opening one with another endpoint or other credentials than a scope still open throws
// user_input naming `where`.
class ScopedS3Configuration {
 public:
  ScopedS3Configuration(const S3Config& config, const std::string& where);
  ~ScopedS3Configuration();
  ScopedS3Configuration(const ScopedS3Configuration&) = delete;
  ScopedS3Configuration& operator=(const ScopedS3Configuration&) = delete;
};

}  // namespace sluice::s3
