#include "expr/functions/overload_resolution.h"

#include <cctype>

namespace sluice::functions {
namespace {

int NumericRank(TypeId t) {
  switch (t) {
    case TypeId::kInteger: return 1;
    case TypeId::kBigint: return 2;
    case TypeId::kDouble: return 3;
    default: return 0;
  }
}

}  // namespace

int ImplicitCastCost(TypeId from, TypeId to) {
  if (from == to) return 0;
  if (to == TypeId::kNull) return 0;  // ANY
  if (from == TypeId::kNull) return 1;
  if (IsNumeric(from) && IsNumeric(to)) {
    int distance = NumericRank(to) - NumericRank(from);
    return distance > 0 ? distance : -1;
  }
  if (from == TypeId::kDate && to == TypeId::kTimestamp) return 1;
  return -1;
}

std::optional<OverloadMatch> MatchOverload(const std::vector<TypeId>& parameters,
                                           const std::optional<TypeId>& varargs,
                                           const std::vector<TypeId>& arguments) {
  if (arguments.size() < parameters.size()) return std::nullopt;
  if (arguments.size() > parameters.size() && !varargs.has_value()) return std::nullopt;
  OverloadMatch match;
  match.argument_types.reserve(arguments.size());
  for (size_t i = 0; i < arguments.size(); i++) {
    TypeId target = i < parameters.size() ? parameters[i] : *varargs;
    int cost = ImplicitCastCost(arguments[i], target);
    if (cost < 0) return std::nullopt;
    match.cost += cost;
    if (target == TypeId::kNull) {
      target = arguments[i] == TypeId::kNull ? TypeId::kVarchar : arguments[i];
    }
    match.argument_types.push_back(target);
  }
  return match;
}

std::string RenderSignature(const std::string& name, const std::vector<TypeId>& parameters,
                            const std::optional<TypeId>& varargs) {
  auto type_name = [](TypeId t) {
    return t == TypeId::kNull ? std::string("ANY") : std::string(TypeName(t));
  };
  std::string out = name + "(";
  for (size_t i = 0; i < parameters.size(); i++) {
    if (i > 0) out += ", ";
    out += type_name(parameters[i]);
  }
  if (varargs.has_value()) {
    if (!parameters.empty()) out += ", ";
    out += type_name(*varargs) + "...";
  }
  return out + ")";
}

std::string LowerName(const std::string& name) {
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

}  // namespace sluice::functions
