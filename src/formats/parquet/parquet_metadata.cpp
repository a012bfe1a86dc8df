#include "formats/parquet/parquet_metadata.h"

#include "common/error.h"
#include "formats/parquet/thrift_compact.h"

namespace sluice::parquet {
namespace {

using Reader = ThriftCompactReader;
using Writer = ThriftCompactWriter;

template <typename Fn>
void ForEachField(Reader& r, Fn&& fn) {
  r.BeginStruct();
  int16_t id;
  ThriftType type;
  while (r.NextField(&id, &type)) fn(id, type);
}

template <typename Fn>
void ForEachListElement(Reader& r, ThriftType field_type, Fn&& fn) {
  if (field_type != ThriftType::kList && field_type != ThriftType::kSet) {
    throw Error::UserInput("corrupt thrift: expected a list at byte {}", r.position());
  }
  ThriftType element;
  uint32_t n = r.ReadListHeader(&element);
  for (uint32_t i = 0; i < n; i++) fn(element);
}

void Expect(Reader& r, ThriftType actual, ThriftType expected) {
  bool ok = actual == expected || (expected == ThriftType::kTrue && actual == ThriftType::kFalse);
  if (!ok) {
    throw Error::UserInput("corrupt thrift: field of type {} where {} was expected at byte {}",
                           static_cast<int>(actual), static_cast<int>(expected), r.position());
  }
}

int32_t I32(Reader& r, ThriftType t) {
  Expect(r, t, ThriftType::kI32);
  return r.ReadI32();
}
int64_t I64(Reader& r, ThriftType t) {
  Expect(r, t, ThriftType::kI64);
  return r.ReadI64();
}
std::string Str(Reader& r, ThriftType t) {
  Expect(r, t, ThriftType::kBinary);
  return r.ReadBinary();
}
template <typename E>
E Enum(Reader& r, ThriftType t) {
  return static_cast<E>(I32(r, t));
}

TimeUnit ParseTimeUnit(Reader& r) {
  TimeUnit unit = TimeUnit::kNone;
  ForEachField(r, [&](int16_t id, ThriftType t) {
    if (id >= 1 && id <= 3 && t == ThriftType::kStruct) {
      unit = id == 1 ? TimeUnit::kMillis : id == 2 ? TimeUnit::kMicros : TimeUnit::kNanos;
    }
    r.Skip(t);
  });
  return unit;
}

LogicalType ParseLogicalType(Reader& r) {
  LogicalType lt;
  ForEachField(r, [&](int16_t id, ThriftType t) {
    if (t != ThriftType::kStruct) return r.Skip(t);
    lt.kind = static_cast<LogicalType::Kind>(id);
    switch (id) {
      case LogicalType::kDecimal:
        ForEachField(r, [&](int16_t f, ThriftType ft) {
          if (f == 1)
            lt.scale = I32(r, ft);
          else if (f == 2)
            lt.precision = I32(r, ft);
          else
            r.Skip(ft);
        });
        break;
      case LogicalType::kTime:
      case LogicalType::kTimestamp:
        ForEachField(r, [&](int16_t f, ThriftType ft) {
          if (f == 1)
            lt.adjusted_to_utc = r.ReadBool(ft);
          else if (f == 2 && ft == ThriftType::kStruct)
            lt.unit = ParseTimeUnit(r);
          else
            r.Skip(ft);
        });
        break;
      case LogicalType::kInteger:
        ForEachField(r, [&](int16_t f, ThriftType ft) {
          if (f == 1 && ft == ThriftType::kByte)
            lt.bit_width = r.ReadByte();
          else if (f == 2)
            lt.is_signed = r.ReadBool(ft);
          else
            r.Skip(ft);
        });
        break;
      default: r.Skip(t);
    }
  });
  return lt;
}

SchemaElement ParseSchemaElement(Reader& r) {
  SchemaElement e;
  ForEachField(r, [&](int16_t id, ThriftType t) {
    switch (id) {
      case 1: e.type = Enum<PhysicalType>(r, t); break;
      case 2: e.type_length = I32(r, t); break;
      case 3: e.repetition = Enum<Repetition>(r, t); break;
      case 4: e.name = Str(r, t); break;
      case 5: e.num_children = I32(r, t); break;
      case 6: e.converted_type = Enum<ConvertedType>(r, t); break;
      case 7: e.scale = I32(r, t); break;
      case 8: e.precision = I32(r, t); break;
      case 10:
        if (t == ThriftType::kStruct)
          e.logical_type = ParseLogicalType(r);
        else
          r.Skip(t);
        break;
      default: r.Skip(t);
    }
  });
  return e;
}

Statistics ParseStatistics(Reader& r) {
  Statistics s;
  ForEachField(r, [&](int16_t id, ThriftType t) {
    switch (id) {
      case 1: s.max = Str(r, t); break;
      case 2: s.min = Str(r, t); break;
      case 3: s.null_count = I64(r, t); break;
      case 5: s.max_value = Str(r, t); break;
      case 6: s.min_value = Str(r, t); break;
      default: r.Skip(t);
    }
  });
  return s;
}

ColumnMetaData ParseColumnMetaData(Reader& r) {
  ColumnMetaData m;
  ForEachField(r, [&](int16_t id, ThriftType t) {
    switch (id) {
      case 1: m.type = Enum<PhysicalType>(r, t); break;
      case 2:
        ForEachListElement(r, t,
                           [&](ThriftType et) { m.encodings.push_back(Enum<Encoding>(r, et)); });
        break;
      case 3:
        ForEachListElement(r, t, [&](ThriftType et) { m.path_in_schema.push_back(Str(r, et)); });
        break;
      case 4: m.codec = Enum<Codec>(r, t); break;
      case 5: m.num_values = I64(r, t); break;
      case 6: m.total_uncompressed_size = I64(r, t); break;
      case 7: m.total_compressed_size = I64(r, t); break;
      case 9: m.data_page_offset = I64(r, t); break;
      case 11: m.dictionary_page_offset = I64(r, t); break;
      case 12:
        Expect(r, t, ThriftType::kStruct);
        m.statistics = ParseStatistics(r);
        break;
      default: r.Skip(t);
    }
  });
  return m;
}

ColumnChunk ParseColumnChunk(Reader& r) {
  ColumnChunk c;
  ForEachField(r, [&](int16_t id, ThriftType t) {
    if (id == 2) {
      c.file_offset = I64(r, t);
    } else if (id == 3) {
      Expect(r, t, ThriftType::kStruct);
      c.meta_data = ParseColumnMetaData(r);
      c.has_meta_data = true;
    } else {
      r.Skip(t);
    }
  });
  return c;
}

RowGroup ParseRowGroup(Reader& r) {
  RowGroup g;
  ForEachField(r, [&](int16_t id, ThriftType t) {
    switch (id) {
      case 1:
        ForEachListElement(r, t, [&](ThriftType et) {
          Expect(r, et, ThriftType::kStruct);
          g.columns.push_back(ParseColumnChunk(r));
        });
        break;
      case 2: g.total_byte_size = I64(r, t); break;
      case 3: g.num_rows = I64(r, t); break;
      default: r.Skip(t);
    }
  });
  return g;
}

}  // namespace

FileMetaData ParseFileMetaData(const uint8_t* data, size_t size) {
  Reader r(data, size);
  FileMetaData md;
  ForEachField(r, [&](int16_t id, ThriftType t) {
    switch (id) {
      case 1: md.version = I32(r, t); break;
      case 2:
        ForEachListElement(r, t, [&](ThriftType et) {
          Expect(r, et, ThriftType::kStruct);
          md.schema.push_back(ParseSchemaElement(r));
        });
        break;
      case 3: md.num_rows = I64(r, t); break;
      case 4:
        ForEachListElement(r, t, [&](ThriftType et) {
          Expect(r, et, ThriftType::kStruct);
          md.row_groups.push_back(ParseRowGroup(r));
        });
        break;
      case 5:
        ForEachListElement(r, t, [&](ThriftType et) {
          Expect(r, et, ThriftType::kStruct);
          KeyValue kv;
          ForEachField(r, [&](int16_t f, ThriftType ft) {
            if (f == 1)
              kv.key = Str(r, ft);
            else if (f == 2)
              kv.value = Str(r, ft);
            else
              r.Skip(ft);
          });
          md.key_value_metadata.push_back(std::move(kv));
        });
        break;
      case 6: md.created_by = Str(r, t); break;
      case 8: throw Error::NotSupported("encrypted Parquet files");
      default: r.Skip(t);
    }
  });
  return md;
}

size_t ParsePageHeader(const uint8_t* data, size_t size, PageHeader* h) {
  Reader r(data, size);
  ForEachField(r, [&](int16_t id, ThriftType t) {
    switch (id) {
      case 1: h->type = Enum<PageType>(r, t); break;
      case 2: h->uncompressed_page_size = I32(r, t); break;
      case 3: h->compressed_page_size = I32(r, t); break;
      case 4: h->crc = static_cast<uint32_t>(I32(r, t)); break;
      case 5: {
        Expect(r, t, ThriftType::kStruct);
        DataPageHeader d;
        ForEachField(r, [&](int16_t f, ThriftType ft) {
          switch (f) {
            case 1: d.num_values = I32(r, ft); break;
            case 2: d.encoding = Enum<Encoding>(r, ft); break;
            case 3: d.definition_level_encoding = Enum<Encoding>(r, ft); break;
            case 4: d.repetition_level_encoding = Enum<Encoding>(r, ft); break;
            default: r.Skip(ft);
          }
        });
        h->data_page = d;
        break;
      }
      case 7: {
        Expect(r, t, ThriftType::kStruct);
        DictionaryPageHeader d;
        ForEachField(r, [&](int16_t f, ThriftType ft) {
          if (f == 1)
            d.num_values = I32(r, ft);
          else if (f == 2)
            d.encoding = Enum<Encoding>(r, ft);
          else
            r.Skip(ft);
        });
        h->dictionary_page = d;
        break;
      }
      case 8: {
        Expect(r, t, ThriftType::kStruct);
        DataPageHeaderV2 d;
        ForEachField(r, [&](int16_t f, ThriftType ft) {
          switch (f) {
            case 1: d.num_values = I32(r, ft); break;
            case 2: d.num_nulls = I32(r, ft); break;
            case 3: d.num_rows = I32(r, ft); break;
            case 4: d.encoding = Enum<Encoding>(r, ft); break;
            case 5: d.definition_levels_byte_length = I32(r, ft); break;
            case 6: d.repetition_levels_byte_length = I32(r, ft); break;
            case 7: d.is_compressed = r.ReadBool(ft); break;
            default: r.Skip(ft);
          }
        });
        h->data_page_v2 = d;
        break;
      }
      default: r.Skip(t);
    }
  });
  return r.position();
}

namespace {

void WriteStatistics(Writer& w, const Statistics& s) {
  if (s.max) w.BinaryField(1, *s.max);
  if (s.min) w.BinaryField(2, *s.min);
  if (s.null_count) w.I64Field(3, *s.null_count);
  if (s.max_value) w.BinaryField(5, *s.max_value);
  if (s.min_value) w.BinaryField(6, *s.min_value);
}

void WriteLogicalType(Writer& w, const LogicalType& lt) {
  w.StructField(lt.kind);
  switch (lt.kind) {
    case LogicalType::kDecimal:
      w.I32Field(1, lt.scale);
      w.I32Field(2, lt.precision);
      break;
    case LogicalType::kTime:
    case LogicalType::kTimestamp:
      w.BoolField(1, lt.adjusted_to_utc);
      w.StructField(2);
      w.StructField(lt.unit == TimeUnit::kMillis ? 1 : lt.unit == TimeUnit::kNanos ? 3 : 2);
      w.EndStruct();
      w.EndStruct();
      break;
    case LogicalType::kInteger:
      w.ByteField(1, lt.bit_width);
      w.BoolField(2, lt.is_signed);
      break;
    default: break;
  }
  w.EndStruct();
}

void WriteSchemaElement(Writer& w, const SchemaElement& e) {
  w.BeginStruct();
  if (e.type) w.I32Field(1, static_cast<int32_t>(*e.type));
  if (e.type_length) w.I32Field(2, e.type_length);
  if (e.repetition) w.I32Field(3, static_cast<int32_t>(*e.repetition));
  w.BinaryField(4, e.name);
  if (e.num_children) w.I32Field(5, e.num_children);
  if (e.converted_type) w.I32Field(6, static_cast<int32_t>(*e.converted_type));
  if (e.converted_type == ConvertedType::kDecimal) {
    w.I32Field(7, e.scale);
    w.I32Field(8, e.precision);
  }
  if (e.logical_type.kind != LogicalType::kNone) {
    w.FieldHeader(10, ThriftType::kStruct);
    w.BeginStruct();
    WriteLogicalType(w, e.logical_type);
    w.EndStruct();
  }
  w.EndStruct();
}

void WriteColumnChunk(Writer& w, const ColumnChunk& c) {
  const ColumnMetaData& m = c.meta_data;
  w.BeginStruct();
  w.I64Field(2, c.file_offset);
  w.StructField(3);
  w.I32Field(1, static_cast<int32_t>(m.type));
  w.ListField(2, ThriftType::kI32, m.encodings.size());
  for (Encoding e : m.encodings) w.I32(static_cast<int32_t>(e));
  w.ListField(3, ThriftType::kBinary, m.path_in_schema.size());
  for (const auto& p : m.path_in_schema) w.Binary(p);
  w.I32Field(4, static_cast<int32_t>(m.codec));
  w.I64Field(5, m.num_values);
  w.I64Field(6, m.total_uncompressed_size);
  w.I64Field(7, m.total_compressed_size);
  w.I64Field(9, m.data_page_offset);
  if (m.dictionary_page_offset) w.I64Field(11, *m.dictionary_page_offset);
  if (m.statistics) {
    w.StructField(12);
    WriteStatistics(w, *m.statistics);
    w.EndStruct();
  }
  w.EndStruct();  // ColumnMetaData
  w.EndStruct();  // ColumnChunk
}

}  // namespace

std::string SerializeFileMetaData(const FileMetaData& md) {
  Writer w;
  w.BeginStruct();
  w.I32Field(1, md.version);
  w.ListField(2, ThriftType::kStruct, md.schema.size());
  for (const auto& e : md.schema) WriteSchemaElement(w, e);
  w.I64Field(3, md.num_rows);
  w.ListField(4, ThriftType::kStruct, md.row_groups.size());
  for (const auto& g : md.row_groups) {
    w.BeginStruct();
    w.ListField(1, ThriftType::kStruct, g.columns.size());
    int64_t compressed = 0;
    for (const auto& c : g.columns) {
      compressed += c.meta_data.total_compressed_size;
      WriteColumnChunk(w, c);
    }
    w.I64Field(2, g.total_byte_size);
    w.I64Field(3, g.num_rows);
    if (!g.columns.empty()) {
      w.I64Field(5, g.columns[0].meta_data.dictionary_page_offset.value_or(
                        g.columns[0].meta_data.data_page_offset));
    }
    w.I64Field(6, compressed);
    w.EndStruct();
  }
  if (!md.key_value_metadata.empty()) {
    w.ListField(5, ThriftType::kStruct, md.key_value_metadata.size());
    for (const auto& kv : md.key_value_metadata) {
      w.BeginStruct();
      w.BinaryField(1, kv.key);
      w.BinaryField(2, kv.value);
      w.EndStruct();
    }
  }
  if (!md.created_by.empty()) w.BinaryField(6, md.created_by);
  if (md.has_column_orders) {
    size_t leaves = 0;
    for (const auto& e : md.schema) leaves += e.num_children == 0 && e.type ? 1 : 0;
    w.ListField(7, ThriftType::kStruct, leaves);
    for (size_t i = 0; i < leaves; i++) {
      w.BeginStruct();
      w.StructField(1);
      w.EndStruct();
      w.EndStruct();
    }
  }
  w.EndStruct();
  return std::move(w.buffer());
}

std::string SerializePageHeader(const PageHeader& h) {
  Writer w;
  w.BeginStruct();
  w.I32Field(1, static_cast<int32_t>(h.type));
  w.I32Field(2, h.uncompressed_page_size);
  w.I32Field(3, h.compressed_page_size);
  if (h.crc) w.I32Field(4, static_cast<int32_t>(*h.crc));
  if (h.data_page) {
    w.StructField(5);
    w.I32Field(1, h.data_page->num_values);
    w.I32Field(2, static_cast<int32_t>(h.data_page->encoding));
    w.I32Field(3, static_cast<int32_t>(h.data_page->definition_level_encoding));
    w.I32Field(4, static_cast<int32_t>(h.data_page->repetition_level_encoding));
    w.EndStruct();
  }
  if (h.dictionary_page) {
    w.StructField(7);
    w.I32Field(1, h.dictionary_page->num_values);
    w.I32Field(2, static_cast<int32_t>(h.dictionary_page->encoding));
    w.EndStruct();
  }
  w.EndStruct();
  return std::move(w.buffer());
}

const char* CodecName(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return "UNCOMPRESSED";
    case Codec::kSnappy: return "SNAPPY";
    case Codec::kGzip: return "GZIP";
    case Codec::kLzo: return "LZO";
    case Codec::kBrotli: return "BROTLI";
    case Codec::kLz4: return "LZ4";
    case Codec::kZstd: return "ZSTD";
    case Codec::kLz4Raw: return "LZ4_RAW";
  }
  return "unknown codec";
}

const char* EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain: return "PLAIN";
    case Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::kRle: return "RLE";
    case Encoding::kBitPacked: return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return "unknown encoding";
}

}  // namespace sluice::parquet
