#include "types/value.h"

#include <cmath>
#include <limits>

#include "common/error.h"
#include "types/text_codec.h"

namespace sluice {

Value Value::Null(TypeId type) {
  Value v;
  v.type_ = type;
  return v;
}
Value Value::Boolean(bool b) {
  Value v;
  v.type_ = TypeId::kBoolean;
  v.is_null_ = false;
  v.int_ = b ? 1 : 0;
  return v;
}
Value Value::Integer(int32_t i) {
  Value v;
  v.type_ = TypeId::kInteger;
  v.is_null_ = false;
  v.int_ = i;
  return v;
}
Value Value::Bigint(int64_t i) {
  Value v;
  v.type_ = TypeId::kBigint;
  v.is_null_ = false;
  v.int_ = i;
  return v;
}
Value Value::Double(double d) {
  Value v;
  v.type_ = TypeId::kDouble;
  v.is_null_ = false;
  v.double_ = d;
  return v;
}
Value Value::Varchar(std::string s) {
  Value v;
  v.type_ = TypeId::kVarchar;
  v.is_null_ = false;
  v.string_ = std::move(s);
  return v;
}
Value Value::Date(int32_t days) {
  Value v;
  v.type_ = TypeId::kDate;
  v.is_null_ = false;
  v.int_ = days;
  return v;
}
Value Value::Timestamp(int64_t micros) {
  Value v;
  v.type_ = TypeId::kTimestamp;
  v.is_null_ = false;
  v.int_ = micros;
  return v;
}

double Value::AsDouble() const {
  return type_ == TypeId::kDouble ? double_ : static_cast<double>(int_);
}

bool Value::TryCastInto(TypeId target, Value* out, std::string* why) const {
  if (is_null_) {
    *out = Null(target);
    return true;
  }
  if (type_ == target) {
    *out = *this;
    return true;
  }
  switch (target) {
    case TypeId::kNull: break;
    case TypeId::kVarchar: *out = Varchar(ToString()); return true;
    case TypeId::kBoolean:
      if (type_ == TypeId::kVarchar) {
        bool b;
        if (ParseBoolean(string_, &b)) {
          *out = Boolean(b);
          return true;
        }
      } else if (IsIntegral(type_)) {
        *out = Boolean(int_ != 0);
        return true;
      }
      break;
    case TypeId::kInteger:
    case TypeId::kBigint: {
      int64_t v;
      bool ok = false;
      if (type_ == TypeId::kVarchar) {
        ok = ParseInt64(string_, &v);
        if (!ok) {
          double d;  // '12.0' casts to 12 in DuckDB (rounded)
          if (ParseDouble(string_, &d) && std::isfinite(d) && std::fabs(d) < 9.2e18) {
            v = static_cast<int64_t>(std::round(d));  // decimal text: half away from zero
            ok = true;
          }
        }
      } else if (IsIntegral(type_) || type_ == TypeId::kBoolean) {
        v = int_;
        ok = true;
      } else if (type_ == TypeId::kDouble) {
        if (std::isfinite(double_) && std::fabs(double_) < 9.2e18) {
          v = static_cast<int64_t>(std::nearbyint(double_));
          ok = true;
        }
      }
      if (ok && target == TypeId::kInteger &&
          (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())) {
        *why = "out of range for INTEGER";
        return false;
      }
      if (ok) {
        *out = target == TypeId::kInteger ? Integer(static_cast<int32_t>(v)) : Bigint(v);
        return true;
      }
      break;
    }
    case TypeId::kDouble:
      if (type_ == TypeId::kVarchar) {
        double d;
        if (ParseDouble(string_, &d)) {
          *out = Double(d);
          return true;
        }
      } else if (IsIntegral(type_) || type_ == TypeId::kBoolean) {
        *out = Double(static_cast<double>(int_));
        return true;
      }
      break;
    case TypeId::kDate:
      if (type_ == TypeId::kVarchar) {
        int32_t d;
        if (ParseDate(string_, &d)) {
          *out = Date(d);
          return true;
        }
        int64_t ts;
        if (ParseTimestamp(string_, &ts)) {
          *out = Date(static_cast<int32_t>(FloorDiv(ts, kMicrosPerDay)));
          return true;
        }
      } else if (type_ == TypeId::kTimestamp) {
        *out = Date(static_cast<int32_t>(FloorDiv(int_, kMicrosPerDay)));
        return true;
      }
      break;
    case TypeId::kTimestamp:
      if (type_ == TypeId::kVarchar) {
        int64_t ts;
        if (ParseTimestamp(string_, &ts)) {
          *out = Timestamp(ts);
          return true;
        }
      } else if (type_ == TypeId::kDate) {
        *out = Timestamp(int_ * kMicrosPerDay);
        return true;
      }
      break;
  }
  return false;
}

Value Value::CastTo(TypeId target) const {
  Value out;
  std::string why;
  if (TryCastInto(target, &out, &why)) return out;
  std::string shown = type_ == TypeId::kVarchar ? "'" + string_ + "'" : ToString();
  throw Error::UserInput("cannot cast {} {} to {}{}", TypeName(type_), shown, TypeName(target),
                         why.empty() ? "" : ": " + why);
}

Value Value::TryCastTo(TypeId target) const {
  Value out;
  std::string why;
  if (TryCastInto(target, &out, &why)) return out;
  return Null(target);
}

std::string Value::ToString() const {
  if (is_null_) return "NULL";
  std::string s;
  switch (type_) {
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: AppendBoolean(int_ != 0, s); break;
    case TypeId::kInteger:
    case TypeId::kBigint: AppendInt64(int_, s); break;
    case TypeId::kDouble: AppendDouble(double_, s); break;
    case TypeId::kVarchar: return string_;
    case TypeId::kDate: AppendDate(static_cast<int32_t>(int_), s); break;
    case TypeId::kTimestamp: AppendTimestamp(int_, s); break;
  }
  return s;
}

std::string Value::ToSqlLiteral() const {
  if (is_null_) return "NULL";
  auto quote = [](const std::string& s) {
    std::string q = "'";
    for (char c : s) {
      if (c == '\'') q += '\'';
      q += c;
    }
    return q + "'";
  };
  switch (type_) {
    case TypeId::kVarchar: return quote(string_);
    case TypeId::kDate: return "DATE " + quote(ToString());
    case TypeId::kTimestamp: return "TIMESTAMP " + quote(ToString());
    default: return ToString();
  }
}

int Value::Compare(const Value& other) const {
  if (is_null_ || other.is_null_) return is_null_ == other.is_null_ ? 0 : (is_null_ ? 1 : -1);
  if (IsNumeric(type_) && IsNumeric(other.type_)) {
    if (type_ != TypeId::kDouble && other.type_ != TypeId::kDouble) {
      return int_ < other.int_ ? -1 : (int_ > other.int_ ? 1 : 0);
    }
    double a = AsDouble(), b = other.AsDouble();
    return a < b ? -1 : (a > b ? 1 : 0);
  }
  if (type_ == TypeId::kVarchar && other.type_ == TypeId::kVarchar) {
    int c = string_.compare(other.string_);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (type_ == TypeId::kDate && other.type_ == TypeId::kTimestamp) {
    return Timestamp(int_ * kMicrosPerDay).Compare(other);
  }
  if (type_ == TypeId::kTimestamp && other.type_ == TypeId::kDate) {
    return Compare(Timestamp(other.int_ * kMicrosPerDay));
  }
  return int_ < other.int_ ? -1 : (int_ > other.int_ ? 1 : 0);
}

}  // namespace sluice
