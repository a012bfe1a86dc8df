// Options — the arguments of a table function call or a COPY ... TO (...) clause, already
// evaluated to constants by the binder.
//
//   read_csv('a.csv', header=true, columns={'id': 'BIGINT', 'name': 'VARCHAR'})
//   COPY (...) TO 'out' (FORMAT parquet, PARTITION_BY (a, b), COMPRESSION zstd)
//
// An option value is a scalar, a list ([..] or (a, b)), or a struct ({'k': v}). Names are
// matched case-insensitively. Readers and writers take the options they know with the
// Take* calls and finish with CheckAllTaken(), which rejects unknown options with a
// close-match suggestion, so a typo never silently does nothing.
//
// Thread-safety: a value type; not thread-safe while options are being taken.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "types/value.h"

namespace sluice {

struct OptionValue {
  enum class Kind { kScalar, kList, kStruct };
  Kind kind = Kind::kScalar;
  Value scalar;                                             // kScalar
  std::vector<OptionValue> items;                           // kList
  std::vector<std::pair<std::string, OptionValue>> fields;  // kStruct, in written order

  // Special members are defined out of line: `fields` holds pairs of this very type,
  // which must be complete before they are instantiated (clang insists).
  OptionValue();
  ~OptionValue();
  OptionValue(const OptionValue&);
  OptionValue(OptionValue&&) noexcept;
  OptionValue& operator=(const OptionValue&);
  OptionValue& operator=(OptionValue&&) noexcept;

  static OptionValue Scalar(Value v);
  std::string ToString() const;
};

class Options {
 public:
  // `context` names the consumer in messages ("read_csv", "COPY ... TO").
  explicit Options(std::string context = "") : context_(std::move(context)) {}

  void SetContext(std::string context) { context_ = std::move(context); }
  const std::string& context() const { return context_; }

  std::vector<OptionValue>& positional() { return positional_; }
  const std::vector<OptionValue>& positional() const { return positional_; }
  void AddNamed(std::string name, OptionValue value);
  bool Has(const std::string& name) const;

  // Take* remove the option and return it (nullopt if absent). They throw a user_input
  // Error naming the option when the value has the wrong shape or type.
  std::optional<OptionValue> Take(const std::string& name);
  std::optional<bool> TakeBool(const std::string& name);
  std::optional<int64_t> TakeInt(const std::string& name);
  std::optional<double> TakeDouble(const std::string& name);
  std::optional<std::string> TakeString(const std::string& name);
  // A list of strings; a single string is accepted as a list of one. PARTITION_BY (a, b)
  // arrives as a list of column names.
  std::optional<std::vector<std::string>> TakeStringList(const std::string& name);
  // A struct of name -> string ({'id': 'BIGINT'}).
  std::optional<std::vector<std::pair<std::string, std::string>>> TakeStringStruct(
      const std::string& name);

  // Throws naming the first option nobody took ("read_csv: unknown option 'hedaer'
  // (did you mean 'header'?)"). `known` lists every option name the consumer accepts.
  void CheckAllTaken(const std::vector<std::string>& known) const;

 private:
  std::string context_;
  std::vector<OptionValue> positional_;
  std::vector<std::pair<std::string, OptionValue>> named_;
};

// Edit distance, for "did you mean" suggestions.
size_t EditDistance(std::string_view a, std::string_view b);
// The candidate closest to `name`, if close enough to suggest; else empty.
std::string ClosestMatch(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace sluice
