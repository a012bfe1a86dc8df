// count, count_star, sum and avg.
//
// sum over INTEGER/BIGINT accumulates exactly in 128 bits and returns BIGINT, raising an
// overflow error only if the final sum does not fit (DuckDB returns HUGEINT instead).
// avg over integers divides the exact sum once at the end. sum over DOUBLE is a plain sum.
#include <limits>

#include "common/error.h"
#include "expr/aggregate_function.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/unary_aggregate.h"
#include "expr/functions/vector_loops.h"

namespace sluice::functions {
namespace {

// count(x) and count(*) share the state: a row counter.
void CountInitialize(uint8_t* state) {
  *reinterpret_cast<int64_t*>(state) = 0;
}
void CountUpdate(const std::vector<Vector>&, uint8_t** states, size_t count) {
  for (size_t i = 0; i < count; i++) ++*reinterpret_cast<int64_t*>(states[i]);
}
void CountSimpleUpdate(const std::vector<Vector>&, uint8_t* state, size_t count) {
  *reinterpret_cast<int64_t*>(state) += static_cast<int64_t>(count);
}
void CountCombine(const uint8_t* source, uint8_t* target) {
  *reinterpret_cast<int64_t*>(target) += *reinterpret_cast<const int64_t*>(source);
}
void CountFinalize(uint8_t* state, Vector& result, size_t row) {
  result.data<int64_t>()[row] = *reinterpret_cast<int64_t*>(state);
}

AggregateFunction MakeCount(std::string name, std::vector<TypeId> parameters, bool ignores_nulls) {
  AggregateFunction f;
  f.name = std::move(name);
  f.parameters = std::move(parameters);
  f.return_type = TypeId::kBigint;
  f.state_size = sizeof(int64_t);
  f.ignores_nulls = ignores_nulls;
  f.initialize = CountInitialize;
  f.update = CountUpdate;
  f.simple_update = CountSimpleUpdate;
  f.combine = CountCombine;
  f.finalize = CountFinalize;
  return f;
}

struct IntegerSumState {
  Int128Slot sum;
  int64_t count;
};

// Writes a 128-bit sum as BIGINT, or fails naming the value.
int64_t NarrowSum(Int128 sum) {
  if (sum > std::numeric_limits<int64_t>::max() || sum < std::numeric_limits<int64_t>::min()) {
    throw Error::UserInput("Overflow in sum: the result does not fit in BIGINT");
  }
  return static_cast<int64_t>(sum);
}

template <typename T>
struct IntegerSum {
  using State = IntegerSumState;
  using Input = T;
  static void Init(State& s) {
    s.sum.Set(0);
    s.count = 0;
  }
  static void Update(State& s, const T& v) {
    s.sum.Set(s.sum.Get() + v);
    s.count++;
  }
  static void UpdateRepeated(State& s, const T& v, size_t n) {
    s.sum.Set(s.sum.Get() + static_cast<Int128>(v) * static_cast<Int128>(n));
    s.count += static_cast<int64_t>(n);
  }
  static void Combine(const State& source, State& target) {
    target.sum.Set(target.sum.Get() + source.sum.Get());
    target.count += source.count;
  }
  static void Finalize(const State& s, Vector& result, size_t row) {
    if (s.count == 0) {
      result.SetNull(row);
      return;
    }
    result.data<int64_t>()[row] = NarrowSum(s.sum.Get());
  }
};

// A faster ungrouped path for integer sums: accumulate in 64 bits with overflow checks,
// folding into 128 bits only when a partial sum would overflow.
template <typename T>
void IntegerSumSimpleUpdate(const std::vector<Vector>& args, uint8_t* state, size_t count) {
  auto& s = *reinterpret_cast<IntegerSumState*>(state);
  const Vector& arg = args[0];
  const T* data = arg.data<T>();
  if (arg.is_constant()) {
    IntegerSum<T>::UpdateRepeated(s, data[0], count);
    return;
  }
  Int128 total = s.sum.Get();
  int64_t partial = 0;
  for (size_t i = 0; i < count; i++) {
    int64_t next;
    if (__builtin_add_overflow(partial, int64_t{data[i]}, &next)) [[unlikely]] {
      total += partial;
      next = data[i];
    }
    partial = next;
  }
  s.sum.Set(total + partial);
  s.count += static_cast<int64_t>(count);
}

struct DoubleSumState {
  double sum;
  int64_t count;
};

struct DoubleSum {
  using State = DoubleSumState;
  using Input = double;
  static void Init(State& s) { s = {0.0, 0}; }
  static void Update(State& s, const double& v) {
    s.sum += v;
    s.count++;
  }
  static void UpdateRepeated(State& s, const double& v, size_t n) {
    s.sum += v * static_cast<double>(n);
    s.count += static_cast<int64_t>(n);
  }
  static void Combine(const State& source, State& target) {
    target.sum += source.sum;
    target.count += source.count;
  }
  static void Finalize(const State& s, Vector& result, size_t row) {
    if (s.count == 0) {
      result.SetNull(row);
      return;
    }
    result.data<double>()[row] = s.sum;
  }
};

template <typename T>
struct IntegerAvg : IntegerSum<T> {
  static void Finalize(const IntegerSumState& s, Vector& result, size_t row) {
    if (s.count == 0) {
      result.SetNull(row);
      return;
    }
    Int128 sum = s.sum.Get();
    // Split into quotient and remainder so huge sums keep full precision.
    Int128 quotient = sum / s.count;
    Int128 remainder = sum % s.count;
    result.data<double>()[row] = static_cast<double>(quotient) +
                                 static_cast<double>(remainder) / static_cast<double>(s.count);
  }
};

struct DoubleAvg : DoubleSum {
  static void Finalize(const DoubleSumState& s, Vector& result, size_t row) {
    if (s.count == 0) {
      result.SetNull(row);
      return;
    }
    result.data<double>()[row] = s.sum / static_cast<double>(s.count);
  }
};

}  // namespace

void RegisterCountSumAvg() {
  AggregateFunctionRegistry::Register(MakeCount("count_star", {}, false));
  AggregateFunctionRegistry::Register(MakeCount("count", {TypeId::kNull}, true));

  auto sum_int =
      UnaryAggregate<IntegerSum<int32_t>>::Make("sum", TypeId::kInteger, TypeId::kBigint);
  sum_int.simple_update = IntegerSumSimpleUpdate<int32_t>;
  AggregateFunctionRegistry::Register(std::move(sum_int));
  auto sum_big = UnaryAggregate<IntegerSum<int64_t>>::Make("sum", TypeId::kBigint, TypeId::kBigint);
  sum_big.simple_update = IntegerSumSimpleUpdate<int64_t>;
  AggregateFunctionRegistry::Register(std::move(sum_big));
  AggregateFunctionRegistry::Register(
      UnaryAggregate<DoubleSum>::Make("sum", TypeId::kDouble, TypeId::kDouble));

  for (const char* name : {"avg", "mean"}) {
    auto avg_int =
        UnaryAggregate<IntegerAvg<int32_t>>::Make(name, TypeId::kInteger, TypeId::kDouble);
    avg_int.simple_update = IntegerSumSimpleUpdate<int32_t>;
    AggregateFunctionRegistry::Register(std::move(avg_int));
    auto avg_big =
        UnaryAggregate<IntegerAvg<int64_t>>::Make(name, TypeId::kBigint, TypeId::kDouble);
    avg_big.simple_update = IntegerSumSimpleUpdate<int64_t>;
    AggregateFunctionRegistry::Register(std::move(avg_big));
    AggregateFunctionRegistry::Register(
        UnaryAggregate<DoubleAvg>::Make(name, TypeId::kDouble, TypeId::kDouble));
  }
}

}  // namespace sluice::functions
