#include "formats/parquet/parquet_file.h"

#include <cstring>

#include "common/error.h"
#include "formats/parquet/rle_bit_packed.h"

namespace sluice::parquet {
namespace {

constexpr char kMagic[] = "PAR1";
constexpr uint64_t kMaxFooter = uint64_t{1} << 30;

std::optional<Value> DecodeStat(const LeafColumn& c, const std::string& bytes) {
  auto le = [&](size_t n) {
    uint64_t v = 0;
    std::memcpy(&v, bytes.data(), n);
    return v;
  };
  switch (c.physical) {
    case PhysicalType::kBoolean:
      if (bytes.size() != 1) return std::nullopt;
      return Value::Boolean(bytes[0] != 0);
    case PhysicalType::kInt32: {
      if (bytes.size() != 4) return std::nullopt;
      auto v = static_cast<int32_t>(le(4));
      if (c.conversion == Conversion::kInt32Decimal) return Value::Double(v / c.decimal_divisor);
      if (c.conversion == Conversion::kUint32ToBigint)
        return Value::Bigint(static_cast<uint32_t>(v));
      return c.type == TypeId::kDate ? Value::Date(v) : Value::Integer(v);
    }
    case PhysicalType::kInt64: {
      if (bytes.size() != 8) return std::nullopt;
      auto v = static_cast<int64_t>(le(8));
      switch (c.conversion) {
        case Conversion::kInt64Decimal:
          return Value::Double(static_cast<double>(v) / c.decimal_divisor);
        case Conversion::kMillisToMicros:
          return Value::Timestamp(static_cast<int64_t>(static_cast<uint64_t>(v) * 1000));
        case Conversion::kNanosToMicros: return Value::Timestamp(v / 1000);
        default: return c.type == TypeId::kTimestamp ? Value::Timestamp(v) : Value::Bigint(v);
      }
    }
    case PhysicalType::kFloat: {
      if (bytes.size() != 4) return std::nullopt;
      float f;
      std::memcpy(&f, bytes.data(), 4);
      return Value::Double(f);
    }
    case PhysicalType::kDouble: {
      if (bytes.size() != 8) return std::nullopt;
      double d;
      std::memcpy(&d, bytes.data(), 8);
      return Value::Double(d);
    }
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      if (c.conversion == Conversion::kString) return Value::Varchar(bytes);
      return std::nullopt;
    default: return std::nullopt;
  }
}

}  // namespace

std::shared_ptr<ParquetFile> ParquetFile::Open(const std::string& path) {
  std::shared_ptr<ParquetFile> f(new ParquetFile());
  f->path_ = path;
  f->file_ = FileSystem::For(path).OpenForRead(path);
  uint64_t size = f->file_->size();
  if (size < 12) {
    throw Error::UserInput("{}: not a Parquet file (only {} bytes; truncated?)", path, size);
  }
  char head[4], tail[8];
  f->file_->ReadExactly(0, 4, head);
  f->file_->ReadExactly(size - 8, 8, tail);
  if (std::memcmp(head, kMagic, 4) != 0 || std::memcmp(tail + 4, kMagic, 4) != 0) {
    if (std::memcmp(head, kMagic, 4) == 0) {
      throw Error::UserInput(
          "{}: not a complete Parquet file (no PAR1 magic at the end; truncated?)", path);
    }
    throw Error::UserInput("{}: not a Parquet file (bad magic)", path);
  }
  uint32_t footer_len;
  std::memcpy(&footer_len, tail, 4);
  if (footer_len > size - 12 || footer_len > kMaxFooter) {
    throw Error::UserInput(
        "{}: corrupt footer: footer length {} is past the start of the file ({} bytes)", path,
        footer_len, size);
  }
  std::vector<uint8_t> footer(footer_len);
  f->file_->ReadExactly(size - 8 - footer_len, footer_len, reinterpret_cast<char*>(footer.data()));
  try {
    f->metadata_ = ParseFileMetaData(footer.data(), footer.size());
  } catch (const Error& e) {
    throw e.WithPrefix(path + ": corrupt footer: ");
  }
  f->columns_ = BuildLeafColumns(f->metadata_, path);
  f->Validate();
  return f;
}

void ParquetFile::Validate() {
  uint64_t data_end = file_->size() - 8;
  int64_t total_rows = 0;
  for (size_t g = 0; g < metadata_.row_groups.size(); g++) {
    const RowGroup& rg = metadata_.row_groups[g];
    if (rg.columns.size() != columns_.size()) {
      throw Error::UserInput("{}: corrupt footer: row group {} has {} columns, the schema {}",
                             path_, g, rg.columns.size(), columns_.size());
    }
    if (rg.num_rows < 0)
      throw Error::UserInput("{}: corrupt footer: row group {} has {} rows", path_, g, rg.num_rows);
    total_rows += rg.num_rows;
    for (size_t c = 0; c < rg.columns.size(); c++) {
      const ColumnChunk& chunk = rg.columns[c];
      if (!chunk.has_meta_data) {
        throw Error::NotSupported("{}: column '{}' has its metadata in another file", path_,
                                  columns_[c].name);
      }
      const ColumnMetaData& m = chunk.meta_data;
      if (m.num_values != rg.num_rows) {
        throw Error::UserInput(
            "{}: corrupt footer: column '{}' of row group {} has {} values for {} rows", path_,
            columns_[c].name, g, m.num_values, rg.num_rows);
      }
      if (m.type != columns_[c].physical) {
        throw Error::UserInput("{}: corrupt footer: column '{}' type differs from the schema",
                               path_, columns_[c].name);
      }
      int64_t start = m.data_page_offset;
      if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 &&
          *m.dictionary_page_offset < start) {
        start = *m.dictionary_page_offset;
      }
      if (start < 4 || m.total_compressed_size < 0 ||
          static_cast<uint64_t>(start) + static_cast<uint64_t>(m.total_compressed_size) >
              data_end) {
        throw Error::UserInput(
            "{}: corrupt footer: column '{}' of row group {} lies outside the file", path_,
            columns_[c].name, g);
      }
    }
  }
  (void)total_rows;
}

std::shared_ptr<const uint8_t> ParquetFile::ReadColumnChunk(size_t row_group, size_t column,
                                                            size_t* size,
                                                            ChunkBuffer* reuse) const {
  const ColumnMetaData& m = metadata_.row_groups[row_group].columns[column].meta_data;
  int64_t start = m.data_page_offset;
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 &&
      *m.dictionary_page_offset < start) {
    start = *m.dictionary_page_offset;
  }
  *size = static_cast<size_t>(m.total_compressed_size);
  std::shared_ptr<uint8_t[]> buffer;
  if (reuse != nullptr && reuse->data != nullptr && reuse->data.use_count() == 1 &&
      reuse->capacity >= *size) {
    buffer = reuse->data;
  } else {
    buffer.reset(new uint8_t[*size + kReadPadding]);
    if (reuse != nullptr) *reuse = ChunkBuffer{buffer, *size};
  }
  file_->ReadExactly(static_cast<uint64_t>(start), *size, reinterpret_cast<char*>(buffer.get()));
  std::memset(buffer.get() + *size, 0, kReadPadding);
  return std::shared_ptr<const uint8_t>(buffer, buffer.get());
}

ParquetFile::ChunkStats ParquetFile::Stats(size_t row_group, size_t column) const {
  ChunkStats out;
  const ColumnMetaData& m = metadata_.row_groups[row_group].columns[column].meta_data;
  if (!m.statistics) return out;
  const Statistics& s = *m.statistics;
  const LeafColumn& c = columns_[column];
  out.null_count = s.null_count;
  bool legacy_ok =
      c.conversion != Conversion::kString && c.conversion != Conversion::kUint32ToBigint &&
      c.conversion != Conversion::kUint64ToBigint && c.conversion != Conversion::kBytesDecimal;
  const std::string* min = s.min_value ? &*s.min_value : (legacy_ok && s.min ? &*s.min : nullptr);
  const std::string* max = s.max_value ? &*s.max_value : (legacy_ok && s.max ? &*s.max : nullptr);
  if (min != nullptr) out.min = DecodeStat(c, *min);
  if (max != nullptr) out.max = DecodeStat(c, *max);
  return out;
}

}  // namespace sluice::parquet
