// UnaryAggregate — builds an AggregateFunction (expr/aggregate_function.h) from a policy
// class describing one aggregate over one argument, so every aggregate's grouped and
// ungrouped loops are tight, inlined instantiations instead of per-row indirect calls.
//
// A policy provides:
//   using State = ...;   // trivially copyable, alignment <= 8, lives in the state slot
//   using Input = ...;   // physical type of the argument (PhysicalT<...>)
//   static void Init(State&);
//   static void Update(State&, const Input&);
//   static void Combine(const State& source, State& target);
//   static void Finalize(const State&, Vector& result, size_t row);
// and optionally:
//   static void UpdateRepeated(State&, const Input&, size_t count);   // constant input
//   static void Destroy(State&);                                     // frees owned memory
//
// Thread-safety: stateless templates; callbacks touch only the states they are given.
#pragma once

#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "expr/aggregate_function.h"

namespace sluice::functions {

// 128-bit accumulators for exact integer sums (the extension keeps -Wpedantic quiet).
__extension__ typedef __int128 Int128;

// Loads/stores an Int128 kept in two 8-byte words (state slots are only 8-byte aligned).
struct Int128Slot {
  uint64_t words[2];
  Int128 Get() const {
    Int128 v;
    std::memcpy(&v, words, sizeof(v));
    return v;
  }
  void Set(Int128 v) { std::memcpy(words, &v, sizeof(v)); }
};

template <typename Policy>
struct UnaryAggregate {
  using State = typename Policy::State;
  using Input = typename Policy::Input;
  static_assert(alignof(State) <= 8, "state slots are 8-byte aligned");

  static State& Of(uint8_t* p) { return *reinterpret_cast<State*>(p); }

  static void Initialize(uint8_t* state) { Policy::Init(*new (state) State); }

  static void Update(const std::vector<Vector>& args, uint8_t** states, size_t count) {
    const Vector& arg = args[0];
    const Input* data = arg.data<Input>();
    if (arg.is_constant()) {
      for (size_t i = 0; i < count; i++) Policy::Update(Of(states[i]), data[0]);
    } else {
      for (size_t i = 0; i < count; i++) Policy::Update(Of(states[i]), data[i]);
    }
  }

  static void SimpleUpdate(const std::vector<Vector>& args, uint8_t* state, size_t count) {
    const Vector& arg = args[0];
    const Input* data = arg.data<Input>();
    if (count == 0) return;
    State local = Of(state);  // a local copy the compiler can keep in registers
    if (arg.is_constant()) {
      if constexpr (requires { Policy::UpdateRepeated(local, data[0], count); }) {
        Policy::UpdateRepeated(local, data[0], count);
      } else {
        for (size_t i = 0; i < count; i++) Policy::Update(local, data[0]);
      }
    } else {
      for (size_t i = 0; i < count; i++) Policy::Update(local, data[i]);
    }
    Of(state) = local;
  }

  static void Combine(const uint8_t* source, uint8_t* target) {
    Policy::Combine(*reinterpret_cast<const State*>(source), Of(target));
  }

  static void Finalize(uint8_t* state, Vector& result, size_t row) {
    Policy::Finalize(Of(state), result, row);
  }

  static void Destroy(uint8_t* state) {
    if constexpr (requires(State & s) { Policy::Destroy(s); }) Policy::Destroy(Of(state));
  }

  static AggregateFunction Make(std::string name, TypeId parameter, TypeId return_type) {
    AggregateFunction f;
    f.name = std::move(name);
    f.parameters = {parameter};
    f.return_type = return_type;
    f.state_size = sizeof(State);
    f.ignores_nulls = true;
    f.initialize = Initialize;
    f.update = Update;
    f.simple_update = SimpleUpdate;
    f.combine = Combine;
    f.finalize = Finalize;
    if constexpr (requires(State & s) { Policy::Destroy(s); }) f.destroy = Destroy;
    return f;
  }
};

}  // namespace sluice::functions
