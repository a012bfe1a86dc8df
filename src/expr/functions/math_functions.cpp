// Math functions: abs, sign, round (half away from zero, optional digits), floor, ceil,
// trunc, sqrt, cbrt, power, exp, ln, log10, log2, log (= log10 as DuckDB), trigonometry,
// pi, random, greatest/least (NULLs skipped), isnan/isinf.
//
// Domain errors (sqrt or log of a negative number, log of zero) raise user_input errors
// as DuckDB does, but only for rows whose input is valid.
#include <cmath>
#include <limits>
#include <random>

#include "common/error.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"

namespace sluice::functions {
namespace {

constexpr TypeId kInt = TypeId::kInteger;
constexpr TypeId kBig = TypeId::kBigint;
constexpr TypeId kDbl = TypeId::kDouble;

void Add(const char* name, std::vector<TypeId> parameters, TypeId return_type, ScalarKernel kernel,
         NullHandling nulls = NullHandling::kDefault) {
  ScalarFunctionRegistry::Register({.name = name,
                                    .parameters = std::move(parameters),
                                    .return_type = return_type,
                                    .kernel = std::move(kernel),
                                    .null_handling = nulls});
}

template <double (*kFn)(double)>
void DoubleMath(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  UnaryLoop<double, double>(args[0], count, result, [](double v) { return kFn(v); });
}

// A unary double function with a domain: rows outside it fail with `message`.
template <double (*kFn)(double), bool (*kInDomain)(double)>
void CheckedDoubleMath(const std::vector<Vector>& args, size_t count, Vector& result,
                       const char* message) {
  const Vector& in = args[0];
  double* out = result.data<double>();
  for (size_t i = 0; i < count; i++) {
    double v = RowValue<double>(in, i);
    if (!kInDomain(v)) [[unlikely]] {
      if (RowValid(in, i)) throw Error::UserInput("{}", message);
      out[i] = 0;
      continue;
    }
    out[i] = kFn(v);
  }
}

bool NonNegative(double v) {
  return !(v < 0);
}
double Sqrt(double v) {
  return std::sqrt(v);
}
double Ln(double v) {
  return std::log(v);
}
double Log10(double v) {
  return std::log10(v);
}
double Log2(double v) {
  return std::log2(v);
}

void LogError(const std::vector<Vector>& args, size_t count, Vector& result, double (*fn)(double)) {
  for (size_t i = 0; i < count; i++) {
    double v = RowValue<double>(args[0], i);
    if (v <= 0 && RowValid(args[0], i)) {
      throw Error::UserInput("cannot take logarithm of {}", v == 0 ? "zero" : "a negative number");
    }
    result.data<double>()[i] = v <= 0 ? 0 : fn(v);
  }
}

template <typename T>
void AbsInteger(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  T* out = result.data<T>();
  for (size_t i = 0; i < count; i++) {
    T v = RowValue<T>(args[0], i);
    if (v == std::numeric_limits<T>::min()) [[unlikely]] {
      if (RowValid(args[0], i)) throw Error::UserInput("Overflow in abs({})", v);
      v = 0;
    }
    out[i] = v < 0 ? -v : v;
  }
}

template <typename T>
void Identity(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  UnaryLoop<T, T>(args[0], count, result, [](T v) { return v; });
}

template <typename T>
void Sign(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  UnaryLoop<T, int32_t>(args[0], count, result,
                        [](T v) { return static_cast<int32_t>((v > 0) - (v < 0)); });
}

double RoundDigits(double v, int64_t digits) {
  if (!std::isfinite(v)) return v;
  if (digits > 300) return v;
  if (digits < -300) return 0;
  double scale = std::pow(10.0, static_cast<double>(digits));
  double scaled = v * scale;
  if (!std::isfinite(scaled)) return v;
  return std::round(scaled) / scale;
}

void RoundWithDigits(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<double, int64_t, double>(args[0], args[1], count, result, RoundDigits);
}

void Power(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<double, double, double>(args[0], args[1], count, result,
                                     [](double a, double b) { return std::pow(a, b); });
}

void Atan2(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<double, double, double>(args[0], args[1], count, result,
                                     [](double a, double b) { return std::atan2(a, b); });
}

void Pi(const std::vector<Vector>&, size_t count, Vector& result, const void*) {
  for (size_t i = 0; i < count; i++) result.data<double>()[i] = M_PI;
}

void Random(const std::vector<Vector>&, size_t count, Vector& result, const void*) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (size_t i = 0; i < count; i++) result.data<double>()[i] = uniform(engine);
}

template <typename T>
void IsNanOrInf(const std::vector<Vector>& args, size_t count, Vector& result, bool nan) {
  UnaryLoop<double, uint8_t>(args[0], count, result, [nan](double v) -> uint8_t {
    return nan ? std::isnan(v) : std::isinf(v);
  });
}

// greatest/least: the extreme over the non-NULL arguments; NULL if all are NULL.
template <typename T, bool kGreatest>
void Extreme(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  T* out = result.data<T>();
  for (size_t i = 0; i < count; i++) {
    bool found = false;
    T best{};
    for (const Vector& arg : args) {
      if (!RowValid(arg, i)) continue;
      const T& v = RowValue<T>(arg, i);
      if (!found || (kGreatest ? best < v : v < best)) best = v;
      found = true;
    }
    out[i] = best;
    if (!found) result.SetNull(i);
  }
  if constexpr (std::is_same_v<T, StringRef>) {
    for (const Vector& arg : args) {
      if (arg.shared_arena() != nullptr) result.arena().Pin(arg.shared_arena());
    }
  }
}

template <TypeId kType>
void RegisterExtremes() {
  using T = PhysicalT<kType>;
  ScalarFunctionRegistry::Register({.name = "greatest",
                                    .parameters = {kType},
                                    .varargs = kType,
                                    .return_type = kType,
                                    .kernel = Extreme<T, true>,
                                    .null_handling = NullHandling::kSpecial});
  ScalarFunctionRegistry::Register({.name = "least",
                                    .parameters = {kType},
                                    .varargs = kType,
                                    .return_type = kType,
                                    .kernel = Extreme<T, false>,
                                    .null_handling = NullHandling::kSpecial});
}

void RegisterRounding() {
  Add("abs", {kInt}, kInt, AbsInteger<int32_t>);
  Add("abs", {kBig}, kBig, AbsInteger<int64_t>);
  Add("abs", {kDbl}, kDbl, DoubleMath<std::fabs>);
  Add("sign", {kInt}, kInt, Sign<int32_t>);
  Add("sign", {kBig}, kInt, Sign<int64_t>);
  Add("sign", {kDbl}, kInt, Sign<double>);
  for (const char* name : {"round", "floor", "ceil", "ceiling", "trunc"}) {
    Add(name, {kInt}, kInt, Identity<int32_t>);
    Add(name, {kBig}, kBig, Identity<int64_t>);
  }
  Add("round", {kDbl}, kDbl, DoubleMath<std::round>);
  Add("round", {kDbl, kBig}, kDbl, RoundWithDigits);
  Add("floor", {kDbl}, kDbl, DoubleMath<std::floor>);
  Add("ceil", {kDbl}, kDbl, DoubleMath<std::ceil>);
  Add("ceiling", {kDbl}, kDbl, DoubleMath<std::ceil>);
  Add("trunc", {kDbl}, kDbl, DoubleMath<std::trunc>);
}

}  // namespace

void RegisterMathFunctions() {
  RegisterRounding();
  Add("sqrt", {kDbl}, kDbl,
      [](const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
        CheckedDoubleMath<Sqrt, NonNegative>(args, count, result,
                                             "cannot take square root of a negative number");
      });
  Add("cbrt", {kDbl}, kDbl, DoubleMath<std::cbrt>);
  Add("exp", {kDbl}, kDbl, DoubleMath<std::exp>);
  Add("ln", {kDbl}, kDbl, [](const std::vector<Vector>& a, size_t n, Vector& r, const void*) {
    LogError(a, n, r, Ln);
  });
  for (const char* name : {"log10", "log"}) {
    Add(name, {kDbl}, kDbl, [](const std::vector<Vector>& a, size_t n, Vector& r, const void*) {
      LogError(a, n, r, Log10);
    });
  }
  Add("log2", {kDbl}, kDbl, [](const std::vector<Vector>& a, size_t n, Vector& r, const void*) {
    LogError(a, n, r, Log2);
  });
  for (const char* name : {"power", "pow"}) Add(name, {kDbl, kDbl}, kDbl, Power);
  Add("sin", {kDbl}, kDbl, DoubleMath<std::sin>);
  Add("cos", {kDbl}, kDbl, DoubleMath<std::cos>);
  Add("tan", {kDbl}, kDbl, DoubleMath<std::tan>);
  Add("asin", {kDbl}, kDbl, DoubleMath<std::asin>);
  Add("acos", {kDbl}, kDbl, DoubleMath<std::acos>);
  Add("atan", {kDbl}, kDbl, DoubleMath<std::atan>);
  Add("atan2", {kDbl, kDbl}, kDbl, Atan2);
  Add("degrees", {kDbl}, kDbl, [](const std::vector<Vector>& a, size_t n, Vector& r, const void*) {
    UnaryLoop<double, double>(a[0], n, r, [](double v) { return v * 180.0 / M_PI; });
  });
  Add("radians", {kDbl}, kDbl, [](const std::vector<Vector>& a, size_t n, Vector& r, const void*) {
    UnaryLoop<double, double>(a[0], n, r, [](double v) { return v * M_PI / 180.0; });
  });
  Add("isnan", {kDbl}, TypeId::kBoolean,
      [](const std::vector<Vector>& a, size_t n, Vector& r, const void*) {
        IsNanOrInf<double>(a, n, r, true);
      });
  Add("isinf", {kDbl}, TypeId::kBoolean,
      [](const std::vector<Vector>& a, size_t n, Vector& r, const void*) {
        IsNanOrInf<double>(a, n, r, false);
      });
  Add("pi", {}, kDbl, Pi);
  ScalarFunctionRegistry::Register(
      {.name = "random", .return_type = kDbl, .kernel = Random, .is_volatile = true});
  RegisterExtremes<TypeId::kInteger>();
  RegisterExtremes<TypeId::kBigint>();
  RegisterExtremes<TypeId::kDouble>();
  RegisterExtremes<TypeId::kVarchar>();
  RegisterExtremes<TypeId::kDate>();
  RegisterExtremes<TypeId::kTimestamp>();
  RegisterExtremes<TypeId::kBoolean>();
}

}  // namespace sluice::functions
