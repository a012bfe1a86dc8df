// AggregateFunction — one overload of an aggregate (count, sum, avg, min, max, ...).
//
// State lives in fixed-size slots (state_size bytes, 8-byte aligned) owned by the hash
// aggregate operator. The operator calls:
//   initialize(state)                            once per group
//   update(args, states, count)                  states[i] receives row i (grouped)
//   simple_update(args, state, count)            every row into one state (no GROUP BY)
//   combine(source, target)                      merge thread-local partial states
//   finalize(state, result, row)                 write the group's result into result[row];
//                                                must leave the state valid for further
//                                                update/finalize (window frames grow a
//                                                running state and finalize it per row)
//   destroy(state)                               free what the state owns (optional)
// Arguments arrive evaluated as vectors of `count` rows (flat or constant; read them
// through ColumnView). Functions with ignores_nulls == true are never shown NULL rows:
// the operator filters them (it passes only rows where every argument is valid).
//
// Thread-safety: the registry is filled at startup and then read-only; callbacks run
// concurrently on distinct states.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "types/type.h"
#include "vector/vector.h"

namespace sluice {

struct AggregateFunction {
  std::string name;
  std::vector<TypeId> parameters;
  TypeId return_type = TypeId::kNull;
  size_t state_size = 0;
  bool ignores_nulls = true;
  void (*initialize)(uint8_t* state) = nullptr;
  void (*update)(const std::vector<Vector>& args, uint8_t** states, size_t count) = nullptr;
  void (*simple_update)(const std::vector<Vector>& args, uint8_t* state, size_t count) = nullptr;
  void (*combine)(const uint8_t* source, uint8_t* target) = nullptr;
  void (*finalize)(uint8_t* state, Vector& result, size_t row) = nullptr;
  void (*destroy)(uint8_t* state) = nullptr;
};

struct ResolvedAggregate {
  const AggregateFunction* function = nullptr;
  std::vector<TypeId> argument_types;
};

class AggregateFunctionRegistry {
 public:
  static void Register(AggregateFunction function);
  static std::optional<ResolvedAggregate> Resolve(const std::string& name,
                                                  const std::vector<TypeId>& arguments);
  static bool Exists(const std::string& name);
  static std::vector<std::string> Names();
  static std::vector<std::string> Signatures(const std::string& name);
};

}  // namespace sluice
