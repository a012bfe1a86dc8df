// The process-wide registry of aggregate functions (expr/aggregate_function.h).
#include <map>
#include <memory>
#include <mutex>

#include "expr/aggregate_function.h"
#include "expr/functions/overload_resolution.h"

namespace sluice {
namespace {

struct AggregateCatalog {
  std::mutex mutex;  // guards registration; lookups happen after startup
  // unique_ptr keeps each function at a stable address for plans.
  std::map<std::string, std::vector<std::unique_ptr<AggregateFunction>>> by_name;
};

AggregateCatalog& Catalog() {
  static AggregateCatalog catalog;
  return catalog;
}

}  // namespace

void AggregateFunctionRegistry::Register(AggregateFunction function) {
  function.name = functions::LowerName(function.name);
  auto& catalog = Catalog();
  std::lock_guard<std::mutex> lock(catalog.mutex);
  catalog.by_name[function.name].push_back(
      std::make_unique<AggregateFunction>(std::move(function)));
}

std::optional<ResolvedAggregate> AggregateFunctionRegistry::Resolve(
    const std::string& name, const std::vector<TypeId>& arguments) {
  auto& catalog = Catalog();
  auto it = catalog.by_name.find(functions::LowerName(name));
  if (it == catalog.by_name.end()) return std::nullopt;
  std::optional<ResolvedAggregate> best;
  int best_cost = 0;
  for (const auto& function : it->second) {
    auto match = functions::MatchOverload(function->parameters, std::nullopt, arguments);
    if (!match.has_value()) continue;
    if (!best.has_value() || match->cost < best_cost) {
      best = ResolvedAggregate{function.get(), std::move(match->argument_types)};
      best_cost = match->cost;
      if (best_cost == 0) break;
    }
  }
  return best;
}

bool AggregateFunctionRegistry::Exists(const std::string& name) {
  return Catalog().by_name.count(functions::LowerName(name)) > 0;
}

std::vector<std::string> AggregateFunctionRegistry::Names() {
  std::vector<std::string> names;
  for (const auto& [name, overloads] : Catalog().by_name) names.push_back(name);
  return names;
}

std::vector<std::string> AggregateFunctionRegistry::Signatures(const std::string& name) {
  std::vector<std::string> out;
  auto& catalog = Catalog();
  auto it = catalog.by_name.find(functions::LowerName(name));
  if (it == catalog.by_name.end()) return out;
  for (const auto& f : it->second) {
    out.push_back(functions::RenderSignature(f->name, f->parameters, std::nullopt));
  }
  return out;
}

}  // namespace sluice
