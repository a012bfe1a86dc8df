// Builds small Parquet files page by page for tests, so that encodings, page versions and
// physical types the sluice writer never produces (and deliberately broken files) can be
// read back.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "formats/parquet/parquet_codec.h"
#include "formats/parquet/parquet_metadata.h"
#include "formats/parquet/rle_bit_packed.h"
#include "formats/parquet/thrift_compact.h"

namespace sluice::parquet_test {

using namespace sluice::parquet;  // NOLINT: test-only helper header

struct CraftedPage {
  PageHeader header;
  std::string levels;  // v2: uncompressed levels prefix
  std::string body;    // uncompressed page body (v1: levels + values; v2: values)
};

inline std::string Le32(uint32_t v) {
  return std::string(reinterpret_cast<const char*>(&v), 4);
}
inline std::string Le64(uint64_t v) {
  return std::string(reinterpret_cast<const char*>(&v), 8);
}

inline std::string Uleb(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}
inline std::string ZigZag(int64_t v) {
  return Uleb((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

// DELTA_BINARY_PACKED with blocks of 128 values in 4 miniblocks.
inline std::string DeltaBinaryPacked(const std::vector<int64_t>& values) {
  std::string out =
      Uleb(128) + Uleb(4) + Uleb(values.size()) + ZigZag(values.empty() ? 0 : values[0]);
  size_t i = 1;
  while (i < values.size()) {
    std::vector<int64_t> deltas;
    for (size_t k = 0; k < 128 && i + k < values.size(); k++) {
      deltas.push_back(static_cast<int64_t>(static_cast<uint64_t>(values[i + k]) -
                                            static_cast<uint64_t>(values[i + k - 1])));
    }
    int64_t min_delta = *std::min_element(deltas.begin(), deltas.end());
    out += ZigZag(min_delta);
    std::vector<std::vector<uint32_t>> minis(4);
    std::string widths;
    for (size_t m = 0; m < 4; m++) {
      uint64_t max = 0;
      for (size_t k = m * 32; k < (m + 1) * 32; k++) {
        uint64_t d = k < deltas.size() ? static_cast<uint64_t>(deltas[k] - min_delta) : 0;
        minis[m].push_back(static_cast<uint32_t>(d));
        max = std::max(max, d);
      }
      widths.push_back(static_cast<char>(BitWidth(max)));
    }
    out += widths;
    for (size_t m = 0; m < 4 && m * 32 < deltas.size(); m++)
      PackBits(minis[m].data(), 32, widths[m], &out);
    i += deltas.size();
  }
  return out;
}

inline std::string PlainStrings(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += Le32(static_cast<uint32_t>(v.size())) + v;
  return out;
}

inline std::string RleLevels(const std::vector<uint32_t>& levels) {
  std::string out;
  RleBitPackedEncode(levels.data(), levels.size(), 1, &out);
  return out;
}

inline PageHeader V1Header(int32_t num_values, Encoding encoding) {
  PageHeader h;
  h.type = PageType::kDataPage;
  h.data_page = DataPageHeader{num_values, encoding, Encoding::kRle, Encoding::kRle};
  return h;
}

inline PageHeader DictionaryHeader(int32_t num_values) {
  PageHeader h;
  h.type = PageType::kDictionaryPage;
  h.dictionary_page = DictionaryPageHeader{num_values, Encoding::kPlain};
  return h;
}

// v2 headers are not produced by SerializePageHeader; encode them here.
inline std::string V2HeaderBytes(int32_t uncompressed, int32_t compressed, int32_t num_values,
                                 int32_t num_nulls, Encoding encoding, int32_t def_bytes,
                                 bool is_compressed) {
  ThriftCompactWriter w;
  w.BeginStruct();
  w.I32Field(1, static_cast<int32_t>(PageType::kDataPageV2));
  w.I32Field(2, uncompressed);
  w.I32Field(3, compressed);
  w.StructField(8);
  w.I32Field(1, num_values);
  w.I32Field(2, num_nulls);
  w.I32Field(3, num_values);
  w.I32Field(4, static_cast<int32_t>(encoding));
  w.I32Field(5, def_bytes);
  w.I32Field(6, 0);
  w.BoolField(7, is_compressed);
  w.EndStruct();
  w.EndStruct();
  return w.buffer();
}

struct CraftedColumn {
  SchemaElement element;
  std::string chunk;  // serialized pages
  bool has_dictionary = false;
  Codec codec = Codec::kUncompressed;
};

// Serializes a v1 page (compressing its body) and appends it to `chunk`.
inline void AddPage(CraftedColumn& col, PageHeader header, const std::string& body) {
  std::string compressed;
  Compress(col.codec, 0, body.data(), body.size(), &compressed);
  header.uncompressed_page_size = static_cast<int32_t>(body.size());
  header.compressed_page_size = static_cast<int32_t>(compressed.size());
  col.chunk += SerializePageHeader(header) + compressed;
}

// Appends a v2 page: levels stay uncompressed, values are compressed.
inline void AddPageV2(CraftedColumn& col, int32_t num_values, int32_t num_nulls, Encoding encoding,
                      const std::string& levels, const std::string& values) {
  std::string compressed;
  Compress(col.codec, 0, values.data(), values.size(), &compressed);
  bool is_compressed = col.codec != Codec::kUncompressed;
  col.chunk +=
      V2HeaderBytes(static_cast<int32_t>(levels.size() + values.size()),
                    static_cast<int32_t>(levels.size() + compressed.size()), num_values, num_nulls,
                    encoding, static_cast<int32_t>(levels.size()), is_compressed);
  col.chunk += levels + compressed;
}

// A one-row-group file with the given columns.
inline std::string CraftFile(std::vector<CraftedColumn> columns, int64_t rows) {
  std::string file = "PAR1";
  FileMetaData md;
  SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(columns.size());
  md.schema.push_back(root);
  RowGroup rg;
  rg.num_rows = rows;
  for (auto& c : columns) {
    md.schema.push_back(c.element);
    ColumnChunk cc;
    cc.has_meta_data = true;
    cc.file_offset = static_cast<int64_t>(file.size());
    ColumnMetaData& m = cc.meta_data;
    m.type = *c.element.type;
    m.path_in_schema = {c.element.name};
    m.codec = c.codec;
    m.num_values = rows;
    m.total_compressed_size = static_cast<int64_t>(c.chunk.size());
    m.total_uncompressed_size = m.total_compressed_size;
    m.encodings = {Encoding::kPlain};
    if (c.has_dictionary) m.dictionary_page_offset = static_cast<int64_t>(file.size());
    m.data_page_offset = static_cast<int64_t>(file.size());
    file += c.chunk;
    rg.columns.push_back(cc);
  }
  md.num_rows = rows;
  md.row_groups.push_back(rg);
  std::string footer = SerializeFileMetaData(md);
  return file + footer + Le32(static_cast<uint32_t>(footer.size())) + "PAR1";
}

inline SchemaElement Leaf(const std::string& name, PhysicalType type,
                          Repetition rep = Repetition::kOptional) {
  SchemaElement e;
  e.name = name;
  e.type = type;
  e.repetition = rep;
  return e;
}

}  // namespace sluice::parquet_test
