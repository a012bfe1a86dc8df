// ColumnChunkReader — decodes one column chunk of one row group (its pages, in order)
// into sluice vectors.
//
// Handles data pages v1 and v2; PLAIN, PLAIN_DICTIONARY/RLE_DICTIONARY, RLE (booleans),
// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT;
// every codec of parquet_codec.h; definition levels in RLE or (deprecated) BIT_PACKED.
// Values are decoded straight into the output vector (dense), then spread over the null
// slots from the back. Strings point into the decompressed page (or dictionary) buffer,
// which the output vector's arena pins: no string is copied.
//
// Malformed pages throw a user_input Error describing the problem; the caller prefixes
// the file, column and row group.
//
// Thread-safety: one instance per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "formats/parquet/parquet_metadata.h"
#include "formats/parquet/parquet_schema.h"
#include "formats/parquet/rle_bit_packed.h"
#include "vector/vector.h"

namespace sluice::parquet {

class ColumnChunkReader {
 public:
  // `chunk` holds the chunk's `size` bytes followed by kReadPadding readable bytes;
  // `rows` is the row group's row count (pages may not hold more values).
  ColumnChunkReader(const LeafColumn& column, Codec codec, std::shared_ptr<const uint8_t> chunk,
                    size_t size, uint64_t rows);

  // Decodes the next `count` (<= out.capacity()) rows into rows [0, count) of `out`, a
  // writable vector of column.type.
  void Read(size_t count, Vector& out);
  // Throws unless every value of the chunk was read (the row count and the pages agree).
  void CheckFinished();

 private:
  enum class Mode { kPlain, kDictionary, kMaterialized, kRleBoolean };

  void LoadNextPage();
  std::shared_ptr<const uint8_t> PageBytes(const uint8_t* data, size_t compressed,
                                           size_t uncompressed, size_t prefix, bool reuse);
  void ReadDictionaryPage(const PageHeader& header, const uint8_t* data);
  void StartDataPage(const PageHeader& header, const uint8_t* data);
  void StartDataPageV1(const PageHeader& header, const uint8_t* data, size_t* num_values);
  void StartDataPageV2(const PageHeader& header, const uint8_t* data, size_t* num_values);
  void CheckValueCount(int32_t num_values);
  void DecodeLevels(Encoding encoding, const uint8_t* data, size_t size, size_t count);
  void StartValues(Encoding encoding, size_t non_null);
  void DecodeValues(size_t count, Vector& out, size_t offset);
  void DecodeFixed(const uint8_t* src, size_t count, uint8_t* dst);
  void DecodeStrings(const StringRef* src, size_t count, Vector& out, size_t offset);
  void DecodePlainBytes(size_t count, Vector& out, size_t offset);
  void Pin(Vector& out, const std::shared_ptr<const void>& buffer);
  [[noreturn]] void Corrupt(const std::string& why) const;

  const LeafColumn& column_;
  Codec codec_;
  std::shared_ptr<const uint8_t> chunk_;
  size_t size_;
  size_t position_ = 0;         // next page header in chunk_
  uint64_t values_unassigned_;  // rows of the row group not yet covered by a data page
  size_t physical_width_;
  size_t out_width_;

  // Dictionary, already converted to the output type.
  bool has_dictionary_ = false;
  size_t dictionary_count_ = 0;
  std::vector<uint8_t> dictionary_values_;
  std::vector<StringRef> dictionary_strings_;
  std::shared_ptr<const void> dictionary_buffer_;

  // Current data page.
  size_t page_remaining_ = 0;
  std::shared_ptr<const uint8_t> page_;
  const uint8_t* values_ = nullptr;
  const uint8_t* values_end_ = nullptr;
  Mode mode_ = Mode::kPlain;
  size_t bit_position_ = 0;  // PLAIN booleans
  RleBitPackedDecoder rle_;
  std::vector<uint8_t> levels_;
  size_t levels_position_ = 0;
  bool page_has_nulls_ = false;
  std::vector<uint8_t> materialized_;  // physical values of delta / byte-stream-split pages
  std::vector<StringRef> materialized_strings_;
  std::shared_ptr<std::string> materialized_storage_;
  size_t materialized_position_ = 0;

  // The last data page's buffer, reused for the next page when no vector pinned it.
  std::shared_ptr<uint8_t[]> spare_page_;
  size_t spare_capacity_ = 0;
  std::vector<uint32_t> scratch_;
  std::vector<StringRef> string_scratch_;
  std::vector<const void*> pinned_;  // buffers pinned into the current output vector
};

}  // namespace sluice::parquet
