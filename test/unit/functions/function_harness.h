// Test harness for the function library: builds vectors from Values, calls scalar
// functions the way the expression executor does (resolve, cast arguments, build state,
// run the kernel, apply default NULL handling) and runs aggregates through
// initialize/update/simple_update/combine/finalize.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "expr/aggregate_function.h"
#include "expr/cast.h"
#include "expr/functions/builtin_functions.h"
#include "expr/scalar_function.h"
#include "vector/vector.h"

namespace sluice::testing {

inline Vector MakeFlat(TypeId type, const std::vector<Value>& values) {
  Vector v(type, std::max<size_t>(values.size(), 1));
  for (size_t i = 0; i < values.size(); i++) {
    if (type == TypeId::kVarchar) v.data<StringRef>()[i] = StringRef("", 0);
    v.SetValue(i, values[i].is_null() ? values[i] : values[i].CastTo(type));
  }
  return v;
}

inline Vector MakeConstant(const Value& value, TypeId type) {
  Vector v = Vector::Constant(value, type);
  if (value.is_null() && type == TypeId::kVarchar) v.data<StringRef>()[0] = StringRef("", 0);
  return v;
}

// Calls `name` on `args` (all of `count` rows), as the executor would.
inline Vector CallVectors(const std::string& name, std::vector<Vector> args, size_t count) {
  RegisterBuiltinFunctions();
  std::vector<TypeId> types;
  for (const auto& a : args) types.push_back(a.type());
  auto resolved = ScalarFunctionRegistry::Resolve(name, types);
  if (!resolved) throw Error::UserInput("no overload for {}", name);
  std::vector<Value> constants(args.size());
  std::vector<const Value*> constant_ptrs(args.size(), nullptr);
  for (size_t i = 0; i < args.size(); i++) {
    if (resolved->argument_types[i] != args[i].type()) {
      Vector cast;
      CastVector(args[i], count, resolved->argument_types[i], false, cast);
      if (args[i].is_constant()) {
        Vector c = MakeConstant(cast.GetValue(0), cast.type());
        cast = c;
      }
      args[i] = cast;
    }
    if (args[i].is_constant()) {
      constants[i] = args[i].GetValue(0);
      constant_ptrs[i] = &constants[i];
    }
  }
  const ScalarFunction& f = *resolved->function;
  std::shared_ptr<const void> state;
  if (f.build_state) state = f.build_state(constant_ptrs);
  Vector result(f.return_type, std::max<size_t>(count, 1));
  f.kernel(args, count, result, state.get());
  if (f.null_handling == NullHandling::kDefault) {
    for (size_t i = 0; i < count; i++) {
      for (const auto& a : args) {
        if (!a.IsValid(a.is_constant() ? 0 : i)) result.SetNull(i);
      }
    }
  }
  return result;
}

// Calls `name` on one row of flat arguments.
inline Value Call(const std::string& name, const std::vector<Value>& args) {
  std::vector<Vector> vectors;
  for (const auto& v : args) {
    vectors.push_back(MakeFlat(v.type() == TypeId::kNull ? TypeId::kVarchar : v.type(), {v}));
    if (v.type() == TypeId::kNull) {
      // An untyped NULL literal: a one-row vector of type NULL.
      Vector n(TypeId::kNull, 1);
      n.SetNull(0);
      vectors.back() = n;
    }
  }
  return CallVectors(name, std::move(vectors), 1).GetValue(0);
}

// Calls `name` with every argument as a constant vector over 3 rows; checks that all rows
// agree and returns row 0.
inline Value CallConstant(const std::string& name, const std::vector<Value>& args) {
  std::vector<Vector> vectors;
  for (const auto& v : args) vectors.push_back(MakeConstant(v, v.type()));
  Vector r = CallVectors(name, std::move(vectors), 3);
  EXPECT_EQ(r.GetValue(0), r.GetValue(2)) << name;
  return r.GetValue(0);
}

// Runs an aggregate over columns of values: the first half of the rows goes through
// grouped update into state A, the rest through simple_update into state B; B is combined
// into A and A finalized. NULL rows are dropped first when the function ignores NULLs.
inline Value Aggregate(const std::string& name, const std::vector<TypeId>& types,
                       const std::vector<std::vector<Value>>& rows) {
  RegisterBuiltinFunctions();
  auto resolved = AggregateFunctionRegistry::Resolve(name, types);
  if (!resolved) throw Error::UserInput("no aggregate overload for {}", name);
  const AggregateFunction& f = *resolved->function;
  std::vector<std::vector<Value>> kept;
  for (const auto& row : rows) {
    bool any_null = false;
    for (const auto& v : row) any_null |= v.is_null();
    if (!(any_null && f.ignores_nulls)) kept.push_back(row);
  }
  auto columns_of = [&](size_t begin, size_t end) {
    std::vector<Vector> columns;
    for (size_t c = 0; c < types.size(); c++) {
      std::vector<Value> values;
      for (size_t r = begin; r < end; r++) values.push_back(kept[r][c]);
      Vector v = MakeFlat(types[c], values);
      if (resolved->argument_types[c] != types[c]) {
        Vector cast;
        CastVector(v, values.size(), resolved->argument_types[c], false, cast);
        v = cast;
      }
      columns.push_back(v);
    }
    return columns;
  };
  std::vector<uint64_t> a(f.state_size / 8 + 2), b(f.state_size / 8 + 2);
  auto* state_a = reinterpret_cast<uint8_t*>(a.data());
  auto* state_b = reinterpret_cast<uint8_t*>(b.data());
  f.initialize(state_a);
  f.initialize(state_b);
  size_t half = kept.size() / 2;
  auto first = columns_of(0, half);
  std::vector<uint8_t*> states(half, state_a);
  f.update(first, states.data(), half);
  auto second = columns_of(half, kept.size());
  f.simple_update(second, state_b, kept.size() - half);
  f.combine(state_b, state_a);
  Vector result(f.return_type, 4);
  if (f.return_type == TypeId::kVarchar) result.data<StringRef>()[2] = StringRef("", 0);
  f.finalize(state_a, result, 2);
  if (f.destroy) {
    f.destroy(state_a);
    f.destroy(state_b);
  }
  return result.GetValue(2);
}

}  // namespace sluice::testing
