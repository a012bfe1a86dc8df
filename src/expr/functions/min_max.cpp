// min and max over every type. Fixed-width types keep the extreme in the state; VARCHAR
// states own a heap copy of the current extreme (freed by destroy), copied only when the
// extreme changes.
#include <cstdlib>
#include <cstring>

#include "expr/aggregate_function.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/unary_aggregate.h"
#include "expr/functions/vector_loops.h"

namespace sluice::functions {
namespace {

struct TakeMin {
  template <typename T>
  static bool Better(const T& candidate, const T& current) {
    return candidate < current;
  }
};
struct TakeMax {
  template <typename T>
  static bool Better(const T& candidate, const T& current) {
    return current < candidate;
  }
};

template <typename T>
struct FixedState {
  T value;
  bool has;
};

template <typename T, typename Order>
struct FixedExtreme {
  using State = FixedState<T>;
  using Input = T;
  static void Init(State& s) {
    s.value = T{};
    s.has = false;
  }
  static void Update(State& s, const T& v) {
    s.value = (!s.has || Order::Better(v, s.value)) ? v : s.value;
    s.has = true;
  }
  static void UpdateRepeated(State& s, const T& v, size_t) { Update(s, v); }
  static void Combine(const State& source, State& target) {
    if (source.has) Update(target, source.value);
  }
  static void Finalize(const State& s, Vector& result, size_t row) {
    if (!s.has) {
      result.SetNull(row);
      return;
    }
    result.data<T>()[row] = s.value;
  }
};

// An owned string: heap bytes reused while the capacity suffices.
struct StringState {
  char* data;
  uint32_t size;
  uint32_t capacity;
  bool has;
};

inline int CompareBytes(const char* a, uint32_t an, const char* b, uint32_t bn) {
  uint32_t n = an < bn ? an : bn;
  int c = n == 0 ? 0 : std::memcmp(a, b, n);
  if (c != 0) return c;
  return an < bn ? -1 : (an > bn ? 1 : 0);
}

inline void Assign(StringState& s, const char* data, uint32_t size) {
  if (size > s.capacity) {
    std::free(s.data);
    s.data = nullptr;
    s.capacity = 0;
    uint32_t wanted = size < 16 ? 16 : size;
    s.data = static_cast<char*>(std::malloc(wanted));
    if (s.data == nullptr) throw std::bad_alloc();
    s.capacity = wanted;
  }
  if (size > 0) std::memcpy(s.data, data, size);
  s.size = size;
  s.has = true;
}

template <typename Order>
struct StringExtreme {
  using State = StringState;
  using Input = StringRef;
  static void Init(State& s) { s = {nullptr, 0, 0, false}; }
  static bool Better(const char* data, uint32_t size, const State& s) {
    int c = CompareBytes(data, size, s.data, s.size);
    return Order::Better(c, 0);
  }
  static void Update(State& s, const StringRef& v) {
    if (!s.has || Better(v.data, v.size, s)) Assign(s, v.data, v.size);
  }
  static void UpdateRepeated(State& s, const StringRef& v, size_t) { Update(s, v); }
  static void Combine(const State& source, State& target) {
    if (source.has && (!target.has || Better(source.data, source.size, target))) {
      Assign(target, source.data, source.size);
    }
  }
  static void Finalize(const State& s, Vector& result, size_t row) {
    if (!s.has) {
      result.data<StringRef>()[row] = StringRef("", 0);
      result.SetNull(row);
      return;
    }
    result.data<StringRef>()[row] = result.AddString(std::string_view(s.data, s.size));
  }
  static void Destroy(State& s) {
    std::free(s.data);
    s = {nullptr, 0, 0, false};
  }
};

template <typename Order>
void RegisterExtreme(const char* name) {
  auto add = [&](AggregateFunction f) { AggregateFunctionRegistry::Register(std::move(f)); };
  add(UnaryAggregate<FixedExtreme<int32_t, Order>>::Make(name, TypeId::kInteger, TypeId::kInteger));
  add(UnaryAggregate<FixedExtreme<int64_t, Order>>::Make(name, TypeId::kBigint, TypeId::kBigint));
  add(UnaryAggregate<FixedExtreme<double, Order>>::Make(name, TypeId::kDouble, TypeId::kDouble));
  add(UnaryAggregate<StringExtreme<Order>>::Make(name, TypeId::kVarchar, TypeId::kVarchar));
  add(UnaryAggregate<FixedExtreme<int32_t, Order>>::Make(name, TypeId::kDate, TypeId::kDate));
  add(UnaryAggregate<FixedExtreme<int64_t, Order>>::Make(name, TypeId::kTimestamp,
                                                         TypeId::kTimestamp));
  add(UnaryAggregate<FixedExtreme<uint8_t, Order>>::Make(name, TypeId::kBoolean, TypeId::kBoolean));
}

}  // namespace

void RegisterMinMax() {
  RegisterExtreme<TakeMin>("min");
  RegisterExtreme<TakeMax>("max");
}

}  // namespace sluice::functions
