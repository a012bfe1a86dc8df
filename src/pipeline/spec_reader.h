// SpecReader — typed access to the YAML nodes of a pipeline file that records every
// problem with its place instead of stopping at the first: "retail.yaml:12:5:
// sources.orders: unknown key 'fromat' (did you mean 'format'?)". String values go
// through parameter substitution. The parser reads the whole file, then throws one
// user_input Error listing every problem in file order.
//
// Thread-safety: one caller at a time.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice::pipeline {

class SpecReader {
 public:
  SpecReader(std::string file, std::map<std::string, std::string> params)
      : file_(std::move(file)), params_(std::move(params)) {}

  static int Line(const YAML::Node& node) {
    return node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
  }

  void Report(const YAML::Node& node, const std::string& key, const std::string& message);
  void ReportAt(int line, int column, const std::string& key, const std::string& message);

  bool IsMap(const YAML::Node& node, const std::string& key);
  bool IsSequence(const YAML::Node& node, const std::string& key);
  // Reports keys of `map` not in `known`, with a close-match suggestion.
  void CheckKeys(const YAML::Node& map, const std::string& key,
                 const std::vector<std::string>& known);
  // Reports `name` missing from `map`; returns whether it is there.
  bool Require(const YAML::Node& map, const std::string& key, const std::string& name);

  // Scalars. nullopt (and a report) when the node has the wrong type.
  std::optional<std::string> String(const YAML::Node& node, const std::string& key);
  std::optional<int64_t> Int(const YAML::Node& node, const std::string& key);
  std::optional<double> Double(const YAML::Node& node, const std::string& key);
  std::optional<bool> Bool(const YAML::Node& node, const std::string& key);
  std::optional<std::chrono::milliseconds> Duration(const YAML::Node& node, const std::string& key);
  // A sequence of strings; a single scalar counts as a list of one.
  std::optional<std::vector<std::string>> StringList(const YAML::Node& node,
                                                     const std::string& key);
  // One of `choices`.
  std::optional<std::string> Choice(const YAML::Node& node, const std::string& key,
                                    const std::vector<std::string>& choices);

  bool has_errors() const { return !problems_.empty(); }
  // Throws one user_input Error listing the problems in file order, if there are any.
  void ThrowIfErrors() const;

  const std::string& file() const { return file_; }
  const std::map<std::string, std::string>& params() const { return params_; }
  void set_params(std::map<std::string, std::string> params) { params_ = std::move(params); }

 private:
  struct Problem {
    int line;
    int column;
    std::string text;
  };
  std::string file_;
  std::map<std::string, std::string> params_;
  std::vector<Problem> problems_;
};

}  // namespace sluice::pipeline
