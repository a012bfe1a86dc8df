// Text <-> value conversions shared by readers (CSV, JSON), casts and result printing.
//
// Parsers are strict: the whole input must be consumed (surrounding ASCII spaces are
// allowed for numbers, as PostgreSQL allows them); they return false instead of throwing
// so hot loops can count or report failures themselves. Formats:
//   DATE       YYYY-MM-DD (years 0001..9999; also +/- longer years on output)
//   TIMESTAMP  YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]] with an optional trailing 'Z' or +00[:00]
//   BOOLEAN    true/false/t/f/yes/no/y/n/1/0 (case-insensitive)
// Dates are days since 1970-01-01 in the proleptic Gregorian calendar; timestamps are
// microseconds since 1970-01-01 00:00:00.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400LL * kMicrosPerSecond;

int32_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int32_t days, int64_t* year, unsigned* month, unsigned* day);
bool IsValidCivilDate(int64_t year, unsigned month, unsigned day);

bool ParseBoolean(std::string_view text, bool* out);
bool ParseInt32(std::string_view text, int32_t* out);
bool ParseInt64(std::string_view text, int64_t* out);
bool ParseDouble(std::string_view text, double* out);
bool ParseDate(std::string_view text, int32_t* out);
bool ParseTimestamp(std::string_view text, int64_t* out);

// Appends the canonical text of a value to `out`.
void AppendBoolean(bool value, std::string& out);
void AppendInt64(int64_t value, std::string& out);
void AppendDouble(double value, std::string& out);  // shortest round-trip form
void AppendDate(int32_t days, std::string& out);
void AppendTimestamp(int64_t micros, std::string& out);

std::string FormatDate(int32_t days);
std::string FormatTimestamp(int64_t micros);

// Floor division helpers for negative timestamps.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) {
  return a - FloorDiv(a, b) * b;
}

}  // namespace sluice
