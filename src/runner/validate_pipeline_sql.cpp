// ValidatePipelineSql — parses a pipeline's SQL (steps, row and sql rules, SQL fixes)
// before anything runs.
#include <fmt/format.h>

#include "common/error.h"
#include "runner/pipeline_runner.h"
#include "sql/parser/parser.h"

namespace sluice::runner {

void ValidatePipelineSql(const pipeline::PipelineSpec& spec) {
  std::vector<std::string> problems;
  auto check = [&](int line, const std::string& what, auto&& parse) {
    try {
      parse();
    } catch (const Error& e) {
      std::string message = e.what();
      // Indent continuation lines (the caret excerpt) under the location.
      std::string indented;
      for (char c : message) {
        indented += c;
        if (c == '\n') indented += "    ";
      }
      problems.push_back(fmt::format("{}:{}: {}: {}", spec.file, line, what, indented));
    }
  };
  for (const auto& step : spec.steps) {
    check(step.line, fmt::format("step '{}'", step.name), [&] {
      auto statements = sql::ParseSql(step.sql);
      if (statements.size() != 1) {
        throw Error::UserInput("a step is one query (found {} statements)", statements.size());
      }
    });
  }
  for (const auto& [dataset, checks] : spec.checks) {
    for (const auto& rule : checks.rules) {
      std::string what = fmt::format("checks of '{}', rule {}", dataset, rule.Describe());
      if (rule.kind == "row" || rule.kind == "sql") {
        check(rule.line, what, [&] { sql::ParseExpression(rule.expression); });
      }
      if (rule.fix.kind == pipeline::FixSpec::Kind::kSql) {
        check(rule.line, what + " fix", [&] { sql::ParseExpression(rule.fix.value); });
      }
    }
  }
  if (!problems.empty()) {
    std::string message = fmt::format("{}: {} problem{} in SQL:", spec.file, problems.size(),
                                      problems.size() == 1 ? "" : "s");
    for (const auto& p : problems) message += "\n  " + p;
    throw Error::UserInput("{}", message);
  }
}

}  // namespace sluice::runner
