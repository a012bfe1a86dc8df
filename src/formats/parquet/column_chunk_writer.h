// Column chunk encoding for the Parquet writer.
//
// ColumnBuffer owns one column's values for one row group (copied out of the engine's
// chunks, so encoding can run on a background thread). EncodeColumnChunk turns it into
// the bytes of a column chunk — an optional dictionary page, then data pages v1 of about
// 1 MB — and its ColumnMetaData (offsets relative to the chunk's first byte).
//
// Per chunk: OPTIONAL columns with RLE definition levels; RLE_DICTIONARY with a PLAIN
// dictionary page when that is smaller than PLAIN (and the dictionary stays under 1 MB),
// else PLAIN; statistics min/max (both the min_value/max_value and the legacy fields;
// strings ordered as unsigned bytes) and null_count.
//
// Thread-safety: ColumnBuffer has one writer; EncodeColumnChunk is a pure function.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/parquet/parquet_metadata.h"
#include "types/type.h"
#include "vector/data_chunk.h"
#include "vector/vector.h"

namespace sluice::parquet {

struct ColumnBuffer {
  TypeId type = TypeId::kNull;
  std::vector<uint8_t> values;       // PhysicalSize(type) bytes per row; unused for VARCHAR
  std::vector<uint32_t> valid;       // 1 valid / 0 null, per row
  std::vector<uint64_t> string_end;  // VARCHAR: end offset of row i in string_data
  std::string string_data;
  size_t rows = 0;
  size_t null_count = 0;

  // Appends logical rows [offset, offset + count) of a chunk's column (`selection` is the
  // chunk's selection vector or nullptr; constant vectors are handled).
  void Append(const Vector& vector, const sel_t* selection, size_t offset, size_t count);
  size_t ByteSize() const { return values.size() + string_data.size() + valid.size() * 4; }
};

struct WriteSettings {
  Codec codec = Codec::kSnappy;
  int compression_level = 0;
  size_t page_size = 1 << 20;
  size_t dictionary_limit = 1 << 20;
};

struct EncodedColumn {
  std::string bytes;
  ColumnMetaData meta;  // offsets relative to the start of `bytes`
};

// The Parquet schema element for a sluice column.
SchemaElement SchemaElementFor(const Field& field);

EncodedColumn EncodeColumnChunk(const ColumnBuffer& column, const std::string& name,
                                const WriteSettings& settings);

}  // namespace sluice::parquet
