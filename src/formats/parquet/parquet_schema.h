// Maps a Parquet file's schema to sluice columns: which physical type and annotation
// becomes which sluice type, and how values convert on the way (FLOAT widens to DOUBLE,
// DECIMAL becomes DOUBLE, INT96 and millisecond/nanosecond timestamps become microsecond
// TIMESTAMPs, UINT_32 widens to BIGINT).
//
// Only flat schemas are supported: a root group whose children are all primitive,
// required or optional columns. Anything nested or repeated is refused with
// "not supported: nested column 'x' in file.parquet".
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "formats/parquet/parquet_metadata.h"
#include "types/type.h"

namespace sluice::parquet {

// How physical values turn into the values of the sluice type.
enum class Conversion : uint8_t {
  kNone,     // same bytes (INT32->INTEGER/DATE, INT64->BIGINT/TIMESTAMP, DOUBLE)
  kBoolean,  // bit -> uint8
  kFloatToDouble,
  kUint32ToBigint,
  kUint64ToBigint,  // same bytes; a value above the BIGINT range is an error, never wrapped
  kInt32Decimal,    // unscaled INT32 / 10^scale
  kInt64Decimal,
  kBytesDecimal,  // big-endian two's complement bytes / 10^scale
  kInt96ToTimestamp,
  kMillisToMicros,
  kNanosToMicros,
  kString,  // BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY -> VARCHAR
};

struct LeafColumn {
  std::string name;
  PhysicalType physical = PhysicalType::kInt32;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY
  TypeId type = TypeId::kNull;
  Conversion conversion = Conversion::kNone;
  double decimal_divisor = 1;
  int max_definition_level = 0;  // 0 required, 1 optional
};

std::vector<LeafColumn> BuildLeafColumns(const FileMetaData& metadata, const std::string& path);

// Width in bytes of one PLAIN value of a fixed-width physical type (0 for BYTE_ARRAY and
// BOOLEAN).
size_t PhysicalWidth(PhysicalType type, int32_t type_length);

}  // namespace sluice::parquet
