#include "storage/s3/s3_object_files.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <thread>

#include "common/error.h"
#include "storage/s3/s3_xml.h"

namespace sluice::s3 {
namespace {

constexpr size_t kMaxParallelGets = 4;

std::string RangeHeader(uint64_t offset, size_t n) {
  return fmt::format("bytes={}-{}", offset, offset + n - 1);
}

}  // namespace

// ---- reads ----

S3ReadableObject::S3ReadableObject(std::shared_ptr<S3Client> client, S3Path location, uint64_t size,
                                   std::string etag)
    : client_(std::move(client)),
      location_(std::move(location)),
      path_(location_.ToString()),
      size_(size),
      etag_(std::move(etag)) {
  tail_start_ = size_ - std::min(size_, client_->config().tail_prefetch);
}

void S3ReadableObject::GetRange(uint64_t offset, size_t n, char* buffer) const {
  S3Request request;
  request.method = "GET";
  request.bucket = location_.bucket;
  request.key = location_.key;
  request.headers.emplace_back("Range", RangeHeader(offset, n));
  if (!etag_.empty()) request.headers.emplace_back("If-Match", etag_);
  request.sink = buffer;
  request.sink_size = n;
  request.action = fmt::format("read bytes {}..{} of", offset, offset + n);
  S3Response response = client_->Send(request);
  if (response.sink_bytes != n) {
    throw Error::Retryable(
        "{}: short read from S3 endpoint {}: wanted {} bytes at offset {}, got {}", path_,
        client_->config().endpoint, n, offset, response.sink_bytes);
  }
}

void S3ReadableObject::GetRangeParallel(uint64_t offset, size_t n, char* buffer) const {
  const size_t piece = static_cast<size_t>(client_->config().parallel_read_piece);
  const size_t pieces = (n + piece - 1) / piece;
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (size_t i = next++; i < pieces; i = next++) {
      size_t begin = i * piece;
      size_t length = std::min(piece, n - begin);
      try {
        GetRange(offset + begin, length, buffer + begin);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = pieces;  // stop the others early
      }
    }
  };
  std::vector<std::thread> threads;
  size_t workers = std::min(kMaxParallelGets, pieces);
  for (size_t t = 1; t < workers; t++) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

const std::string& S3ReadableObject::Tail() const {
  std::call_once(tail_once_, [this] {
    std::string tail(size_ - tail_start_, '\0');
    GetRange(tail_start_, tail.size(), tail.data());
    tail_ = std::move(tail);
  });
  return tail_;
}

size_t S3ReadableObject::ReadAt(uint64_t offset, size_t n, char* buffer) const {
  if (offset >= size_ || n == 0) return 0;
  n = static_cast<size_t>(std::min<uint64_t>(n, size_ - offset));
  if (offset >= tail_start_) {
    const std::string& tail = Tail();
    std::memcpy(buffer, tail.data() + (offset - tail_start_), n);
    return n;
  }
  if (n >= 2 * client_->config().parallel_read_piece) {
    GetRangeParallel(offset, n, buffer);
  } else {
    GetRange(offset, n, buffer);
  }
  return n;
}

// ---- writes ----

S3WritableObject::S3WritableObject(std::shared_ptr<S3Client> client, S3Path location)
    : client_(std::move(client)), location_(std::move(location)), path_(location_.ToString()) {}

S3WritableObject::~S3WritableObject() {
  if (!closed_) Abort();
}

void S3WritableObject::Append(std::string_view data) {
  if (failed_) throw Error::Permanent("{}: not written: an earlier write failed", path_);
  if (closed_) throw Error::Internal("{}: write after close", path_);
  try {
    buffer_.append(data);
    written_ += data.size();
    if (buffer_.size() >= client_->config().part_size) StartPartUpload();
  } catch (...) {
    closed_ = true;
    failed_ = true;
    Abort();
    throw;
  }
}

void S3WritableObject::StartPartUpload() {
  if (upload_id_.empty()) {
    S3Request start;
    start.method = "POST";
    start.bucket = location_.bucket;
    start.key = location_.key;
    start.query = {{"uploads", ""}};
    start.action = "start a multipart upload of";
    S3Response response = client_->Send(start);
    upload_id_ = XmlText(response.body, "UploadId").value_or("");
    if (upload_id_.empty()) {
      throw Error::Permanent("{}: S3 endpoint {} started a multipart upload without an UploadId",
                             path_, client_->config().endpoint);
    }
  }
  WaitForPartInFlight();
  in_flight_data_ = std::move(buffer_);
  buffer_ = std::string();
  buffer_.reserve(client_->config().part_size);
  size_t part_number = etags_.size() + 1;
  in_flight_ = std::async(std::launch::async, [this, part_number] {
    S3Request part;
    part.method = "PUT";
    part.bucket = location_.bucket;
    part.key = location_.key;
    part.query = {{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id_}};
    part.body = in_flight_data_;
    part.action = fmt::format("upload part {} of", part_number);
    S3Response response = client_->Send(part);
    std::string etag = response.Header("etag");
    if (etag.empty()) {
      throw Error::Permanent("{}: S3 endpoint {} returned no ETag for part {}", path_,
                             client_->config().endpoint, part_number);
    }
    return etag;
  });
}

void S3WritableObject::WaitForPartInFlight() {
  if (!in_flight_.valid()) return;
  etags_.push_back(in_flight_.get());
  in_flight_data_ = std::string();
}

void S3WritableObject::Close() {
  // Closing after a failed write must not look like success: nothing was stored.
  if (failed_) throw Error::Permanent("{}: not written: an earlier write failed", path_);
  if (closed_) return;
  closed_ = true;
  try {
    if (upload_id_.empty()) {
      S3Request put;
      put.method = "PUT";
      put.bucket = location_.bucket;
      put.key = location_.key;
      put.body = buffer_;
      put.action = "write";
      client_->Send(put);
    } else {
      if (!buffer_.empty()) StartPartUpload();
      WaitForPartInFlight();
      std::string xml = "<CompleteMultipartUpload>";
      for (size_t i = 0; i < etags_.size(); i++) {
        xml += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>", i + 1,
                           XmlEscape(etags_[i]));
      }
      xml += "</CompleteMultipartUpload>";
      S3Request complete;
      complete.method = "POST";
      complete.bucket = location_.bucket;
      complete.key = location_.key;
      complete.query = {{"uploadId", upload_id_}};
      complete.body = xml;
      complete.error_may_hide_in_ok = true;
      complete.action = "complete the multipart upload of";
      client_->Send(complete);
      upload_id_.clear();
    }
  } catch (...) {
    failed_ = true;
    Abort();
    throw;
  }
  buffer_ = std::string();
}

void S3WritableObject::Abort() noexcept {
  try {
    if (in_flight_.valid()) in_flight_.wait();
    in_flight_ = std::future<std::string>();
  } catch (...) {
  }
  if (upload_id_.empty()) return;
  try {
    S3Request abort;
    abort.method = "DELETE";
    abort.bucket = location_.bucket;
    abort.key = location_.key;
    abort.query = {{"uploadId", upload_id_}};
    abort.allow_not_found = true;
    abort.action = "abort the multipart upload of";
    client_->Send(abort);
  } catch (...) {
    // Best effort: the error that made us abort is the one to report. A bucket lifecycle
    // rule for incomplete uploads is the backstop.
  }
  upload_id_.clear();
}

}  // namespace sluice::s3
