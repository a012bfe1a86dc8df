// Cross-references of a pipeline file, checked after every section is read: names are
// unique, checks/sinks/foreign keys name existing datasets, step SQL reads existing
// datasets (typos caught by a close match), and the steps form no cycle.
#include <algorithm>

#include "formats/options.h"
#include "pipeline/spec_sections.h"
#include "pipeline/sql_references.h"

namespace sluice::pipeline {
namespace {

std::vector<std::string> DatasetNames(const PipelineSpec& spec) {
  std::vector<std::string> names = spec.source_order;
  for (const auto& step : spec.steps) names.push_back(step.name);
  return names;
}

std::string UnknownDataset(const std::string& name, const std::vector<std::string>& candidates) {
  std::string suggestion = ClosestMatch(name, candidates);
  return "'" + name + "' is not a source or a step" +
         (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)");
}

}  // namespace

void ValidateReferences(SpecReader& reader, PipelineSpec& spec) {
  const std::vector<std::string> datasets = DatasetNames(spec);
  // Unique step names, not shadowing a source.
  for (size_t i = 0; i < spec.steps.size(); i++) {
    const StepSpec& step = spec.steps[i];
    if (step.name.empty()) continue;
    if (spec.sources.count(step.name) > 0) {
      reader.ReportAt(step.line, 0, "steps." + step.name, "a source has the same name");
    }
    for (size_t j = 0; j < i; j++) {
      if (spec.steps[j].name == step.name) {
        reader.ReportAt(
            step.line, 0, "steps." + step.name,
            "step defined twice (first on line " + std::to_string(spec.steps[j].line) + ")");
      }
    }
  }
  // Step inputs from their SQL.
  for (StepSpec& step : spec.steps) {
    SqlTableReferences refs = FindTableReferences(step.sql);
    for (const auto& name : refs.names) {
      if (std::find(datasets.begin(), datasets.end(), name) != datasets.end()) {
        step.inputs.push_back(name);
      } else if (!ClosestMatch(name, datasets).empty()) {
        // Other unqualified names may be things the binder knows; only likely typos are errors.
        reader.ReportAt(step.line, 0, "steps." + step.name + ".sql",
                        "reads " + UnknownDataset(name, datasets));
      }
    }
  }
  std::vector<std::string> cycle = FindStepCycle(spec.steps);
  if (!cycle.empty()) {
    std::string path;
    for (const auto& name : cycle) path += (path.empty() ? "" : " -> ") + name;
    int line = 0;
    if (const StepSpec* first = spec.FindStep(cycle[0])) line = first->line;
    reader.ReportAt(line, 0, "steps", "steps " + path + " form a cycle");
  }
  for (const auto& [dataset, checks] : spec.checks) {
    if (!spec.IsDataset(dataset))
      reader.ReportAt(checks.line, 0, "checks." + dataset, UnknownDataset(dataset, datasets));
    for (const RuleSpec& rule : checks.rules) {
      if (rule.kind != "foreign_key" || rule.references.empty()) continue;
      if (rule.references.find('.') != std::string::npos) {
        if (!IsQualifiedTableName(rule.references)) {
          reader.ReportAt(rule.line, 0, "checks." + dataset + ".foreign_key.references",
                          "expected a dataset or database.table, got '" + rule.references + "'");
        }
      } else if (!spec.IsDataset(rule.references)) {
        reader.ReportAt(rule.line, 0, "checks." + dataset + ".foreign_key.references",
                        UnknownDataset(rule.references, datasets));
      }
    }
  }
  for (size_t i = 0; i < spec.sinks.size(); i++) {
    const SinkSpec& sink = spec.sinks[i];
    if (!sink.from.empty() && !spec.IsDataset(sink.from)) {
      reader.ReportAt(sink.line, 0, "sinks[" + std::to_string(i) + "].from",
                      UnknownDataset(sink.from, datasets));
    }
  }
}

}  // namespace sluice::pipeline
