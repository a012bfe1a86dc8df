// Fast text -> value conversions for the CSV scan's inner loop. Each fast path accepts a
// subset of what the strict parsers in types/text_codec.h accept and falls back to them
// for anything else, so results never differ from ParseInt64 / ParseDouble / ParseDate /
// ParseTimestamp; the fast paths only skip their generality on the common shapes
// ("123", "-45.67", "2024-01-31", "2024-01-31 12:34:56").
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "types/text_codec.h"

namespace sluice {

// Days since 1970-01-01 of a valid proleptic Gregorian date (same result as
// DaysFromCivil, inlined for the scan loop). Returns false for an invalid month or day.
inline bool CsvCivilDays(unsigned year, unsigned month, unsigned day, int32_t* out) {
  static constexpr unsigned kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month - 1 > 11 || day == 0) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kMonthDays[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
  // Years counted from March so that the leap day ends the year.
  unsigned y = year - (month <= 2 ? 1 : 0);
  unsigned era = y / 400;
  unsigned year_of_era = y - era * 400;
  unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  *out = static_cast<int32_t>(static_cast<int64_t>(era) * 146097 + day_of_era - 719468);
  return true;
}

inline bool CsvParseInt64(const char* p, size_t n, int64_t* out) {
  if (n == 0 || n > 18) return ParseInt64(std::string_view(p, n), out);
  size_t i = p[0] == '-' ? 1 : 0;
  if (i == n) return false;
  uint64_t v = 0;
  for (; i < n; i++) {
    auto digit = static_cast<unsigned>(static_cast<unsigned char>(p[i]) - '0');
    if (digit > 9) return ParseInt64(std::string_view(p, n), out);
    v = v * 10 + digit;
  }
  *out = p[0] == '-' ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  return true;
}

// Decimals with at most 15 significant digits: the mantissa and the power of ten are exact
// doubles, so one division gives the correctly rounded result (what from_chars returns).
inline bool CsvParseDouble(const char* p, size_t n, double* out) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  size_t i = (n > 0 && p[0] == '-') ? 1 : 0;
  uint64_t mantissa = 0;
  size_t digits = 0, fraction = 0;
  bool dot = false;
  for (; i < n; i++) {
    auto digit = static_cast<unsigned>(static_cast<unsigned char>(p[i]) - '0');
    if (digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      fraction += dot;
    } else if (p[i] == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (i != n || digits == 0 || digits > 15) return ParseDouble(std::string_view(p, n), out);
  double v = static_cast<double>(mantissa) / kPow10[fraction];
  *out = p[0] == '-' ? -v : v;
  return true;
}

inline bool CsvParseDate(const char* p, size_t n, int32_t* out) {
  if (n == 10 && p[4] == '-' && p[7] == '-') {
    unsigned v[8];
    static constexpr int kPos[] = {0, 1, 2, 3, 5, 6, 8, 9};
    bool ok = true;
    for (int k = 0; k < 8; k++) {
      v[k] = static_cast<unsigned>(static_cast<unsigned char>(p[kPos[k]]) - '0');
      ok &= v[k] <= 9;
    }
    if (ok) {
      unsigned year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
      unsigned month = v[4] * 10 + v[5], day = v[6] * 10 + v[7];
      if (year != 0 && CsvCivilDays(year, month, day, out)) return true;
    }
  }
  return ParseDate(std::string_view(p, n), out);
}

inline bool CsvParseTimestamp(const char* p, size_t n, int64_t* out) {
  if (n == 19 && (p[10] == ' ' || p[10] == 'T') && p[13] == ':' && p[16] == ':') {
    int32_t days;
    unsigned v[6];
    static constexpr int kPos[] = {11, 12, 14, 15, 17, 18};
    bool ok = true;
    for (int k = 0; k < 6; k++) {
      v[k] = static_cast<unsigned>(static_cast<unsigned char>(p[kPos[k]]) - '0');
      ok &= v[k] <= 9;
    }
    unsigned hour = v[0] * 10 + v[1], minute = v[2] * 10 + v[3], second = v[4] * 10 + v[5];
    if (ok && hour < 24 && minute < 60 && second < 60 && CsvParseDate(p, 10, &days)) {
      *out = static_cast<int64_t>(days) * kMicrosPerDay +
             static_cast<int64_t>(hour * 3600 + minute * 60 + second) * kMicrosPerSecond;
      return true;
    }
  }
  return ParseTimestamp(std::string_view(p, n), out);
}

}  // namespace sluice
