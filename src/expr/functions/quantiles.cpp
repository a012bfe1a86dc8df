// Holistic aggregates: median, quantile_cont(x, q) (linear interpolation between the two
// nearest ranks) and quantile_disc/quantile(x, q) (the value at rank floor((n-1)*q)).
// The state owns a heap vector of the group's values (freed by destroy); q is a constant
// argument, read from the argument vector on each update and kept in the state.
#include <algorithm>
#include <cmath>
#include <vector>

#include "common/error.h"
#include "expr/aggregate_function.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/vector_loops.h"

namespace sluice::functions {
namespace {

template <typename T>
struct QuantileState {
  std::vector<T>* values;
  double q;
};

template <typename T>
QuantileState<T>& StateOf(uint8_t* p) {
  return *reinterpret_cast<QuantileState<T>*>(p);
}

template <typename T>
void Initialize(uint8_t* state) {
  StateOf<T>(state) = {nullptr, 0.5};
}

template <typename T>
std::vector<T>& Values(QuantileState<T>& s) {
  if (s.values == nullptr) s.values = new std::vector<T>();
  return *s.values;
}

// The quantile argument (if any): a constant in [0, 1].
double ReadQuantile(const std::vector<Vector>& args) {
  if (args.size() < 2) return 0.5;
  double q = RowValue<double>(args[1], 0);
  if (!(q >= 0 && q <= 1)) {
    throw Error::UserInput("quantile: the quantile must be between 0 and 1, got {}", q);
  }
  return q;
}

template <typename T>
void Update(const std::vector<Vector>& args, uint8_t** states, size_t count) {
  if (count == 0) return;
  double q = ReadQuantile(args);
  for (size_t i = 0; i < count; i++) {
    auto& s = StateOf<T>(states[i]);
    s.q = q;
    Values(s).push_back(RowValue<T>(args[0], i));
  }
}

template <typename T>
void SimpleUpdate(const std::vector<Vector>& args, uint8_t* state, size_t count) {
  if (count == 0) return;
  auto& s = StateOf<T>(state);
  s.q = ReadQuantile(args);
  auto& values = Values(s);
  if (args[0].is_constant()) {
    values.insert(values.end(), count, args[0].data<T>()[0]);
  } else {
    values.insert(values.end(), args[0].data<T>(), args[0].data<T>() + count);
  }
}

template <typename T>
void Combine(const uint8_t* source, uint8_t* target) {
  const auto& from = *reinterpret_cast<const QuantileState<T>*>(source);
  if (from.values == nullptr || from.values->empty()) return;
  auto& to = StateOf<T>(target);
  to.q = from.q;
  Values(to).insert(Values(to).end(), from.values->begin(), from.values->end());
}

template <typename T>
void Destroy(uint8_t* state) {
  auto& s = StateOf<T>(state);
  delete s.values;
  s.values = nullptr;
}

// The element of rank `k` (0-based) in ascending order.
template <typename T>
T Rank(std::vector<T>& values, size_t k) {
  std::nth_element(values.begin(), values.begin() + static_cast<ptrdiff_t>(k), values.end());
  return values[k];
}

template <typename T>
void FinalizeContinuous(uint8_t* state, Vector& result, size_t row) {
  auto& s = StateOf<T>(state);
  if (s.values == nullptr || s.values->empty()) {
    result.SetNull(row);
    return;
  }
  auto& values = *s.values;
  double position = s.q * static_cast<double>(values.size() - 1);
  size_t lower = static_cast<size_t>(std::floor(position));
  size_t upper = static_cast<size_t>(std::ceil(position));
  double low = static_cast<double>(Rank(values, lower));
  double high = upper == lower ? low : static_cast<double>(Rank(values, upper));
  result.data<double>()[row] = low + (position - static_cast<double>(lower)) * (high - low);
}

template <typename T>
void FinalizeDiscrete(uint8_t* state, Vector& result, size_t row) {
  auto& s = StateOf<T>(state);
  if (s.values == nullptr || s.values->empty()) {
    result.SetNull(row);
    return;
  }
  auto& values = *s.values;
  size_t k = static_cast<size_t>(std::floor(s.q * static_cast<double>(values.size() - 1)));
  result.data<T>()[row] = Rank(values, k);
}

template <typename T>
AggregateFunction Make(const char* name, std::vector<TypeId> parameters, TypeId return_type,
                       bool continuous) {
  AggregateFunction f;
  f.name = name;
  f.parameters = std::move(parameters);
  f.return_type = return_type;
  f.state_size = sizeof(QuantileState<T>);
  f.initialize = Initialize<T>;
  f.update = Update<T>;
  f.simple_update = SimpleUpdate<T>;
  f.combine = Combine<T>;
  f.finalize = continuous ? FinalizeContinuous<T> : FinalizeDiscrete<T>;
  f.destroy = Destroy<T>;
  return f;
}

template <TypeId kType>
void RegisterDiscrete(const char* name) {
  AggregateFunctionRegistry::Register(
      Make<PhysicalT<kType>>(name, {kType, TypeId::kDouble}, kType, false));
}

}  // namespace

void RegisterQuantiles() {
  constexpr TypeId kDouble = TypeId::kDouble;
  AggregateFunctionRegistry::Register(Make<double>("median", {kDouble}, kDouble, true));
  AggregateFunctionRegistry::Register(
      Make<double>("quantile_cont", {kDouble, kDouble}, kDouble, true));
  for (const char* name : {"quantile_disc", "quantile"}) {
    RegisterDiscrete<TypeId::kInteger>(name);
    RegisterDiscrete<TypeId::kBigint>(name);
    RegisterDiscrete<TypeId::kDouble>(name);
    RegisterDiscrete<TypeId::kDate>(name);
    RegisterDiscrete<TypeId::kTimestamp>(name);
  }
}

}  // namespace sluice::functions
