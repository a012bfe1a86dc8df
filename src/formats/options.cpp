#include "formats/options.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace sluice {
namespace {
std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

OptionValue::OptionValue() = default;
OptionValue::~OptionValue() = default;
OptionValue::OptionValue(const OptionValue&) = default;
OptionValue::OptionValue(OptionValue&&) noexcept = default;
OptionValue& OptionValue::operator=(const OptionValue&) = default;
OptionValue& OptionValue::operator=(OptionValue&&) noexcept = default;

OptionValue OptionValue::Scalar(Value v) {
  OptionValue o;
  o.scalar = std::move(v);
  return o;
}

std::string OptionValue::ToString() const {
  switch (kind) {
    case Kind::kScalar: return scalar.ToSqlLiteral();
    case Kind::kList: {
      std::string s = "[";
      for (size_t i = 0; i < items.size(); i++) s += (i ? ", " : "") + items[i].ToString();
      return s + "]";
    }
    case Kind::kStruct: {
      std::string s = "{";
      for (size_t i = 0; i < fields.size(); i++) {
        s += (i ? ", '" : "'") + fields[i].first + "': " + fields[i].second.ToString();
      }
      return s + "}";
    }
  }
  return "";
}

void Options::AddNamed(std::string name, OptionValue value) {
  named_.emplace_back(Lower(name), std::move(value));
}

bool Options::Has(const std::string& name) const {
  std::string key = Lower(name);
  return std::any_of(named_.begin(), named_.end(), [&](const auto& p) { return p.first == key; });
}

std::optional<OptionValue> Options::Take(const std::string& name) {
  std::string key = Lower(name);
  for (auto it = named_.begin(); it != named_.end(); ++it) {
    if (it->first == key) {
      OptionValue v = std::move(it->second);
      named_.erase(it);
      return v;
    }
  }
  return std::nullopt;
}

static Value TakeScalar(const Options& options, const std::string& name, const OptionValue& v) {
  if (v.kind != OptionValue::Kind::kScalar) {
    throw Error::UserInput("{}: option '{}' expects a single value, got {}", options.context(),
                           name, v.ToString());
  }
  return v.scalar;
}

std::optional<bool> Options::TakeBool(const std::string& name) {
  auto v = Take(name);
  if (!v) return std::nullopt;
  Value s = TakeScalar(*this, name, *v);
  if (s.is_null()) return true;  // HEADER alone in COPY options means true
  Value b = s.TryCastTo(TypeId::kBoolean);
  if (b.is_null()) {
    throw Error::UserInput("{}: option '{}' expects true or false, got {}", context_, name,
                           s.ToSqlLiteral());
  }
  return b.bool_value();
}

std::optional<int64_t> Options::TakeInt(const std::string& name) {
  auto v = Take(name);
  if (!v) return std::nullopt;
  Value s = TakeScalar(*this, name, *v);
  Value i = s.TryCastTo(TypeId::kBigint);
  if (i.is_null()) {
    throw Error::UserInput("{}: option '{}' expects an integer, got {}", context_, name,
                           s.ToSqlLiteral());
  }
  return i.int_value();
}

std::optional<double> Options::TakeDouble(const std::string& name) {
  auto v = Take(name);
  if (!v) return std::nullopt;
  Value s = TakeScalar(*this, name, *v);
  Value d = s.TryCastTo(TypeId::kDouble);
  if (d.is_null()) {
    throw Error::UserInput("{}: option '{}' expects a number, got {}", context_, name,
                           s.ToSqlLiteral());
  }
  return d.double_value();
}

std::optional<std::string> Options::TakeString(const std::string& name) {
  auto v = Take(name);
  if (!v) return std::nullopt;
  Value s = TakeScalar(*this, name, *v);
  if (s.is_null()) {
    throw Error::UserInput("{}: option '{}' expects a value", context_, name);
  }
  return s.ToString();
}

std::optional<std::vector<std::string>> Options::TakeStringList(const std::string& name) {
  auto v = Take(name);
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  if (v->kind == OptionValue::Kind::kScalar) {
    out.push_back(v->scalar.ToString());
  } else if (v->kind == OptionValue::Kind::kList) {
    for (const auto& item : v->items) out.push_back(TakeScalar(*this, name, item).ToString());
  } else {
    throw Error::UserInput("{}: option '{}' expects a list, got {}", context_, name, v->ToString());
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> Options::TakeStringStruct(
    const std::string& name) {
  auto v = Take(name);
  if (!v) return std::nullopt;
  if (v->kind != OptionValue::Kind::kStruct) {
    throw Error::UserInput("{}: option '{}' expects {{'name': 'TYPE', ...}}, got {}", context_,
                           name, v->ToString());
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, value] : v->fields) {
    out.emplace_back(key, TakeScalar(*this, name, value).ToString());
  }
  return out;
}

void Options::CheckAllTaken(const std::vector<std::string>& known) const {
  if (named_.empty()) return;
  const std::string& name = named_.front().first;
  std::string suggestion = ClosestMatch(name, known);
  throw Error::UserInput("{}: unknown option '{}'{}", context_, name,
                         suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)");
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); j++) prev[j] = j;
  for (size_t i = 1; i <= a.size(); i++) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); j++) {
      size_t cost = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                            std::tolower(static_cast<unsigned char>(b[j - 1]))
                        ? 0
                        : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string ClosestMatch(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const auto& c : candidates) {
    size_t d = EditDistance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  size_t limit = std::max<size_t>(2, name.size() / 3);
  return best_distance <= limit ? best : std::string();
}

}  // namespace sluice
