// Folds of an associative operator over the group: bool_and / bool_or over BOOLEAN and
// product over DOUBLE. NULL for a group without rows.
#include "expr/aggregate_function.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/unary_aggregate.h"

namespace sluice::functions {
namespace {

struct BoolState {
  uint8_t value;
  uint8_t has;
};

template <bool kAnd>
struct BoolFold {
  using State = BoolState;
  using Input = uint8_t;
  static void Init(State& s) { s = {kAnd ? uint8_t{1} : uint8_t{0}, 0}; }
  static void Update(State& s, const uint8_t& v) {
    s.value = kAnd ? (s.value & (v != 0)) : (s.value | (v != 0));
    s.has = 1;
  }
  static void Combine(const State& source, State& target) {
    if (source.has) Update(target, source.value);
  }
  static void Finalize(const State& s, Vector& result, size_t row) {
    if (!s.has) {
      result.SetNull(row);
      return;
    }
    result.data<uint8_t>()[row] = s.value;
  }
};

struct ProductState {
  double value;
  int64_t count;
};

struct Product {
  using State = ProductState;
  using Input = double;
  static void Init(State& s) { s = {1.0, 0}; }
  static void Update(State& s, const double& v) {
    s.value *= v;
    s.count++;
  }
  static void Combine(const State& source, State& target) {
    target.value *= source.value;
    target.count += source.count;
  }
  static void Finalize(const State& s, Vector& result, size_t row) {
    if (s.count == 0) {
      result.SetNull(row);
      return;
    }
    result.data<double>()[row] = s.value;
  }
};

}  // namespace

void RegisterFoldAggregates() {
  constexpr TypeId kBoolean = TypeId::kBoolean;
  AggregateFunctionRegistry::Register(
      UnaryAggregate<BoolFold<true>>::Make("bool_and", kBoolean, kBoolean));
  AggregateFunctionRegistry::Register(
      UnaryAggregate<BoolFold<false>>::Make("bool_or", kBoolean, kBoolean));
  AggregateFunctionRegistry::Register(
      UnaryAggregate<Product>::Make("product", TypeId::kDouble, TypeId::kDouble));
}

}  // namespace sluice::functions
