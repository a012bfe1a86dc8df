// The process-wide registry of scalar functions and operators (expr/scalar_function.h).
#include <map>
#include <memory>
#include <mutex>

#include "expr/functions/overload_resolution.h"
#include "expr/scalar_function.h"

namespace sluice {
namespace {

struct ScalarCatalog {
  std::mutex mutex;  // guards registration; lookups happen after startup
  // unique_ptr keeps each function at a stable address for Expr::function.
  std::map<std::string, std::vector<std::unique_ptr<ScalarFunction>>> by_name;
};

ScalarCatalog& Catalog() {
  static ScalarCatalog catalog;
  return catalog;
}

}  // namespace

void ScalarFunctionRegistry::Register(ScalarFunction function) {
  function.name = functions::LowerName(function.name);
  auto& catalog = Catalog();
  std::lock_guard<std::mutex> lock(catalog.mutex);
  catalog.by_name[function.name].push_back(std::make_unique<ScalarFunction>(std::move(function)));
}

std::optional<ResolvedScalar> ScalarFunctionRegistry::Resolve(
    const std::string& name, const std::vector<TypeId>& arguments) {
  auto& catalog = Catalog();
  auto it = catalog.by_name.find(functions::LowerName(name));
  if (it == catalog.by_name.end()) return std::nullopt;
  std::optional<ResolvedScalar> best;
  int best_cost = 0;
  for (const auto& function : it->second) {
    auto match = functions::MatchOverload(function->parameters, function->varargs, arguments);
    if (!match.has_value()) continue;
    if (!best.has_value() || match->cost < best_cost) {
      best = ResolvedScalar{function.get(), std::move(match->argument_types)};
      best_cost = match->cost;
      if (best_cost == 0) break;
    }
  }
  return best;
}

bool ScalarFunctionRegistry::Exists(const std::string& name) {
  return Catalog().by_name.count(functions::LowerName(name)) > 0;
}

std::vector<std::string> ScalarFunctionRegistry::Names() {
  std::vector<std::string> names;
  for (const auto& [name, overloads] : Catalog().by_name) names.push_back(name);
  return names;
}

std::vector<std::string> ScalarFunctionRegistry::Signatures(const std::string& name) {
  std::vector<std::string> out;
  auto& catalog = Catalog();
  auto it = catalog.by_name.find(functions::LowerName(name));
  if (it == catalog.by_name.end()) return out;
  for (const auto& f : it->second) {
    out.push_back(functions::RenderSignature(f->name, f->parameters, f->varargs));
  }
  return out;
}

}  // namespace sluice
