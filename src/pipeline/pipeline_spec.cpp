#include "pipeline/pipeline_spec.h"

#include <algorithm>
#include <functional>

namespace sluice::pipeline {

std::string RuleSpec::Describe() const {
  std::vector<std::string> args = columns;
  if (!column.empty()) args.insert(args.begin(), column);
  if (!expression.empty()) args.push_back(expression);
  std::string out = kind + "(";
  for (size_t i = 0; i < args.size(); i++) out += (i == 0 ? "" : ", ") + args[i];
  return out + ")";
}

std::string StorageSpec::Describe() const {
  auto get = [&](const char* key, const char* fallback) {
    auto it = settings.find(key);
    return it == settings.end() || it->second.empty() ? std::string(fallback) : it->second;
  };
  std::string style = get("url_style", "path");
  return "endpoint " + get("endpoint", "(AWS)") + ", region " + get("region", "us-east-1") +
         ", access key id " + get("access_key_id", "(none)") + ", " + style + "-style URLs";
}

std::map<std::string, std::string> PipelineSpec::RecordedParams() const {
  std::map<std::string, std::string> out = params;
  if (storage) {
    for (const auto& name : storage->secret_params) out.erase(name);
  }
  return out;
}

const StepSpec* PipelineSpec::FindStep(const std::string& name) const {
  for (const auto& step : steps) {
    if (step.name == name) return &step;
  }
  return nullptr;
}

bool PipelineSpec::IsDataset(const std::string& name) const {
  return sources.count(name) > 0 || FindStep(name) != nullptr;
}

bool PipelineSpec::DependsOn(const std::string& dataset, const std::string& source) const {
  if (dataset == source) return true;
  const StepSpec* step = FindStep(dataset);
  if (step == nullptr) return false;
  for (const auto& input : step->inputs) {
    if (DependsOn(input, source)) return true;
  }
  return false;
}

std::vector<std::string> FindStepCycle(const std::vector<StepSpec>& steps) {
  std::map<std::string, const StepSpec*> by_name;
  for (const auto& s : steps) by_name[s.name] = &s;
  std::map<std::string, int> state;  // 0 unvisited, 1 on the stack, 2 done
  std::vector<std::string> stack;
  std::vector<std::string> cycle;
  std::function<bool(const StepSpec&)> visit = [&](const StepSpec& step) {
    state[step.name] = 1;
    stack.push_back(step.name);
    for (const auto& input : step.inputs) {
      auto it = by_name.find(input);
      if (it == by_name.end()) continue;  // a source
      if (state[input] == 1) {
        auto start = std::find(stack.begin(), stack.end(), input);
        cycle.assign(start, stack.end());
        cycle.push_back(input);
        return true;
      }
      if (state[input] == 0 && visit(*it->second)) return true;
    }
    stack.pop_back();
    state[step.name] = 2;
    return false;
  };
  for (const auto& s : steps) {
    if (state[s.name] == 0 && visit(s)) return cycle;
  }
  return {};
}

std::vector<const StepSpec*> PipelineSpec::TopologicalOrder() const {
  // Repeatedly take the first step (in spec order) whose step inputs are all placed.
  std::vector<const StepSpec*> order;
  std::vector<bool> placed(steps.size(), false);
  auto is_placed = [&](const std::string& name) {
    for (size_t i = 0; i < steps.size(); i++) {
      if (steps[i].name == name) return static_cast<bool>(placed[i]);
    }
    return true;  // a source
  };
  while (order.size() < steps.size()) {
    bool progress = false;
    for (size_t i = 0; i < steps.size(); i++) {
      if (placed[i]) continue;
      bool ready =
          std::all_of(steps[i].inputs.begin(), steps[i].inputs.end(),
                      [&](const std::string& in) { return in != steps[i].name && is_placed(in); });
      if (!ready) continue;
      placed[i] = true;
      order.push_back(&steps[i]);
      progress = true;
      break;
    }
    if (!progress) break;  // a cycle: the parser refuses those, so only unparsed specs get here
  }
  return order;
}

}  // namespace sluice::pipeline
