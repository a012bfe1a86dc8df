// Section checks of a pipeline file: per dataset a list of rules, on_fail and min_score.
//
//   checks:
//     enriched:
//       rules:
//         - not_null: [order_id]
//         - range: { column: quantity, min: 1, max: 1000 }
//           severity: warn
//         - accepted_values: { column: status, values: [new, paid] }
//           fix: lower
//       on_fail: quarantine
//       min_score: 0.98
#include <algorithm>

#include "pipeline/spec_sections.h"

namespace sluice::pipeline {
namespace {

const std::vector<std::string>& RuleKinds() {
  static const std::vector<std::string> kinds = {
      "not_null", "unique",      "accepted_values", "range",     "regex",  "length",
      "row",      "foreign_key", "row_count",       "freshness", "schema", "sql"};
  return kinds;
}

// Rules about one column's values, which a fix can repair.
bool IsColumnRule(const std::string& kind) {
  return kind == "not_null" || kind == "accepted_values" || kind == "range" || kind == "regex" ||
         kind == "length" || kind == "foreign_key";
}

void ParseFix(SpecReader& reader, const YAML::Node& node, const std::string& key, RuleSpec& rule) {
  if (node.IsScalar()) {
    auto fix = reader.Choice(node, key, {"trim", "lower", "upper", "null_if_invalid"});
    if (!fix) return;
    if (*fix == "trim") rule.fix.kind = FixSpec::Kind::kTrim;
    if (*fix == "lower") rule.fix.kind = FixSpec::Kind::kLower;
    if (*fix == "upper") rule.fix.kind = FixSpec::Kind::kUpper;
    if (*fix == "null_if_invalid") rule.fix.kind = FixSpec::Kind::kNullIfInvalid;
    return;
  }
  if (!node.IsMap() || node.size() != 1) {
    reader.Report(node, key,
                  "expected trim, lower, upper, null_if_invalid, { default: <value> } or { sql: "
                  "<expression> }");
    return;
  }
  reader.CheckKeys(node, key, {"default", "sql"});
  if (node["default"]) {
    rule.fix.kind = FixSpec::Kind::kDefault;
    rule.fix.value = reader.String(node["default"], key + ".default").value_or("");
  } else if (node["sql"]) {
    rule.fix.kind = FixSpec::Kind::kSql;
    rule.fix.value = reader.String(node["sql"], key + ".sql").value_or("");
  }
}

// Reads min/max (either optional, not both absent).
void ParseBounds(SpecReader& reader, const YAML::Node& args, const std::string& key,
                 RuleSpec& rule) {
  if (args["min"]) rule.min = reader.Double(args["min"], key + ".min");
  if (args["max"]) rule.max = reader.Double(args["max"], key + ".max");
  if (!args["min"] && !args["max"]) reader.Report(args, key, "give 'min', 'max' or both");
  if (rule.min && rule.max && *rule.min > *rule.max)
    reader.Report(args, key, "'min' is greater than 'max'");
}

void ParseRuleArguments(SpecReader& reader, const YAML::Node& args, const std::string& key,
                        RuleSpec& rule) {
  const std::string& kind = rule.kind;
  auto column = [&] {
    if (reader.Require(args, key, "column"))
      rule.column = reader.String(args["column"], key + ".column").value_or("");
  };
  if (kind == "not_null" || kind == "unique") {
    rule.columns = reader.StringList(args, key).value_or(std::vector<std::string>{});
    if (args.IsSequence() && args.size() == 0) reader.Report(args, key, "name at least one column");
    return;
  }
  if (kind == "row" || kind == "sql") {
    rule.expression = reader.String(args, key).value_or("");
    return;
  }
  if (!reader.IsMap(args, key)) return;
  // severity/fix may also be written inside the rule's own map.
  static const std::map<std::string, std::vector<std::string>> kKeys = {
      {"accepted_values", {"column", "values"}},
      {"range", {"column", "min", "max", "inclusive", "exclusive"}},
      {"regex", {"column", "pattern"}},
      {"length", {"column", "min", "max"}},
      {"foreign_key", {"column", "references", "references_column"}},
      {"row_count", {"min", "max"}},
      {"freshness", {"column", "max_age"}},
      {"schema", {"columns"}},
  };
  std::vector<std::string> known = kKeys.at(kind);
  known.push_back("severity");
  known.push_back("fix");
  reader.CheckKeys(args, key, known);
  if (kind == "accepted_values") {
    column();
    if (reader.Require(args, key, "values")) {
      rule.values =
          reader.StringList(args["values"], key + ".values").value_or(std::vector<std::string>{});
    }
  } else if (kind == "range") {
    column();
    ParseBounds(reader, args, key, rule);
    if (args["inclusive"])
      rule.inclusive = reader.Bool(args["inclusive"], key + ".inclusive").value_or(true);
    if (args["exclusive"])
      rule.inclusive = !reader.Bool(args["exclusive"], key + ".exclusive").value_or(false);
  } else if (kind == "regex") {
    column();
    if (reader.Require(args, key, "pattern"))
      rule.pattern = reader.String(args["pattern"], key + ".pattern").value_or("");
  } else if (kind == "length" || kind == "row_count") {
    if (kind == "length") column();
    ParseBounds(reader, args, key, rule);
    if ((rule.min && *rule.min < 0) || (rule.max && *rule.max < 0))
      reader.Report(args, key, "bounds must not be negative");
  } else if (kind == "foreign_key") {
    column();
    if (reader.Require(args, key, "references")) {
      rule.references =
          ToLower(reader.String(args["references"], key + ".references").value_or(""));
    }
    rule.references_column =
        args["references_column"]
            ? reader.String(args["references_column"], key + ".references_column").value_or("")
            : rule.column;
  } else if (kind == "freshness") {
    column();
    if (reader.Require(args, key, "max_age")) {
      rule.max_age = reader.Duration(args["max_age"], key + ".max_age").value_or(rule.max_age);
    }
  } else if (kind == "schema") {
    if (reader.Require(args, key, "columns")) {
      rule.columns =
          reader.StringList(args["columns"], key + ".columns").value_or(std::vector<std::string>{});
    }
  }
}

void ParseRule(SpecReader& reader, const YAML::Node& item, const std::string& key,
               std::vector<RuleSpec>& rules) {
  if (!item.IsMap()) {
    reader.Report(item, key,
                  "expected a rule such as '- not_null: [id]' or '- range: { column: x, min: 0 }'");
    return;
  }
  RuleSpec rule;
  rule.line = SpecReader::Line(item);
  std::vector<std::string> known = RuleKinds();
  known.push_back("severity");
  known.push_back("fix");
  reader.CheckKeys(item, key, known);
  for (auto it = item.begin(); it != item.end(); ++it) {
    std::string name = it->first.Scalar();
    if (std::find(RuleKinds().begin(), RuleKinds().end(), name) == RuleKinds().end()) continue;
    if (!rule.kind.empty()) {
      reader.Report(it->first, key,
                    "one rule per list item: '" + rule.kind + "' and '" + name + "' are both here");
      return;
    }
    rule.kind = name;
  }
  if (rule.kind.empty()) {
    if (item.size() > 0 && std::all_of(item.begin(), item.end(), [](const auto& kv) {
          std::string n = kv.first.Scalar();
          return n == "severity" || n == "fix";
        })) {
      reader.Report(item, key, "no rule here, only its severity/fix");
    }
    return;  // unknown keys were reported by CheckKeys
  }
  const std::string rule_key = key + "." + rule.kind;
  const YAML::Node args = item[rule.kind];
  ParseRuleArguments(reader, args, rule_key, rule);
  for (const YAML::Node& holder : {item, args}) {
    if (!holder.IsMap()) continue;
    if (holder["severity"])
      rule.severity = reader.Choice(holder["severity"], rule_key + ".severity", {"error", "warn"})
                          .value_or("error");
    if (holder["fix"]) {
      if (!IsColumnRule(rule.kind)) {
        reader.Report(holder["fix"], rule_key + ".fix",
                      "a fix repairs a column value; '" + rule.kind + "' has none to repair");
      } else {
        ParseFix(reader, holder["fix"], rule_key + ".fix", rule);
      }
    }
  }
  rules.push_back(std::move(rule));
}

void ParseDatasetChecks(SpecReader& reader, const std::string& dataset, const YAML::Node& node,
                        PipelineSpec& spec) {
  const std::string key = "checks." + dataset;
  DatasetChecks checks;
  checks.dataset = ToLower(dataset);
  checks.line = SpecReader::Line(node);
  if (!reader.IsMap(node, key)) return;
  reader.CheckKeys(node, key, {"rules", "on_fail", "min_score"});
  if (reader.Require(node, key, "rules") && reader.IsSequence(node["rules"], key + ".rules")) {
    const YAML::Node rules = node["rules"];
    for (size_t i = 0; i < rules.size(); i++) {
      ParseRule(reader, rules[i], key + ".rules[" + std::to_string(i) + "]", checks.rules);
    }
  }
  if (node["on_fail"]) {
    checks.on_fail =
        reader.Choice(node["on_fail"], key + ".on_fail", {"quarantine", "fail", "warn"})
            .value_or("fail");
  }
  if (node["min_score"]) {
    checks.min_score = reader.Double(node["min_score"], key + ".min_score");
    if (checks.min_score && (*checks.min_score < 0 || *checks.min_score > 1)) {
      reader.Report(node["min_score"], key + ".min_score", "expected a score from 0 to 1");
    }
  }
  spec.checks[checks.dataset] = std::move(checks);
}

}  // namespace

void ParseChecks(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec) {
  if (!reader.IsMap(node, "checks")) return;
  for (auto it = node.begin(); it != node.end(); ++it)
    ParseDatasetChecks(reader, it->first.Scalar(), it->second, spec);
}

}  // namespace sluice::pipeline
