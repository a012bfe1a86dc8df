// strftime(timestamp|date, format) and strptime/try_strptime(text, format), with the C
// format specifiers DuckDB supports:
//   %Y year  %y 2-digit year  %m month  %d day  %e day (space padded)  %j day of year
//   %H hour  %I 12-hour hour  %p AM/PM  %M minute  %S second  %f microseconds (6 digits)
//   %g milliseconds (3 digits)  %b/%h abbreviated month  %B month name  %a/%A weekday
//   %w weekday (Sunday 0)  %u ISO weekday  %%
// A '-' after '%' drops zero padding (%-d). strptime accepts 1..N digits for numbers and
// names case-insensitively; a mismatch is a user_input error naming the value and the
// format (try_strptime gives NULL instead).
#include <cctype>
#include <cstdio>
#include <optional>

#include "common/error.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/date_parts.h"
#include "expr/functions/string_kernels.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"
#include "types/text_codec.h"

namespace sluice::functions {
namespace {

const char* const kMonthNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
const char* const kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

void AppendNumber(int64_t value, int width, bool pad, std::string& out) {
  char buf[32];
  int n = pad ? std::snprintf(buf, sizeof(buf), "%0*lld", width, static_cast<long long>(value))
              : std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(value));
  out.append(buf, static_cast<size_t>(n));
}

void FormatTimestampWith(int64_t ts, std::string_view format, std::string& out) {
  CivilTime t = ToCivil(ts);
  int64_t hour = t.micros_of_day / (3600 * kMicrosPerSecond);
  int64_t minute = t.micros_of_day / (60 * kMicrosPerSecond) % 60;
  int64_t second = t.micros_of_day / kMicrosPerSecond % 60;
  int64_t micros = t.micros_of_day % kMicrosPerSecond;
  int64_t dow = ExtractPart(DatePart::kDayOfWeek, ts);
  for (size_t i = 0; i < format.size(); i++) {
    char c = format[i];
    if (c != '%' || i + 1 >= format.size()) {
      out += c;
      continue;
    }
    c = format[++i];
    bool pad = true;
    if (c == '-' && i + 1 < format.size()) {
      pad = false;
      c = format[++i];
    }
    switch (c) {
      case 'Y': AppendNumber(t.year, 4, pad, out); break;
      case 'y': AppendNumber(FloorMod(t.year, 100), 2, pad, out); break;
      case 'm': AppendNumber(t.month, 2, pad, out); break;
      case 'd': AppendNumber(t.day, 2, pad, out); break;
      case 'e': {
        if (t.day < 10) out += ' ';
        AppendNumber(t.day, 1, false, out);
        break;
      }
      case 'j': AppendNumber(ExtractPart(DatePart::kDayOfYear, ts), 3, pad, out); break;
      case 'H': AppendNumber(hour, 2, pad, out); break;
      case 'I': AppendNumber(hour % 12 == 0 ? 12 : hour % 12, 2, pad, out); break;
      case 'p': out += hour < 12 ? "AM" : "PM"; break;
      case 'M': AppendNumber(minute, 2, pad, out); break;
      case 'S': AppendNumber(second, 2, pad, out); break;
      case 'f': AppendNumber(micros, 6, true, out); break;
      case 'g': AppendNumber(micros / 1000, 3, true, out); break;
      case 'b':
      case 'h': out.append(kMonthNames[t.month - 1], 3); break;
      case 'B': out += kMonthNames[t.month - 1]; break;
      case 'a': out.append(kDayNames[dow], 3); break;
      case 'A': out += kDayNames[dow]; break;
      case 'w': AppendNumber(dow, 1, false, out); break;
      case 'u': AppendNumber(dow == 0 ? 7 : dow, 1, false, out); break;
      case '%': out += '%'; break;
      default:
        throw Error::UserInput("strftime: unsupported format specifier '%{}' in '{}'", c, format);
    }
  }
}

template <TypeId kType>
void StrftimeKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  std::string buffer;
  MapStrings(args, count, result, [&](size_t row) {
    int64_t ts = kType == TypeId::kDate ? int64_t{RowValue<int32_t>(args[0], row)} * kMicrosPerDay
                                        : RowValue<int64_t>(args[0], row);
    buffer.clear();
    FormatTimestampWith(ts, RowValue<StringRef>(args[1], row).view(), buffer);
    return std::string_view(buffer);
  });
}

// Parsing state: a cursor over the text.
struct Scanner {
  std::string_view text;
  size_t pos = 0;

  bool Number(int max_digits, int64_t* out) {
    size_t start = pos;
    bool negative = false;
    if (max_digits > 4 && pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
      negative = text[pos] == '-';
      pos++;
    }
    int64_t v = 0;
    int digits = 0;
    while (pos < text.size() && digits < max_digits && text[pos] >= '0' && text[pos] <= '9') {
      v = v * 10 + (text[pos++] - '0');
      digits++;
    }
    if (digits == 0) {
      pos = start;
      return false;
    }
    *out = negative ? -v : v;
    return true;
  }
  // Matches one of `names` (full or 3-letter abbreviation), case-insensitively.
  bool Name(const char* const* names, int count, int64_t* index) {
    for (int full = 1; full >= 0; full--) {
      for (int n = 0; n < count; n++) {
        std::string_view name = names[n];
        if (!full) name = name.substr(0, 3);
        if (text.size() - pos < name.size()) continue;
        bool equal = true;
        for (size_t k = 0; k < name.size() && equal; k++) {
          equal = std::tolower(static_cast<unsigned char>(text[pos + k])) ==
                  std::tolower(static_cast<unsigned char>(name[k]));
        }
        if (equal) {
          pos += name.size();
          *index = n;
          return true;
        }
      }
    }
    return false;
  }
};

// Parses `text` with `format`; false on any mismatch.
bool ParseWithFormat(std::string_view text, std::string_view format, int64_t* out) {
  Scanner s{text};
  int64_t year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
  int64_t day_of_year = -1;
  bool pm = false, twelve_hour = false;
  for (size_t i = 0; i < format.size(); i++) {
    char c = format[i];
    if (c != '%' || i + 1 >= format.size()) {
      if (c == ' ') {
        while (s.pos < text.size() && text[s.pos] == ' ') s.pos++;
        continue;
      }
      if (s.pos >= text.size() || text[s.pos] != c) return false;
      s.pos++;
      continue;
    }
    c = format[++i];
    if (c == '-' && i + 1 < format.size()) c = format[++i];
    int64_t v = 0;
    bool ok = true;
    switch (c) {
      case 'Y': ok = s.Number(6, &year); break;
      case 'y':
        ok = s.Number(2, &v);
        year = v < 69 ? 2000 + v : 1900 + v;
        break;
      case 'm': ok = s.Number(2, &month); break;
      case 'd': ok = s.Number(2, &day); break;
      case 'e':
        while (s.pos < text.size() && text[s.pos] == ' ') s.pos++;
        ok = s.Number(2, &day);
        break;
      case 'j': ok = s.Number(3, &day_of_year); break;
      case 'H': ok = s.Number(2, &hour); break;
      case 'I':
        ok = s.Number(2, &hour);
        twelve_hour = true;
        break;
      case 'p': {
        const char* const kMeridiem[] = {"AM", "PM"};
        ok = s.Name(kMeridiem, 2, &v);
        pm = v == 1;
        break;
      }
      case 'M': ok = s.Number(2, &minute); break;
      case 'S': ok = s.Number(2, &second); break;
      case 'f':
      case 'g': {
        size_t start = s.pos;
        ok = s.Number(c == 'f' ? 6 : 3, &micros);
        for (size_t d = s.pos - start; ok && d < 6; d++) micros *= 10;
        break;
      }
      case 'b':
      case 'h':
      case 'B':
        ok = s.Name(kMonthNames, 12, &month);
        month++;
        break;
      case 'a':
      case 'A': ok = s.Name(kDayNames, 7, &v); break;
      case 'w':
      case 'u': ok = s.Number(1, &v); break;
      case '%':
        ok = s.pos < text.size() && text[s.pos] == '%';
        s.pos++;
        break;
      default:
        throw Error::UserInput("strptime: unsupported format specifier '%{}' in '{}'", c, format);
    }
    if (!ok) return false;
  }
  if (s.pos != text.size()) return false;
  if (twelve_hour) {
    if (hour < 1 || hour > 12) return false;
    hour = hour % 12 + (pm ? 12 : 0);
  }
  if (year < -290000 || year > 290000 || month < 1 || month > 12 || day < 1 || day > 31 ||
      hour > 24 || minute > 59 || second > 60) {
    return false;
  }
  int64_t days;
  if (day_of_year >= 0) {
    if (day_of_year < 1 || day_of_year > 366) return false;
    days = DaysFromCivil(year, 1, 1) + day_of_year - 1;
  } else {
    if (!IsValidCivilDate(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) {
      return false;
    }
    days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  }
  *out = days * kMicrosPerDay + ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + micros;
  return true;
}

template <bool kTry>
void StrptimeKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  int64_t* out = result.data<int64_t>();
  for (size_t i = 0; i < count; i++) {
    out[i] = 0;
    if (!RowValid(args[0], i) || !RowValid(args[1], i)) {
      result.SetNull(i);
      continue;
    }
    std::string_view text = RowValue<StringRef>(args[0], i).view();
    std::string_view format = RowValue<StringRef>(args[1], i).view();
    if (ParseWithFormat(text, format, &out[i])) continue;
    if (!kTry) {
      throw Error::UserInput("strptime: could not parse '{}' with format '{}'", text, format);
    }
    result.SetNull(i);
  }
}

}  // namespace

void RegisterDateFormatFunctions() {
  constexpr TypeId kVarchar = TypeId::kVarchar;
  ScalarFunctionRegistry::Register({.name = "strftime",
                                    .parameters = {TypeId::kTimestamp, kVarchar},
                                    .return_type = kVarchar,
                                    .kernel = StrftimeKernel<TypeId::kTimestamp>});
  ScalarFunctionRegistry::Register({.name = "strftime",
                                    .parameters = {TypeId::kDate, kVarchar},
                                    .return_type = kVarchar,
                                    .kernel = StrftimeKernel<TypeId::kDate>});
  ScalarFunctionRegistry::Register({.name = "strptime",
                                    .parameters = {kVarchar, kVarchar},
                                    .return_type = TypeId::kTimestamp,
                                    .kernel = StrptimeKernel<false>,
                                    .null_handling = NullHandling::kSpecial});
  ScalarFunctionRegistry::Register({.name = "try_strptime",
                                    .parameters = {kVarchar, kVarchar},
                                    .return_type = TypeId::kTimestamp,
                                    .kernel = StrptimeKernel<true>,
                                    .null_handling = NullHandling::kSpecial});
}

}  // namespace sluice::functions
