// arg_min(x, y) / arg_max(x, y) (aliases min_by, max_by, argmin, argmax): the x of the row
// with the smallest / largest y. Ties keep the first row seen. Both values are held in
// ValueSlots (strings owned by the state, freed by destroy).
#include "expr/aggregate_function.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/value_slot.h"
#include "expr/functions/vector_loops.h"

namespace sluice::functions {
namespace {

template <typename X, typename Y>
struct ArgState {
  ValueSlot<X> x;
  ValueSlot<Y> y;
  bool has;
};

template <typename X, typename Y, bool kMax>
struct ArgExtreme {
  using State = ArgState<X, Y>;
  static State& Of(uint8_t* p) { return *reinterpret_cast<State*>(p); }

  static bool Better(const Y& candidate, const Y& current) {
    return kMax ? current < candidate : candidate < current;
  }
  static void Offer(State& s, const X& x, const Y& y) {
    if (s.has && !Better(y, s.y.Get())) return;
    s.x.Set(x);
    s.y.Set(y);
    s.has = true;
  }

  static void Initialize(uint8_t* p) {
    State& s = *new (p) State;
    s.x.Clear();
    s.y.Clear();
    s.has = false;
  }
  static void Update(const std::vector<Vector>& args, uint8_t** states, size_t count) {
    for (size_t i = 0; i < count; i++) {
      Offer(Of(states[i]), RowValue<X>(args[0], i), RowValue<Y>(args[1], i));
    }
  }
  static void SimpleUpdate(const std::vector<Vector>& args, uint8_t* state, size_t count) {
    State& s = Of(state);
    for (size_t i = 0; i < count; i++) Offer(s, RowValue<X>(args[0], i), RowValue<Y>(args[1], i));
  }
  static void Combine(const uint8_t* source, uint8_t* target) {
    const State& from = *reinterpret_cast<const State*>(source);
    if (from.has) Offer(Of(target), from.x.Get(), from.y.Get());
  }
  static void Finalize(uint8_t* state, Vector& result, size_t row) {
    const State& s = Of(state);
    if (!s.has) {
      if constexpr (std::is_same_v<X, StringRef>) result.data<StringRef>()[row] = StringRef("", 0);
      result.SetNull(row);
      return;
    }
    if constexpr (std::is_same_v<X, StringRef>) {
      result.data<StringRef>()[row] = result.AddString(s.x.Get().view());
    } else {
      result.data<X>()[row] = s.x.Get();
    }
  }
  static void Destroy(uint8_t* state) {
    State& s = Of(state);
    s.x.Free();
    s.y.Free();
  }

  static AggregateFunction Make(const char* name, TypeId x_type, TypeId y_type) {
    AggregateFunction f;
    f.name = name;
    f.parameters = {x_type, y_type};
    f.return_type = x_type;
    f.state_size = sizeof(State);
    f.initialize = Initialize;
    f.update = Update;
    f.simple_update = SimpleUpdate;
    f.combine = Combine;
    f.finalize = Finalize;
    f.destroy = Destroy;
    return f;
  }
};

template <TypeId kX, TypeId kY>
void RegisterPair() {
  using X = PhysicalT<kX>;
  using Y = PhysicalT<kY>;
  for (const char* name : {"arg_min", "argmin", "min_by"}) {
    AggregateFunctionRegistry::Register(ArgExtreme<X, Y, false>::Make(name, kX, kY));
  }
  for (const char* name : {"arg_max", "argmax", "max_by"}) {
    AggregateFunctionRegistry::Register(ArgExtreme<X, Y, true>::Make(name, kX, kY));
  }
}

template <TypeId kX>
void RegisterForValueType() {
  RegisterPair<kX, TypeId::kInteger>();
  RegisterPair<kX, TypeId::kBigint>();
  RegisterPair<kX, TypeId::kDouble>();
  RegisterPair<kX, TypeId::kVarchar>();
  RegisterPair<kX, TypeId::kDate>();
  RegisterPair<kX, TypeId::kTimestamp>();
}

}  // namespace

void RegisterArgMinMax() {
  RegisterForValueType<TypeId::kInteger>();
  RegisterForValueType<TypeId::kBigint>();
  RegisterForValueType<TypeId::kDouble>();
  RegisterForValueType<TypeId::kVarchar>();
  RegisterForValueType<TypeId::kDate>();
  RegisterForValueType<TypeId::kTimestamp>();
  RegisterForValueType<TypeId::kBoolean>();
}

}  // namespace sluice::functions
