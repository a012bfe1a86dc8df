#include "quality/key_set.h"

#include <algorithm>
#include <cstring>

namespace sluice::quality {
namespace {

bool IsIntegerLike(TypeId type) {
  return type == TypeId::kBoolean || type == TypeId::kInteger || type == TypeId::kBigint ||
         type == TypeId::kDate || type == TypeId::kTimestamp;
}

int64_t ReadInt(const ColumnView& view, size_t row, TypeId type) {
  switch (type) {
    case TypeId::kBoolean: return view.Get<uint8_t>(row);
    case TypeId::kInteger:
    case TypeId::kDate: return view.Get<int32_t>(row);
    default: return view.Get<int64_t>(row);
  }
}

// Appends the key part of `row` to `out`; false when it is NULL.
bool EncodePart(const ColumnView& view, size_t row, TypeId type, std::string& out) {
  if (!view.IsValid(row)) return false;
  if (type == TypeId::kVarchar) {
    const StringRef& s = view.Get<StringRef>(row);
    uint32_t size = s.size;
    out.append(reinterpret_cast<const char*>(&size), sizeof(size));
    out.append(s.data, s.size);
  } else if (type == TypeId::kDouble) {
    double v = view.Get<double>(row);
    if (v == 0) v = 0;  // -0.0 and 0.0 are one key
    out.append(reinterpret_cast<const char*>(&v), sizeof(v));
  } else {
    int64_t v = ReadInt(view, row, type);
    out.append(reinterpret_cast<const char*>(&v), sizeof(v));
  }
  return true;
}

}  // namespace

KeySet::KeySet(const std::vector<DataChunk>& chunks, std::vector<TypeId> types)
    : types_(std::move(types)) {
  single_int_ = types_.size() == 1 && IsIntegerLike(types_[0]);
  std::string key;
  for (const DataChunk& chunk : chunks) {
    std::vector<ColumnView> views;
    for (size_t c = 0; c < types_.size(); c++) views.emplace_back(chunk, c);
    for (size_t i = 0; i < chunk.size(); i++) {
      if (single_int_) {
        if (views[0].IsValid(i)) ints_.push_back(ReadInt(views[0], i, types_[0]));
        continue;
      }
      key.clear();
      bool complete = true;
      for (size_t c = 0; c < types_.size() && complete; c++) {
        complete = EncodePart(views[c], i, types_[c], key);
      }
      if (complete) encoded_.insert(key);
    }
  }
  std::sort(ints_.begin(), ints_.end());
  ints_.erase(std::unique(ints_.begin(), ints_.end()), ints_.end());
}

uint64_t KeySet::Probe(const DataChunk& chunk, const std::vector<size_t>& columns, bool member,
                       uint8_t* out) const {
  std::vector<ColumnView> views;
  for (size_t c : columns) views.emplace_back(chunk, c);
  uint64_t hits = 0;
  const size_t n = chunk.size();
  if (single_int_) {
    const ColumnView& view = views[0];
    for (size_t i = 0; i < n; i++) {
      if (!view.IsValid(i)) continue;
      bool found = std::binary_search(ints_.begin(), ints_.end(), ReadInt(view, i, types_[0]));
      if (found == member) {
        out[i] = 1;
        hits++;
      }
    }
    return hits;
  }
  std::string key;
  for (size_t i = 0; i < n; i++) {
    key.clear();
    bool complete = true;
    for (size_t c = 0; c < views.size() && complete; c++) {
      complete = EncodePart(views[c], i, types_[c], key);
    }
    if (!complete) continue;
    if ((encoded_.count(key) > 0) == member) {
      out[i] = 1;
      hits++;
    }
  }
  return hits;
}

}  // namespace sluice::quality
