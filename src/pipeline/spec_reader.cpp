#include "pipeline/spec_reader.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "formats/options.h"
#include "pipeline/duration.h"
#include "pipeline/param_substitution.h"

namespace sluice::pipeline {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); i++)
    out += (i == 0 ? "" : (i + 1 == items.size() ? " or " : ", ")) + items[i];
  return out;
}

std::string Shape(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
    default: return "an undefined value";
  }
}

}  // namespace

void SpecReader::ReportAt(int line, int column, const std::string& key,
                          const std::string& message) {
  std::string where = file_;
  if (line > 0) where += ":" + std::to_string(line);
  if (line > 0 && column > 0) where += ":" + std::to_string(column);
  problems_.push_back({line, column, where + ": " + (key.empty() ? "" : key + ": ") + message});
}

void SpecReader::Report(const YAML::Node& node, const std::string& key,
                        const std::string& message) {
  int column = node.Mark().column >= 0 ? node.Mark().column + 1 : 0;
  ReportAt(Line(node), column, key, message);
}

bool SpecReader::IsMap(const YAML::Node& node, const std::string& key) {
  if (node.IsMap()) return true;
  Report(node, key, "expected a map of keys, got " + Shape(node));
  return false;
}

bool SpecReader::IsSequence(const YAML::Node& node, const std::string& key) {
  if (node.IsSequence()) return true;
  Report(node, key, "expected a list, got " + Shape(node));
  return false;
}

void SpecReader::CheckKeys(const YAML::Node& map, const std::string& key,
                           const std::vector<std::string>& known) {
  if (!map.IsMap()) return;
  for (auto it = map.begin(); it != map.end(); ++it) {
    std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string suggestion = ClosestMatch(name, known);
    Report(it->first, key,
           "unknown key '" + name + "'" +
               (suggestion.empty() ? " (expected " + Join(known) + ")"
                                   : " (did you mean '" + suggestion + "'?)"));
  }
}

bool SpecReader::Require(const YAML::Node& map, const std::string& key, const std::string& name) {
  if (map.IsMap() && map[name]) return true;
  Report(map, key, "missing required key '" + name + "'");
  return false;
}

std::optional<std::string> SpecReader::String(const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) {
    Report(node, key, "expected a string, got " + Shape(node));
    return std::nullopt;
  }
  try {
    return SubstituteParams(node.Scalar(), params_);
  } catch (const Error& e) {
    Report(node, key, e.message());
    return std::nullopt;
  }
}

std::optional<int64_t> SpecReader::Int(const YAML::Node& node, const std::string& key) {
  auto text = String(node, key);
  if (!text) return std::nullopt;
  try {
    size_t used = 0;
    int64_t value = std::stoll(*text, &used);
    if (used == text->size()) return value;
  } catch (...) {
  }
  Report(node, key, "expected a whole number, got '" + *text + "'");
  return std::nullopt;
}

std::optional<double> SpecReader::Double(const YAML::Node& node, const std::string& key) {
  auto text = String(node, key);
  if (!text) return std::nullopt;
  try {
    size_t used = 0;
    double value = std::stod(*text, &used);
    if (used == text->size() && std::isfinite(value)) return value;
  } catch (...) {
  }
  Report(node, key, "expected a number, got '" + *text + "'");
  return std::nullopt;
}

std::optional<bool> SpecReader::Bool(const YAML::Node& node, const std::string& key) {
  auto text = String(node, key);
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "yes" || *text == "on") return true;
  if (*text == "false" || *text == "no" || *text == "off") return false;
  Report(node, key, "expected true or false, got '" + *text + "'");
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> SpecReader::Duration(const YAML::Node& node,
                                                              const std::string& key) {
  auto text = String(node, key);
  if (!text) return std::nullopt;
  auto duration = ParseDuration(*text);
  if (!duration)
    Report(node, key, "expected a duration such as 500ms, 1s, 2m, 1h or 7d, got '" + *text + "'");
  return duration;
}

std::optional<std::vector<std::string>> SpecReader::StringList(const YAML::Node& node,
                                                               const std::string& key) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    auto s = String(node, key);
    if (!s) return std::nullopt;
    out.push_back(*s);
    return out;
  }
  if (!node.IsSequence()) {
    Report(node, key, "expected a list of names, got " + Shape(node));
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& item : node) {
    auto s = String(item, key);
    if (s) out.push_back(*s);
    ok = ok && s.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::string> SpecReader::Choice(const YAML::Node& node, const std::string& key,
                                              const std::vector<std::string>& choices) {
  auto text = String(node, key);
  if (!text) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *text) != choices.end()) return text;
  std::string suggestion = ClosestMatch(*text, choices);
  Report(node, key,
         "unknown value '" + *text + "' (" +
             (suggestion.empty() ? "" : "did you mean '" + suggestion + "'? ") + "expected " +
             Join(choices) + ")");
  return std::nullopt;
}

void SpecReader::ThrowIfErrors() const {
  if (problems_.empty()) return;
  std::vector<Problem> sorted = problems_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Problem& a, const Problem& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  std::string message;
  for (const auto& p : sorted) message += (message.empty() ? "" : "\n") + p.text;
  throw Error(ErrorKind::kUserInput, message);
}

}  // namespace sluice::pipeline
