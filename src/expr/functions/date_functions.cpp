// Date/time functions: date_part/extract and the named extractors (year(), month(), ...),
// date_trunc, date_diff, date_add, make_date, make_timestamp, epoch conversions, last_day,
// and the clock (current_date, now; UTC, volatile). Calendar rules live in date_parts.h.
//
// date_trunc keeps the input type (DATE in, DATE out), date_part returns BIGINT for every
// part (epoch as whole seconds; epoch() gives fractional seconds as DOUBLE).
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "common/error.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/date_parts.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"
#include "types/text_codec.h"

namespace sluice::functions {
namespace {

constexpr TypeId kVarchar = TypeId::kVarchar;
constexpr TypeId kDate = TypeId::kDate;
constexpr TypeId kTimestamp = TypeId::kTimestamp;
constexpr TypeId kBigint = TypeId::kBigint;
constexpr TypeId kDouble = TypeId::kDouble;

// Reads row `row` of a DATE or TIMESTAMP vector as microseconds.
template <TypeId kType>
inline int64_t MicrosAt(const Vector& v, size_t row) {
  if constexpr (kType == TypeId::kDate) {
    return int64_t{RowValue<int32_t>(v, row)} * kMicrosPerDay;
  } else {
    return RowValue<int64_t>(v, row);
  }
}

// build_state for functions whose first argument names a date part.
ScalarStateBuilder PartState(const char* function) {
  return [function](const std::vector<const Value*>& constants) -> std::shared_ptr<const void> {
    if (constants.empty() || constants[0] == nullptr || constants[0]->is_null()) return nullptr;
    return std::make_shared<DatePart>(ParseDatePart(constants[0]->string_value(), function));
  };
}

// The part for `row`: the constant one, else parsed from the row (NULL rows: nullopt).
inline std::optional<DatePart> PartAt(const std::vector<Vector>& args, size_t row,
                                      const void* state, const char* function) {
  if (state != nullptr) return *static_cast<const DatePart*>(state);
  if (!RowValid(args[0], row)) return std::nullopt;
  return ParseDatePart(RowValue<StringRef>(args[0], row).view(), function);
}

template <TypeId kType>
void DatePartKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                    const void* state) {
  int64_t* out = result.data<int64_t>();
  for (size_t i = 0; i < count; i++) {
    auto part = PartAt(args, i, state, "date_part");
    out[i] = part ? ExtractPart(*part, MicrosAt<kType>(args[1], i)) : 0;
  }
}

template <TypeId kType>
void DateTruncKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                     const void* state) {
  for (size_t i = 0; i < count; i++) {
    auto part = PartAt(args, i, state, "date_trunc");
    int64_t ts =
        part && RowValid(args[1], i) ? TruncateTimestamp(*part, MicrosAt<kType>(args[1], i)) : 0;
    if constexpr (kType == TypeId::kDate) {
      result.data<int32_t>()[i] = static_cast<int32_t>(FloorDiv(ts, kMicrosPerDay));
    } else {
      result.data<int64_t>()[i] = ts;
    }
  }
}

template <TypeId kType>
void DateDiffKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                    const void* state) {
  int64_t* out = result.data<int64_t>();
  for (size_t i = 0; i < count; i++) {
    auto part = PartAt(args, i, state, "date_diff");
    out[i] = part ? DiffParts(*part, MicrosAt<kType>(args[1], i), MicrosAt<kType>(args[2], i)) : 0;
  }
}

// year(x), month(x), ...: one fixed part.
template <TypeId kType, DatePart kPart>
void NamedPartKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  int64_t* out = result.data<int64_t>();
  for (size_t i = 0; i < count; i++) out[i] = ExtractPart(kPart, MicrosAt<kType>(args[0], i));
}

template <TypeId kType>
void EpochKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  double* out = result.data<double>();
  for (size_t i = 0; i < count; i++) out[i] = EpochSeconds(MicrosAt<kType>(args[0], i));
}

template <TypeId kType>
void LastDayKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  int32_t* out = result.data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    CivilTime t = ToCivil(MicrosAt<kType>(args[0], i));
    int64_t year = t.month == 12 ? t.year + 1 : t.year;
    unsigned month = t.month == 12 ? 1 : t.month + 1;
    out[i] = DaysFromCivil(year, month, 1) - 1;
  }
}

void MakeDateKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  int32_t* out = result.data<int32_t>();
  for (size_t i = 0; i < count; i++) {
    int64_t y = RowValue<int64_t>(args[0], i);
    int64_t m = RowValue<int64_t>(args[1], i);
    int64_t d = RowValue<int64_t>(args[2], i);
    bool valid = y >= -290000 && y <= 290000 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
                 IsValidCivilDate(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    if (!valid) {
      out[i] = 0;
      if (RowValid(args[0], i) && RowValid(args[1], i) && RowValid(args[2], i)) {
        throw Error::UserInput("make_date: {}-{}-{} is not a valid date", y, m, d);
      }
      continue;
    }
    out[i] = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  }
}

void MakeTimestampKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                         const void*) {
  int64_t* out = result.data<int64_t>();
  for (size_t i = 0; i < count; i++) {
    int64_t y = RowValue<int64_t>(args[0], i), m = RowValue<int64_t>(args[1], i);
    int64_t d = RowValue<int64_t>(args[2], i), h = RowValue<int64_t>(args[3], i);
    int64_t mi = RowValue<int64_t>(args[4], i);
    double s = RowValue<double>(args[5], i);
    bool valid = y >= -290000 && y <= 290000 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
                 IsValidCivilDate(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) &&
                 h >= 0 && h <= 24 && mi >= 0 && mi < 60 && s >= 0 && s < 61;
    if (!valid) {
      out[i] = 0;
      bool all_valid = true;
      for (const Vector& a : args) all_valid &= RowValid(a, i);
      if (all_valid) {
        throw Error::UserInput("make_timestamp: {}-{}-{} {}:{}:{} is not a valid timestamp", y, m,
                               d, h, mi, s);
      }
      continue;
    }
    int64_t days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    out[i] = days * kMicrosPerDay + (h * 60 + mi) * 60 * kMicrosPerSecond +
             static_cast<int64_t>(std::llround(s * kMicrosPerSecond));
  }
}

// Seconds (DOUBLE) or milliseconds (BIGINT) since the epoch -> TIMESTAMP.
void ToTimestampKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  int64_t* out = result.data<int64_t>();
  for (size_t i = 0; i < count; i++) {
    double seconds = RowValue<double>(args[0], i);
    double micros = std::round(seconds * kMicrosPerSecond);
    if (!(micros > -9.2e18 && micros < 9.2e18)) {
      out[i] = 0;
      if (RowValid(args[0], i)) throw Error::UserInput("to_timestamp: {} is out of range", seconds);
      continue;
    }
    out[i] = static_cast<int64_t>(micros);
  }
}

template <int64_t kUnit>
void FromEpochUnitsKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                          const void*) {
  int64_t* out = result.data<int64_t>();
  for (size_t i = 0; i < count; i++) {
    int64_t v = RowValue<int64_t>(args[0], i);
    if (__builtin_mul_overflow(v, kUnit, &out[i])) {
      out[i] = 0;
      if (RowValid(args[0], i)) throw Error::UserInput("epoch value {} is out of range", v);
    }
  }
}

template <int64_t kUnit>
void ToEpochUnitsKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                        const void*) {
  UnaryLoop<int64_t, int64_t>(args[0], count, result,
                              [](int64_t ts) { return FloorDiv(ts, kMicrosPerSecond / kUnit); });
}

int64_t NowMicros() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(now).count();
}

void NowKernel(const std::vector<Vector>&, size_t count, Vector& result, const void*) {
  int64_t now = NowMicros();
  for (size_t i = 0; i < count; i++) result.data<int64_t>()[i] = now;
}

void CurrentDateKernel(const std::vector<Vector>&, size_t count, Vector& result, const void*) {
  int32_t today = static_cast<int32_t>(FloorDiv(NowMicros(), kMicrosPerDay));
  for (size_t i = 0; i < count; i++) result.data<int32_t>()[i] = today;
}

void Add(const char* name, std::vector<TypeId> parameters, TypeId return_type, ScalarKernel kernel,
         ScalarStateBuilder state = nullptr, bool is_volatile = false) {
  ScalarFunctionRegistry::Register({.name = name,
                                    .parameters = std::move(parameters),
                                    .return_type = return_type,
                                    .kernel = std::move(kernel),
                                    .build_state = std::move(state),
                                    .is_volatile = is_volatile});
}

template <TypeId kType>
void RegisterForType() {
  for (const char* name : {"date_part", "extract", "datepart"}) {
    Add(name, {kVarchar, kType}, kBigint, DatePartKernel<kType>, PartState("date_part"));
  }
  Add("date_trunc", {kVarchar, kType}, kType, DateTruncKernel<kType>, PartState("date_trunc"));
  Add("datetrunc", {kVarchar, kType}, kType, DateTruncKernel<kType>, PartState("date_trunc"));
  for (const char* name : {"date_diff", "datediff"}) {
    Add(name, {kVarchar, kType, kType}, kBigint, DateDiffKernel<kType>, PartState("date_diff"));
  }
  struct Named {
    const char* name;
    ScalarKernel kernel;
  };
  const Named named[] = {
      {"year", NamedPartKernel<kType, DatePart::kYear>},
      {"quarter", NamedPartKernel<kType, DatePart::kQuarter>},
      {"month", NamedPartKernel<kType, DatePart::kMonth>},
      {"day", NamedPartKernel<kType, DatePart::kDay>},
      {"dayofmonth", NamedPartKernel<kType, DatePart::kDay>},
      {"hour", NamedPartKernel<kType, DatePart::kHour>},
      {"minute", NamedPartKernel<kType, DatePart::kMinute>},
      {"second", NamedPartKernel<kType, DatePart::kSecond>},
      {"millisecond", NamedPartKernel<kType, DatePart::kMillisecond>},
      {"microsecond", NamedPartKernel<kType, DatePart::kMicrosecond>},
      {"dayofweek", NamedPartKernel<kType, DatePart::kDayOfWeek>},
      {"isodow", NamedPartKernel<kType, DatePart::kIsoDayOfWeek>},
      {"dayofyear", NamedPartKernel<kType, DatePart::kDayOfYear>},
      {"week", NamedPartKernel<kType, DatePart::kWeek>},
      {"weekofyear", NamedPartKernel<kType, DatePart::kWeek>},
      {"isoyear", NamedPartKernel<kType, DatePart::kIsoYear>},
      {"decade", NamedPartKernel<kType, DatePart::kDecade>},
      {"century", NamedPartKernel<kType, DatePart::kCentury>},
      {"millennium", NamedPartKernel<kType, DatePart::kMillennium>},
  };
  for (const auto& n : named) Add(n.name, {kType}, kBigint, n.kernel);
  Add("epoch", {kType}, kDouble, EpochKernel<kType>);
  Add("last_day", {kType}, kDate, LastDayKernel<kType>);
}

}  // namespace

void RegisterDateFunctions() {
  RegisterForType<kDate>();
  RegisterForType<kTimestamp>();
  Add("make_date", {kBigint, kBigint, kBigint}, kDate, MakeDateKernel);
  Add("make_timestamp", {kBigint, kBigint, kBigint, kBigint, kBigint, kDouble}, kTimestamp,
      MakeTimestampKernel);
  Add("make_timestamp", {kBigint}, kTimestamp, FromEpochUnitsKernel<1>);
  Add("to_timestamp", {kDouble}, kTimestamp, ToTimestampKernel);
  Add("epoch_ms", {kBigint}, kTimestamp, FromEpochUnitsKernel<1000>);
  Add("epoch_ms", {kTimestamp}, kBigint, ToEpochUnitsKernel<1000>);
  Add("epoch_us", {kTimestamp}, kBigint, ToEpochUnitsKernel<kMicrosPerSecond>);
  // date_add(date, days) is DATE + days; reuse the operator's kernels.
  for (TypeId days : {TypeId::kInteger, kBigint}) {
    auto plus = ScalarFunctionRegistry::Resolve("+", {kDate, days});
    if (plus && plus->function->return_type == kDate) {
      Add("date_add", {kDate, days}, kDate, plus->function->kernel);
    }
  }
  Add("current_date", {}, kDate, CurrentDateKernel, nullptr, true);
  Add("today", {}, kDate, CurrentDateKernel, nullptr, true);
  for (const char* name : {"now", "current_timestamp", "get_current_timestamp"}) {
    Add(name, {}, kTimestamp, NowKernel, nullptr, true);
  }
}

}  // namespace sluice::functions
