// Comparison operators = <> < <= > >= for every type against itself (mixed types meet
// through implicit casts chosen by overload resolution). These are the hottest kernels:
// each (type, operator) pair is its own instantiation of a tight loop, with fast paths
// for a constant side.
#include <cstring>

#include "expr/functions/builtin_functions.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"

namespace sluice::functions {
namespace {

// Three-way comparison of strings as unsigned bytes.
inline int CompareStrings(const StringRef& a, const StringRef& b) {
  size_t n = a.size < b.size ? a.size : b.size;
  int c = n == 0 ? 0 : std::memcmp(a.data, b.data, n);
  if (c != 0) return c;
  return a.size < b.size ? -1 : (a.size > b.size ? 1 : 0);
}

// DOUBLE follows DuckDB's total order: NaN equals NaN and sorts above every number.
// Written without branches so the loops still vectorize.
inline bool DoubleEqual(double a, double b) {
  return (a == b) | ((a != a) & (b != b));
}
inline bool DoubleLess(double a, double b) {
  return (a < b) | ((b != b) & (a == a));
}

struct Equal {
  template <typename T>
  bool operator()(const T& a, const T& b) const {
    return a == b;
  }
  bool operator()(double a, double b) const { return DoubleEqual(a, b); }
};
struct NotEqual {
  template <typename T>
  bool operator()(const T& a, const T& b) const {
    return !(a == b);
  }
  bool operator()(double a, double b) const { return !DoubleEqual(a, b); }
};
struct Less {
  template <typename T>
  bool operator()(const T& a, const T& b) const {
    return a < b;
  }
  bool operator()(const StringRef& a, const StringRef& b) const { return CompareStrings(a, b) < 0; }
  bool operator()(double a, double b) const { return DoubleLess(a, b); }
};
struct LessEqual {
  template <typename T>
  bool operator()(const T& a, const T& b) const {
    return a <= b;
  }
  bool operator()(const StringRef& a, const StringRef& b) const {
    return CompareStrings(a, b) <= 0;
  }
  bool operator()(double a, double b) const { return !DoubleLess(b, a); }
};
struct Greater {
  template <typename T>
  bool operator()(const T& a, const T& b) const {
    return a > b;
  }
  bool operator()(const StringRef& a, const StringRef& b) const { return CompareStrings(a, b) > 0; }
  bool operator()(double a, double b) const { return DoubleLess(b, a); }
};
struct GreaterEqual {
  template <typename T>
  bool operator()(const T& a, const T& b) const {
    return a >= b;
  }
  bool operator()(const StringRef& a, const StringRef& b) const {
    return CompareStrings(a, b) >= 0;
  }
  bool operator()(double a, double b) const { return !DoubleLess(a, b); }
};

template <typename T, typename Op>
void CompareKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<T, T, uint8_t>(args[0], args[1], count, result,
                            [](const T& a, const T& b) -> uint8_t { return Op()(a, b); });
}

template <TypeId kType>
void RegisterForType() {
  using T = PhysicalT<kType>;
  auto add = [](const char* name, ScalarKernel kernel) {
    ScalarFunctionRegistry::Register({.name = name,
                                      .parameters = {kType, kType},
                                      .return_type = TypeId::kBoolean,
                                      .kernel = std::move(kernel)});
  };
  add("=", CompareKernel<T, Equal>);
  add("<>", CompareKernel<T, NotEqual>);
  add("!=", CompareKernel<T, NotEqual>);
  add("<", CompareKernel<T, Less>);
  add("<=", CompareKernel<T, LessEqual>);
  add(">", CompareKernel<T, Greater>);
  add(">=", CompareKernel<T, GreaterEqual>);
}

}  // namespace

void RegisterComparison() {
  // Registration order breaks ties for untyped NULL arguments: the narrowest numeric first.
  RegisterForType<TypeId::kInteger>();
  RegisterForType<TypeId::kBigint>();
  RegisterForType<TypeId::kDouble>();
  RegisterForType<TypeId::kBoolean>();
  RegisterForType<TypeId::kVarchar>();
  RegisterForType<TypeId::kDate>();
  RegisterForType<TypeId::kTimestamp>();
}

}  // namespace sluice::functions
