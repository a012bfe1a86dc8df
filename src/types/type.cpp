#include "types/type.h"

#include <algorithm>
#include <cctype>

namespace sluice {

std::string_view TypeName(TypeId type) {
  switch (type) {
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: return "BOOLEAN";
    case TypeId::kInteger: return "INTEGER";
    case TypeId::kBigint: return "BIGINT";
    case TypeId::kDouble: return "DOUBLE";
    case TypeId::kVarchar: return "VARCHAR";
    case TypeId::kDate: return "DATE";
    case TypeId::kTimestamp: return "TIMESTAMP";
  }
  return "UNKNOWN";
}

std::optional<TypeId> ParseTypeName(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  // Strip a length/precision suffix: VARCHAR(20), DECIMAL(18,2).
  if (auto paren = upper.find('('); paren != std::string::npos) upper.resize(paren);
  while (!upper.empty() && upper.back() == ' ') upper.pop_back();
  struct Alias {
    const char* name;
    TypeId type;
  };
  static const Alias kAliases[] = {
      {"BOOLEAN", TypeId::kBoolean},    {"BOOL", TypeId::kBoolean},
      {"INTEGER", TypeId::kInteger},    {"INT", TypeId::kInteger},
      {"INT4", TypeId::kInteger},       {"SMALLINT", TypeId::kInteger},
      {"INT2", TypeId::kInteger},       {"TINYINT", TypeId::kInteger},
      {"BIGINT", TypeId::kBigint},      {"INT8", TypeId::kBigint},
      {"LONG", TypeId::kBigint},        {"HUGEINT", TypeId::kBigint},
      {"DOUBLE", TypeId::kDouble},      {"DOUBLE PRECISION", TypeId::kDouble},
      {"FLOAT8", TypeId::kDouble},      {"FLOAT", TypeId::kDouble},
      {"REAL", TypeId::kDouble},        {"FLOAT4", TypeId::kDouble},
      {"DECIMAL", TypeId::kDouble},     {"NUMERIC", TypeId::kDouble},
      {"VARCHAR", TypeId::kVarchar},    {"TEXT", TypeId::kVarchar},
      {"STRING", TypeId::kVarchar},     {"CHAR", TypeId::kVarchar},
      {"BPCHAR", TypeId::kVarchar},     {"CHARACTER VARYING", TypeId::kVarchar},
      {"DATE", TypeId::kDate},          {"TIMESTAMP", TypeId::kTimestamp},
      {"DATETIME", TypeId::kTimestamp}, {"TIMESTAMP WITHOUT TIME ZONE", TypeId::kTimestamp},
  };
  for (const auto& alias : kAliases) {
    if (upper == alias.name) return alias.type;
  }
  return std::nullopt;
}

size_t PhysicalSize(TypeId type) {
  switch (type) {
    case TypeId::kNull: return 0;
    case TypeId::kBoolean: return 1;
    case TypeId::kInteger: return 4;
    case TypeId::kBigint: return 8;
    case TypeId::kDouble: return 8;
    case TypeId::kVarchar: return sizeof(StringRef);
    case TypeId::kDate: return 4;
    case TypeId::kTimestamp: return 8;
  }
  return 0;
}

bool IsNumeric(TypeId type) {
  return type == TypeId::kInteger || type == TypeId::kBigint || type == TypeId::kDouble;
}

bool IsIntegral(TypeId type) {
  return type == TypeId::kInteger || type == TypeId::kBigint;
}

static int NumericRank(TypeId t) {
  switch (t) {
    case TypeId::kInteger: return 1;
    case TypeId::kBigint: return 2;
    case TypeId::kDouble: return 3;
    default: return 0;
  }
}

std::optional<TypeId> CommonSupertype(TypeId a, TypeId b) {
  if (a == b) return a;
  if (a == TypeId::kNull) return b;
  if (b == TypeId::kNull) return a;
  if (IsNumeric(a) && IsNumeric(b)) return NumericRank(a) > NumericRank(b) ? a : b;
  if ((a == TypeId::kDate && b == TypeId::kTimestamp) ||
      (a == TypeId::kTimestamp && b == TypeId::kDate)) {
    return TypeId::kTimestamp;
  }
  // A string literal compared with a typed value: the typed side wins (DuckDB/PostgreSQL
  // treat unknown-typed literals this way). The binder handles literals; columns of
  // VARCHAR against numbers have no implicit common type.
  return std::nullopt;
}

bool ImplicitlyCastable(TypeId from, TypeId to) {
  if (from == to || from == TypeId::kNull) return true;
  if (IsNumeric(from) && IsNumeric(to)) return NumericRank(from) <= NumericRank(to);
  return from == TypeId::kDate && to == TypeId::kTimestamp;
}

}  // namespace sluice
