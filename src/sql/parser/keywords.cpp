#include "sql/parser/keywords.h"

#include <algorithm>
#include <array>

namespace sluice::sql {

bool IsReservedKeyword(std::string_view word) {
  // Sorted for binary search.
  static constexpr std::array<std::string_view, 62> kReserved = {
      "all",      "and",       "any",     "as",         "asc",     "between", "both",    "case",
      "cast",     "check",     "collate", "constraint", "create",  "cross",   "default", "desc",
      "distinct", "else",      "end",     "except",     "exists",  "false",   "fetch",   "for",
      "foreign",  "from",      "full",    "grant",      "group",   "having",  "ilike",   "in",
      "inner",    "intersect", "into",    "is",         "isnull",  "join",    "lateral", "left",
      "like",     "limit",     "natural", "not",        "notnull", "null",    "offset",  "on",
      "or",       "order",     "outer",   "qualify",    "right",   "select",  "similar", "some",
      "then",     "to",        "true",    "union",      "using",   "when"};
  static_assert(kReserved.size() == 62);
  static constexpr std::array<std::string_view, 4> kMore = {"where", "window", "with", "try_cast"};
  return std::binary_search(kReserved.begin(), kReserved.end(), word) ||
         std::find(kMore.begin(), kMore.end(), word) != kMore.end();
}

}  // namespace sluice::sql
