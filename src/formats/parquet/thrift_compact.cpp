#include "formats/parquet/thrift_compact.h"

#include <cstring>

#include "common/error.h"

namespace sluice::parquet {
namespace {
constexpr int kMaxDepth = 32;
int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}
}  // namespace

void ThriftCompactReader::Fail(const std::string& what) const {
  throw Error::UserInput("corrupt thrift: {} at byte {} of {}", what, pos_, size_);
}

uint8_t ThriftCompactReader::ReadRawByte() {
  if (pos_ >= size_) Fail("unexpected end of data");
  return data_[pos_++];
}

uint64_t ThriftCompactReader::ReadVarint() {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    uint8_t b = ReadRawByte();
    result |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return result;
  }
  Fail("varint too long");
}

void ThriftCompactReader::BeginStruct() {
  if (last_field_ids_.size() >= kMaxDepth) Fail("nesting too deep");
  last_field_ids_.push_back(last_field_id_);
  last_field_id_ = 0;
}

bool ThriftCompactReader::NextField(int16_t* id, ThriftType* type) {
  uint8_t header = ReadRawByte();
  if (header == 0) {
    if (last_field_ids_.empty()) Fail("unbalanced struct end");
    last_field_id_ = last_field_ids_.back();
    last_field_ids_.pop_back();
    return false;
  }
  uint8_t t = header & 0x0F;
  if (t > static_cast<uint8_t>(ThriftType::kStruct)) Fail("bad field type " + std::to_string(t));
  *type = static_cast<ThriftType>(t);
  uint8_t delta = header >> 4;
  if (delta != 0) {
    *id = static_cast<int16_t>(last_field_id_ + delta);
  } else {
    *id = static_cast<int16_t>(UnZigZag(ReadVarint()));
  }
  last_field_id_ = *id;
  return true;
}

bool ThriftCompactReader::ReadBool(ThriftType field_type) {
  if (field_type == ThriftType::kTrue) return true;
  if (field_type == ThriftType::kFalse) return false;
  return ReadRawByte() == 1;
}

int8_t ThriftCompactReader::ReadByte() {
  return static_cast<int8_t>(ReadRawByte());
}

int32_t ThriftCompactReader::ReadI32() {
  int64_t v = UnZigZag(ReadVarint());
  if (v < INT32_MIN || v > INT32_MAX) Fail("i32 out of range");
  return static_cast<int32_t>(v);
}

int64_t ThriftCompactReader::ReadI64() {
  return UnZigZag(ReadVarint());
}

double ThriftCompactReader::ReadDouble() {
  if (size_ - pos_ < 8) Fail("unexpected end of data in double");
  double d;
  std::memcpy(&d, data_ + pos_, 8);
  pos_ += 8;
  return d;
}

std::string ThriftCompactReader::ReadBinary() {
  uint64_t n = ReadVarint();
  if (n > size_ - pos_) Fail("string length " + std::to_string(n) + " past the end");
  std::string s(reinterpret_cast<const char*>(data_ + pos_), n);
  pos_ += n;
  return s;
}

uint32_t ThriftCompactReader::ReadListHeader(ThriftType* element_type) {
  uint8_t header = ReadRawByte();
  uint64_t n = header >> 4;
  if (n == 15) n = ReadVarint();
  uint8_t t = header & 0x0F;
  if (t > static_cast<uint8_t>(ThriftType::kStruct)) Fail("bad list element type");
  *element_type = static_cast<ThriftType>(t);
  // Every element takes at least one byte: a bound that rejects absurd sizes early.
  if (n > size_ - pos_) Fail("list size " + std::to_string(n) + " past the end");
  return static_cast<uint32_t>(n);
}

void ThriftCompactReader::Skip(ThriftType type) {
  SkipValue(type, 0);
}

void ThriftCompactReader::SkipValue(ThriftType type, int depth) {
  if (depth > kMaxDepth) Fail("nesting too deep");
  switch (type) {
    case ThriftType::kTrue:
    case ThriftType::kFalse: return;
    case ThriftType::kByte: ReadRawByte(); return;
    case ThriftType::kI16:
    case ThriftType::kI32:
    case ThriftType::kI64: ReadVarint(); return;
    case ThriftType::kDouble: ReadDouble(); return;
    case ThriftType::kBinary: {
      uint64_t n = ReadVarint();
      if (n > size_ - pos_) Fail("string length past the end");
      pos_ += n;
      return;
    }
    case ThriftType::kList:
    case ThriftType::kSet: {
      ThriftType element;
      uint32_t n = ReadListHeader(&element);
      for (uint32_t i = 0; i < n; i++) {
        if (element == ThriftType::kTrue || element == ThriftType::kFalse) {
          ReadRawByte();
        } else {
          SkipValue(element, depth + 1);
        }
      }
      return;
    }
    case ThriftType::kMap: {
      uint64_t n = ReadVarint();
      if (n > size_ - pos_) Fail("map size past the end");
      if (n == 0) return;
      uint8_t kv = ReadRawByte();
      auto key = static_cast<ThriftType>(kv >> 4);
      auto value = static_cast<ThriftType>(kv & 0x0F);
      if ((kv >> 4) > 12 || (kv & 0x0F) > 12) Fail("bad map types");
      for (uint64_t i = 0; i < n; i++) {
        SkipValue(key == ThriftType::kTrue || key == ThriftType::kFalse ? ThriftType::kByte : key,
                  depth + 1);
        SkipValue(
            value == ThriftType::kTrue || value == ThriftType::kFalse ? ThriftType::kByte : value,
            depth + 1);
      }
      return;
    }
    case ThriftType::kStruct: {
      BeginStruct();
      int16_t id;
      ThriftType t;
      while (NextField(&id, &t)) SkipValue(t, depth + 1);
      return;
    }
    case ThriftType::kStop: Fail("unexpected STOP");
  }
  Fail("unknown type");
}

void ThriftCompactWriter::BeginStruct() {
  last_field_ids_.push_back(last_field_id_);
  last_field_id_ = 0;
}

void ThriftCompactWriter::EndStruct() {
  out_.push_back(0);
  last_field_id_ = last_field_ids_.back();
  last_field_ids_.pop_back();
}

void ThriftCompactWriter::FieldHeader(int16_t id, ThriftType type) {
  int delta = id - last_field_id_;
  if (delta > 0 && delta <= 15) {
    out_.push_back(static_cast<char>((delta << 4) | static_cast<uint8_t>(type)));
  } else {
    out_.push_back(static_cast<char>(type));
    Varint(ZigZag(id));
  }
  last_field_id_ = id;
}

void ThriftCompactWriter::ListHeader(ThriftType element_type, size_t size) {
  if (size < 15) {
    out_.push_back(static_cast<char>((size << 4) | static_cast<uint8_t>(element_type)));
  } else {
    out_.push_back(static_cast<char>(0xF0 | static_cast<uint8_t>(element_type)));
    Varint(size);
  }
}

void ThriftCompactWriter::Binary(std::string_view v) {
  Varint(v.size());
  out_.append(v.data(), v.size());
}

void ThriftCompactWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

}  // namespace sluice::parquet
