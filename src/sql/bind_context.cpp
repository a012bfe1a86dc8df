#include "sql/bind_context.h"

#include <algorithm>
#include <cctype>

namespace sluice {
namespace {
bool SameName(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}
}  // namespace

size_t BindContext::column_count() const {
  size_t n = 0;
  for (const auto& r : relations_) n += r.columns.size();
  return n;
}

const RelationBinding* BindContext::FindRelation(const std::string& alias) const {
  for (const auto& r : relations_) {
    if (SameName(r.alias, alias)) return &r;
  }
  return nullptr;
}

std::optional<ColumnLookup> BindContext::Lookup(const std::vector<std::string>& parts,
                                                std::string* ambiguity) const {
  const std::string& column = parts.back();
  std::optional<ColumnLookup> found;
  int found_level = -1;
  int max_level = 0;
  for (const auto& r : relations_) max_level = std::max(max_level, r.level);
  for (int level = max_level; level >= 0 && !found; level--) {
    for (const auto& r : relations_) {
      if (r.level != level) continue;
      if (parts.size() >= 2 && !SameName(r.alias, parts[parts.size() - 2])) continue;
      for (size_t c = 0; c < r.columns.size(); c++) {
        if (!SameName(r.columns[c], column)) continue;
        if (parts.size() == 1 && !r.hidden.empty() && r.hidden[c]) continue;
        if (found) {
          if (ambiguity) *ambiguity = column;
          return std::nullopt;
        }
        found = ColumnLookup{r.offset + c, r.types[c], r.columns[c]};
        found_level = level;
      }
    }
  }
  (void)found_level;
  return found;
}

std::vector<std::string> BindContext::AllColumnNames() const {
  std::vector<std::string> names;
  for (const auto& r : relations_) {
    for (const auto& c : r.columns) names.push_back(c);
  }
  return names;
}

}  // namespace sluice
