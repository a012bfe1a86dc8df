// Dispersion aggregates over DOUBLE (integers convert implicitly): stddev/stddev_samp,
// stddev_pop, variance/var_samp, var_pop. Welford's online update within a state and
// Chan's pairwise formula to combine partial states, so results are numerically stable
// whatever the split across threads. Sample statistics of fewer than two rows are NULL.
#include <cmath>

#include "expr/aggregate_function.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/unary_aggregate.h"

namespace sluice::functions {
namespace {

struct MomentsState {
  int64_t count;
  double mean;
  double m2;  // sum of squared deviations from the mean
};

enum class Statistic { kVarianceSample, kVariancePopulation, kStddevSample, kStddevPopulation };

template <Statistic kStatistic>
struct Moments {
  using State = MomentsState;
  using Input = double;
  static void Init(State& s) { s = {0, 0.0, 0.0}; }
  static void Update(State& s, const double& v) {
    s.count++;
    double delta = v - s.mean;
    s.mean += delta / static_cast<double>(s.count);
    s.m2 += delta * (v - s.mean);
  }
  static void Combine(const State& source, State& target) {
    if (source.count == 0) return;
    if (target.count == 0) {
      target = source;
      return;
    }
    double n_a = static_cast<double>(target.count), n_b = static_cast<double>(source.count);
    double n = n_a + n_b;
    double delta = source.mean - target.mean;
    target.mean += delta * n_b / n;
    target.m2 += source.m2 + delta * delta * n_a * n_b / n;
    target.count += source.count;
  }
  static void Finalize(const State& s, Vector& result, size_t row) {
    constexpr bool kSample =
        kStatistic == Statistic::kVarianceSample || kStatistic == Statistic::kStddevSample;
    int64_t minimum = kSample ? 2 : 1;
    if (s.count < minimum) {
      result.SetNull(row);
      return;
    }
    double variance = s.m2 / static_cast<double>(kSample ? s.count - 1 : s.count);
    if (variance < 0) variance = 0;  // rounding
    constexpr bool kStddev =
        kStatistic == Statistic::kStddevSample || kStatistic == Statistic::kStddevPopulation;
    result.data<double>()[row] = kStddev ? std::sqrt(variance) : variance;
  }
};

template <Statistic kStatistic>
void RegisterStatistic(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    AggregateFunctionRegistry::Register(
        UnaryAggregate<Moments<kStatistic>>::Make(name, TypeId::kDouble, TypeId::kDouble));
  }
}

}  // namespace

void RegisterStatistics() {
  RegisterStatistic<Statistic::kStddevSample>({"stddev", "stddev_samp"});
  RegisterStatistic<Statistic::kStddevPopulation>({"stddev_pop"});
  RegisterStatistic<Statistic::kVarianceSample>({"variance", "var_samp"});
  RegisterStatistic<Statistic::kVariancePopulation>({"var_pop"});
}

}  // namespace sluice::functions
