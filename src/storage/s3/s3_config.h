// S3Config — where an S3-compatible object store is and how to talk to it: endpoint,
// credentials, region, addressing style, and the tuning of uploads, reads and retries.
//
// Built from the standard AWS environment (AWS_ENDPOINT_URL[_S3], AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION) or from
// explicit settings (a pipeline's `storage:` block). Path-style addressing
// (`http://host/bucket/key`) is the default: it is what RGW and other self-hosted stores
// serve without DNS set-up.
//
// Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace sluice::s3 {

struct S3Config {
  std::string endpoint;  // "http://127.0.0.1:7480"; no trailing slash
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // optional (temporary credentials)
  std::string region = "us-east-1";
  bool path_style = true;  // false: virtual-hosted style (bucket.host)
  // Where these settings came from, for error messages that say what to fix: empty for
  // the environment, else the settings' place ("pipeline.yaml:4: storage").
  std::string origin;

  // Writes: one PUT up to this size; above it a multipart upload with parts of part_size.
  uint64_t part_size = 8ull << 20;  // S3 needs >= 5 MiB for all parts but the last
  // Reads: the last bytes of an object fetched at once on the first read near its end,
  // so that a Parquet footer costs one request.
  uint64_t tail_prefetch = 64 << 10;

  // Listing page size (ListObjectsV2 max-keys); small values exercise pagination in tests.
  int list_page_size = 1000;
  // A single read larger than this is split into ranged GETs run in parallel.
  uint64_t parallel_read_piece = 8ull << 20;

  // Retries of transient failures: attempts in all, full-jitter exponential backoff.
  int max_attempts = 4;
  int64_t backoff_base_ms = 50;
  int64_t backoff_max_ms = 2000;
  int64_t connect_timeout_ms = 10000;
  // A transfer that moves less than one byte per second for this long is a timeout.
  int64_t stall_timeout_ms = 30000;
};

// The configuration from the environment, or nullopt when no credentials are set.
// AWS_ENDPOINT_URL_S3 wins over AWS_ENDPOINT_URL; without either, AWS itself
// (https://s3.<region>.amazonaws.com).
std::optional<S3Config> S3ConfigFromEnvironment();

// The configuration from explicit settings; keys (all optional but the credentials):
// endpoint, access_key_id, secret_access_key, session_token, region,
// url_style ("path" | "vhost"), part_size (bytes). Unknown keys and bad values are
// user_input errors naming `where` (e.g. "pipeline.yaml: storage").
S3Config S3ConfigFromSettings(const std::map<std::string, std::string>& settings,
                              const std::string& where);

}  // namespace sluice::s3
