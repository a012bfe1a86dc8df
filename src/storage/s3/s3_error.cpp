#include "storage/s3/s3_error.h"

#include "storage/s3/s3_xml.h"

namespace sluice::s3 {

ErrorKind ClassifyHttpStatus(long status, std::string_view s3_code) {
  if (status >= 500) return ErrorKind::kRetryable;
  if (status == 429 || status == 408) return ErrorKind::kRetryable;
  if (s3_code == "SlowDown" || s3_code == "RequestTimeout" || s3_code == "OperationAborted" ||
      s3_code == "InternalError" || s3_code == "ServiceUnavailable") {
    return ErrorKind::kRetryable;
  }
  if (status == 404) return ErrorKind::kUserInput;
  return ErrorKind::kPermanent;
}

ErrorKind ClassifyCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return ErrorKind::kRetryable;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return ErrorKind::kUserInput;
    default: return ErrorKind::kPermanent;
  }
}

namespace {

std::string Detail(long status, const std::string& code, const std::string& message) {
  std::string detail = fmt::format("HTTP {}", status);
  if (!code.empty()) detail += " " + code;
  if (!message.empty()) detail += ": " + message;
  return detail;
}

}  // namespace

Error MakeHttpError(std::string_view what, std::string_view action, std::string_view endpoint,
                    long status, std::string_view body, int attempts, CredentialsSource source) {
  std::string code = XmlText(body, "Code").value_or("");
  std::string message = XmlText(body, "Message").value_or("");
  ErrorKind kind = ClassifyHttpStatus(status, code);
  std::string detail = Detail(status, code, message);
  if (status == 404 || code == "NoSuchKey" || code == "NoSuchBucket") {
    if (code == "NoSuchBucket") {
      std::string bucket = XmlText(body, "BucketName").value_or("");
      return Error(ErrorKind::kUserInput,
                   fmt::format("{}: no such bucket{} at S3 endpoint {} (create it first)", what,
                               bucket.empty() ? "" : " '" + bucket + "'", endpoint));
    }
    if (code == "NoSuchUpload") {
      return Error(ErrorKind::kUserInput,
                   fmt::format("{}: cannot {}: the multipart upload no longer exists ({})", what,
                               action, detail));
    }
    return Error(ErrorKind::kUserInput, fmt::format("{}: no such file", what));
  }
  if (status == 412) {
    // Reads are pinned to the ETag seen at open: the object was replaced meanwhile. The
    // same request cannot succeed, but the whole operation can, so it is retryable.
    return Error(ErrorKind::kRetryable,
                 fmt::format("{}: changed while being read (its ETag no longer matches); run "
                             "again",
                             what));
  }
  if (status == 401 || status == 403) {
    if (code == "RequestTimeTooSkewed") {
      return Error(ErrorKind::kPermanent,
                   fmt::format("{}: cannot {}: S3 endpoint {} rejects this machine's clock ({}); "
                               "fix the system time",
                               what, action, endpoint, detail));
    }
    std::string credentials =
        source.origin.empty()
            ? std::string("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
            : fmt::format("access_key_id and secret_access_key of {}", source.origin);
    if (!source.access_key_id.empty()) {
      credentials += fmt::format(" (access key id '{}')", source.access_key_id);
    }
    return Error(ErrorKind::kPermanent,
                 fmt::format("{}: cannot {}: access denied by S3 endpoint {} ({}); check {} and "
                             "that these credentials may access this bucket",
                             what, action, endpoint, detail, credentials));
  }
  if (kind == ErrorKind::kRetryable) {
    return Error(ErrorKind::kRetryable,
                 fmt::format("{}: cannot {}: S3 endpoint {} failed {} time{} ({}); try again later",
                             what, action, endpoint, attempts, attempts == 1 ? "" : "s", detail));
  }
  return Error(kind, fmt::format("{}: cannot {}: S3 endpoint {} refused the request ({})", what,
                                 action, endpoint, detail));
}

Error MakeCurlError(std::string_view what, std::string_view action, std::string_view endpoint,
                    CURLcode code, std::string_view detail, int attempts,
                    CredentialsSource source) {
  ErrorKind kind = ClassifyCurlCode(code);
  std::string reason = detail.empty() ? curl_easy_strerror(code) : std::string(detail);
  std::string hint;
  if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST) {
    hint = source.origin.empty()
               ? std::string("; check AWS_ENDPOINT_URL and that the object store is running")
               : fmt::format("; check the endpoint of {} and that the object store is running",
                             source.origin);
  }
  return Error(
      kind, fmt::format("{}: cannot {}: no answer from S3 endpoint {} after {} attempt{} "
                        "({}){}",
                        what, action, endpoint, attempts, attempts == 1 ? "" : "s", reason, hint));
}

}  // namespace sluice::s3
