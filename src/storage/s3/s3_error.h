// How S3 failures become sluice::Error: the HTTP status and the S3 error code (from the
// XML body) choose the kind, and the message names the object, the endpoint and what to
// check.
//
//   5xx, 429, 408, 400 RequestTimeout, 409 OperationAborted, 503 SlowDown -> retryable
//   401, 403 (SignatureDoesNotMatch, InvalidAccessKeyId, AccessDenied, …)  -> permanent
//   404 (NoSuchKey, NoSuchBucket, NoSuchUpload)                              -> user_input
//   412 (the object changed under a pinned read)  -> not retried here; thrown retryable
//   other 4xx                                                                -> permanent
//
// Thread-safety: pure functions.
#pragma once

#include <curl/curl.h>

#include <string>
#include <string_view>

#include "common/error.h"

namespace sluice::s3 {

ErrorKind ClassifyHttpStatus(long status, std::string_view s3_code);
// Transport failures (no HTTP answer): resets and timeouts are retryable.
ErrorKind ClassifyCurlCode(CURLcode code);

// Who supplied the endpoint and credentials, so that an error can say what to check:
// `origin` is S3Config::origin (empty: the AWS_* environment), `access_key_id` the key
// in use (never the secret).
struct CredentialsSource {
  std::string_view origin;
  std::string_view access_key_id;
};

// The error for an HTTP answer. `what` names the object ("s3://bucket/key"), `action`
// the operation ("read", "list", "upload part 3 of"), `body` the raw response body.
Error MakeHttpError(std::string_view what, std::string_view action, std::string_view endpoint,
                    long status, std::string_view body, int attempts,
                    CredentialsSource source = {});
// The error for a transport failure.
Error MakeCurlError(std::string_view what, std::string_view action, std::string_view endpoint,
                    CURLcode code, std::string_view detail, int attempts,
                    CredentialsSource source = {});

}  // namespace sluice::s3
