#include "exec/spill_codec.h"

#include <cstring>

#include "common/error.h"

namespace sluice {
namespace {

template <typename T>
void Put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
T Take(const std::string& in, size_t* offset) {
  if (*offset + sizeof(T) > in.size()) throw Error::Internal("spill block truncated");
  T value;
  std::memcpy(&value, in.data() + *offset, sizeof(T));
  *offset += sizeof(T);
  return value;
}

template <typename T>
void EncodeFixed(const ColumnView& view, const sel_t* rows, size_t count, std::string& out) {
  size_t at = out.size();
  out.resize(at + count * sizeof(T));
  char* dst = out.data() + at;
  for (size_t i = 0; i < count; i++) {
    T value = view.Get<T>(rows ? rows[i] : i);
    std::memcpy(dst + i * sizeof(T), &value, sizeof(T));
  }
}

}  // namespace

void EncodeChunk(const DataChunk& chunk, const sel_t* rows, size_t count, std::string& out) {
  Put<uint32_t>(out, static_cast<uint32_t>(count));
  Put<uint32_t>(out, static_cast<uint32_t>(chunk.column_count()));
  for (size_t c = 0; c < chunk.column_count(); c++) {
    ColumnView view(chunk, c);
    bool has_nulls = false;
    if (view.validity != nullptr) {
      for (size_t i = 0; i < count && !has_nulls; i++)
        has_nulls = !view.IsValid(rows ? rows[i] : i);
    }
    out.push_back(has_nulls ? 1 : 0);
    if (has_nulls) {
      for (size_t i = 0; i < count; i++) out.push_back(view.IsValid(rows ? rows[i] : i) ? 1 : 0);
    }
    TypeId type = chunk.column(c).type();
    switch (PhysicalSize(type)) {
      case 1: EncodeFixed<uint8_t>(view, rows, count, out); break;
      case 4: EncodeFixed<uint32_t>(view, rows, count, out); break;
      case 8: EncodeFixed<uint64_t>(view, rows, count, out); break;
      case 16: {
        size_t total = 0;
        for (size_t i = 0; i < count; i++) {
          uint32_t n = view.Get<StringRef>(rows ? rows[i] : i).size;
          Put<uint32_t>(out, n);
          total += n;
        }
        out.reserve(out.size() + total);
        for (size_t i = 0; i < count; i++) {
          StringRef s = view.Get<StringRef>(rows ? rows[i] : i);
          out.append(s.data, s.size);
        }
        break;
      }
      default: break;
    }
  }
}

void DecodeChunk(const std::shared_ptr<std::string>& buffer, size_t* offset,
                 const std::vector<TypeId>& types, DataChunk& out) {
  const std::string& in = *buffer;
  size_t count = Take<uint32_t>(in, offset);
  size_t columns = Take<uint32_t>(in, offset);
  if (columns != types.size())
    throw Error::Internal("spill block has {} columns, expected {}", columns, types.size());
  out.Initialize(types, std::max(count, kChunkCapacity));
  for (size_t c = 0; c < columns; c++) {
    Vector& v = out.column(c);
    bool has_nulls = Take<uint8_t>(in, offset) != 0;
    const char* validity = nullptr;
    if (has_nulls) {
      if (*offset + count > in.size()) throw Error::Internal("spill block truncated");
      validity = in.data() + *offset;
      *offset += count;
    }
    size_t width = PhysicalSize(types[c]);
    if (types[c] == TypeId::kVarchar) {
      if (*offset + count * 4 > in.size()) throw Error::Internal("spill block truncated");
      const char* lengths = in.data() + *offset;
      *offset += count * 4;
      StringRef* dst = v.data<StringRef>();
      for (size_t i = 0; i < count; i++) {
        uint32_t n;
        std::memcpy(&n, lengths + i * 4, 4);
        if (*offset + n > in.size()) throw Error::Internal("spill block truncated");
        dst[i] = StringRef(in.data() + *offset, n);
        *offset += n;
      }
      v.arena().Pin(std::shared_ptr<const void>(buffer));
    } else if (width > 0) {
      if (*offset + count * width > in.size()) throw Error::Internal("spill block truncated");
      std::memcpy(v.raw_data(), in.data() + *offset, count * width);
      *offset += count * width;
    }
    if (validity != nullptr) {
      for (size_t i = 0; i < count; i++) {
        if (validity[i] == 0) v.SetNull(i);
      }
    }
  }
  out.SetSize(count);
}

uint64_t ChunkMemoryBytes(const DataChunk& chunk) {
  uint64_t bytes = 0;
  for (size_t c = 0; c < chunk.column_count(); c++) {
    const Vector& v = chunk.column(c);
    bytes += static_cast<uint64_t>(v.capacity()) * PhysicalSize(v.type());
    if (v.type() == TypeId::kVarchar && v.shared_arena() != nullptr)
      bytes += v.shared_arena()->allocated_bytes();
  }
  return bytes;
}

}  // namespace sluice
