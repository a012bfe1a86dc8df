#include "expr/functions/date_parts.h"

#include <cctype>
#include <string>

#include "common/error.h"
#include "types/text_codec.h"

namespace sluice::functions {
namespace {

constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;

int64_t StartOfYear(int64_t year) {
  return DaysFromCivil(year, 1, 1);
}

// Monday on or before `days`.
int64_t StartOfIsoWeek(int64_t days) {
  return days - FloorMod(days + 3, 7);
}

}  // namespace

DatePart ParseDatePart(std::string_view text, std::string_view function) {
  std::string name;
  for (char c : text) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  struct Alias {
    const char* name;
    DatePart part;
  };
  static const Alias kAliases[] = {
      {"millennium", DatePart::kMillennium},
      {"millennia", DatePart::kMillennium},
      {"mil", DatePart::kMillennium},
      {"century", DatePart::kCentury},
      {"centuries", DatePart::kCentury},
      {"cent", DatePart::kCentury},
      {"decade", DatePart::kDecade},
      {"decades", DatePart::kDecade},
      {"dec", DatePart::kDecade},
      {"year", DatePart::kYear},
      {"years", DatePart::kYear},
      {"y", DatePart::kYear},
      {"yr", DatePart::kYear},
      {"yrs", DatePart::kYear},
      {"yy", DatePart::kYear},
      {"yyyy", DatePart::kYear},
      {"quarter", DatePart::kQuarter},
      {"quarters", DatePart::kQuarter},
      {"month", DatePart::kMonth},
      {"months", DatePart::kMonth},
      {"mon", DatePart::kMonth},
      {"mons", DatePart::kMonth},
      {"week", DatePart::kWeek},
      {"weeks", DatePart::kWeek},
      {"w", DatePart::kWeek},
      {"weekofyear", DatePart::kWeek},
      {"day", DatePart::kDay},
      {"days", DatePart::kDay},
      {"d", DatePart::kDay},
      {"dayofmonth", DatePart::kDay},
      {"hour", DatePart::kHour},
      {"hours", DatePart::kHour},
      {"h", DatePart::kHour},
      {"hr", DatePart::kHour},
      {"hrs", DatePart::kHour},
      {"minute", DatePart::kMinute},
      {"minutes", DatePart::kMinute},
      {"min", DatePart::kMinute},
      {"mins", DatePart::kMinute},
      {"m", DatePart::kMinute},
      {"second", DatePart::kSecond},
      {"seconds", DatePart::kSecond},
      {"sec", DatePart::kSecond},
      {"secs", DatePart::kSecond},
      {"s", DatePart::kSecond},
      {"millisecond", DatePart::kMillisecond},
      {"milliseconds", DatePart::kMillisecond},
      {"ms", DatePart::kMillisecond},
      {"msec", DatePart::kMillisecond},
      {"microsecond", DatePart::kMicrosecond},
      {"microseconds", DatePart::kMicrosecond},
      {"us", DatePart::kMicrosecond},
      {"usec", DatePart::kMicrosecond},
      {"dow", DatePart::kDayOfWeek},
      {"dayofweek", DatePart::kDayOfWeek},
      {"weekday", DatePart::kDayOfWeek},
      {"isodow", DatePart::kIsoDayOfWeek},
      {"doy", DatePart::kDayOfYear},
      {"dayofyear", DatePart::kDayOfYear},
      {"isoyear", DatePart::kIsoYear},
      {"epoch", DatePart::kEpoch},
  };
  for (const auto& alias : kAliases) {
    if (name == alias.name) return alias.part;
  }
  throw Error::UserInput("{}: unknown date part '{}'", function, text);
}

CivilTime ToCivil(int64_t timestamp_micros) {
  CivilTime t;
  t.days = FloorDiv(timestamp_micros, kMicrosPerDay);
  t.micros_of_day = timestamp_micros - t.days * kMicrosPerDay;
  CivilFromDays(static_cast<int32_t>(t.days), &t.year, &t.month, &t.day);
  return t;
}

void IsoWeek(int64_t days, int64_t* iso_year, int64_t* week) {
  int64_t thursday = StartOfIsoWeek(days) + 3;
  int64_t year;
  unsigned month, day;
  CivilFromDays(static_cast<int32_t>(thursday), &year, &month, &day);
  *iso_year = year;
  *week = (thursday - StartOfYear(year)) / 7 + 1;
}

int64_t ExtractPart(DatePart part, int64_t ts) {
  CivilTime t = ToCivil(ts);
  int64_t second_micros = t.micros_of_day % kMicrosPerMinute;  // seconds and fraction
  switch (part) {
    case DatePart::kMillennium: return t.year > 0 ? (t.year - 1) / 1000 + 1 : t.year / 1000 - 1;
    case DatePart::kCentury: return t.year > 0 ? (t.year - 1) / 100 + 1 : t.year / 100 - 1;
    case DatePart::kDecade: return FloorDiv(t.year, 10);
    case DatePart::kYear: return t.year;
    case DatePart::kQuarter: return (t.month - 1) / 3 + 1;
    case DatePart::kMonth: return t.month;
    case DatePart::kDay: return t.day;
    case DatePart::kHour: return t.micros_of_day / kMicrosPerHour;
    case DatePart::kMinute: return t.micros_of_day / kMicrosPerMinute % 60;
    case DatePart::kSecond: return second_micros / kMicrosPerSecond;
    case DatePart::kMillisecond: return second_micros / 1000;
    case DatePart::kMicrosecond: return second_micros;
    case DatePart::kDayOfWeek: return FloorMod(t.days + 4, 7);
    case DatePart::kIsoDayOfWeek: return FloorMod(t.days + 3, 7) + 1;
    case DatePart::kDayOfYear: return t.days - StartOfYear(t.year) + 1;
    case DatePart::kWeek:
    case DatePart::kIsoYear: {
      int64_t iso_year, week;
      IsoWeek(t.days, &iso_year, &week);
      return part == DatePart::kWeek ? week : iso_year;
    }
    case DatePart::kEpoch: return FloorDiv(ts, kMicrosPerSecond);
  }
  return 0;
}

double EpochSeconds(int64_t ts) {
  return static_cast<double>(ts) / kMicrosPerSecond;
}

int64_t TruncateTimestamp(DatePart part, int64_t ts) {
  CivilTime t = ToCivil(ts);
  auto at_day = [](int64_t days) { return days * kMicrosPerDay; };
  switch (part) {
    case DatePart::kMillennium: return at_day(StartOfYear(FloorDiv(t.year, 1000) * 1000));
    case DatePart::kCentury: return at_day(StartOfYear(FloorDiv(t.year, 100) * 100));
    case DatePart::kDecade: return at_day(StartOfYear(FloorDiv(t.year, 10) * 10));
    case DatePart::kYear: return at_day(StartOfYear(t.year));
    case DatePart::kQuarter: return at_day(DaysFromCivil(t.year, (t.month - 1) / 3 * 3 + 1, 1));
    case DatePart::kMonth: return at_day(DaysFromCivil(t.year, t.month, 1));
    case DatePart::kWeek: return at_day(StartOfIsoWeek(t.days));
    case DatePart::kDay: return at_day(t.days);
    case DatePart::kHour: return ts - FloorMod(ts, kMicrosPerHour);
    case DatePart::kMinute: return ts - FloorMod(ts, kMicrosPerMinute);
    case DatePart::kSecond: return ts - FloorMod(ts, kMicrosPerSecond);
    case DatePart::kMillisecond: return ts - FloorMod(ts, 1000);
    case DatePart::kMicrosecond: return ts;
    default: break;
  }
  throw Error::UserInput("date_trunc: cannot truncate to this date part");
}

int64_t DiffParts(DatePart part, int64_t start, int64_t end) {
  CivilTime a = ToCivil(start), b = ToCivil(end);
  switch (part) {
    case DatePart::kMillennium: return FloorDiv(b.year, 1000) - FloorDiv(a.year, 1000);
    case DatePart::kCentury: return FloorDiv(b.year, 100) - FloorDiv(a.year, 100);
    case DatePart::kDecade: return FloorDiv(b.year, 10) - FloorDiv(a.year, 10);
    case DatePart::kYear:
    case DatePart::kIsoYear: return b.year - a.year;
    case DatePart::kQuarter:
      return (b.year * 4 + (b.month - 1) / 3) - (a.year * 4 + (a.month - 1) / 3);
    case DatePart::kMonth: return (b.year * 12 + b.month) - (a.year * 12 + a.month);
    case DatePart::kWeek: return (StartOfIsoWeek(b.days) - StartOfIsoWeek(a.days)) / 7;
    case DatePart::kDay:
    case DatePart::kDayOfWeek:
    case DatePart::kIsoDayOfWeek:
    case DatePart::kDayOfYear: return b.days - a.days;
    case DatePart::kHour: return FloorDiv(end, kMicrosPerHour) - FloorDiv(start, kMicrosPerHour);
    case DatePart::kMinute:
      return FloorDiv(end, kMicrosPerMinute) - FloorDiv(start, kMicrosPerMinute);
    case DatePart::kSecond:
    case DatePart::kEpoch:
      return FloorDiv(end, kMicrosPerSecond) - FloorDiv(start, kMicrosPerSecond);
    case DatePart::kMillisecond: return FloorDiv(end, 1000) - FloorDiv(start, 1000);
    case DatePart::kMicrosecond: return end - start;
  }
  return 0;
}

}  // namespace sluice::functions
