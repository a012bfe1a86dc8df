#include "formats/parquet/parquet_schema.h"

#include <cmath>

#include "common/error.h"

namespace sluice::parquet {
namespace {

void MapInt32(const SchemaElement& e, LeafColumn* c) {
  const LogicalType& lt = e.logical_type;
  c->type = TypeId::kInteger;
  if (lt.kind == LogicalType::kDate || e.converted_type == ConvertedType::kDate) {
    c->type = TypeId::kDate;
  } else if (lt.kind == LogicalType::kDecimal || e.converted_type == ConvertedType::kDecimal) {
    c->type = TypeId::kDouble;
    c->conversion = Conversion::kInt32Decimal;
  } else if ((lt.kind == LogicalType::kInteger && !lt.is_signed && lt.bit_width == 32) ||
             e.converted_type == ConvertedType::kUint32) {
    c->type = TypeId::kBigint;
    c->conversion = Conversion::kUint32ToBigint;
  }
}

void MapInt64(const SchemaElement& e, LeafColumn* c) {
  const LogicalType& lt = e.logical_type;
  c->type = TypeId::kBigint;
  if (lt.kind == LogicalType::kTimestamp) {
    c->type = TypeId::kTimestamp;
    if (lt.unit == TimeUnit::kMillis) c->conversion = Conversion::kMillisToMicros;
    if (lt.unit == TimeUnit::kNanos) c->conversion = Conversion::kNanosToMicros;
  } else if (e.converted_type == ConvertedType::kTimestampMicros) {
    c->type = TypeId::kTimestamp;
  } else if (e.converted_type == ConvertedType::kTimestampMillis) {
    c->type = TypeId::kTimestamp;
    c->conversion = Conversion::kMillisToMicros;
  } else if (lt.kind == LogicalType::kDecimal || e.converted_type == ConvertedType::kDecimal) {
    c->type = TypeId::kDouble;
    c->conversion = Conversion::kInt64Decimal;
  } else if ((lt.kind == LogicalType::kInteger && !lt.is_signed && lt.bit_width == 64) ||
             e.converted_type == ConvertedType::kUint64) {
    c->conversion = Conversion::kUint64ToBigint;
  }
}

void MapBytes(const SchemaElement& e, LeafColumn* c) {
  if (e.logical_type.kind == LogicalType::kDecimal || e.converted_type == ConvertedType::kDecimal) {
    c->type = TypeId::kDouble;
    c->conversion = Conversion::kBytesDecimal;
  } else {
    c->type = TypeId::kVarchar;
    c->conversion = Conversion::kString;
  }
}

}  // namespace

size_t PhysicalWidth(PhysicalType type, int32_t type_length) {
  switch (type) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt96: return 12;
    case PhysicalType::kFixedLenByteArray: return static_cast<size_t>(type_length);
    default: return 0;
  }
}

std::vector<LeafColumn> BuildLeafColumns(const FileMetaData& md, const std::string& path) {
  if (md.schema.empty()) throw Error::UserInput("{}: corrupt footer: empty schema", path);
  const SchemaElement& root = md.schema[0];
  if (root.num_children < 0 || static_cast<size_t>(root.num_children) + 1 > md.schema.size()) {
    throw Error::UserInput("{}: corrupt footer: schema has {} children but {} elements", path,
                           root.num_children, md.schema.size());
  }
  std::vector<LeafColumn> leaves;
  for (size_t i = 1; i < md.schema.size(); i++) {
    const SchemaElement& e = md.schema[i];
    if (e.num_children > 0 || !e.type || e.repetition == Repetition::kRepeated ||
        static_cast<size_t>(root.num_children) + 1 != md.schema.size()) {
      throw Error::NotSupported("nested column '{}' in {}", e.name, path);
    }
    LeafColumn c;
    c.name = e.name;
    c.physical = *e.type;
    c.type_length = e.type_length;
    c.max_definition_level = e.repetition == Repetition::kRequired ? 0 : 1;
    int32_t scale = e.logical_type.kind == LogicalType::kDecimal ? e.logical_type.scale : e.scale;
    if (scale < 0 || scale > 38) {
      throw Error::UserInput("{}: corrupt footer: column '{}' has decimal scale {}", path, e.name,
                             scale);
    }
    c.decimal_divisor = std::pow(10.0, scale);
    switch (*e.type) {
      case PhysicalType::kBoolean:
        c.type = TypeId::kBoolean;
        c.conversion = Conversion::kBoolean;
        break;
      case PhysicalType::kInt32: MapInt32(e, &c); break;
      case PhysicalType::kInt64: MapInt64(e, &c); break;
      case PhysicalType::kInt96:
        c.type = TypeId::kTimestamp;
        c.conversion = Conversion::kInt96ToTimestamp;
        break;
      case PhysicalType::kFloat:
        c.type = TypeId::kDouble;
        c.conversion = Conversion::kFloatToDouble;
        break;
      case PhysicalType::kDouble: c.type = TypeId::kDouble; break;
      case PhysicalType::kByteArray: MapBytes(e, &c); break;
      case PhysicalType::kFixedLenByteArray:
        if (e.type_length <= 0) {
          throw Error::UserInput("{}: corrupt footer: column '{}' has type_length {}", path, e.name,
                                 e.type_length);
        }
        MapBytes(e, &c);
        break;
      default:
        throw Error::UserInput("{}: corrupt footer: column '{}' has unknown physical type {}", path,
                               e.name, static_cast<int>(*e.type));
    }
    leaves.push_back(std::move(c));
  }
  return leaves;
}

}  // namespace sluice::parquet
