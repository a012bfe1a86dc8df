#include "storage/s3/s3_client.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <random>
#include <thread>

#include "common/error.h"
#include "storage/s3/s3_error.h"
#include "storage/s3/s3_path.h"
#include "storage/s3/s3_xml.h"

namespace sluice::s3 {
namespace {

constexpr size_t kMaxIdleHandles = 16;

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; i++) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::string S3Response::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

// The state of one HTTP exchange, shared with curl's callbacks.
struct S3Client::Attempt {
  const S3Request* request = nullptr;
  CURL* curl = nullptr;
  size_t upload_offset = 0;
  S3Response response;
  CURLcode code = CURLE_OK;
  char error_buffer[CURL_ERROR_SIZE] = {};

  static size_t OnBody(char* data, size_t size, size_t count, void* self) {
    auto* a = static_cast<Attempt*>(self);
    size_t n = size * count;
    long status = 0;
    curl_easy_getinfo(a->curl, CURLINFO_RESPONSE_CODE, &status);
    if (a->request->sink && status >= 200 && status < 300) {
      size_t room = a->request->sink_size - a->response.sink_bytes;
      if (n > room) return 0;  // more than asked for: abort the transfer
      std::memcpy(a->request->sink + a->response.sink_bytes, data, n);
      a->response.sink_bytes += n;
      return n;
    }
    a->response.body.append(data, n);
    return n;
  }
  static size_t OnHeader(char* data, size_t size, size_t count, void* self) {
    auto* a = static_cast<Attempt*>(self);
    size_t n = size * count;
    std::string_view line(data, n);
    if (line.rfind("HTTP/", 0) == 0) a->response.headers.clear();  // a new status line
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
      while (!value.empty() &&
             (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
        value.remove_suffix(1);
      a->response.headers[Lower(line.substr(0, colon))] = std::string(value);
    }
    return n;
  }
  static size_t OnUpload(char* buffer, size_t size, size_t count, void* self) {
    auto* a = static_cast<Attempt*>(self);
    std::string_view body = a->request->body;
    size_t n = std::min(size * count, body.size() - a->upload_offset);
    std::memcpy(buffer, body.data() + a->upload_offset, n);
    a->upload_offset += n;
    return n;
  }
  static int OnSeek(void* self, curl_off_t offset, int origin) {
    auto* a = static_cast<Attempt*>(self);
    if (origin != SEEK_SET || offset < 0 || static_cast<size_t>(offset) > a->request->body.size()) {
      return CURL_SEEKFUNC_CANTSEEK;
    }
    a->upload_offset = static_cast<size_t>(offset);
    return CURL_SEEKFUNC_OK;
  }
};

S3Client::S3Client(S3Config config) : config_(std::move(config)) {
  GlobalInitOnce();
  signing_scope_ = "aws:amz:" + config_.region + ":s3";
}

S3Client::~S3Client() {
  for (void* handle : idle_handles_) curl_easy_cleanup(static_cast<CURL*>(handle));
}

void* S3Client::AcquireHandle() {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!idle_handles_.empty()) {
      void* handle = idle_handles_.back();
      idle_handles_.pop_back();
      return handle;
    }
  }
  CURL* curl = curl_easy_init();
  if (!curl) throw Error::Internal("S3: cannot create a curl handle");
  return curl;
}

void S3Client::ReleaseHandle(void* handle) {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  if (idle_handles_.size() < kMaxIdleHandles) {
    idle_handles_.push_back(handle);
  } else {
    curl_easy_cleanup(static_cast<CURL*>(handle));
  }
}

std::string S3Client::Url(const S3Request& request) const {
  std::string url;
  std::string encoded_key = UriEncode(request.key, /*keep_slash=*/true);
  if (config_.path_style) {
    url = config_.endpoint + "/" + request.bucket;
    if (!request.key.empty()) url += "/" + encoded_key;
  } else {
    size_t scheme_end = config_.endpoint.find("://") + 3;
    url = config_.endpoint.substr(0, scheme_end) + request.bucket + "." +
          config_.endpoint.substr(scheme_end) + "/" + encoded_key;
  }
  // SigV4 signs the query sorted by name; send it sorted so that both agree.
  auto query = request.query;
  std::sort(query.begin(), query.end());
  for (size_t i = 0; i < query.size(); i++) {
    url += i == 0 ? "?" : "&";
    url += UriEncode(query[i].first, false) + "=" + UriEncode(query[i].second, false);
  }
  return url;
}

void S3Client::PerformOnce(const S3Request& request, Attempt& attempt) {
  CURL* curl = static_cast<CURL*>(AcquireHandle());
  attempt.curl = curl;
  attempt.request = &request;
  curl_easy_reset(curl);
  std::string url = Url(request);
  std::string method = request.method;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, attempt.error_buffer);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                   std::max(1L, static_cast<long>(config_.stall_timeout_ms / 1000)));
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, signing_scope_.c_str());
  curl_easy_setopt(curl, CURLOPT_USERNAME, config_.access_key_id.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.secret_access_key.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Attempt::OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &attempt);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Attempt::OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &attempt);

  struct curl_slist* headers = nullptr;
  auto add_header = [&](const std::string& line) {
    headers = curl_slist_append(headers, line.c_str());
  };
  add_header("x-amz-content-sha256: " + Sha256Hex(request.body));
  // No "Expect:" override: libcurl would sign the empty header it then omits.
  if (!config_.session_token.empty()) add_header("x-amz-security-token: " + config_.session_token);
  for (const auto& [name, value] : request.headers) add_header(name + ": " + value);

  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Attempt::OnUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &attempt);
    curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, &Attempt::OnSeek);
    curl_easy_setopt(curl, CURLOPT_SEEKDATA, &attempt);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    bool has_type = std::any_of(request.headers.begin(), request.headers.end(),
                                [](const auto& h) { return Lower(h.first) == "content-type"; });
    if (!has_type) add_header("Content-Type: application/xml");
  } else if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method);
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

  requests_++;
  if (method == "GET") get_requests_++;
  attempt.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &attempt.response.status);
  curl_slist_free_all(headers);
  if (attempt.code == CURLE_OK) {
    bytes_sent_ += request.body.size();
    if (method == "GET")
      bytes_received_ += attempt.response.sink_bytes + attempt.response.body.size();
    ReleaseHandle(curl);
  } else {
    // A failed transfer may leave the connection in a bad state; do not reuse it.
    curl_easy_cleanup(curl);
  }
  attempt.curl = nullptr;
}

void S3Client::Backoff(int attempt) {
  // Full jitter: a uniform delay in [0, min(cap, base * 2^attempt)).
  thread_local std::mt19937_64 rng(std::random_device{}());
  int64_t ceiling = config_.backoff_base_ms << std::min(attempt, 20);
  ceiling = std::min(ceiling, config_.backoff_max_ms);
  std::uniform_int_distribution<int64_t> pick(0, std::max<int64_t>(ceiling, 1));
  retries_++;
  std::this_thread::sleep_for(std::chrono::milliseconds(pick(rng)));
}

S3Response S3Client::Send(const S3Request& request) {
  std::string what = S3Path{request.bucket, request.key}.ToString();
  int max_attempts = std::max(1, config_.max_attempts);
  for (int attempt_no = 1;; attempt_no++) {
    Attempt attempt;
    PerformOnce(request, attempt);
    bool last = attempt_no >= max_attempts;
    if (attempt.code != CURLE_OK) {
      // A sink overflow is our own abort: the server sent more than the range asked for.
      if (attempt.code == CURLE_WRITE_ERROR && request.sink) {
        throw Error::Permanent("{}: cannot {}: S3 endpoint {} sent more bytes than requested", what,
                               request.action, config_.endpoint);
      }
      if (ClassifyCurlCode(attempt.code) == ErrorKind::kRetryable && !last) {
        Backoff(attempt_no - 1);
        continue;
      }
      throw MakeCurlError(what, request.action, config_.endpoint, attempt.code,
                          attempt.error_buffer, attempt_no,
                          {config_.origin, config_.access_key_id});
    }
    long status = attempt.response.status;
    bool ok = status >= 200 && status < 300;
    if (ok && request.error_may_hide_in_ok &&
        attempt.response.body.find("<Error>") != std::string::npos) {
      ok = false;
      status = 500;  // an error reported inside a 200 is a server-side failure
    }
    if (ok) return std::move(attempt.response);
    if (status == 404 && request.allow_not_found) return std::move(attempt.response);
    std::string code = XmlText(attempt.response.body, "Code").value_or("");
    if (ClassifyHttpStatus(status, code) == ErrorKind::kRetryable && !last) {
      Backoff(attempt_no - 1);
      continue;
    }
    throw MakeHttpError(what, request.action, config_.endpoint, status, attempt.response.body,
                        attempt_no, {config_.origin, config_.access_key_id});
  }
}

S3Stats S3Client::stats() const {
  S3Stats s;
  s.requests = requests_.load();
  s.get_requests = get_requests_.load();
  s.bytes_received = bytes_received_.load();
  s.bytes_sent = bytes_sent_.load();
  s.retries = retries_.load();
  return s;
}

void S3Client::ResetStats() {
  requests_ = 0;
  get_requests_ = 0;
  bytes_received_ = 0;
  bytes_sent_ = 0;
  retries_ = 0;
}

}  // namespace sluice::s3
