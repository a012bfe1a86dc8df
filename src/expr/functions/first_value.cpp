// first(x) / any_value(x) / arbitrary(x): some non-NULL value of the group — the first
// row seen by the state that saw rows first. NULL rows are skipped (the operator filters
// them), so the result is NULL only for a group of NULLs.
#include "expr/aggregate_function.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/unary_aggregate.h"
#include "expr/functions/value_slot.h"
#include "expr/functions/vector_loops.h"

namespace sluice::functions {
namespace {

template <typename T>
struct FirstState {
  ValueSlot<T> value;
  bool has;
};

template <typename T>
struct First {
  using State = FirstState<T>;
  using Input = T;
  static void Init(State& s) {
    s.value.Clear();
    s.has = false;
  }
  static void Update(State& s, const T& v) {
    if (s.has) return;
    s.value.Set(v);
    s.has = true;
  }
  static void UpdateRepeated(State& s, const T& v, size_t) { Update(s, v); }
  static void Combine(const State& source, State& target) {
    if (source.has) Update(target, source.value.Get());
  }
  static void Finalize(const State& s, Vector& result, size_t row) {
    if (!s.has) {
      if constexpr (std::is_same_v<T, StringRef>) result.data<StringRef>()[row] = StringRef("", 0);
      result.SetNull(row);
      return;
    }
    if constexpr (std::is_same_v<T, StringRef>) {
      result.data<StringRef>()[row] = result.AddString(s.value.Get().view());
    } else {
      result.data<T>()[row] = s.value.Get();
    }
  }
  static void Destroy(State& s) { s.value.Free(); }
};

template <TypeId kType>
void RegisterForType() {
  for (const char* name : {"first", "any_value", "arbitrary"}) {
    AggregateFunctionRegistry::Register(
        UnaryAggregate<First<PhysicalT<kType>>>::Make(name, kType, kType));
  }
}

}  // namespace

void RegisterFirstValue() {
  RegisterForType<TypeId::kInteger>();
  RegisterForType<TypeId::kBigint>();
  RegisterForType<TypeId::kDouble>();
  RegisterForType<TypeId::kVarchar>();
  RegisterForType<TypeId::kDate>();
  RegisterForType<TypeId::kTimestamp>();
  RegisterForType<TypeId::kBoolean>();
}

}  // namespace sluice::functions
