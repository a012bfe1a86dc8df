#include "quality/key_set.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <functional>
#include <unordered_map>

namespace sluice::quality {
namespace {

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

// Calls fn(value) for every non-NULL value of `column`.
template <typename Fn>
void ForEachInteger(const ChunkCollection& data, size_t column, TypeId type, Fn&& fn) {
  for (size_t c = 0; c < data.chunk_count(); c++) {
    const DataChunk& chunk = data.chunk(c);
    ColumnView view(chunk, column);
    const size_t n = chunk.size();
    if (view.validity == nullptr && !view.constant && view.sel == nullptr &&
        (type == TypeId::kBigint || type == TypeId::kTimestamp)) {
      const auto* values = reinterpret_cast<const int64_t*>(view.data);
      for (size_t i = 0; i < n; i++) fn(values[i]);
      continue;
    }
    for (size_t i = 0; i < n; i++) {
      if (view.IsValid(i)) fn(ReadInt(view, i, type));
    }
  }
}

}  // namespace

bool KeySet::IsIntegerLike(TypeId type) {
  return type == TypeId::kBoolean || type == TypeId::kInteger || type == TypeId::kBigint ||
         type == TypeId::kDate || type == TypeId::kTimestamp;
}

KeySet KeySet::Integers(std::vector<int64_t> keys, TypeId type) {
  KeySet set;
  set.single_int_ = true;
  set.types_ = {type};
  set.ints_ = std::move(keys);
  std::sort(set.ints_.begin(), set.ints_.end());
  set.ints_.erase(std::unique(set.ints_.begin(), set.ints_.end()), set.ints_.end());
  return set;
}

std::vector<int64_t> DuplicateIntegers(const ChunkCollection& data, size_t column, TypeId type) {
  int64_t min = INT64_MAX;
  int64_t max = INT64_MIN;
  uint64_t count = 0;
  ForEachInteger(data, column, type, [&](int64_t v) {
    min = std::min(min, v);
    max = std::max(max, v);
    count++;
  });
  std::vector<int64_t> duplicates;
  if (count < 2) return duplicates;
  // Bits over [min, max] when that takes at most ~8 bits per key (or 8 MB).
  const auto range = static_cast<uint64_t>(max) - static_cast<uint64_t>(min);
  if (range < std::max<uint64_t>(count * 8, uint64_t{1} << 26)) {
    std::vector<uint64_t> seen(range / 64 + 1, 0);
    ForEachInteger(data, column, type, [&](int64_t v) {
      uint64_t i = static_cast<uint64_t>(v) - static_cast<uint64_t>(min);
      uint64_t bit = uint64_t{1} << (i & 63);
      if (seen[i >> 6] & bit) duplicates.push_back(v);
      seen[i >> 6] |= bit;
    });
  } else {
    std::vector<int64_t> keys;
    keys.reserve(count);
    ForEachInteger(data, column, type, [&](int64_t v) { keys.push_back(v); });
    std::sort(keys.begin(), keys.end());
    for (size_t i = 1; i < keys.size(); i++) {
      if (keys[i] == keys[i - 1]) duplicates.push_back(keys[i]);
    }
  }
  std::sort(duplicates.begin(), duplicates.end());
  duplicates.erase(std::unique(duplicates.begin(), duplicates.end()), duplicates.end());
  return duplicates;
}

uint64_t FlagDuplicateKeys(const ChunkCollection& data, const std::vector<size_t>& columns,
                           const std::vector<TypeId>& types, std::vector<uint8_t>& out) {
  out.assign(data.row_count(), 0);
  // Calls fn(row, key) for each row with a complete key.
  auto for_each_key = [&](auto&& fn) {
    std::string key;
    uint64_t row = 0;
    for (size_t c = 0; c < data.chunk_count(); c++) {
      const DataChunk& chunk = data.chunk(c);
      std::vector<ColumnView> views;
      for (size_t column : columns) views.emplace_back(chunk, column);
      for (size_t i = 0; i < chunk.size(); i++, row++) {
        key.clear();
        bool complete = true;
        for (size_t k = 0; k < views.size() && complete; k++) {
          complete = EncodePart(views[k], i, types[k], key);
        }
        if (complete) fn(row, key);
      }
    }
  };
  constexpr uint64_t kNoKey = 0;
  std::vector<uint64_t> hashes(out.size(), kNoKey);
  std::hash<std::string_view> hash;
  for_each_key([&](uint64_t row, const std::string& key) {
    uint64_t h = hash(key);
    hashes[row] = h == kNoKey ? 1 : h;
  });
  std::vector<uint64_t> sorted;
  sorted.reserve(hashes.size());
  for (uint64_t h : hashes) {
    if (h != kNoKey) sorted.push_back(h);
  }
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint64_t> repeated;
  for (size_t i = 1; i < sorted.size(); i++) {
    if (sorted[i] == sorted[i - 1] && (repeated.empty() || repeated.back() != sorted[i])) {
      repeated.push_back(sorted[i]);
    }
  }
  sorted = {};
  if (repeated.empty()) return 0;
  // Exact comparison among the rows whose hash repeats.
  std::unordered_map<std::string, std::vector<uint64_t>> rows_by_key;
  for_each_key([&](uint64_t row, const std::string& key) {
    if (std::binary_search(repeated.begin(), repeated.end(), hashes[row])) {
      rows_by_key[key].push_back(row);
    }
  });
  uint64_t flagged = 0;
  for (const auto& [key, rows] : rows_by_key) {
    if (rows.size() < 2) continue;
    for (uint64_t row : rows) out[row] = 1;
    flagged += rows.size();
  }
  return flagged;
}

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
