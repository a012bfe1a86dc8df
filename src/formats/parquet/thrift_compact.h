// ThriftCompactReader / ThriftCompactWriter — the Thrift compact protocol, the encoding of
// Parquet's footer (FileMetaData) and page headers.
//
// Byte format:
//   integers    zigzag varints (i16, i32, i64); i8 as one raw byte; double as 8 LE bytes
//   binary      varint length, then the bytes
//   field       one byte: high nibble = field-id delta from the previous field (1..15),
//               low nibble = type; a zero delta is followed by the id as a zigzag varint.
//               Boolean fields carry their value in the type nibble (1 true, 2 false).
//   struct      fields, then a 0 byte (STOP)
//   list/set    one byte: high nibble = size (15 = a varint size follows), low = element
//               type; then the elements (booleans one byte each)
//   map         varint size, then (if size > 0) a byte key-type<<4 | value-type
//
// The reader checks every length against the buffer and bounds nesting depth, so corrupt
// input yields an Error (user_input, "corrupt thrift: ...") instead of a crash or a huge
// allocation. Thread-safety: one instance per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::parquet {

enum class ThriftType : uint8_t {
  kStop = 0,
  kTrue = 1,
  kFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

class ThriftCompactReader {
 public:
  ThriftCompactReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  // Struct traversal: BeginStruct, then NextField until it returns false (STOP seen).
  void BeginStruct();
  bool NextField(int16_t* id, ThriftType* type);

  // Values. ReadBool takes the field's type (booleans live in the field header) or
  // kByte for a list element.
  bool ReadBool(ThriftType field_type);
  int8_t ReadByte();
  int32_t ReadI32();
  int64_t ReadI64();
  double ReadDouble();
  std::string ReadBinary();
  // Element type and count of a list or set.
  uint32_t ReadListHeader(ThriftType* element_type);
  // Skips a value of `type` (any nesting).
  void Skip(ThriftType type);

  size_t position() const { return pos_; }

 private:
  uint64_t ReadVarint();
  uint8_t ReadRawByte();
  void SkipValue(ThriftType type, int depth);
  [[noreturn]] void Fail(const std::string& what) const;

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  std::vector<int16_t> last_field_ids_;
  int16_t last_field_id_ = 0;
};

class ThriftCompactWriter {
 public:
  void BeginStruct();
  void EndStruct();  // writes STOP
  void FieldHeader(int16_t id, ThriftType type);

  void I32Field(int16_t id, int32_t v) {
    FieldHeader(id, ThriftType::kI32);
    Varint(ZigZag(v));
  }
  void I64Field(int16_t id, int64_t v) {
    FieldHeader(id, ThriftType::kI64);
    Varint(ZigZag(v));
  }
  void BoolField(int16_t id, bool v) {
    FieldHeader(id, v ? ThriftType::kTrue : ThriftType::kFalse);
  }
  void ByteField(int16_t id, int8_t v) {
    FieldHeader(id, ThriftType::kByte);
    out_.push_back(static_cast<char>(v));
  }
  void BinaryField(int16_t id, std::string_view v) {
    FieldHeader(id, ThriftType::kBinary);
    Binary(v);
  }
  // A struct-valued field: the header, then the caller writes fields and calls EndStruct.
  void StructField(int16_t id) {
    FieldHeader(id, ThriftType::kStruct);
    BeginStruct();
  }
  void ListField(int16_t id, ThriftType element_type, size_t size) {
    FieldHeader(id, ThriftType::kList);
    ListHeader(element_type, size);
  }

  void ListHeader(ThriftType element_type, size_t size);
  void Binary(std::string_view v);
  void I32(int32_t v) { Varint(ZigZag(v)); }
  void Varint(uint64_t v);
  static uint64_t ZigZag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  }

  std::string& buffer() { return out_; }

 private:
  std::string out_;
  std::vector<int16_t> last_field_ids_;
  int16_t last_field_id_ = 0;
};

}  // namespace sluice::parquet
