// Interval text parsing for INTERVAL literals: '2 hours', '1 year 2 months', '3 days
// 04:05:06.5', '-1 day', '10:30', and a bare number with a separate unit ('1' DAY,
// 2 HOUR). Results are normalized like PostgreSQL: years -> 12 months, weeks -> 7 days,
// hours and smaller -> microseconds; a fraction of a month spills into days (30 per
// month) and a fraction of a day into microseconds.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::sql {

struct IntervalValue {
  int64_t months = 0;
  int64_t days = 0;
  int64_t micros = 0;
};

// True if `word` (lower case) names an interval unit: year(s), month(s), week(s), day(s),
// hour(s), minute(s), second(s), millisecond(s), microsecond(s) and common abbreviations.
bool IsIntervalUnit(std::string_view word);

// Parses `text`; when `unit` is not empty, `text` must be a single number of that unit.
// On failure returns false and sets `error` to a reason.
bool ParseIntervalText(std::string_view text, std::string_view unit, IntervalValue* out,
                       std::string* error);

}  // namespace sluice::sql
