// Calendar arithmetic on sluice's DATE (days since 1970-01-01) and TIMESTAMP
// (microseconds since 1970-01-01 00:00:00) values: the named parts of date_part/extract,
// date_trunc and date_diff, in the proleptic Gregorian calendar. Weeks are ISO weeks
// (starting Monday); dow counts Sunday = 0, isodow Monday = 1.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::functions {

enum class DatePart {
  kMillennium,
  kCentury,
  kDecade,
  kYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kHour,
  kMinute,
  kSecond,
  kMillisecond,
  kMicrosecond,
  kDayOfWeek,     // dow: Sunday 0 .. Saturday 6
  kIsoDayOfWeek,  // isodow: Monday 1 .. Sunday 7
  kDayOfYear,     // doy: 1 .. 366
  kIsoYear,
  kEpoch,  // seconds since 1970-01-01
};

// Parses a part name, case-insensitive, with the usual synonyms and plurals ("years",
// "mon", "hr", "min", "sec", "ms", "us", "dayofweek", ...). Throws a user_input Error
// naming `function` and the text for an unknown name.
DatePart ParseDatePart(std::string_view text, std::string_view function);

// Broken-down civil time of a timestamp.
struct CivilTime {
  int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
  int64_t days;    // days since epoch
  int64_t micros_of_day;
};
CivilTime ToCivil(int64_t timestamp_micros);

// The value of `part` (date_part / extract). kEpoch gives whole seconds (floored).
int64_t ExtractPart(DatePart part, int64_t timestamp_micros);
// Seconds since the epoch with the fraction, for epoch().
double EpochSeconds(int64_t timestamp_micros);

// Truncates to the start of the `part` that contains the timestamp.
int64_t TruncateTimestamp(DatePart part, int64_t timestamp_micros);

// Number of `part` boundaries crossed going from `start` to `end` (negative if end is
// earlier), as DuckDB's date_diff.
int64_t DiffParts(DatePart part, int64_t start_micros, int64_t end_micros);

// ISO 8601 week number (1..53) and the ISO year it belongs to.
void IsoWeek(int64_t days, int64_t* iso_year, int64_t* week);

}  // namespace sluice::functions
