#include "vector/data_chunk.h"

#include <cstring>

#include "common/error.h"

namespace sluice {

void DataChunk::Initialize(const std::vector<TypeId>& types, size_t capacity) {
  columns_.resize(types.size());
  for (size_t i = 0; i < types.size(); i++) columns_[i].Initialize(types[i], capacity);
  size_ = 0;
  has_sel_ = false;
}

void DataChunk::Reset() {
  for (auto& c : columns_) c.Initialize();
  size_ = 0;
  has_sel_ = false;
}

std::vector<TypeId> DataChunk::types() const {
  std::vector<TypeId> out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.push_back(c.type());
  return out;
}

void DataChunk::Select(const sel_t* selected, size_t count) {
  if (has_sel_) {
    // Compose: new logical row i -> old logical row selected[i] -> physical sel_[...].
    // selected[i] >= i, so composing in place front to back is safe.
    for (size_t i = 0; i < count; i++) sel_[i] = sel_[selected[i]];
  } else {
    sel_.resize(capacity());
    if (sel_.size() < count) sel_.resize(count);
    std::memcpy(sel_.data(), selected, count * sizeof(sel_t));
    has_sel_ = true;
  }
  size_ = count;
}

void DataChunk::Reference(const DataChunk& other) {
  columns_.resize(other.columns_.size());
  for (size_t i = 0; i < columns_.size(); i++) columns_[i].Reference(other.columns_[i]);
  size_ = other.size_;
  has_sel_ = other.has_sel_;
  if (has_sel_) sel_.assign(other.sel_.begin(), other.sel_.begin() + size_);
}

namespace {

template <typename T>
void GatherFixed(const ColumnView& view, size_t count, T* out) {
  const T* in = reinterpret_cast<const T*>(view.data);
  if (view.constant) {
    for (size_t i = 0; i < count; i++) out[i] = in[0];
  } else if (view.sel != nullptr) {
    for (size_t i = 0; i < count; i++) out[i] = in[view.sel[i]];
  } else {
    std::memcpy(out, in, count * sizeof(T));
  }
}

template <typename T>
void CopyFixed(const ColumnView& view, size_t source_offset, size_t count, T* out) {
  const T* in = reinterpret_cast<const T*>(view.data);
  if (view.constant) {
    for (size_t i = 0; i < count; i++) out[i] = in[0];
  } else if (view.sel == nullptr) {
    std::memcpy(out, in + source_offset, count * sizeof(T));
  } else {
    for (size_t i = 0; i < count; i++) out[i] = in[view.sel[source_offset + i]];
  }
}

// Copies `count` logical rows of `view` into the flat writable vector `out` at `offset`.
void CopyRows(const Vector& source, const ColumnView& view, size_t source_offset, size_t count,
              Vector& out, size_t offset) {
  switch (PhysicalSize(source.type())) {
    case 1: CopyFixed(view, source_offset, count, out.data<uint8_t>() + offset); break;
    case 4: CopyFixed(view, source_offset, count, out.data<uint32_t>() + offset); break;
    case 8: CopyFixed(view, source_offset, count, out.data<uint64_t>() + offset); break;
    case 16: {
      // Strings are copied into this vector's arena with one allocation per call.
      StringRef* dst = out.data<StringRef>() + offset;
      CopyFixed(view, source_offset, count, dst);
      size_t bytes = 0;
      for (size_t i = 0; i < count; i++) bytes += dst[i].size;
      char* buffer = bytes > 0 ? out.arena().Allocate(bytes) : nullptr;
      for (size_t i = 0; i < count; i++) {
        if (dst[i].size == 0) continue;
        std::memcpy(buffer, dst[i].data, dst[i].size);
        dst[i].data = buffer;
        buffer += dst[i].size;
      }
      break;
    }
    default: break;
  }
  if (view.validity != nullptr) {
    for (size_t i = 0; i < count; i++) {
      if (view.IsValid(source_offset + i)) {
        out.SetValid(offset + i);
      } else {
        out.SetNull(offset + i);
      }
    }
  } else if (!out.AllValid()) {
    for (size_t i = 0; i < count; i++) out.SetValid(offset + i);
  }
}

}  // namespace

void DataChunk::Flatten() {
  bool needed = has_sel_;
  for (const auto& c : columns_) needed = needed || c.is_constant();
  if (!needed) return;
  for (auto& col : columns_) {
    if (!has_sel_ && !col.is_constant()) continue;
    ColumnView view(col, sel());
    Vector flat(col.type(), std::max<size_t>(size_, kChunkCapacity));
    switch (PhysicalSize(col.type())) {
      case 0: break;
      case 1: GatherFixed(view, size_, flat.data<uint8_t>()); break;
      case 4: GatherFixed(view, size_, flat.data<uint32_t>()); break;
      case 8: GatherFixed(view, size_, flat.data<uint64_t>()); break;
      case 16: GatherFixed(view, size_, flat.data<StringRef>()); break;
      default: SLUICE_ASSERT(false);
    }
    if (view.validity != nullptr) {
      for (size_t i = 0; i < size_; i++) {
        if (!view.IsValid(i)) flat.SetNull(i);
      }
    }
    if (col.type() == TypeId::kVarchar && col.shared_arena() != nullptr) {
      flat.arena().Pin(col.shared_arena());  // strings still point into the old arena
    }
    col = std::move(flat);
  }
  has_sel_ = false;
}

void DataChunk::Append(const DataChunk& other, size_t offset, size_t count) {
  SLUICE_ASSERT(other.column_count() == column_count());
  SLUICE_ASSERT(size_ + count <= capacity());
  for (size_t c = 0; c < columns_.size(); c++) {
    ColumnView view(other, c);
    CopyRows(other.column(c), view, offset, count, columns_[c], size_);
  }
  size_ += count;
}

std::string DataChunk::ToString() const {
  std::string out;
  for (size_t r = 0; r < size_; r++) {
    for (size_t c = 0; c < columns_.size(); c++) {
      if (c > 0) out += '|';
      const Vector& v = columns_[c];
      out += v.GetValue(v.is_constant() ? 0 : RowIndex(r)).ToString();
    }
    out += '\n';
  }
  return out;
}

}  // namespace sluice
