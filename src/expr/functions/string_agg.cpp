// string_agg(s[, separator]) (aliases group_concat, listagg): the group's strings joined
// by the separator (',' by default) in input order within each partial state; partial
// states are joined in combine order. The state owns a heap std::string.
#include <string>

#include "expr/aggregate_function.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/vector_loops.h"

namespace sluice::functions {
namespace {

struct JoinedText {
  std::string text;
  std::string separator;  // the last separator seen, used to join partial states
};

struct StringAggState {
  JoinedText* text;  // nullptr until the first row
};

StringAggState& StateOf(uint8_t* p) {
  return *reinterpret_cast<StringAggState*>(p);
}

void Initialize(uint8_t* state) {
  StateOf(state).text = nullptr;
}

inline void Append(StringAggState& s, std::string_view value, std::string_view separator) {
  if (s.text == nullptr) {
    s.text = new JoinedText{std::string(value), std::string(separator)};
    return;
  }
  s.text->text.append(separator);
  s.text->text.append(value);
  if (separator != s.text->separator) s.text->separator.assign(separator);
}

inline std::string_view SeparatorAt(const std::vector<Vector>& args, size_t row) {
  return args.size() > 1 ? RowValue<StringRef>(args[1], row).view() : std::string_view(",");
}

void Update(const std::vector<Vector>& args, uint8_t** states, size_t count) {
  for (size_t i = 0; i < count; i++) {
    Append(StateOf(states[i]), RowValue<StringRef>(args[0], i).view(), SeparatorAt(args, i));
  }
}

void SimpleUpdate(const std::vector<Vector>& args, uint8_t* state, size_t count) {
  auto& s = StateOf(state);
  for (size_t i = 0; i < count; i++) {
    Append(s, RowValue<StringRef>(args[0], i).view(), SeparatorAt(args, i));
  }
}

// Partial states are joined with the separator their rows used.
void Combine(const uint8_t* source, uint8_t* target) {
  const auto& from = *reinterpret_cast<const StringAggState*>(source);
  if (from.text == nullptr) return;
  auto& to = StateOf(target);
  if (to.text == nullptr) {
    to.text = new JoinedText(*from.text);
  } else {
    to.text->text.append(from.text->separator);
    to.text->text.append(from.text->text);
  }
}

void Finalize(uint8_t* state, Vector& result, size_t row) {
  auto& s = StateOf(state);
  if (s.text == nullptr) {
    result.data<StringRef>()[row] = StringRef("", 0);
    result.SetNull(row);
    return;
  }
  result.data<StringRef>()[row] = result.AddString(s.text->text);
}

void Destroy(uint8_t* state) {
  delete StateOf(state).text;
  StateOf(state).text = nullptr;
}

}  // namespace

void RegisterStringAgg() {
  for (const char* name : {"string_agg", "group_concat", "listagg"}) {
    for (size_t arity = 1; arity <= 2; arity++) {
      AggregateFunction f;
      f.name = name;
      f.parameters = std::vector<TypeId>(arity, TypeId::kVarchar);
      f.return_type = TypeId::kVarchar;
      f.state_size = sizeof(StringAggState);
      f.initialize = Initialize;
      f.update = Update;
      f.simple_update = SimpleUpdate;
      f.combine = Combine;
      f.finalize = Finalize;
      f.destroy = Destroy;
      AggregateFunctionRegistry::Register(std::move(f));
    }
  }
}

}  // namespace sluice::functions
