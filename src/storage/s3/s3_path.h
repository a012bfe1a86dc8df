// S3Path — an `s3://bucket/key` path split into bucket and key, and the URI encoding
// that S3 requests need for keys and query values.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>

namespace sluice::s3 {

struct S3Path {
  std::string bucket;
  std::string key;  // may be empty (the bucket itself); no leading '/'

  // Parses "s3://bucket/key"; throws user_input naming the path when it is not one.
  static S3Path Parse(std::string_view path);
  std::string ToString() const;  // "s3://bucket/key"
  // The key as a directory prefix: "" or "dir/" (a trailing '/' added when missing).
  std::string DirectoryPrefix() const;
};

// RFC 3986 percent-encoding of everything but unreserved characters; '/' is kept
// when `keep_slash` (object keys in a URL path) and encoded otherwise (query values).
std::string UriEncode(std::string_view s, bool keep_slash);

}  // namespace sluice::s3
