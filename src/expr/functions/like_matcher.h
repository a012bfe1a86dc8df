// LikeMatcher — a compiled SQL LIKE pattern: '%' matches any run of characters, '_' one
// character (a UTF-8 code point); no escape character (as DuckDB). Patterns of the common
// shapes run as single comparisons: exact, 'abc%' (prefix), '%abc' (suffix) and '%abc%'
// (substring); other patterns use a linear-time-in-practice wildcard scan.
//
// Case-insensitive matching (ILIKE) folds both sides with FoldCase first.
//
// Thread-safety: immutable after construction; Matches is const and reentrant.
#pragma once

#include <string>
#include <string_view>

namespace sluice::functions {

class LikeMatcher {
 public:
  explicit LikeMatcher(std::string_view pattern);

  bool Matches(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }

 private:
  enum class Shape { kExact, kPrefix, kSuffix, kContains, kGeneral };
  bool MatchGeneral(std::string_view text) const;

  std::string pattern_;
  Shape shape_ = Shape::kGeneral;
  std::string literal_;  // the literal part for the fast shapes
};

// Lower-cases ASCII and the common alphabetic ranges of Latin-1, Latin Extended-A, Greek
// and Cyrillic; other bytes are copied unchanged. Appends to `out`.
void FoldCase(std::string_view text, std::string& out, bool upper);

}  // namespace sluice::functions
