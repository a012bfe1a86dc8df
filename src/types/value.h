// Value — one scalar of any sluice type, possibly NULL. Used for constants in plans,
// options of table functions, statistics and single results; never on hot paths.
//
// Thread-safety: an immutable-by-convention value type.
#pragma once

#include <cstdint>
#include <string>

#include "types/type.h"

namespace sluice {

class Value {
 public:
  Value() = default;  // NULL of type NULL

  static Value Null(TypeId type = TypeId::kNull);
  static Value Boolean(bool v);
  static Value Integer(int32_t v);
  static Value Bigint(int64_t v);
  static Value Double(double v);
  static Value Varchar(std::string v);
  static Value Date(int32_t days);
  static Value Timestamp(int64_t micros);

  TypeId type() const { return type_; }
  bool is_null() const { return is_null_; }

  // Accessors; the caller knows the type. int_value() serves BOOLEAN, INTEGER, BIGINT,
  // DATE and TIMESTAMP.
  bool bool_value() const { return int_ != 0; }
  int64_t int_value() const { return int_; }
  double double_value() const { return double_; }
  const std::string& string_value() const { return string_; }

  // Numeric value as double (INTEGER/BIGINT/DOUBLE), for comparisons and statistics.
  double AsDouble() const;

  // Converts to `target` with SQL CAST rules; throws a user_input Error naming both the
  // value and the type when the conversion fails ("cannot cast 'abc' to INTEGER").
  Value CastTo(TypeId target) const;
  // As CastTo, but returns NULL of `target` instead of throwing (TRY_CAST).
  Value TryCastTo(TypeId target) const;

  // Text as printed in results: NULL prints as "NULL"; strings unquoted.
  std::string ToString() const;
  // Text as a SQL literal: strings quoted, NULL as NULL, typed literals with their type.
  std::string ToSqlLiteral() const;

  // Total order used by sorts and tests: NULLs last, numbers compared numerically
  // across INTEGER/BIGINT/DOUBLE.
  int Compare(const Value& other) const;
  bool operator==(const Value& other) const { return Compare(other) == 0; }

 private:
  bool TryCastInto(TypeId target, Value* out, std::string* why) const;

  TypeId type_ = TypeId::kNull;
  bool is_null_ = true;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;
};

}  // namespace sluice
