#include "storage/s3/s3_file_system.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <ctime>

#include "common/error.h"
#include "storage/s3/s3_object_files.h"
#include "storage/s3/s3_xml.h"

namespace sluice::s3 {
namespace {

// CopyObject copies at most 5 GiB in one request.
constexpr uint64_t kMaxSingleCopy = 5ull << 30;
// DeleteObjects takes at most 1000 keys per request.
constexpr size_t kMaxKeysPerDelete = 1000;

// Base64 of the MD5 digest (the Content-MD5 header DeleteObjects requires).
std::string Md5Base64(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
  unsigned char encoded[64];
  int n = EVP_EncodeBlock(encoded, digest, static_cast<int>(length));
  return std::string(reinterpret_cast<char*>(encoded), static_cast<size_t>(n));
}

// "2026-11-25T05:37:48.000Z" -> microseconds since the epoch (0 when unreadable).
int64_t ParseIsoTime(const std::string& s) {
  std::tm tm = {};
  int millis = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis) < 6) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000000 + static_cast<int64_t>(millis) * 1000;
}

int64_t ParseHttpTime(const std::string& s) {
  time_t t = curl_getdate(s.c_str(), nullptr);
  return t < 0 ? 0 : static_cast<int64_t>(t) * 1000000;
}

}  // namespace

S3FileSystem::S3FileSystem(S3Config config)
    : client_(std::make_shared<S3Client>(std::move(config))) {}

std::optional<FileInfo> S3FileSystem::Head(const S3Path& location) {
  if (location.key.empty() || location.key.back() == '/') return std::nullopt;
  S3Request request;
  request.method = "HEAD";
  request.bucket = location.bucket;
  request.key = location.key;
  request.allow_not_found = true;
  request.action = "look up";
  S3Response response = client_->Send(request);
  if (response.status == 404) return std::nullopt;
  FileInfo info;
  info.path = location.ToString();
  info.size = std::strtoull(response.Header("content-length").c_str(), nullptr, 10);
  info.modified_micros = ParseHttpTime(response.Header("last-modified"));
  return info;
}

bool S3FileSystem::BucketExists(const std::string& bucket) {
  S3Request request;
  request.method = "HEAD";
  request.bucket = bucket;
  request.allow_not_found = true;
  request.action = "look up bucket";
  return client_->Send(request).status != 404;
}

std::vector<FileInfo> S3FileSystem::ListPrefix(const S3Path& location, const std::string& prefix,
                                               size_t limit) {
  std::vector<FileInfo> out;
  std::string token;
  int page_size = std::max(1, client_->config().list_page_size);
  if (limit > 0) page_size = std::min<int>(page_size, static_cast<int>(limit));
  while (true) {
    S3Request request;
    request.method = "GET";
    request.bucket = location.bucket;
    request.query = {
        {"list-type", "2"}, {"prefix", prefix}, {"max-keys", std::to_string(page_size)}};
    if (!token.empty()) request.query.emplace_back("continuation-token", token);
    request.action = "list";
    S3Response response = client_->Send(request);
    for (std::string_view entry : XmlElements(response.body, "Contents")) {
      FileInfo info;
      std::string key = XmlText(entry, "Key").value_or("");
      info.path = S3Path{location.bucket, key}.ToString();
      info.size = std::strtoull(XmlText(entry, "Size").value_or("0").c_str(), nullptr, 10);
      info.modified_micros = ParseIsoTime(XmlText(entry, "LastModified").value_or(""));
      out.push_back(std::move(info));
    }
    if (limit > 0 && out.size() >= limit) break;
    if (XmlText(response.body, "IsTruncated").value_or("false") != "true") break;
    token = XmlText(response.body, "NextContinuationToken").value_or("");
    if (token.empty()) {
      throw Error::Permanent(
          "{}: S3 endpoint {} sent a truncated listing without a continuation "
          "token",
          location.ToString(), client_->config().endpoint);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return out;
}

std::unique_ptr<RandomAccessFile> S3FileSystem::OpenForRead(const std::string& path) {
  S3Path location = S3Path::Parse(path);
  if (location.key.empty() || location.key.back() == '/') {
    throw Error::UserInput("{}: is a directory, not a file", path);
  }
  S3Request request;
  request.method = "HEAD";
  request.bucket = location.bucket;
  request.key = location.key;
  request.action = "open";
  S3Response response = client_->Send(request);  // 404 -> "no such file"
  uint64_t size = std::strtoull(response.Header("content-length").c_str(), nullptr, 10);
  return std::make_unique<S3ReadableObject>(client_, std::move(location), size,
                                            response.Header("etag"));
}

std::unique_ptr<WritableFile> S3FileSystem::OpenForWrite(const std::string& path) {
  S3Path location = S3Path::Parse(path);
  if (location.key.empty() || location.key.back() == '/') {
    throw Error::UserInput("{}: cannot write: the path names a bucket or directory, not a file",
                           path);
  }
  return std::make_unique<S3WritableObject>(client_, std::move(location));
}

bool S3FileSystem::Exists(const std::string& path) {
  S3Path location = S3Path::Parse(path);
  if (location.key.empty()) return BucketExists(location.bucket);
  return Head(location).has_value() || IsDirectory(path);
}

bool S3FileSystem::IsDirectory(const std::string& path) {
  S3Path location = S3Path::Parse(path);
  if (location.key.empty()) return BucketExists(location.bucket);
  S3Request request;
  request.method = "GET";
  request.bucket = location.bucket;
  request.query = {{"list-type", "2"}, {"prefix", location.DirectoryPrefix()}, {"max-keys", "1"}};
  request.allow_not_found = true;  // no bucket: no directory
  request.action = "list";
  S3Response response = client_->Send(request);
  return response.status != 404 && !XmlElements(response.body, "Contents").empty();
}

FileInfo S3FileSystem::Stat(const std::string& path) {
  S3Path location = S3Path::Parse(path);
  auto info = Head(location);
  if (!info) {
    if (IsDirectory(path)) return FileInfo{location.ToString(), 0, 0};
    throw Error::UserInput("{}: no such file", path);
  }
  return *info;
}

std::vector<FileInfo> S3FileSystem::ListRecursive(const std::string& dir) {
  S3Path location = S3Path::Parse(dir);
  std::vector<FileInfo> out;
  for (auto& info : ListPrefix(location, location.DirectoryPrefix())) {
    if (info.path.back() != '/') out.push_back(std::move(info));  // skip directory markers
  }
  return out;
}

std::vector<FileInfo> S3FileSystem::Glob(const std::string& pattern) {
  S3Path location = S3Path::Parse(pattern);
  std::vector<FileInfo> out;
  if (!HasGlobCharacters(location.key)) {
    if (auto info = Head(location)) out.push_back(std::move(*info));
    return out;
  }
  // S3 lists by any key prefix, not only by directory: list from the first wildcard.
  std::string prefix = location.key.substr(0, location.key.find_first_of("*?["));
  std::string normalized = location.ToString();
  for (auto& info : ListPrefix(location, prefix)) {
    if (info.path.back() != '/' && GlobMatch(normalized, info.path)) out.push_back(std::move(info));
  }
  return out;
}

void S3FileSystem::DeleteObject(const S3Path& location) {
  S3Request request;
  request.method = "DELETE";
  request.bucket = location.bucket;
  request.key = location.key;
  request.allow_not_found = true;
  request.action = "remove";
  client_->Send(request);
}

void S3FileSystem::Remove(const std::string& path) {
  S3Path location = S3Path::Parse(path);
  if (location.key.empty()) {
    throw Error::UserInput("{}: cannot remove a bucket through the file system", path);
  }
  DeleteObject(location);
}

void S3FileSystem::DeleteObjects(const std::string& bucket, const std::vector<std::string>& keys) {
  for (size_t begin = 0; begin < keys.size(); begin += kMaxKeysPerDelete) {
    size_t end = std::min(keys.size(), begin + kMaxKeysPerDelete);
    std::string xml = "<Delete><Quiet>true</Quiet>";
    for (size_t i = begin; i < end; i++)
      xml += "<Object><Key>" + XmlEscape(keys[i]) + "</Key></Object>";
    xml += "</Delete>";
    S3Request request;
    request.method = "POST";
    request.bucket = bucket;
    request.query = {{"delete", ""}};
    request.headers.emplace_back("Content-MD5", Md5Base64(xml));
    request.body = xml;
    request.action = "remove objects under";
    S3Response response = client_->Send(request);
    auto failed = XmlElements(response.body, "Error");
    if (!failed.empty()) {
      throw Error::Retryable("{}: cannot remove {} of {} objects (first: {}: {})",
                             S3Path{bucket, XmlText(failed[0], "Key").value_or("")}.ToString(),
                             failed.size(), end - begin, XmlText(failed[0], "Code").value_or("?"),
                             XmlText(failed[0], "Message").value_or(""));
    }
  }
}

void S3FileSystem::RemoveAll(const std::string& path) {
  S3Path location = S3Path::Parse(path);
  if (!location.key.empty() && location.key.back() != '/') DeleteObject(location);
  std::vector<std::string> keys;
  for (const auto& info : ListPrefix(location, location.DirectoryPrefix())) {
    keys.push_back(S3Path::Parse(info.path).key);
  }
  DeleteObjects(location.bucket, keys);
}

void S3FileSystem::CopyObject(const S3Path& from, const S3Path& to, uint64_t size) {
  if (size > kMaxSingleCopy) {
    throw Error::NotSupported("{}: renaming an S3 object larger than 5 GiB (to {})",
                              from.ToString(), to.ToString());
  }
  S3Request request;
  request.method = "PUT";
  request.bucket = to.bucket;
  request.key = to.key;
  request.headers.emplace_back("x-amz-copy-source",
                               "/" + from.bucket + "/" + UriEncode(from.key, true));
  request.error_may_hide_in_ok = true;
  request.action = "copy " + from.ToString() + " to";
  client_->Send(request);
}

void S3FileSystem::Rename(const std::string& from, const std::string& to) {
  S3Path source = S3Path::Parse(from);
  S3Path target = S3Path::Parse(to);
  if (auto info = Head(source)) {
    CopyObject(source, target, info->size);
    DeleteObject(source);
    return;
  }
  std::string source_prefix = source.DirectoryPrefix();
  auto objects = source.key.empty() ? std::vector<FileInfo>{} : ListPrefix(source, source_prefix);
  if (objects.empty()) throw Error::UserInput("{}: cannot rename: no such file", from);
  std::string target_prefix = target.DirectoryPrefix();
  for (const auto& info : objects) {
    S3Path object = S3Path::Parse(info.path);
    S3Path moved{target.bucket, target_prefix + object.key.substr(source_prefix.size())};
    CopyObject(object, moved, info.size);
    DeleteObject(object);
  }
}

void S3FileSystem::CreateDirectories(const std::string& path) {
  S3Path::Parse(path);  // validates; prefixes need no creation
}

void S3FileSystem::CreateBucket(const std::string& bucket) {
  S3Request request;
  request.method = "PUT";
  request.bucket = bucket;
  request.action = "create bucket";
  try {
    client_->Send(request);
  } catch (const Error& e) {
    // Creating a bucket we already own is success (S3 says 409 BucketAlreadyOwnedByYou).
    if (e.message().find("BucketAlreadyOwnedByYou") == std::string::npos) throw;
  }
}

std::vector<std::string> S3FileSystem::ListMultipartUploads(const std::string& bucket,
                                                            const std::string& prefix) {
  S3Request request;
  request.method = "GET";
  request.bucket = bucket;
  request.query = {{"uploads", ""}};
  if (!prefix.empty()) request.query.emplace_back("prefix", prefix);
  request.action = "list multipart uploads of";
  S3Response response = client_->Send(request);
  std::vector<std::string> keys;
  for (std::string_view upload : XmlElements(response.body, "Upload")) {
    keys.push_back(XmlText(upload, "Key").value_or(""));
  }
  return keys;
}

}  // namespace sluice::s3
