#include "storage/s3/s3_path.h"

#include "common/error.h"

namespace sluice::s3 {

S3Path S3Path::Parse(std::string_view path) {
  constexpr std::string_view kScheme = "s3://";
  if (path.substr(0, kScheme.size()) != kScheme) {
    throw Error::UserInput("{}: not an S3 path (expected s3://bucket/key)", path);
  }
  std::string_view rest = path.substr(kScheme.size());
  size_t slash = rest.find('/');
  S3Path out;
  out.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) out.key = std::string(rest.substr(slash + 1));
  if (out.bucket.empty()) {
    throw Error::UserInput("{}: S3 path has no bucket (expected s3://bucket/key)", path);
  }
  if (out.bucket.find_first_of("*?[") != std::string::npos) {
    throw Error::UserInput("{}: wildcards in the bucket name are not supported", path);
  }
  return out;
}

std::string S3Path::ToString() const {
  return key.empty() ? "s3://" + bucket : "s3://" + bucket + "/" + key;
}

std::string S3Path::DirectoryPrefix() const {
  if (key.empty() || key.back() == '/') return key;
  return key + "/";
}

std::string UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + 8);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace sluice::s3
