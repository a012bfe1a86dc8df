#include "formats/parquet/column_chunk_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "formats/parquet/delta_encoding.h"
#include "formats/parquet/parquet_codec.h"

namespace sluice::parquet {
namespace {

__extension__ typedef __int128 Int128;

constexpr int64_t kJulianEpochDay = 2440588;
constexpr int64_t kMicrosPerDay = 86400LL * 1000000;
const StringRef kEmptyString("", 0);
// Limits on what one page header may ask for, so corrupt headers cannot force huge
// allocations. Real writers use pages of about 1 MB and at most some 100k values.
constexpr int32_t kMaxPageValues = 1 << 24;
constexpr size_t kMaxPageBytes = size_t{256} << 20;

uint32_t LoadLe32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

double BigEndianDecimal(const uint8_t* p, size_t n, double divisor) {
  if (n == 0) return 0;
  // Two's complement, most significant byte first. Up to 16 bytes fit an __int128.
  if (n <= 16) {
    Int128 v = static_cast<int8_t>(p[0]);
    for (size_t i = 1; i < n; i++) v = v * 256 + p[i];
    return static_cast<double>(v) / divisor;
  }
  double v = static_cast<int8_t>(p[0]);
  for (size_t i = 1; i < n; i++) v = v * 256 + p[i];
  return v / divisor;
}

template <typename T>
void Gather(const T* dict, size_t dict_count, const uint32_t* idx, size_t n, T* dst, bool* bad) {
  uint32_t max_index = 0;
  for (size_t i = 0; i < n; i++) max_index = std::max(max_index, idx[i]);
  if (n > 0 && max_index >= dict_count) {
    *bad = true;
    return;
  }
  for (size_t i = 0; i < n; i++) dst[i] = dict[idx[i]];
}

template <typename T>
void SpreadNulls(T* data, const uint8_t* levels, size_t count, size_t valid, T null_value) {
  size_t j = valid;
  for (size_t i = count; i-- > 0;) {
    if (levels[i] != 0) {
      data[i] = data[--j];
    } else {
      data[i] = null_value;
    }
  }
}

}  // namespace

ColumnChunkReader::ColumnChunkReader(const LeafColumn& column, Codec codec,
                                     std::shared_ptr<const uint8_t> chunk, size_t size,
                                     uint64_t rows)
    : column_(column),
      codec_(codec),
      chunk_(std::move(chunk)),
      size_(size),
      values_unassigned_(rows),
      physical_width_(PhysicalWidth(column.physical, column.type_length)),
      out_width_(PhysicalSize(column.type)) {
  scratch_.resize(kChunkCapacity);
}

void ColumnChunkReader::Corrupt(const std::string& why) const {
  throw Error::UserInput("corrupt page: {}", why);
}

void ColumnChunkReader::Pin(Vector& out, const std::shared_ptr<const void>& buffer) {
  if (buffer == nullptr) return;
  if (std::find(pinned_.begin(), pinned_.end(), buffer.get()) != pinned_.end()) return;
  pinned_.push_back(buffer.get());
  out.arena().Pin(buffer);
}

std::shared_ptr<const uint8_t> ColumnChunkReader::PageBytes(const uint8_t* data, size_t compressed,
                                                            size_t uncompressed, size_t prefix,
                                                            bool reuse) {
  // `prefix` bytes at the front are stored uncompressed (v2 levels).
  if (codec_ == Codec::kUncompressed) {
    if (compressed != uncompressed) Corrupt("compressed and uncompressed sizes differ");
    return std::shared_ptr<const uint8_t>(chunk_, data);
  }
  if (uncompressed > kMaxPageBytes) {
    Corrupt("page of " + std::to_string(uncompressed) +
            " bytes (more than sluice reads in one page)");
  }
  std::shared_ptr<uint8_t[]> buffer;
  if (reuse) {
    page_.reset();
    if (spare_page_ != nullptr && spare_page_.use_count() == 1 && spare_capacity_ >= uncompressed) {
      buffer = spare_page_;
    }
  }
  if (buffer == nullptr) {
    buffer.reset(new uint8_t[uncompressed + kReadPadding]);
    if (reuse) {
      spare_page_ = buffer;
      spare_capacity_ = uncompressed;
    }
  }
  std::memset(buffer.get() + uncompressed, 0, kReadPadding);
  std::memcpy(buffer.get(), data, prefix);
  Decompress(codec_, data + prefix, compressed - prefix, buffer.get() + prefix,
             uncompressed - prefix);
  return std::shared_ptr<const uint8_t>(buffer, buffer.get());
}

void ColumnChunkReader::LoadNextPage() {
  while (true) {
    if (position_ >= size_) Corrupt("column chunk has fewer values than the row group has rows");
    PageHeader header;
    const uint8_t* start = chunk_.get() + position_;
    size_t header_size = ParsePageHeader(start, size_ - position_, &header);
    if (header.compressed_page_size < 0 || header.uncompressed_page_size < 0 ||
        static_cast<size_t>(header.compressed_page_size) > size_ - position_ - header_size) {
      Corrupt("page size " + std::to_string(header.compressed_page_size) +
              " runs past the end of the column chunk");
    }
    const uint8_t* data = start + header_size;
    if (header.crc) {
      auto crc =
          static_cast<uint32_t>(crc32(0, data, static_cast<uInt>(header.compressed_page_size)));
      if (crc != *header.crc) Corrupt("page checksum mismatch");
    }
    position_ += header_size + static_cast<size_t>(header.compressed_page_size);
    if (header.type == PageType::kDictionaryPage) {
      ReadDictionaryPage(header, data);
    } else if (header.type == PageType::kDataPage || header.type == PageType::kDataPageV2) {
      StartDataPage(header, data);
      if (page_remaining_ > 0) return;
    }
    // Index pages and unknown page types are skipped.
  }
}

void ColumnChunkReader::ReadDictionaryPage(const PageHeader& header, const uint8_t* data) {
  if (!header.dictionary_page) Corrupt("dictionary page without its header");
  const DictionaryPageHeader& d = *header.dictionary_page;
  if (d.encoding != Encoding::kPlain && d.encoding != Encoding::kPlainDictionary) {
    Corrupt(std::string("dictionary page in encoding ") + EncodingName(d.encoding));
  }
  if (column_.physical == PhysicalType::kBoolean) Corrupt("dictionary page for a BOOLEAN column");
  if (d.num_values < 0) Corrupt("negative dictionary size");
  size_t size = static_cast<size_t>(header.uncompressed_page_size);
  auto bytes = PageBytes(data, static_cast<size_t>(header.compressed_page_size), size, 0, false);
  size_t n = static_cast<size_t>(d.num_values);
  dictionary_count_ = n;
  has_dictionary_ = true;
  if (column_.physical == PhysicalType::kByteArray) {
    std::vector<StringRef> strings;
    strings.reserve(std::min(n, size / 4));
    const uint8_t* p = bytes.get();
    const uint8_t* end = p + size;
    for (size_t i = 0; i < n; i++) {
      if (end - p < 4) Corrupt("dictionary page too short");
      uint32_t len = LoadLe32(p);
      p += 4;
      if (len > static_cast<size_t>(end - p)) Corrupt("dictionary string past the end of the page");
      strings.emplace_back(reinterpret_cast<const char*>(p), len);
      p += len;
    }
    if (column_.conversion == Conversion::kString) {
      dictionary_strings_ = std::move(strings);
    } else {
      dictionary_values_.resize(n * sizeof(double));
      auto* out = reinterpret_cast<double*>(dictionary_values_.data());
      for (size_t i = 0; i < n; i++) {
        out[i] = BigEndianDecimal(reinterpret_cast<const uint8_t*>(strings[i].data),
                                  strings[i].size, column_.decimal_divisor);
      }
    }
    dictionary_buffer_ = bytes;
    return;
  }
  if (n > size / physical_width_) Corrupt("dictionary page too short");
  if (column_.conversion == Conversion::kString) {
    dictionary_strings_.resize(n);
    DecodeFixed(bytes.get(), n, reinterpret_cast<uint8_t*>(dictionary_strings_.data()));
    dictionary_buffer_ = bytes;
  } else {
    dictionary_values_.resize(n * out_width_ + 8);
    DecodeFixed(bytes.get(), n, dictionary_values_.data());
  }
}

void ColumnChunkReader::DecodeLevels(Encoding encoding, const uint8_t* data, size_t size,
                                     size_t count) {
  levels_.resize(count);
  if (encoding == Encoding::kBitPacked) {
    // Deprecated: most significant bit first, one bit per level here.
    if (size * 8 < count) Corrupt("definition levels too short");
    for (size_t i = 0; i < count; i++) levels_[i] = (data[i / 8] >> (7 - i % 8)) & 1;
  } else if (encoding == Encoding::kRle) {
    RleBitPackedDecoder decoder(data, size, 1);
    for (size_t done = 0; done < count;) {
      size_t n = decoder.GetBatch(scratch_.data(), std::min(scratch_.size(), count - done));
      if (n == 0) Corrupt("definition levels too short");
      for (size_t i = 0; i < n; i++)
        levels_[done + i] = static_cast<uint8_t>(scratch_[i] > 1 ? 2 : scratch_[i]);
      done += n;
    }
  } else {
    Corrupt(std::string("definition levels in encoding ") + EncodingName(encoding));
  }
  size_t valid = 0;
  uint8_t bad = 0;
  for (size_t i = 0; i < count; i++) {
    valid += levels_[i];
    bad |= static_cast<uint8_t>(levels_[i] >> 1);
  }
  if (bad != 0) Corrupt("definition level above the maximum");
  page_has_nulls_ = valid != count;
  levels_position_ = 0;
}

void ColumnChunkReader::CheckValueCount(int32_t num_values) {
  // Bounds every allocation sized by a page header.
  if (num_values < 0) Corrupt("negative value count");
  if (static_cast<uint64_t>(num_values) > values_unassigned_) {
    Corrupt("column chunk has more values than the row group has rows");
  }
  if (num_values > kMaxPageValues) {
    Corrupt("page of " + std::to_string(num_values) +
            " values (more than sluice reads in one page)");
  }
  values_unassigned_ -= static_cast<uint64_t>(num_values);
}

void ColumnChunkReader::StartDataPageV1(const PageHeader& header, const uint8_t* data,
                                        size_t* num_values) {
  if (!header.data_page) Corrupt("data page without its header");
  const DataPageHeader& d = *header.data_page;
  CheckValueCount(d.num_values);
  *num_values = static_cast<size_t>(d.num_values);
  size_t uncompressed = static_cast<size_t>(header.uncompressed_page_size);
  page_ = PageBytes(data, static_cast<size_t>(header.compressed_page_size), uncompressed, 0, true);
  const uint8_t* p = page_.get();
  const uint8_t* end = p + uncompressed;
  if (column_.max_definition_level > 0) {
    size_t levels_size;
    if (d.definition_level_encoding == Encoding::kRle) {
      if (end - p < 4) Corrupt("page too short for its definition levels");
      levels_size = LoadLe32(p);
      p += 4;
    } else {
      levels_size = (*num_values + 7) / 8;
    }
    if (levels_size > static_cast<size_t>(end - p))
      Corrupt("definition levels past the end of the page");
    DecodeLevels(d.definition_level_encoding, p, levels_size, *num_values);
    p += levels_size;
  }
  values_ = p;
  values_end_ = end;
}

void ColumnChunkReader::StartDataPageV2(const PageHeader& header, const uint8_t* data,
                                        size_t* num_values) {
  if (!header.data_page_v2) Corrupt("data page v2 without its header");
  const DataPageHeaderV2& d = *header.data_page_v2;
  CheckValueCount(d.num_values);
  if (d.definition_levels_byte_length < 0 || d.repetition_levels_byte_length < 0) {
    Corrupt("negative level sizes in data page v2 header");
  }
  *num_values = static_cast<size_t>(d.num_values);
  size_t compressed = static_cast<size_t>(header.compressed_page_size);
  size_t uncompressed = static_cast<size_t>(header.uncompressed_page_size);
  size_t levels_size = static_cast<size_t>(d.definition_levels_byte_length) +
                       static_cast<size_t>(d.repetition_levels_byte_length);
  if (levels_size > compressed || levels_size > uncompressed)
    Corrupt("levels larger than the page");
  if (d.is_compressed && codec_ != Codec::kUncompressed) {
    page_ = PageBytes(data, compressed, uncompressed, levels_size, true);
  } else {
    if (compressed != uncompressed) Corrupt("compressed and uncompressed sizes differ");
    page_ = std::shared_ptr<const uint8_t>(chunk_, data);
  }
  if (column_.max_definition_level > 0) {
    DecodeLevels(Encoding::kRle, page_.get() + d.repetition_levels_byte_length,
                 static_cast<size_t>(d.definition_levels_byte_length), *num_values);
  }
  values_ = page_.get() + levels_size;
  values_end_ = page_.get() + uncompressed;
}

void ColumnChunkReader::StartDataPage(const PageHeader& header, const uint8_t* data) {
  size_t num_values = 0;
  page_has_nulls_ = false;
  Encoding encoding;
  if (header.type == PageType::kDataPage) {
    StartDataPageV1(header, data, &num_values);
    encoding = header.data_page->encoding;
  } else {
    StartDataPageV2(header, data, &num_values);
    encoding = header.data_page_v2->encoding;
  }
  page_remaining_ = num_values;
  size_t non_null = num_values;
  if (page_has_nulls_) {
    non_null = 0;
    for (uint8_t level : levels_) non_null += level;
  }
  StartValues(encoding, non_null);
}

void ColumnChunkReader::StartValues(Encoding encoding, size_t non_null) {
  size_t available = static_cast<size_t>(values_end_ - values_);
  bit_position_ = 0;
  materialized_position_ = 0;
  switch (encoding) {
    case Encoding::kPlain: mode_ = Mode::kPlain; return;
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary: {
      if (!has_dictionary_) Corrupt("dictionary-encoded page but no dictionary page");
      if (available < 1) Corrupt("dictionary indices missing");
      int width = values_[0];
      if (width > 32) Corrupt("dictionary index bit width " + std::to_string(width));
      rle_ = RleBitPackedDecoder(values_ + 1, available - 1, width);
      mode_ = Mode::kDictionary;
      return;
    }
    case Encoding::kRle: {
      if (column_.physical != PhysicalType::kBoolean)
        Corrupt("RLE encoding for a non-BOOLEAN column");
      if (available < 4) Corrupt("RLE booleans missing");
      size_t len = std::min<size_t>(LoadLe32(values_), available - 4);
      rle_ = RleBitPackedDecoder(values_ + 4, len, 1);
      mode_ = Mode::kRleBoolean;
      return;
    }
    case Encoding::kDeltaBinaryPacked: {
      if (column_.physical != PhysicalType::kInt32 && column_.physical != PhysicalType::kInt64) {
        Corrupt("DELTA_BINARY_PACKED for a non-integer column");
      }
      std::vector<int64_t> values;
      DecodeDeltaBinaryPacked(values_, available, non_null, &values);
      if (values.size() < non_null) Corrupt("fewer values than the page header says");
      materialized_.resize(values.size() * physical_width_);
      for (size_t i = 0; i < values.size(); i++) {
        if (physical_width_ == 4) {
          auto v = static_cast<int32_t>(values[i]);
          std::memcpy(materialized_.data() + 4 * i, &v, 4);
        } else {
          std::memcpy(materialized_.data() + 8 * i, &values[i], 8);
        }
      }
      mode_ = Mode::kMaterialized;
      return;
    }
    case Encoding::kDeltaLengthByteArray:
    case Encoding::kDeltaByteArray: {
      if (column_.physical != PhysicalType::kByteArray)
        Corrupt("DELTA byte array encoding for a non-BYTE_ARRAY column");
      if (encoding == Encoding::kDeltaLengthByteArray) {
        materialized_storage_.reset();
        DecodeDeltaLengthByteArray(values_, available, non_null, &materialized_strings_);
      } else {
        materialized_storage_ = std::make_shared<std::string>();
        DecodeDeltaByteArray(values_, available, non_null, &materialized_strings_,
                             materialized_storage_.get());
      }
      if (materialized_strings_.size() < non_null)
        Corrupt("fewer values than the page header says");
      mode_ = Mode::kMaterialized;
      return;
    }
    case Encoding::kByteStreamSplit: {
      if (physical_width_ == 0) Corrupt("BYTE_STREAM_SPLIT for a variable-width column");
      if (column_.conversion == Conversion::kString) {
        throw Error::NotSupported("BYTE_STREAM_SPLIT for FIXED_LEN_BYTE_ARRAY strings");
      }
      if (non_null > available / physical_width_) Corrupt("BYTE_STREAM_SPLIT page too short");
      materialized_.resize(non_null * physical_width_);
      DecodeByteStreamSplit(values_, available, non_null, physical_width_, materialized_.data());
      mode_ = Mode::kMaterialized;
      return;
    }
    default: Corrupt(std::string("unsupported encoding ") + EncodingName(encoding));
  }
}

void ColumnChunkReader::DecodeFixed(const uint8_t* src, size_t count, uint8_t* dst) {
  switch (column_.conversion) {
    case Conversion::kNone: std::memcpy(dst, src, count * physical_width_); return;
    case Conversion::kFloatToDouble: {
      auto* out = reinterpret_cast<double*>(dst);
      for (size_t i = 0; i < count; i++) {
        float f;
        std::memcpy(&f, src + 4 * i, 4);
        out[i] = f;
      }
      return;
    }
    case Conversion::kUint32ToBigint: {
      auto* out = reinterpret_cast<int64_t*>(dst);
      for (size_t i = 0; i < count; i++) out[i] = LoadLe32(src + 4 * i);
      return;
    }
    case Conversion::kUint64ToBigint: {
      std::memcpy(dst, src, count * 8);
      for (size_t i = 0; i < count; i++) {
        uint64_t v;
        std::memcpy(&v, src + 8 * i, 8);
        if (v > static_cast<uint64_t>(INT64_MAX)) {
          throw Error::UserInput(
              "column '{}': unsigned 64-bit value {} does not fit BIGINT "
              "(sluice has no UBIGINT type)",
              column_.name, v);
        }
      }
      return;
    }
    case Conversion::kInt32Decimal: {
      auto* out = reinterpret_cast<double*>(dst);
      for (size_t i = 0; i < count; i++) {
        out[i] = static_cast<int32_t>(LoadLe32(src + 4 * i)) / column_.decimal_divisor;
      }
      return;
    }
    case Conversion::kInt64Decimal:
    case Conversion::kMillisToMicros:
    case Conversion::kNanosToMicros: {
      for (size_t i = 0; i < count; i++) {
        int64_t v;
        std::memcpy(&v, src + 8 * i, 8);
        if (column_.conversion == Conversion::kInt64Decimal) {
          reinterpret_cast<double*>(dst)[i] = static_cast<double>(v) / column_.decimal_divisor;
        } else {
          int64_t micros = column_.conversion == Conversion::kMillisToMicros
                               ? static_cast<int64_t>(static_cast<uint64_t>(v) * 1000)
                               : v / 1000;
          reinterpret_cast<int64_t*>(dst)[i] = micros;
        }
      }
      return;
    }
    case Conversion::kInt96ToTimestamp: {
      auto* out = reinterpret_cast<int64_t*>(dst);
      for (size_t i = 0; i < count; i++) {
        int64_t nanos;
        std::memcpy(&nanos, src + 12 * i, 8);
        int64_t day = static_cast<int32_t>(LoadLe32(src + 12 * i + 8));
        // Wrapping arithmetic: garbage input must not be undefined behaviour.
        out[i] = static_cast<int64_t>(static_cast<uint64_t>(day - kJulianEpochDay) * kMicrosPerDay +
                                      static_cast<uint64_t>(nanos / 1000));
      }
      return;
    }
    case Conversion::kBytesDecimal: {
      auto* out = reinterpret_cast<double*>(dst);
      for (size_t i = 0; i < count; i++) {
        out[i] =
            BigEndianDecimal(src + physical_width_ * i, physical_width_, column_.decimal_divisor);
      }
      return;
    }
    case Conversion::kString: {
      auto* out = reinterpret_cast<StringRef*>(dst);
      for (size_t i = 0; i < count; i++) {
        out[i] = StringRef(reinterpret_cast<const char*>(src + physical_width_ * i),
                           static_cast<uint32_t>(physical_width_));
      }
      return;
    }
    case Conversion::kBoolean: break;
  }
  Corrupt("unexpected conversion");
}

void ColumnChunkReader::DecodeStrings(const StringRef* src, size_t count, Vector& out,
                                      size_t offset) {
  if (column_.conversion == Conversion::kString) {
    std::memcpy(out.data<StringRef>() + offset, src, count * sizeof(StringRef));
    return;
  }
  double* dst = out.data<double>() + offset;
  for (size_t i = 0; i < count; i++) {
    dst[i] = BigEndianDecimal(reinterpret_cast<const uint8_t*>(src[i].data), src[i].size,
                              column_.decimal_divisor);
  }
}

void ColumnChunkReader::DecodePlainBytes(size_t count, Vector& out, size_t offset) {
  string_scratch_.resize(count);
  const uint8_t* p = values_;
  for (size_t i = 0; i < count; i++) {
    if (values_end_ - p < 4) Corrupt("PLAIN string data past the end of the page");
    uint32_t len = LoadLe32(p);
    p += 4;
    if (len > static_cast<size_t>(values_end_ - p))
      Corrupt("PLAIN string past the end of the page");
    string_scratch_[i] = StringRef(reinterpret_cast<const char*>(p), len);
    p += len;
  }
  values_ = p;
  DecodeStrings(string_scratch_.data(), count, out, offset);
}

void ColumnChunkReader::DecodeValues(size_t count, Vector& out, size_t offset) {
  uint8_t* dst = out.raw_data() + offset * out_width_;
  bool is_string_out = column_.conversion == Conversion::kString;
  if (is_string_out) {
    Pin(out, mode_ == Mode::kDictionary ? dictionary_buffer_ : page_);
    if (materialized_storage_ && mode_ == Mode::kMaterialized) Pin(out, materialized_storage_);
  }
  switch (mode_) {
    case Mode::kDictionary: {
      if (rle_.GetBatch(scratch_.data(), count) != count) Corrupt("dictionary indices end early");
      bool bad = false;
      if (is_string_out) {
        Gather(dictionary_strings_.data(), dictionary_count_, scratch_.data(), count,
               reinterpret_cast<StringRef*>(dst), &bad);
      } else if (out_width_ == 4) {
        Gather(reinterpret_cast<const uint32_t*>(dictionary_values_.data()), dictionary_count_,
               scratch_.data(), count, reinterpret_cast<uint32_t*>(dst), &bad);
      } else {
        Gather(reinterpret_cast<const uint64_t*>(dictionary_values_.data()), dictionary_count_,
               scratch_.data(), count, reinterpret_cast<uint64_t*>(dst), &bad);
      }
      if (bad)
        Corrupt("dictionary index out of range (dictionary has " +
                std::to_string(dictionary_count_) + " entries)");
      return;
    }
    case Mode::kRleBoolean: {
      if (rle_.GetBatch(scratch_.data(), count) != count) Corrupt("RLE booleans end early");
      for (size_t i = 0; i < count; i++) dst[i] = scratch_[i] != 0;
      return;
    }
    case Mode::kMaterialized: {
      if (column_.physical == PhysicalType::kByteArray) {
        if (materialized_position_ + count > materialized_strings_.size())
          Corrupt("too few values");
        DecodeStrings(materialized_strings_.data() + materialized_position_, count, out, offset);
      } else {
        if ((materialized_position_ + count) * physical_width_ > materialized_.size())
          Corrupt("too few values");
        DecodeFixed(materialized_.data() + materialized_position_ * physical_width_, count, dst);
      }
      materialized_position_ += count;
      return;
    }
    case Mode::kPlain: break;
  }
  if (column_.physical == PhysicalType::kBoolean) {
    if ((bit_position_ + count + 7) / 8 > static_cast<size_t>(values_end_ - values_)) {
      Corrupt("PLAIN booleans past the end of the page");
    }
    for (size_t i = 0; i < count; i++, bit_position_++) {
      dst[i] = (values_[bit_position_ >> 3] >> (bit_position_ & 7)) & 1;
    }
  } else if (column_.physical == PhysicalType::kByteArray) {
    DecodePlainBytes(count, out, offset);
  } else {
    size_t bytes = count * physical_width_;
    if (bytes > static_cast<size_t>(values_end_ - values_))
      Corrupt("PLAIN values past the end of the page");
    DecodeFixed(values_, count, dst);
    values_ += bytes;
  }
}

void ColumnChunkReader::CheckFinished() {
  if (page_remaining_ > 0) Corrupt("column chunk has more values than the row group has rows");
  while (position_ < size_) {
    PageHeader header;
    size_t header_size = ParsePageHeader(chunk_.get() + position_, size_ - position_, &header);
    if (header.type == PageType::kDataPage || header.type == PageType::kDataPageV2) {
      Corrupt("column chunk has more values than the row group has rows");
    }
    if (header.compressed_page_size < 0) Corrupt("negative page size");
    position_ += header_size + static_cast<size_t>(header.compressed_page_size);
  }
}

void ColumnChunkReader::Read(size_t count, Vector& out) {
  pinned_.clear();
  size_t offset = 0;
  while (offset < count) {
    if (page_remaining_ == 0) LoadNextPage();
    size_t k = std::min(count - offset, page_remaining_);
    size_t valid = k;
    const uint8_t* levels = nullptr;
    if (page_has_nulls_) {
      levels = levels_.data() + levels_position_;
      valid = 0;
      for (size_t i = 0; i < k; i++) valid += levels[i];
    }
    if (valid > 0) DecodeValues(valid, out, offset);
    if (levels != nullptr) {
      uint8_t* base = out.raw_data() + offset * out_width_;
      switch (out_width_) {
        case 1: SpreadNulls(base, levels, k, valid, uint8_t{0}); break;
        case 4: SpreadNulls(reinterpret_cast<uint32_t*>(base), levels, k, valid, 0u); break;
        case 8:
          SpreadNulls(reinterpret_cast<uint64_t*>(base), levels, k, valid, uint64_t{0});
          break;
        default: SpreadNulls(reinterpret_cast<StringRef*>(base), levels, k, valid, kEmptyString);
      }
      for (size_t i = 0; i < k; i++) {
        if (levels[i] == 0) out.SetNull(offset + i);
      }
    }
    levels_position_ += k;
    page_remaining_ -= k;
    offset += k;
  }
}

}  // namespace sluice::parquet
