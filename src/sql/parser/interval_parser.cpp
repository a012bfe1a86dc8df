#include "sql/parser/interval_parser.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace sluice::sql {
namespace {

enum class Unit { kMonth, kDay, kMicro };

struct UnitInfo {
  std::string_view name;
  Unit unit;
  double factor;  // how many months / days / micros one of it is
};

constexpr UnitInfo kUnits[] = {
    {"year", Unit::kMonth, 12},
    {"years", Unit::kMonth, 12},
    {"y", Unit::kMonth, 12},
    {"yr", Unit::kMonth, 12},
    {"yrs", Unit::kMonth, 12},
    {"month", Unit::kMonth, 1},
    {"months", Unit::kMonth, 1},
    {"mon", Unit::kMonth, 1},
    {"mons", Unit::kMonth, 1},
    {"week", Unit::kDay, 7},
    {"weeks", Unit::kDay, 7},
    {"w", Unit::kDay, 7},
    {"day", Unit::kDay, 1},
    {"days", Unit::kDay, 1},
    {"d", Unit::kDay, 1},
    {"hour", Unit::kMicro, 3600e6},
    {"hours", Unit::kMicro, 3600e6},
    {"h", Unit::kMicro, 3600e6},
    {"hr", Unit::kMicro, 3600e6},
    {"hrs", Unit::kMicro, 3600e6},
    {"minute", Unit::kMicro, 60e6},
    {"minutes", Unit::kMicro, 60e6},
    {"min", Unit::kMicro, 60e6},
    {"mins", Unit::kMicro, 60e6},
    {"m", Unit::kMicro, 60e6},
    {"second", Unit::kMicro, 1e6},
    {"seconds", Unit::kMicro, 1e6},
    {"sec", Unit::kMicro, 1e6},
    {"secs", Unit::kMicro, 1e6},
    {"s", Unit::kMicro, 1e6},
    {"millisecond", Unit::kMicro, 1e3},
    {"milliseconds", Unit::kMicro, 1e3},
    {"ms", Unit::kMicro, 1e3},
    {"microsecond", Unit::kMicro, 1},
    {"microseconds", Unit::kMicro, 1},
    {"us", Unit::kMicro, 1},
};

const UnitInfo* FindUnit(std::string_view word) {
  std::string lower;
  for (char c : word)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (const auto& info : kUnits) {
    if (info.name == lower) return &info;
  }
  return nullptr;
}

constexpr double kLimit = 9.2e18;

bool CheckedAdd(int64_t* total, int64_t amount, std::string* error) {
  if (__builtin_add_overflow(*total, amount, total)) {
    *error = "interval value out of range";
    return false;
  }
  return true;
}

// Adds `amount` of `info` to `out`, spilling fractions downwards.
bool AddAmount(double amount, const UnitInfo& info, IntervalValue* out, std::string* error) {
  double value = amount * info.factor;
  if (!std::isfinite(value) || std::fabs(value) > 1e15) {
    *error = "interval value out of range";
    return false;
  }
  if (info.unit == Unit::kMonth) {
    double whole = std::trunc(value);
    value = (value - whole) * 30;
    double whole_days = std::trunc(value);
    return CheckedAdd(&out->months, static_cast<int64_t>(whole), error) &&
           CheckedAdd(&out->days, static_cast<int64_t>(whole_days), error) &&
           CheckedAdd(&out->micros, std::llround((value - whole_days) * 86400e6), error);
  }
  if (info.unit == Unit::kDay) {
    double whole = std::trunc(value);
    return CheckedAdd(&out->days, static_cast<int64_t>(whole), error) &&
           CheckedAdd(&out->micros, std::llround((value - whole) * 86400e6), error);
  }
  double micros = std::round(value);
  if (std::fabs(micros) > kLimit) {
    *error = "interval value out of range";
    return false;
  }
  return CheckedAdd(&out->micros, static_cast<int64_t>(micros), error);
}

bool ParseNumber(std::string_view word, double* value) {
  if (word.empty()) return false;
  std::string text(word);
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(*value);
}

// [-]H:MM[:SS[.ffffff]]
bool ParseClock(std::string_view word, IntervalValue* out) {
  bool negative = !word.empty() && word[0] == '-';
  if (negative || (!word.empty() && word[0] == '+')) word.remove_prefix(1);
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t colon = word.find(':', start);
    parts.push_back(word.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) return false;
  double fields[3] = {0, 0, 0};
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty() || !std::isdigit(static_cast<unsigned char>(parts[i][0]))) return false;
    if (!ParseNumber(parts[i], &fields[i]) || fields[i] > 1e6) return false;
    if (i < 2 && parts[i].find('.') != std::string_view::npos) return false;
  }
  double micros = std::round((fields[0] * 3600 + fields[1] * 60 + fields[2]) * 1e6);
  std::string ignored;
  return CheckedAdd(&out->micros, static_cast<int64_t>(negative ? -micros : micros), &ignored);
}

}  // namespace

bool IsIntervalUnit(std::string_view word) {
  return FindUnit(word) != nullptr;
}

bool ParseIntervalText(std::string_view text, std::string_view unit, IntervalValue* out,
                       std::string* error) {
  *out = IntervalValue{};
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  if (!unit.empty()) {
    const UnitInfo* info = FindUnit(unit);
    double amount = 0;
    if (info == nullptr) {
      *error = "unknown interval unit '" + std::string(unit) + "'";
      return false;
    }
    if (words.size() != 1 || !ParseNumber(words[0], &amount)) {
      *error = "expected a number for the interval, got '" + std::string(text) + "'";
      return false;
    }
    return AddAmount(amount, *info, out, error);
  }
  if (words.empty()) {
    *error = "empty interval";
    return false;
  }
  for (size_t w = 0; w < words.size(); ++w) {
    if (words[w].find(':') != std::string_view::npos) {
      if (!ParseClock(words[w], out)) {
        *error = "invalid time '" + std::string(words[w]) + "' in interval";
        return false;
      }
      continue;
    }
    double amount = 0;
    std::string_view word = words[w];
    // "2hours" / "2h": split the number from a glued unit.
    size_t split = 0;
    while (split < word.size() &&
           (std::isdigit(static_cast<unsigned char>(word[split])) || word[split] == '.' ||
            word[split] == '-' || word[split] == '+')) {
      ++split;
    }
    std::string_view number = word.substr(0, split);
    std::string_view unit_word = word.substr(split);
    if (!ParseNumber(number, &amount)) {
      *error = "invalid interval '" + std::string(text) + "'";
      return false;
    }
    if (unit_word.empty()) {
      if (w + 1 >= words.size()) {
        *error = "interval '" + std::string(text) + "' has a number without a unit";
        return false;
      }
      unit_word = words[++w];
    }
    const UnitInfo* info = FindUnit(unit_word);
    if (info == nullptr) {
      *error = "unknown interval unit '" + std::string(unit_word) + "'";
      return false;
    }
    if (!AddAmount(amount, *info, out, error)) return false;
  }
  return true;
}

}  // namespace sluice::sql
