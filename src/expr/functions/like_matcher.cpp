#include "expr/functions/like_matcher.h"

#include "expr/functions/vector_loops.h"

namespace sluice::functions {
namespace {

// Length in bytes of the UTF-8 sequence starting with byte c (1 for invalid bytes).
inline size_t SequenceLength(unsigned char c) {
  if (c < 0xC0) return 1;
  if (c < 0xE0) return 2;
  if (c < 0xF0) return 3;
  return 4;
}

inline size_t NextCharacter(std::string_view s, size_t pos) {
  size_t next = pos + SequenceLength(static_cast<unsigned char>(s[pos]));
  return next > s.size() ? s.size() : next;
}

uint32_t MapCase(uint32_t cp, bool upper) {
  auto in = [cp](uint32_t lo, uint32_t hi) { return cp >= lo && cp <= hi; };
  if (upper) {
    if (in(0xE0, 0xFE) && cp != 0xF7) return cp - 0x20;
    if (in(0x3B1, 0x3C9) && cp != 0x3C2) return cp - 0x20;
    if (cp == 0x3C2) return 0x3A3;
    if (in(0x430, 0x44F)) return cp - 0x20;
    if (in(0x450, 0x45F)) return cp - 0x50;
    if (in(0x100, 0x12F) || in(0x132, 0x137) || in(0x14A, 0x177)) return cp & ~1u;
    if ((in(0x139, 0x148) || in(0x179, 0x17E)) && (cp & 1u) == 0) return cp - 1;
    return cp;
  }
  if (in(0xC0, 0xDE) && cp != 0xD7) return cp + 0x20;
  if (in(0x391, 0x3A9) && cp != 0x3A2) return cp + 0x20;
  if (in(0x410, 0x42F)) return cp + 0x20;
  if (in(0x400, 0x40F)) return cp + 0x50;
  if (in(0x100, 0x12F) || in(0x132, 0x137) || in(0x14A, 0x177)) return cp | 1u;
  if ((in(0x139, 0x148) || in(0x179, 0x17E)) && (cp & 1u) == 1) return cp + 1;
  return cp;
}

}  // namespace

void FoldCase(std::string_view text, std::string& out, bool upper) {
  size_t pos = 0;
  out.reserve(out.size() + text.size());
  while (pos < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      if (upper && c >= 'a' && c <= 'z') c -= 32;
      if (!upper && c >= 'A' && c <= 'Z') c += 32;
      out += static_cast<char>(c);
      pos++;
      continue;
    }
    size_t start = pos;
    uint32_t cp = DecodeUtf8(text, pos);
    uint32_t mapped = MapCase(cp, upper);
    if (mapped == cp || pos - start == 1) {
      out.append(text.data() + start, pos - start);  // unchanged (or an invalid byte)
    } else {
      AppendUtf8(mapped, out);
    }
  }
}

LikeMatcher::LikeMatcher(std::string_view pattern) : pattern_(pattern) {
  if (pattern.find('_') != std::string_view::npos) return;  // general
  size_t first = pattern.find('%');
  if (first == std::string_view::npos) {
    shape_ = Shape::kExact;
    literal_ = pattern;
    return;
  }
  // Collapse to the literal between the leading and trailing runs of '%'.
  size_t begin = 0, end = pattern.size();
  while (begin < end && pattern[begin] == '%') begin++;
  while (end > begin && pattern[end - 1] == '%') end--;
  std::string_view middle = pattern.substr(begin, end - begin);
  if (middle.find('%') != std::string_view::npos) return;  // general
  literal_ = middle;
  bool leading = begin > 0, trailing = end < pattern.size();
  if (leading && trailing) {
    shape_ = Shape::kContains;
  } else if (leading) {
    shape_ = Shape::kSuffix;
  } else {
    shape_ = Shape::kPrefix;
  }
}

bool LikeMatcher::Matches(std::string_view text) const {
  switch (shape_) {
    case Shape::kExact: return text == literal_;
    case Shape::kPrefix:
      return text.size() >= literal_.size() && text.compare(0, literal_.size(), literal_) == 0;
    case Shape::kSuffix:
      return text.size() >= literal_.size() &&
             text.compare(text.size() - literal_.size(), literal_.size(), literal_) == 0;
    case Shape::kContains: return text.find(literal_) != std::string_view::npos;
    case Shape::kGeneral: return MatchGeneral(text);
  }
  return false;
}

// Wildcard scan: on a mismatch after a '%', retry with the '%' absorbing one more
// character. Each '%' only moves forward, so typical patterns run in linear time.
bool LikeMatcher::MatchGeneral(std::string_view text) const {
  std::string_view p = pattern_;
  size_t t = 0, q = 0;
  size_t star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (q < p.size() && p[q] == '%') {
      star = q++;
      mark = t;
    } else if (q < p.size() && p[q] == '_') {
      t = NextCharacter(text, t);
      q++;
    } else if (q < p.size() && p[q] == text[t]) {
      t++;
      q++;
    } else if (star != std::string_view::npos) {
      q = star + 1;
      mark = NextCharacter(text, mark);
      t = mark;
    } else {
      return false;
    }
  }
  while (q < p.size() && p[q] == '%') q++;
  return q == p.size();
}

}  // namespace sluice::functions
