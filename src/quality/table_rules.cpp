#include "quality/table_rules.h"

#include <fmt/format.h>

#include <cctype>

#include "common/error.h"
#include "pipeline/duration.h"
#include "quality/row_rule_sql.h"
#include "sql/parser/ast_expression.h"
#include "types/value.h"

namespace sluice::quality {
namespace {

using sql::QuoteIdentifier;
using sql::QuoteString;

constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000 * 1000;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "2d 3h", "5m 10s", "850ms": the two largest units of an age.
std::string HumanAge(int64_t micros) {
  int64_t ms = std::max<int64_t>(micros, 0) / 1000;
  static const std::pair<int64_t, const char*> kUnits[] = {
      {86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}};
  std::string out;
  int parts = 0;
  for (const auto& [size, name] : kUnits) {
    if (ms >= size && parts < 2) {
      out += fmt::format("{}{}{}", out.empty() ? "" : " ", ms / size, name);
      ms %= size;
      parts++;
    } else if (parts > 0) {
      parts = 2;  // only adjacent units
    }
  }
  return out.empty() ? fmt::format("{}ms", ms) : out;
}

std::string Count(double v) {
  return fmt::format("{}", static_cast<int64_t>(v));
}

void RowCount(const TableRuleInput& input, RuleResult& result) {
  const auto& rule = result.rule;
  bool low = rule.min && static_cast<double>(input.rows) < *rule.min;
  bool high = rule.max && static_cast<double>(input.rows) > *rule.max;
  result.passed = !low && !high;
  std::string bounds;
  if (rule.min && rule.max) {
    bounds = fmt::format("expected {} to {}", Count(*rule.min), Count(*rule.max));
  } else if (rule.min) {
    bounds = fmt::format("expected at least {}", Count(*rule.min));
  } else if (rule.max) {
    bounds = fmt::format("expected at most {}", Count(*rule.max));
  }
  result.message = fmt::format("{} rows, {}", input.rows, bounds);
}

// Expected columns, written "name" or "name TYPE".
void SchemaRule(const TableRuleInput& input, RuleResult& result) {
  std::vector<std::string> problems;
  for (const auto& entry : result.rule.columns) {
    std::string text = entry;
    size_t space = text.find_first_of(" \t");
    std::string name = text.substr(0, space);
    std::string type_name;
    if (space != std::string::npos) {
      type_name = text.substr(text.find_first_not_of(" \t", space));
    }
    std::optional<TypeId> type;
    if (!type_name.empty()) {
      type = ParseTypeName(type_name);
      if (!type || *type == TypeId::kNull) {
        throw Error::UserInput(
            "{}: unknown type '{}' for column '{}' (expected BOOLEAN, INTEGER, BIGINT, DOUBLE, "
            "VARCHAR, DATE or TIMESTAMP)",
            RuleContext(input.dataset, result.rule), type_name, name);
      }
    }
    const Field* found = nullptr;
    for (const auto& f : input.schema) {
      if (Lower(f.name) == Lower(name)) found = &f;
    }
    if (found == nullptr) {
      problems.push_back(fmt::format("missing column '{}'", name));
    } else if (type && found->type != *type) {
      problems.push_back(fmt::format("column '{}' is {}, expected {}", found->name,
                                     TypeName(found->type), TypeName(*type)));
    }
  }
  result.passed = problems.empty();
  result.message = problems.empty()
                       ? fmt::format("{} expected columns present", result.rule.columns.size())
                       : fmt::format("{}", fmt::join(problems, "; "));
}

// SQL text of the aggregate a rule needs, or empty.
std::string AggregateSql(const TableRuleInput& input, const RuleResult& result) {
  const auto& rule = result.rule;
  if (rule.kind == "sql") {
    if (rule.expression.empty()) {
      throw Error::UserInput("{}: the condition is empty", RuleContext(input.dataset, rule));
    }
    return "(" + rule.expression + ")";
  }
  if (rule.kind == "freshness") {
    size_t c = ResolveColumn(input.schema, rule.column, input.dataset, rule);
    TypeId type = input.schema[c].type;
    if (type != TypeId::kDate && type != TypeId::kTimestamp) {
      throw Error::UserInput("{}: column '{}' is {}, freshness needs a DATE or TIMESTAMP column",
                             RuleContext(input.dataset, rule), input.schema[c].name,
                             TypeName(type));
    }
    return "max(" + QuoteIdentifier(input.schema[c].name) + ")";
  }
  return "";
}

void JudgeAggregate(const TableRuleInput& input, const Value& value, RuleResult& result) {
  const auto& rule = result.rule;
  if (rule.kind == "sql") {
    if (value.type() != TypeId::kBoolean && !value.is_null()) {
      throw Error::UserInput("{}: the condition is {}, expected a boolean",
                             RuleContext(input.dataset, rule), TypeName(value.type()));
    }
    result.passed = !value.is_null() && value.bool_value();
    result.message = fmt::format("{} is {}", rule.expression,
                                 value.is_null() ? "NULL" : (result.passed ? "true" : "false"));
    return;
  }
  // freshness
  if (value.is_null()) {
    result.passed = false;
    result.message = fmt::format("no value in '{}'", rule.column);
    return;
  }
  int64_t newest =
      value.type() == TypeId::kDate ? value.int_value() * kMicrosPerDay : value.int_value();
  int64_t age_micros = input.now_micros - newest;
  int64_t max_micros = static_cast<int64_t>(rule.max_age.count()) * 1000;
  result.passed = age_micros <= max_micros;
  result.message =
      fmt::format("newest {} is {}, {} old (max_age {})", rule.column, value.ToString(),
                  HumanAge(age_micros), pipeline::FormatDuration(rule.max_age));
}

Value AggregateValue(Session& session, const std::string& sql) {
  QueryResult r = session.Execute(sql);
  if (r.row_count() != 1 || r.schema.size() != 1) {
    throw Error::Internal("quality: aggregate query returned {} rows", r.row_count());
  }
  return r.Row(0)[0];
}

}  // namespace

bool IsTableRule(const std::string& kind) {
  return kind == "row_count" || kind == "freshness" || kind == "schema" || kind == "sql";
}

void EvaluateTableRules(Session& session, const TableRuleInput& input,
                        std::vector<RuleResult*>& results) {
  std::vector<RuleResult*> aggregated;
  std::vector<std::string> exprs;
  for (RuleResult* result : results) {
    result->rows_checked = input.rows;
    const std::string& kind = result->rule.kind;
    if (kind == "row_count") RowCount(input, *result);
    if (kind == "schema") SchemaRule(input, *result);
    std::string sql = AggregateSql(input, *result);
    if (!sql.empty()) {
      aggregated.push_back(result);
      exprs.push_back(sql);
    }
  }
  if (aggregated.empty()) return;
  std::vector<Value> values;
  try {
    std::string select;
    for (size_t i = 0; i < exprs.size(); i++) {
      select += fmt::format("{}{} AS __t{}", i ? ", " : "", exprs[i], i);
    }
    QueryResult r = session.Execute(fmt::format("SELECT {} FROM {}", select, input.relation));
    if (r.row_count() != 1) throw Error::Internal("quality: table rules returned no row");
    values = r.Row(0);
  } catch (const Error& combined) {
    // Find the rule that does not evaluate, to name it.
    for (size_t i = 0; i < exprs.size(); i++) {
      try {
        AggregateValue(session, fmt::format("SELECT {} FROM {}", exprs[i], input.relation));
      } catch (const Error& e) {
        throw Error(
            ErrorKind::kUserInput,
            fmt::format("{}: {}", RuleContext(input.dataset, aggregated[i]->rule), e.what()));
      }
    }
    throw;
  }
  for (size_t i = 0; i < aggregated.size(); i++) JudgeAggregate(input, values[i], *aggregated[i]);
}

}  // namespace sluice::quality
