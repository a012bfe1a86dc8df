// approx_count_distinct(x): a HyperLogLog sketch with 2^12 one-byte registers (standard
// error about 1.6%) over 64-bit XXH3 hashes of the value bytes, with linear counting for
// small cardinalities. Registers are allocated on the first row, so empty groups cost
// one pointer; destroy frees them. Combining takes the register-wise maximum.
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "expr/aggregate_function.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/vector_loops.h"

namespace sluice::functions {
namespace {

constexpr int kIndexBits = 12;
constexpr size_t kRegisters = size_t{1} << kIndexBits;

struct SketchState {
  uint8_t* registers;  // kRegisters bytes, nullptr while empty
};

SketchState& StateOf(uint8_t* p) {
  return *reinterpret_cast<SketchState*>(p);
}

uint8_t* Registers(SketchState& s) {
  if (s.registers == nullptr) {
    s.registers = new uint8_t[kRegisters];
    std::memset(s.registers, 0, kRegisters);
  }
  return s.registers;
}

inline void AddHash(uint8_t* registers, uint64_t hash) {
  size_t index = hash >> (64 - kIndexBits);
  uint64_t rest = hash << kIndexBits;
  // Rank of the first set bit in the remaining bits (1-based); all-zero gets the maximum.
  uint8_t rank = rest == 0 ? static_cast<uint8_t>(64 - kIndexBits + 1)
                           : static_cast<uint8_t>(__builtin_clzll(rest) + 1);
  registers[index] = std::max(registers[index], rank);
}

template <typename T>
inline uint64_t HashValue(const T& v) {
  if constexpr (std::is_same_v<T, StringRef>) {
    return XXH3_64bits(v.data, v.size);
  } else {
    return XXH3_64bits(&v, sizeof(T));
  }
}

void Initialize(uint8_t* state) {
  StateOf(state).registers = nullptr;
}

template <typename T>
void Update(const std::vector<Vector>& args, uint8_t** states, size_t count) {
  for (size_t i = 0; i < count; i++) {
    AddHash(Registers(StateOf(states[i])), HashValue(RowValue<T>(args[0], i)));
  }
}

template <typename T>
void SimpleUpdate(const std::vector<Vector>& args, uint8_t* state, size_t count) {
  if (count == 0) return;
  uint8_t* registers = Registers(StateOf(state));
  if (args[0].is_constant()) {
    AddHash(registers, HashValue(args[0].data<T>()[0]));
    return;
  }
  const T* data = args[0].data<T>();
  for (size_t i = 0; i < count; i++) AddHash(registers, HashValue(data[i]));
}

void Combine(const uint8_t* source, uint8_t* target) {
  const auto& from = *reinterpret_cast<const SketchState*>(source);
  if (from.registers == nullptr) return;
  uint8_t* to = Registers(StateOf(target));
  for (size_t i = 0; i < kRegisters; i++) to[i] = std::max(to[i], from.registers[i]);
}

int64_t Estimate(const uint8_t* registers) {
  double m = static_cast<double>(kRegisters);
  double sum = 0;
  size_t zeros = 0;
  for (size_t i = 0; i < kRegisters; i++) {
    sum += std::ldexp(1.0, -registers[i]);
    zeros += registers[i] == 0;
  }
  double alpha = 0.7213 / (1.0 + 1.079 / m);
  double estimate = alpha * m * m / sum;
  if (estimate <= 2.5 * m && zeros > 0) {
    estimate = m * std::log(m / static_cast<double>(zeros));  // linear counting
  }
  return static_cast<int64_t>(std::llround(estimate));
}

void Finalize(uint8_t* state, Vector& result, size_t row) {
  const auto& s = StateOf(state);
  result.data<int64_t>()[row] = s.registers == nullptr ? 0 : Estimate(s.registers);
}

void Destroy(uint8_t* state) {
  delete[] StateOf(state).registers;
  StateOf(state).registers = nullptr;
}

template <TypeId kType>
void RegisterForType() {
  using T = PhysicalT<kType>;
  AggregateFunction f;
  f.name = "approx_count_distinct";
  f.parameters = {kType};
  f.return_type = TypeId::kBigint;
  f.state_size = sizeof(SketchState);
  f.initialize = Initialize;
  f.update = Update<T>;
  f.simple_update = SimpleUpdate<T>;
  f.combine = Combine;
  f.finalize = Finalize;
  f.destroy = Destroy;
  AggregateFunctionRegistry::Register(std::move(f));
}

}  // namespace

void RegisterHyperLogLog() {
  RegisterForType<TypeId::kVarchar>();
  RegisterForType<TypeId::kBigint>();
  RegisterForType<TypeId::kInteger>();
  RegisterForType<TypeId::kDouble>();
  RegisterForType<TypeId::kDate>();
  RegisterForType<TypeId::kTimestamp>();
  RegisterForType<TypeId::kBoolean>();
}

}  // namespace sluice::functions
