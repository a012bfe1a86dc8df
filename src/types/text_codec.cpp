#include "types/text_codec.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace sluice {
namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, const char* b) {
  size_t n = std::strlen(b);
  if (a.size() != n) return false;
  for (size_t i = 0; i < n; i++) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// Reads exactly `digits` decimal digits at s[pos].
bool ReadDigits(std::string_view s, size_t& pos, int digits, unsigned* out) {
  if (pos + digits > s.size()) return false;
  unsigned v = 0;
  for (int i = 0; i < digits; i++) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  pos += digits;
  *out = v;
  return true;
}

// Parses YYYY-MM-DD at the start of s; sets pos past it.
bool ParseDatePrefix(std::string_view s, size_t& pos, int32_t* out) {
  unsigned year, month, day;
  pos = 0;
  if (!ReadDigits(s, pos, 4, &year)) return false;
  if (pos >= s.size() || s[pos] != '-') return false;
  pos++;
  // Accept one- or two-digit month and day (PostgreSQL and DuckDB both do).
  auto read_1_or_2 = [&](unsigned* v) {
    if (pos >= s.size() || !std::isdigit(static_cast<unsigned char>(s[pos]))) return false;
    *v = static_cast<unsigned>(s[pos++] - '0');
    if (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      *v = *v * 10 + static_cast<unsigned>(s[pos++] - '0');
    }
    return true;
  };
  if (!read_1_or_2(&month)) return false;
  if (pos >= s.size() || s[pos] != '-') return false;
  pos++;
  if (!read_1_or_2(&day)) return false;
  if (!IsValidCivilDate(year, month, day)) return false;
  *out = DaysFromCivil(year, month, day);
  return true;
}

}  // namespace

int32_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  // Shift the year to start in March so the leap day is the last day of the year.
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<int32_t>(era * 146097 + static_cast<int64_t>(day_of_era) - 719468);
}

void CivilFromDays(int32_t days, int64_t* year, unsigned* month, unsigned* day) {
  const int64_t z = static_cast<int64_t>(days) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned day_of_era = static_cast<unsigned>(z - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  *day = day_of_year - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(year_of_era) + era * 400 + (*month <= 2);
}

bool IsValidCivilDate(int64_t year, unsigned month, unsigned day) {
  if (month < 1 || month > 12 || day < 1) return false;
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  unsigned limit = kDays[month - 1];
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && leap) limit = 29;
  return day <= limit;
}

bool ParseBoolean(std::string_view text, bool* out) {
  text = TrimSpaces(text);
  if (EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "t") ||
      EqualsIgnoreCase(text, "yes") || EqualsIgnoreCase(text, "y") || text == "1") {
    *out = true;
    return true;
  }
  if (EqualsIgnoreCase(text, "false") || EqualsIgnoreCase(text, "f") ||
      EqualsIgnoreCase(text, "no") || EqualsIgnoreCase(text, "n") || text == "0") {
    *out = false;
    return true;
  }
  return false;
}

bool ParseInt64(std::string_view text, int64_t* out) {
  text = TrimSpaces(text);
  if (text.empty()) return false;
  const char* begin = text.data();
  if (*begin == '+') begin++;
  auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool ParseInt32(std::string_view text, int32_t* out) {
  int64_t v;
  if (!ParseInt64(text, &v)) return false;
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return false;
  }
  *out = static_cast<int32_t>(v);
  return true;
}

bool ParseDouble(std::string_view text, double* out) {
  text = TrimSpaces(text);
  if (text.empty()) return false;
  const char* begin = text.data();
  if (*begin == '+') begin++;
  auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), *out);
  if (ec == std::errc() && ptr == text.data() + text.size()) return true;
  if (EqualsIgnoreCase(text, "nan")) {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (EqualsIgnoreCase(text, "inf") || EqualsIgnoreCase(text, "infinity") ||
      EqualsIgnoreCase(text, "+inf") || EqualsIgnoreCase(text, "+infinity")) {
    *out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (EqualsIgnoreCase(text, "-inf") || EqualsIgnoreCase(text, "-infinity")) {
    *out = -std::numeric_limits<double>::infinity();
    return true;
  }
  return false;
}

bool ParseDate(std::string_view text, int32_t* out) {
  text = TrimSpaces(text);
  size_t pos = 0;
  return ParseDatePrefix(text, pos, out) && pos == text.size();
}

bool ParseTimestamp(std::string_view text, int64_t* out) {
  text = TrimSpaces(text);
  size_t pos = 0;
  int32_t days;
  if (!ParseDatePrefix(text, pos, &days)) return false;
  int64_t micros = static_cast<int64_t>(days) * kMicrosPerDay;
  if (pos == text.size()) {
    *out = micros;
    return true;
  }
  if (text[pos] != ' ' && text[pos] != 'T') return false;
  pos++;
  unsigned hour, minute, second = 0;
  if (!ReadDigits(text, pos, 2, &hour)) return false;
  if (pos >= text.size() || text[pos] != ':') return false;
  pos++;
  if (!ReadDigits(text, pos, 2, &minute)) return false;
  int64_t fraction = 0;
  if (pos < text.size() && text[pos] == ':') {
    pos++;
    if (!ReadDigits(text, pos, 2, &second)) return false;
    if (pos < text.size() && text[pos] == '.') {
      pos++;
      int digits = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 6) {
          fraction = fraction * 10 + (text[pos] - '0');
          digits++;
        }
        pos++;
      }
      if (digits == 0) return false;
      for (; digits < 6; digits++) fraction *= 10;
    }
  }
  if (hour > 24 || minute > 59 || second > 60) return false;
  if (hour == 24 && (minute != 0 || second != 0 || fraction != 0)) return false;
  // Optional UTC designator: Z, +00, +00:00, +0000.
  if (pos < text.size()) {
    std::string_view rest = text.substr(pos);
    if (rest.front() == ' ') rest.remove_prefix(1);
    if (!(rest == "Z" || rest == "z" || rest == "+00" || rest == "+00:00" || rest == "+0000" ||
          rest == "UTC")) {
      return false;
    }
  }
  *out = micros + ((hour * 60LL + minute) * 60 + second) * kMicrosPerSecond + fraction;
  return true;
}

void AppendBoolean(bool value, std::string& out) {
  out += value ? "true" : "false";
}

void AppendInt64(int64_t value, std::string& out) {
  char buf[24];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, ptr);
}

void AppendDouble(double value, std::string& out) {
  if (std::isnan(value)) {
    out += "nan";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "inf" : "-inf";
    return;
  }
  // Integral values print without an exponent up to 1e15 ("3.0" style as DuckDB does).
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    if (value == 0 && std::signbit(value)) out += '-';  // -0.0 keeps its sign, as DuckDB prints it
    AppendInt64(static_cast<int64_t>(value), out);
    out += ".0";
    return;
  }
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, ptr);
}

void AppendDate(int32_t days, std::string& out) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  char buf[32];
  int n;
  if (year >= 0 && year <= 9999) {
    n = std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(year), month,
                      day);
  } else {
    n = std::snprintf(buf, sizeof(buf), "%lld-%02u-%02u", static_cast<long long>(year), month, day);
  }
  out.append(buf, static_cast<size_t>(n));
}

void AppendTimestamp(int64_t micros, std::string& out) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t rest = micros - days * kMicrosPerDay;
  AppendDate(static_cast<int32_t>(days), out);
  int64_t seconds = rest / kMicrosPerSecond;
  int64_t fraction = rest % kMicrosPerSecond;
  char buf[32];
  int n = std::snprintf(
      buf, sizeof(buf), " %02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
      static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  out.append(buf, static_cast<size_t>(n));
  if (fraction != 0) {
    n = std::snprintf(buf, sizeof(buf), ".%06lld", static_cast<long long>(fraction));
    while (n > 1 && buf[n - 1] == '0') n--;  // trailing zeros dropped, as DuckDB prints
    out.append(buf, static_cast<size_t>(n));
  }
}

std::string FormatDate(int32_t days) {
  std::string s;
  AppendDate(days, s);
  return s;
}

std::string FormatTimestamp(int64_t micros) {
  std::string s;
  AppendTimestamp(micros, s);
  return s;
}

}  // namespace sluice
