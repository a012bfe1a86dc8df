#include "storage/s3/s3_config.h"

#include <cstdlib>
#include <set>

#include "common/error.h"

namespace sluice::s3 {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string DefaultEndpoint(const std::string& region) {
  return "https://s3." + region + ".amazonaws.com";
}

// Accepts "host:port" as "http://host:port" is not guessed: a scheme is required, so
// that plain-text HTTP is never chosen silently.
std::string NormalizeEndpoint(std::string endpoint, const std::string& where) {
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  if (endpoint.rfind("http://", 0) != 0 && endpoint.rfind("https://", 0) != 0) {
    throw Error::UserInput(
        "{}: S3 endpoint '{}' must start with http:// or https:// (e.g. http://127.0.0.1:7480)",
        where, endpoint);
  }
  return endpoint;
}

}  // namespace

std::optional<S3Config> S3ConfigFromEnvironment() {
  S3Config config;
  config.access_key_id = Env("AWS_ACCESS_KEY_ID");
  config.secret_access_key = Env("AWS_SECRET_ACCESS_KEY");
  if (config.access_key_id.empty() || config.secret_access_key.empty()) return std::nullopt;
  config.session_token = Env("AWS_SESSION_TOKEN");
  std::string region = Env("AWS_REGION");
  if (region.empty()) region = Env("AWS_DEFAULT_REGION");
  if (!region.empty()) config.region = region;
  std::string endpoint = Env("AWS_ENDPOINT_URL_S3");
  if (endpoint.empty()) endpoint = Env("AWS_ENDPOINT_URL");
  config.endpoint = endpoint.empty() ? DefaultEndpoint(config.region)
                                     : NormalizeEndpoint(endpoint, "AWS_ENDPOINT_URL");
  return config;
}

S3Config S3ConfigFromSettings(const std::map<std::string, std::string>& settings,
                              const std::string& where) {
  static const std::set<std::string> kKnown = {
      "endpoint", "access_key_id", "secret_access_key", "session_token",
      "region",   "url_style",     "part_size"};
  for (const auto& [key, value] : settings) {
    if (!kKnown.count(key)) {
      throw Error::UserInput(
          "{}: unknown S3 setting '{}' (known: endpoint, access_key_id, secret_access_key, "
          "session_token, region, url_style, part_size)",
          where, key);
    }
  }
  auto get = [&](const char* key) {
    auto it = settings.find(key);
    return it == settings.end() ? std::string() : it->second;
  };
  S3Config config;
  config.origin = where;
  config.access_key_id = get("access_key_id");
  config.secret_access_key = get("secret_access_key");
  if (config.access_key_id.empty() || config.secret_access_key.empty()) {
    throw Error::UserInput("{}: S3 needs access_key_id and secret_access_key", where);
  }
  config.session_token = get("session_token");
  if (!get("region").empty()) config.region = get("region");
  config.endpoint = get("endpoint").empty() ? DefaultEndpoint(config.region)
                                            : NormalizeEndpoint(get("endpoint"), where);
  std::string style = get("url_style");
  if (style == "vhost" || style == "virtual" || style == "virtual_hosted") {
    config.path_style = false;
  } else if (!style.empty() && style != "path") {
    throw Error::UserInput("{}: url_style must be 'path' or 'vhost', got '{}'", where, style);
  }
  if (std::string part_size = get("part_size"); !part_size.empty()) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(part_size.c_str(), &end, 10);
    if (*end != '\0' || v < (5ull << 20) || v > (5ull << 30)) {
      throw Error::UserInput("{}: part_size must be a byte count from 5 MiB to 5 GiB, got '{}'",
                             where, part_size);
    }
    config.part_size = v;
  }
  return config;
}

}  // namespace sluice::s3
