#include "formats/parquet/column_chunk_writer.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <string_view>

#include "common/error.h"
#include "formats/parquet/parquet_codec.h"
#include "formats/parquet/rle_bit_packed.h"

namespace sluice::parquet {
namespace {

constexpr size_t kMaxStatBytes = 1024;

// Open-addressing hash table from values to dictionary indices.
template <typename Key, typename Hash>
class DictionaryBuilder {
 public:
  explicit DictionaryBuilder(size_t expected) {
    size_t capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    slots_.assign(capacity, -1);
  }
  // Returns the index of `key`, adding it if new.
  uint32_t Insert(const Key& key) {
    if (entries_.size() * 2 >= slots_.size()) Grow();
    size_t mask = slots_.size() - 1;
    size_t i = Hash()(key) & mask;
    while (true) {
      int32_t s = slots_[i];
      if (s < 0) {
        slots_[i] = static_cast<int32_t>(entries_.size());
        entries_.push_back(key);
        return static_cast<uint32_t>(entries_.size() - 1);
      }
      if (entries_[static_cast<size_t>(s)] == key) return static_cast<uint32_t>(s);
      i = (i + 1) & mask;
    }
  }
  const std::vector<Key>& entries() const { return entries_; }

 private:
  void Grow() {
    std::vector<int32_t> old(slots_.size() * 2, -1);
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (size_t e = 0; e < entries_.size(); e++) {
      size_t i = Hash()(entries_[e]) & mask;
      while (slots_[i] >= 0) i = (i + 1) & mask;
      slots_[i] = static_cast<int32_t>(e);
    }
  }
  std::vector<int32_t> slots_;
  std::vector<Key> entries_;
};

struct IntHash {
  size_t operator()(uint64_t v) const {
    v ^= v >> 33;
    v *= 0xff51afd7ed558ccdULL;
    v ^= v >> 33;
    return static_cast<size_t>(v);
  }
};
struct StringHash {
  size_t operator()(std::string_view v) const { return std::hash<std::string_view>()(v); }
};

PhysicalType PhysicalFor(TypeId type) {
  switch (type) {
    case TypeId::kBoolean: return PhysicalType::kBoolean;
    case TypeId::kInteger:
    case TypeId::kDate: return PhysicalType::kInt32;
    case TypeId::kBigint:
    case TypeId::kTimestamp: return PhysicalType::kInt64;
    case TypeId::kDouble: return PhysicalType::kDouble;
    case TypeId::kVarchar: return PhysicalType::kByteArray;
    default: throw Error::NotSupported("writing a column of type {} to Parquet", TypeName(type));
  }
}

// Non-null values of one column chunk, in row order.
struct DenseValues {
  size_t count = 0;
  size_t width = 0;                // bytes per fixed-width value
  const uint8_t* fixed = nullptr;  // count * width bytes
  std::vector<uint8_t> fixed_storage;
  std::vector<std::string_view> strings;
};

DenseValues Densify(const ColumnBuffer& c) {
  DenseValues d;
  d.count = c.rows - c.null_count;
  if (c.type == TypeId::kVarchar) {
    d.strings.reserve(d.count);
    uint64_t start = 0;
    for (size_t i = 0; i < c.rows; i++) {
      if (c.valid[i]) d.strings.emplace_back(c.string_data.data() + start, c.string_end[i] - start);
      start = c.string_end[i];
    }
    return d;
  }
  d.width = PhysicalSize(c.type);
  if (c.null_count == 0) {
    d.fixed = c.values.data();
    return d;
  }
  d.fixed_storage.resize(d.count * d.width);
  size_t j = 0;
  for (size_t i = 0; i < c.rows; i++) {
    if (c.valid[i])
      std::memcpy(d.fixed_storage.data() + d.width * j++, c.values.data() + d.width * i, d.width);
  }
  d.fixed = d.fixed_storage.data();
  return d;
}

template <typename T>
void MinMax(const uint8_t* data, size_t count, std::string* min, std::string* max) {
  bool any = false;
  T lo{}, hi{};
  for (size_t i = 0; i < count; i++) {
    T v;
    std::memcpy(&v, data + i * sizeof(T), sizeof(T));
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v)) continue;
    }
    if (!any) {
      lo = hi = v;
      any = true;
    } else {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!any) return;
  min->assign(reinterpret_cast<const char*>(&lo), sizeof(T));
  max->assign(reinterpret_cast<const char*>(&hi), sizeof(T));
}

Statistics ComputeStatistics(const ColumnBuffer& c, const DenseValues& d) {
  Statistics s;
  s.null_count = static_cast<int64_t>(c.null_count);
  std::string min, max;
  switch (c.type) {
    case TypeId::kBoolean: MinMax<uint8_t>(d.fixed, d.count, &min, &max); break;
    case TypeId::kInteger:
    case TypeId::kDate: MinMax<int32_t>(d.fixed, d.count, &min, &max); break;
    case TypeId::kBigint:
    case TypeId::kTimestamp: MinMax<int64_t>(d.fixed, d.count, &min, &max); break;
    case TypeId::kDouble: MinMax<double>(d.fixed, d.count, &min, &max); break;
    case TypeId::kVarchar: {
      if (d.strings.empty()) break;
      auto [lo, hi] = std::minmax_element(d.strings.begin(), d.strings.end());
      if (lo->size() > kMaxStatBytes || hi->size() > kMaxStatBytes) break;
      min.assign(*lo);
      max.assign(*hi);
      break;
    }
    default: break;
  }
  if (d.count > 0 && !(min.empty() && max.empty() && c.type != TypeId::kVarchar)) {
    s.min_value = min;
    s.max_value = max;
    s.min = min;
    s.max = max;
  }
  return s;
}

// After kProbeValues values, a column whose values are still mostly distinct will not
// gain from a dictionary: stop hashing early (most of the cost of high-cardinality
// columns such as ids, timestamps and free text).
constexpr size_t kProbeValues = 8192;
bool MostlyDistinct(size_t distinct, size_t seen) {
  return distinct * 10 > seen * 6;
}

struct Dictionary {
  bool used = false;
  std::vector<uint32_t> indices;  // per dense value
  std::string page;               // PLAIN-encoded entries
  size_t count = 0;
  int bit_width = 0;
};

// Builds the dictionary, or leaves `used` false when PLAIN would be as small.
Dictionary TryDictionary(const ColumnBuffer& c, const DenseValues& d,
                         const WriteSettings& settings) {
  Dictionary dict;
  if (c.type == TypeId::kBoolean || d.count == 0) return dict;
  dict.indices.resize(d.count);
  size_t plain_bytes = 0;
  if (c.type == TypeId::kVarchar) {
    DictionaryBuilder<std::string_view, StringHash> builder(std::min<size_t>(d.count, 1 << 16));
    size_t dict_bytes = 0;
    for (size_t i = 0; i < d.count; i++) {
      size_t before = builder.entries().size();
      dict.indices[i] = builder.Insert(d.strings[i]);
      if (i + 1 == kProbeValues && MostlyDistinct(builder.entries().size(), i + 1))
        return Dictionary{};
      plain_bytes += 4 + d.strings[i].size();
      if (builder.entries().size() != before) {
        dict_bytes += 4 + d.strings[i].size();
        if (dict_bytes > settings.dictionary_limit) return Dictionary{};
      }
    }
    dict.count = builder.entries().size();
    dict.page.reserve(dict_bytes);
    for (std::string_view s : builder.entries()) {
      auto len = static_cast<uint32_t>(s.size());
      dict.page.append(reinterpret_cast<const char*>(&len), 4);
      dict.page.append(s);
    }
  } else {
    DictionaryBuilder<uint64_t, IntHash> builder(std::min<size_t>(d.count, 1 << 16));
    size_t max_entries = settings.dictionary_limit / d.width;
    for (size_t i = 0; i < d.count; i++) {
      uint64_t key = 0;
      std::memcpy(&key, d.fixed + i * d.width, d.width);
      dict.indices[i] = builder.Insert(key);
      if (i + 1 == kProbeValues && MostlyDistinct(builder.entries().size(), i + 1))
        return Dictionary{};
      if (builder.entries().size() > max_entries) return Dictionary{};
    }
    plain_bytes = d.count * d.width;
    dict.count = builder.entries().size();
    dict.page.resize(dict.count * d.width);
    for (size_t e = 0; e < dict.count; e++) {
      std::memcpy(dict.page.data() + e * d.width, &builder.entries()[e], d.width);
    }
  }
  dict.bit_width = std::max(1, BitWidth(dict.count - 1));
  size_t dict_estimate = dict.page.size() + d.count * static_cast<size_t>(dict.bit_width) / 8;
  dict.used = dict_estimate < plain_bytes;
  if (!dict.used) dict.indices.clear();
  return dict;
}

void AppendPage(PageHeader header, const std::string& raw, const WriteSettings& settings,
                std::string* out, int64_t* uncompressed_total) {
  std::string compressed;
  Compress(settings.codec, settings.compression_level, raw.data(), raw.size(), &compressed);
  header.uncompressed_page_size = static_cast<int32_t>(raw.size());
  header.compressed_page_size = static_cast<int32_t>(compressed.size());
  header.crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(compressed.data()),
                                           static_cast<uInt>(compressed.size())));
  std::string h = SerializePageHeader(header);
  *uncompressed_total += static_cast<int64_t>(h.size() + raw.size());
  out->append(h);
  out->append(compressed);
}

template <typename T>
void GatherRows(const ColumnView& view, size_t offset, size_t count, uint8_t* out) {
  for (size_t i = 0; i < count; i++) {
    T v;
    std::memcpy(&v, view.data + view.Index(offset + i) * sizeof(T), sizeof(T));
    std::memcpy(out + i * sizeof(T), &v, sizeof(T));
  }
}

}  // namespace

void ColumnBuffer::Append(const Vector& vector, const sel_t* selection, size_t offset,
                          size_t count) {
  ColumnView view(vector, selection);
  size_t start = rows;
  valid.resize(start + count, 1);
  if (view.validity != nullptr) {
    for (size_t i = 0; i < count; i++) {
      if (!view.IsValid(offset + i)) {
        valid[start + i] = 0;
        null_count++;
      }
    }
  }
  if (type == TypeId::kVarchar) {
    for (size_t i = 0; i < count; i++) {
      if (valid[start + i]) {
        const StringRef& s = view.Get<StringRef>(offset + i);
        if (s.size > 0) string_data.append(s.data, s.size);
      }
      string_end.push_back(string_data.size());
    }
  } else {
    size_t width = PhysicalSize(type);
    size_t at = values.size();
    values.resize(at + count * width);
    if (!view.constant && view.sel == nullptr) {
      std::memcpy(values.data() + at, view.data + offset * width, count * width);
    } else if (width == 8) {
      GatherRows<uint64_t>(view, offset, count, values.data() + at);
    } else if (width == 4) {
      GatherRows<uint32_t>(view, offset, count, values.data() + at);
    } else {
      GatherRows<uint8_t>(view, offset, count, values.data() + at);
    }
  }
  rows += count;
}

SchemaElement SchemaElementFor(const Field& field) {
  SchemaElement e;
  e.name = field.name;
  e.type = PhysicalFor(field.type);
  e.repetition = Repetition::kOptional;
  switch (field.type) {
    case TypeId::kVarchar:
      e.converted_type = ConvertedType::kUtf8;
      e.logical_type.kind = LogicalType::kString;
      break;
    case TypeId::kDate:
      e.converted_type = ConvertedType::kDate;
      e.logical_type.kind = LogicalType::kDate;
      break;
    case TypeId::kTimestamp:
      e.logical_type.kind = LogicalType::kTimestamp;
      e.logical_type.adjusted_to_utc = false;
      e.logical_type.unit = TimeUnit::kMicros;
      break;
    default: break;
  }
  return e;
}

namespace {

// The end row of the page starting at `row`: about page_size bytes of encoded values.
size_t PageEnd(const ColumnBuffer& c, const DenseValues& d, const Dictionary& dict, size_t row,
               size_t dense, size_t page_size, size_t* page_dense) {
  size_t end = row, bits = 0;
  *page_dense = 0;
  while (end < c.rows && bits / 8 < page_size) {
    if (c.valid[end]) {
      if (dict.used)
        bits += static_cast<size_t>(dict.bit_width);
      else if (c.type == TypeId::kVarchar)
        bits += 8 * (4 + d.strings[dense + *page_dense].size());
      else
        bits += 8 * d.width;
      ++*page_dense;
    }
    bits++;  // the definition level
    end++;
  }
  return end;
}

// The body of a v1 data page: RLE definition levels of rows [row, end), then the values
// dense[dense, dense + count).
void EncodeDataPage(const ColumnBuffer& c, const DenseValues& d, const Dictionary& dict, size_t row,
                    size_t end, size_t dense, size_t count, std::string* raw) {
  raw->clear();
  std::string levels;
  RleBitPackedEncode(c.valid.data() + row, end - row, 1, &levels);
  auto levels_len = static_cast<uint32_t>(levels.size());
  raw->append(reinterpret_cast<const char*>(&levels_len), 4);
  raw->append(levels);
  if (dict.used) {
    raw->push_back(static_cast<char>(dict.bit_width));
    RleBitPackedEncode(dict.indices.data() + dense, count, dict.bit_width, raw);
  } else if (c.type == TypeId::kVarchar) {
    for (size_t i = 0; i < count; i++) {
      std::string_view s = d.strings[dense + i];
      auto len = static_cast<uint32_t>(s.size());
      raw->append(reinterpret_cast<const char*>(&len), 4);
      raw->append(s);
    }
  } else if (c.type == TypeId::kBoolean) {
    std::vector<uint32_t> bits(count);
    for (size_t i = 0; i < count; i++) bits[i] = d.fixed[dense + i] != 0;
    PackBits(bits.data(), count, 1, raw);
  } else {
    raw->append(reinterpret_cast<const char*>(d.fixed + dense * d.width), count * d.width);
  }
}

}  // namespace

EncodedColumn EncodeColumnChunk(const ColumnBuffer& c, const std::string& name,
                                const WriteSettings& settings) {
  EncodedColumn out;
  ColumnMetaData& m = out.meta;
  m.type = PhysicalFor(c.type);
  m.path_in_schema = {name};
  m.codec = settings.codec;
  m.num_values = static_cast<int64_t>(c.rows);
  DenseValues d = Densify(c);
  m.statistics = ComputeStatistics(c, d);
  Dictionary dict = TryDictionary(c, d, settings);
  if (dict.used) {
    PageHeader h;
    h.type = PageType::kDictionaryPage;
    h.dictionary_page = DictionaryPageHeader{static_cast<int32_t>(dict.count), Encoding::kPlain};
    m.dictionary_page_offset = 0;
    AppendPage(h, dict.page, settings, &out.bytes, &m.total_uncompressed_size);
    m.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
  } else {
    m.encodings = {Encoding::kPlain, Encoding::kRle};
  }
  m.data_page_offset = static_cast<int64_t>(out.bytes.size());
  std::string raw;
  size_t dense = 0;  // dense index of the page's first non-null value
  size_t row = 0;
  do {  // an empty chunk still gets one (empty) data page
    size_t count = 0;
    size_t end = PageEnd(c, d, dict, row, dense, settings.page_size, &count);
    EncodeDataPage(c, d, dict, row, end, dense, count, &raw);
    PageHeader h;
    h.type = PageType::kDataPage;
    h.data_page = DataPageHeader{static_cast<int32_t>(end - row),
                                 dict.used ? Encoding::kRleDictionary : Encoding::kPlain,
                                 Encoding::kRle, Encoding::kRle};
    AppendPage(h, raw, settings, &out.bytes, &m.total_uncompressed_size);
    dense += count;
    row = end;
  } while (row < c.rows);
  m.total_compressed_size = static_cast<int64_t>(out.bytes.size());
  return out;
}

}  // namespace sluice::parquet
