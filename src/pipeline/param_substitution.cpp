#include "pipeline/param_substitution.h"

#include <cstdlib>
#include <vector>

#include "common/error.h"
#include "formats/options.h"

namespace sluice::pipeline {

std::string SubstituteParams(std::string_view text,
                             const std::map<std::string, std::string>& params) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i++];
      continue;
    }
    size_t end = text.find('}', i + 2);
    if (end == std::string_view::npos) {
      throw Error::UserInput(
          "unterminated parameter reference '{}' (write ${{name}}, or $${{ for a literal)",
          text.substr(i, 20));
    }
    std::string key(text.substr(i + 2, end - i - 2));
    if (key.rfind("env:", 0) == 0) {
      std::string variable = key.substr(4);
      const char* value = variable.empty() ? nullptr : std::getenv(variable.c_str());
      if (value == nullptr) {
        throw Error::UserInput("environment variable '{}' in '${{{}}}' is not set", variable, key);
      }
      out += value;
      i = end + 1;
      continue;
    }
    auto it = params.find(key);
    if (it == params.end()) {
      std::vector<std::string> names;
      for (const auto& [name, _] : params) names.push_back(name);
      std::string suggestion = ClosestMatch(key, names);
      throw Error::UserInput(
          "unknown parameter '{}' in '${{{}}}'{}; define it under params: or pass --param {}=...",
          key, key, suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)", key);
    }
    out += it->second;
    i = end + 1;
  }
  return out;
}

std::pair<std::string, std::string> ParseParamAssignment(std::string_view text) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw Error::UserInput("--param {}: expected key=value", text);
  }
  return {std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

}  // namespace sluice::pipeline
