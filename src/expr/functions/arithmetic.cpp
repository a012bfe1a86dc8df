// Arithmetic operators: + - * / // % and unary negate over INTEGER, BIGINT and DOUBLE,
// plus DATE +/- days and DATE - DATE.
//
// DuckDB semantics: integer + - * stay in their type and raise an overflow error (only
// for rows where both inputs are valid); "/" always divides as DOUBLE; "//" is integer
// division truncating toward zero; integer division or modulo by zero yields NULL, DOUBLE
// division and modulo follow IEEE 754 (inf, NaN) as DuckDB 1.5 does.
#include <cmath>
#include <functional>
#include <limits>

#include "common/error.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"
#include "types/text_codec.h"

namespace sluice::functions {
namespace {

constexpr TypeId kInt = TypeId::kInteger;
constexpr TypeId kBig = TypeId::kBigint;
constexpr TypeId kDbl = TypeId::kDouble;
constexpr TypeId kDate = TypeId::kDate;

struct AddOp {
  static constexpr const char* kName = "addition";
  static constexpr const char* kSymbol = "+";
  template <typename T>
  static bool Apply(T a, T b, T& out) {
    return __builtin_add_overflow(a, b, &out);
  }
};
struct SubtractOp {
  static constexpr const char* kName = "subtraction";
  static constexpr const char* kSymbol = "-";
  template <typename T>
  static bool Apply(T a, T b, T& out) {
    return __builtin_sub_overflow(a, b, &out);
  }
};
struct MultiplyOp {
  static constexpr const char* kName = "multiplication";
  static constexpr const char* kSymbol = "*";
  template <typename T>
  static bool Apply(T a, T b, T& out) {
    return __builtin_mul_overflow(a, b, &out);
  }
};

// Integer + - * with overflow errors.
template <typename T, typename Op>
void CheckedIntegerKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                          const void*) {
  int64_t bad = CheckedBinaryLoop<T, T, T>(args[0], args[1], count, result,
                                           [](T a, T b, T& out) { return Op::Apply(a, b, out); });
  if (bad >= 0) {
    size_t row = static_cast<size_t>(bad);
    throw Error::UserInput("Overflow in {} of {} ({} {} {})", Op::kName, TypeName(result.type()),
                           RowValue<T>(args[0], row), Op::kSymbol, RowValue<T>(args[1], row));
  }
}

template <typename Op>
void DoubleKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<double, double, double>(args[0], args[1], count, result, Op());
}

template <TypeId kType, typename Op>
void RegisterChecked(const char* name) {
  ScalarFunctionRegistry::Register({.name = name,
                                    .parameters = {kType, kType},
                                    .return_type = kType,
                                    .kernel = CheckedIntegerKernel<PhysicalT<kType>, Op>});
}

// Marks rows whose divisor is zero NULL, after the usual NULL propagation.
template <typename T>
void NullOnZeroDivisor(const std::vector<Vector>& args, size_t count, Vector& result) {
  PropagateValidity(args, count, result);
  const Vector& divisor = args[1];
  const T* d = divisor.data<T>();
  if (divisor.is_constant()) {
    if (d[0] == 0) {
      for (size_t i = 0; i < count; i++) result.SetNull(i);
    }
    return;
  }
  for (size_t i = 0; i < count; i++) {
    if (d[i] == 0) result.SetNull(i);
  }
}

// DOUBLE division follows IEEE 754 (1/0 = inf, 0/0 = NaN), as DuckDB does.
void DivideDouble(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<double, double, double>(args[0], args[1], count, result,
                                     [](double a, double b) { return a / b; });
  PropagateValidity(args, count, result);
}

template <typename T>
void IntegerDivide(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  int64_t bad = CheckedBinaryLoop<T, T, T>(args[0], args[1], count, result, [](T a, T b, T& out) {
    if (b == 0) {
      out = 0;
      return false;
    }
    if (b == -1) return __builtin_sub_overflow(T{0}, a, &out);
    out = a / b;
    return false;
  });
  if (bad >= 0) {
    size_t row = static_cast<size_t>(bad);
    throw Error::UserInput("Overflow in division of {} ({} // {})", TypeName(result.type()),
                           RowValue<T>(args[0], row), RowValue<T>(args[1], row));
  }
  NullOnZeroDivisor<T>(args, count, result);
}

void FloorDivideDouble(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<double, double, double>(args[0], args[1], count, result,
                                     [](double a, double b) { return std::floor(a / b); });
  PropagateValidity(args, count, result);
}

template <typename T>
void IntegerModulo(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<T, T, T>(args[0], args[1], count, result,
                      [](T a, T b) { return (b == 0 || b == -1) ? T{0} : static_cast<T>(a % b); });
  NullOnZeroDivisor<T>(args, count, result);
}

void DoubleModulo(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<double, double, double>(args[0], args[1], count, result,
                                     [](double a, double b) { return std::fmod(a, b); });
  PropagateValidity(args, count, result);
}

template <typename T>
void NegateInteger(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  const Vector& in = args[0];
  T* out = result.data<T>();
  for (size_t i = 0; i < count; i++) {
    T v = RowValue<T>(in, i);
    if (v == std::numeric_limits<T>::min()) [[unlikely]] {
      if (RowValid(in, i)) {
        throw Error::UserInput("Overflow in negation of {} (-{})", TypeName(result.type()), v);
      }
      out[i] = 0;
      continue;
    }
    out[i] = -v;
  }
}

void NegateDouble(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  UnaryLoop<double, double>(args[0], count, result, [](double v) { return -v; });
}

// DATE +/- a number of days; `sign` is +1 or -1. The day count must stay in DATE's range.
template <typename Days, int kSign, bool kDaysFirst>
void DatePlusDays(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  const Vector& date = args[kDaysFirst ? 1 : 0];
  const Vector& days = args[kDaysFirst ? 0 : 1];
  int32_t* out = result.data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    int64_t v = int64_t{RowValue<int32_t>(date, i)} + kSign * int64_t{RowValue<Days>(days, i)};
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
        [[unlikely]] {
      if (RowValid(date, i) && RowValid(days, i)) {
        throw Error::UserInput("Overflow in date arithmetic ({} {} {} days)",
                               FormatDate(RowValue<int32_t>(date, i)), kSign > 0 ? "+" : "-",
                               RowValue<Days>(days, i));
      }
      v = 0;
    }
    out[i] = static_cast<int32_t>(v);
  }
}

void DateMinusDate(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  BinaryLoop<int32_t, int32_t, int64_t>(args[0], args[1], count, result, [](int32_t a, int32_t b) {
    return int64_t{a} - int64_t{b};
  });
}

void RegisterDateArithmetic() {
  ScalarFunctionRegistry::Register({.name = "+",
                                    .parameters = {kDate, kInt},
                                    .return_type = kDate,
                                    .kernel = DatePlusDays<int32_t, 1, false>});
  ScalarFunctionRegistry::Register({.name = "+",
                                    .parameters = {kInt, kDate},
                                    .return_type = kDate,
                                    .kernel = DatePlusDays<int32_t, 1, true>});
  ScalarFunctionRegistry::Register({.name = "+",
                                    .parameters = {kDate, kBig},
                                    .return_type = kDate,
                                    .kernel = DatePlusDays<int64_t, 1, false>});
  ScalarFunctionRegistry::Register({.name = "+",
                                    .parameters = {kBig, kDate},
                                    .return_type = kDate,
                                    .kernel = DatePlusDays<int64_t, 1, true>});
  ScalarFunctionRegistry::Register({.name = "-",
                                    .parameters = {kDate, kInt},
                                    .return_type = kDate,
                                    .kernel = DatePlusDays<int32_t, -1, false>});
  ScalarFunctionRegistry::Register({.name = "-",
                                    .parameters = {kDate, kBig},
                                    .return_type = kDate,
                                    .kernel = DatePlusDays<int64_t, -1, false>});
  ScalarFunctionRegistry::Register(
      {.name = "-", .parameters = {kDate, kDate}, .return_type = kBig, .kernel = DateMinusDate});
}

}  // namespace

void RegisterArithmetic() {
  RegisterChecked<kInt, AddOp>("+");
  RegisterChecked<kBig, AddOp>("+");
  ScalarFunctionRegistry::Register({.name = "+",
                                    .parameters = {kDbl, kDbl},
                                    .return_type = kDbl,
                                    .kernel = DoubleKernel<std::plus<double>>});
  RegisterChecked<kInt, SubtractOp>("-");
  RegisterChecked<kBig, SubtractOp>("-");
  ScalarFunctionRegistry::Register({.name = "-",
                                    .parameters = {kDbl, kDbl},
                                    .return_type = kDbl,
                                    .kernel = DoubleKernel<std::minus<double>>});
  RegisterChecked<kInt, MultiplyOp>("*");
  RegisterChecked<kBig, MultiplyOp>("*");
  ScalarFunctionRegistry::Register({.name = "*",
                                    .parameters = {kDbl, kDbl},
                                    .return_type = kDbl,
                                    .kernel = DoubleKernel<std::multiplies<double>>});
  ScalarFunctionRegistry::Register({.name = "/",
                                    .parameters = {kDbl, kDbl},
                                    .return_type = kDbl,
                                    .kernel = DivideDouble,
                                    .null_handling = NullHandling::kSpecial});
  for (const char* name : {"//", "divide"}) {
    ScalarFunctionRegistry::Register({.name = name,
                                      .parameters = {kInt, kInt},
                                      .return_type = kInt,
                                      .kernel = IntegerDivide<int32_t>,
                                      .null_handling = NullHandling::kSpecial});
    ScalarFunctionRegistry::Register({.name = name,
                                      .parameters = {kBig, kBig},
                                      .return_type = kBig,
                                      .kernel = IntegerDivide<int64_t>,
                                      .null_handling = NullHandling::kSpecial});
    ScalarFunctionRegistry::Register({.name = name,
                                      .parameters = {kDbl, kDbl},
                                      .return_type = kDbl,
                                      .kernel = FloorDivideDouble,
                                      .null_handling = NullHandling::kSpecial});
  }
  for (const char* name : {"%", "mod"}) {
    ScalarFunctionRegistry::Register({.name = name,
                                      .parameters = {kInt, kInt},
                                      .return_type = kInt,
                                      .kernel = IntegerModulo<int32_t>,
                                      .null_handling = NullHandling::kSpecial});
    ScalarFunctionRegistry::Register({.name = name,
                                      .parameters = {kBig, kBig},
                                      .return_type = kBig,
                                      .kernel = IntegerModulo<int64_t>,
                                      .null_handling = NullHandling::kSpecial});
    ScalarFunctionRegistry::Register({.name = name,
                                      .parameters = {kDbl, kDbl},
                                      .return_type = kDbl,
                                      .kernel = DoubleModulo,
                                      .null_handling = NullHandling::kSpecial});
  }
  ScalarFunctionRegistry::Register({.name = "negate",
                                    .parameters = {kInt},
                                    .return_type = kInt,
                                    .kernel = NegateInteger<int32_t>});
  ScalarFunctionRegistry::Register({.name = "negate",
                                    .parameters = {kBig},
                                    .return_type = kBig,
                                    .kernel = NegateInteger<int64_t>});
  ScalarFunctionRegistry::Register(
      {.name = "negate", .parameters = {kDbl}, .return_type = kDbl, .kernel = NegateDouble});
  RegisterDateArithmetic();
}

}  // namespace sluice::functions
