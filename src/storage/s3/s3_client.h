// S3Client — sends signed S3 REST requests over libcurl and turns failures into
// sluice::Error. libcurl signs each request (AWS SigV4); the client adds the payload
// hash header SigV4 needs, builds path-style or virtual-hosted URLs with encoded keys
// and sorted, encoded query parameters, and retries transient failures (5xx, SlowDown,
// timeouts, resets) with exponential backoff and full jitter before giving up with a
// retryable error. Permanent failures (403 …) are not retried.
//
// Counters of requests and bytes are kept for tests and diagnostics (e.g. to check that
// a Parquet scan reads only footers and the needed column chunks).
//
// Thread-safety: thread-safe. Each request borrows a curl handle from a pool, so
// concurrent requests run in parallel and keep-alive connections are reused.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/s3/s3_config.h"

namespace sluice::s3 {

struct S3Request {
  const char* method = "GET";  // GET, HEAD, PUT, POST, DELETE
  std::string bucket;
  std::string key;  // empty for bucket-level requests
  // Query parameters; a parameter without value is sent as "name=" (what SigV4 signs).
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;  // PUT / POST payload; must outlive the call
  // A successful GET writes its payload here (up to `sink_size` bytes) instead of the
  // response body (ranged reads land directly in the caller's buffer).
  char* sink = nullptr;
  size_t sink_size = 0;
  // 404 is returned as a response instead of thrown (existence checks).
  bool allow_not_found = false;
  // Some S3 calls (CompleteMultipartUpload, CopyObject) can fail with HTTP 200 and an
  // <Error> document; check the body of a 200 too.
  bool error_may_hide_in_ok = false;
  // For messages: what is being done, e.g. "read", "list", "upload part 3 of".
  std::string action = "access";
};

struct S3Response {
  long status = 0;
  std::string body;
  size_t sink_bytes = 0;                       // bytes written to the request's sink
  std::map<std::string, std::string> headers;  // names in lower case
  std::string Header(const std::string& name) const;
};

struct S3Stats {
  uint64_t requests = 0;  // HTTP requests sent, retries included
  uint64_t get_requests = 0;
  uint64_t bytes_received = 0;  // payload bytes of GET responses
  uint64_t bytes_sent = 0;      // payload bytes of PUT / POST requests
  uint64_t retries = 0;
};

class S3Client {
 public:
  explicit S3Client(S3Config config);
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // Sends the request, retrying transient failures; returns a 2xx answer (or a 404 when
  // allowed) and throws sluice::Error otherwise.
  S3Response Send(const S3Request& request);

  const S3Config& config() const { return config_; }
  S3Stats stats() const;
  void ResetStats();

 private:
  struct Attempt;
  void PerformOnce(const S3Request& request, Attempt& attempt);
  std::string Url(const S3Request& request) const;
  void* AcquireHandle();
  void ReleaseHandle(void* handle);
  void Backoff(int attempt);

  S3Config config_;
  std::string signing_scope_;  // "aws:amz:REGION:s3"
  std::mutex pool_mutex_;
  std::vector<void*> idle_handles_;
  std::atomic<uint64_t> requests_{0}, get_requests_{0}, bytes_received_{0}, bytes_sent_{0},
      retries_{0};
};

// Hex SHA-256 of `data` (the x-amz-content-sha256 value).
std::string Sha256Hex(std::string_view data);

}  // namespace sluice::s3
