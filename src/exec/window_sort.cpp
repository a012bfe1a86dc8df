#include "exec/window_sort.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/error.h"
#include "common/thread_pool.h"

namespace sluice {

void WindowEntryBuffer::NewBlock() {
  if (!blocks_.empty()) {
    block_sizes_.push_back(used_);
    count_before_last_ += used_;
  }
  // Blocks grow from 64 to 1024 entries: small inputs stay small, large ones waste little.
  size_t entries = capacity_ == 0 ? 64 : std::min<size_t>(capacity_ * 2, 1024);
  blocks_.emplace_back(new uint64_t[entries * words_]);
  capacity_ = entries;
  used_ = 0;
}

void WindowEntryBuffer::Clear() {
  blocks_.clear();
  blocks_.shrink_to_fit();
  block_sizes_.clear();
  used_ = capacity_ = count_before_last_ = 0;
}

namespace {

constexpr size_t kMaxEncodedWords = 8;

size_t EncodedWidth(TypeId type) {
  switch (type) {
    case TypeId::kNull: return 0;
    case TypeId::kBoolean: return 1;
    case TypeId::kInteger:
    case TypeId::kDate: return 4;
    case TypeId::kBigint:
    case TypeId::kTimestamp:
    case TypeId::kDouble: return 8;
    case TypeId::kVarchar: return SIZE_MAX;
  }
  return SIZE_MAX;
}

void StoreBigEndian(uint8_t* out, uint64_t value, size_t width) {
  for (size_t b = 0; b < width; b++) out[b] = static_cast<uint8_t>(value >> (8 * (width - 1 - b)));
}

uint64_t LoadBigEndian(const uint8_t* in) {
  uint64_t w;
  std::memcpy(&w, in, 8);
  return __builtin_bswap64(w);
}

// The order-preserving unsigned form of one value (ascending).
uint64_t OrderedBits(const Vector& v, size_t index) {
  switch (v.type()) {
    case TypeId::kBoolean: return v.data<uint8_t>()[index] != 0 ? 1 : 0;
    case TypeId::kInteger:
    case TypeId::kDate: return static_cast<uint32_t>(v.data<int32_t>()[index]) ^ 0x80000000U;
    case TypeId::kBigint:
    case TypeId::kTimestamp:
      return static_cast<uint64_t>(v.data<int64_t>()[index]) ^ 0x8000000000000000ULL;
    case TypeId::kDouble: {
      double d = v.data<double>()[index];
      if (d == 0) d = 0;                    // -0.0 sorts and groups with 0.0
      if (std::isnan(d)) d = std::nan("");  // one NaN, after +infinity
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return (bits >> 63) != 0 ? ~bits : bits ^ 0x8000000000000000ULL;
    }
    default: return 0;
  }
}

void EncodeKey(const WindowKey& key, bool is_partition, const Vector& v, size_t n, size_t offset,
               size_t stride, uint8_t* bytes) {
  size_t width = EncodedWidth(key.type);
  uint8_t null_flag = is_partition ? 0 : (key.nulls_first ? 0 : 2);
  uint64_t invert = key.descending ? ~uint64_t{0} : 0;
  uint64_t mask = width == 8 ? ~uint64_t{0} : ((uint64_t{1} << (8 * width)) - 1);
  for (size_t i = 0; i < n; i++) {
    size_t index = v.is_constant() ? 0 : i;
    uint8_t* out = bytes + i * stride + offset;
    if (!v.IsValid(index)) {
      out[0] = null_flag;
      continue;
    }
    out[0] = 1;
    if (width > 0) StoreBigEndian(out + 1, (OrderedBits(v, index) ^ invert) & mask, width);
  }
}

}  // namespace

void PlanWindowEntries(WindowSpecGroup& group) {
  size_t bytes = 0;
  bool fixed = true;
  group.key_offsets.clear();
  auto add = [&](const WindowKey& key) {
    size_t width = EncodedWidth(key.type);
    if (width == SIZE_MAX) {
      fixed = false;
      return;
    }
    group.key_offsets.push_back(bytes);
    bytes += 1 + width;
  };
  for (const auto& k : group.partition) add(k);
  group.partition_bytes = bytes;
  for (const auto& k : group.order) add(k);
  size_t words = (bytes + 7) / 8;
  group.encoded = fixed && words <= kMaxEncodedWords;
  if (group.encoded) {
    group.key_bytes = bytes;
    group.key_words = words;
  } else {
    group.key_offsets.clear();
    group.partition_bytes = group.key_bytes = 0;
    group.key_words = 1;  // the partition hash
  }
}

void AppendWindowEntries(const WindowSpecGroup& group, const DataChunk& stored, uint32_t chunk_id,
                         size_t bucket_bits, WindowEncodeScratch& scratch,
                         std::vector<WindowEntryBuffer>& buckets) {
  size_t n = stored.size();
  auto bucket_of = [&](uint64_t hash) -> size_t {
    return bucket_bits == 0 ? 0 : static_cast<size_t>(hash >> (64 - bucket_bits));
  };
  if (!group.encoded) {
    scratch.hashes.assign(n, 0);
    if (!group.partition.empty()) {
      scratch.key_vectors.clear();
      for (const auto& k : group.partition) scratch.key_vectors.push_back(stored.column(k.column));
      scratch.normalized.Load(scratch.key_vectors, n);
      std::copy(scratch.normalized.hashes.begin(), scratch.normalized.hashes.end(),
                scratch.hashes.begin());
    }
    for (size_t i = 0; i < n; i++) {
      uint64_t* e = buckets[bucket_of(scratch.hashes[i])].Append();
      e[0] = scratch.hashes[i];
      e[1] = MakeRef(chunk_id, i);
    }
    return;
  }
  size_t words = group.key_words;
  size_t stride = words * 8;
  scratch.bytes.assign(n * stride, 0);
  uint8_t* bytes = scratch.bytes.data();
  size_t key_index = 0;
  for (const auto& k : group.partition) {
    EncodeKey(k, true, stored.column(k.column), n, group.key_offsets[key_index++], stride, bytes);
  }
  for (const auto& k : group.order) {
    EncodeKey(k, false, stored.column(k.column), n, group.key_offsets[key_index++], stride, bytes);
  }
  size_t full_words = group.partition_bytes / 8;
  size_t tail_bytes = group.partition_bytes % 8;
  uint64_t tail_mask = tail_bytes == 0 ? 0 : ~uint64_t{0} << (64 - 8 * tail_bytes);
  for (size_t i = 0; i < n; i++) {
    const uint8_t* row = bytes + i * stride;
    uint64_t hash = 0;
    if (group.partition_bytes > 0) {
      hash = 0x5bd1e9955bd1e995ULL;
      for (size_t w = 0; w < full_words; w++) hash = CombineHash(hash, LoadBigEndian(row + 8 * w));
      if (tail_bytes > 0) hash = CombineHash(hash, LoadBigEndian(row + 8 * full_words) & tail_mask);
    }
    uint64_t* e = buckets[bucket_of(hash)].Append();
    for (size_t w = 0; w < words; w++) e[w] = LoadBigEndian(row + 8 * w);
    e[words] = MakeRef(chunk_id, i);
  }
}

namespace {

template <size_t W>
struct Entry {
  uint64_t w[W];
};

template <size_t W>
bool EntryLess(const Entry<W>& a, const Entry<W>& b) {
  for (size_t k = 0; k < W; k++) {
    if (a.w[k] != b.w[k]) return a.w[k] < b.w[k];
  }
  return false;
}

template <typename T>
int Compare3(T x, T y) {
  return (x > y) - (x < y);
}

// Compares two stored values of one key; NULLs equal each other.
int CompareKey(const WindowRows& rows, const WindowKey& key, uint64_t a, uint64_t b) {
  const Vector& va = rows.Column(a, key.column);
  const Vector& vb = rows.Column(b, key.column);
  size_t ia = WindowRows::Index(va, a), ib = WindowRows::Index(vb, b);
  bool na = !va.IsValid(ia), nb = !vb.IsValid(ib);
  if (na || nb) {
    if (na && nb) return 0;
    return (na == key.nulls_first) ? -1 : 1;
  }
  int c = 0;
  switch (key.type) {
    case TypeId::kBoolean: c = Compare3(va.data<uint8_t>()[ia], vb.data<uint8_t>()[ib]); break;
    case TypeId::kInteger:
    case TypeId::kDate: c = Compare3(va.data<int32_t>()[ia], vb.data<int32_t>()[ib]); break;
    case TypeId::kBigint:
    case TypeId::kTimestamp: c = Compare3(va.data<int64_t>()[ia], vb.data<int64_t>()[ib]); break;
    case TypeId::kDouble: {
      double x = va.data<double>()[ia], y = vb.data<double>()[ib];
      bool nx = std::isnan(x), ny = std::isnan(y);
      c = (nx || ny) ? Compare3(nx, ny) : Compare3(x, y);
      break;
    }
    case TypeId::kVarchar: {
      int r = va.data<StringRef>()[ia].view().compare(vb.data<StringRef>()[ib].view());
      c = Compare3(r, 0);
      break;
    }
    case TypeId::kNull: break;
  }
  return key.descending ? -c : c;
}

template <typename T, typename Less>
void SortMaybeParallel(std::vector<T>& v, const Less& less, ThreadPool* pool) {
  size_t n = v.size();
  size_t slices = pool == nullptr ? 1 : std::min<size_t>(pool->size() * 2, n / 65536);
  if (slices <= 1) {
    std::sort(v.begin(), v.end(), less);
    return;
  }
  std::vector<size_t> bounds;
  for (size_t s = 0; s <= slices; s++) bounds.push_back(n * s / slices);
  pool->ParallelFor(slices, [&](size_t s, size_t) {
    std::sort(v.begin() + static_cast<ptrdiff_t>(bounds[s]),
              v.begin() + static_cast<ptrdiff_t>(bounds[s + 1]), less);
  });
  for (size_t width = 1; width < slices; width *= 2) {
    size_t pairs = (slices + 2 * width - 1) / (2 * width);
    pool->ParallelFor(pairs, [&](size_t p, size_t) {
      size_t s = p * 2 * width;
      if (s + width >= slices) return;
      size_t end = bounds[std::min(slices, s + 2 * width)];
      std::inplace_merge(v.begin() + static_cast<ptrdiff_t>(bounds[s]),
                         v.begin() + static_cast<ptrdiff_t>(bounds[s + width]),
                         v.begin() + static_cast<ptrdiff_t>(end), less);
    });
  }
}

template <size_t W>
std::vector<Entry<W>> Gather(const std::vector<WindowEntryBuffer*>& parts,
                             const std::vector<uint32_t>& chunk_rank) {
  size_t total = 0;
  for (const auto* p : parts) total += p->count();
  std::vector<Entry<W>> entries(total);
  size_t at = 0;
  for (auto* p : parts) {
    p->ForEachBlock([&](const uint64_t* block, size_t count) {
      std::memcpy(static_cast<void*>(entries.data() + at), block, count * W * sizeof(uint64_t));
      for (size_t i = 0; i < count; i++) {
        uint64_t& ref = entries[at + i].w[W - 1];
        ref = MakeRef(chunk_rank[RefChunk(ref)], RefRow(ref));
      }
      at += count;
    });
    p->Clear();
  }
  return entries;
}

template <size_t W>
class EncodedRowsBuilder {
 public:
  EncodedRowsBuilder(const WindowSpecGroup& group, size_t n) {
    full_words_ = group.partition_bytes / 8;
    tail_bytes_ = group.partition_bytes % 8;
    tail_mask_ = tail_bytes_ == 0 ? 0 : ~uint64_t{0} << (64 - 8 * tail_bytes_);
    out_.refs.reserve(n);
    out_.partition_start.reserve(n);
    out_.peer_start.reserve(n);
  }
  // Appends `e`, which follows `previous` in window order (nullptr: starts a partition).
  void Add(const Entry<W>& e, const Entry<W>* previous) {
    out_.refs.push_back(e.w[W - 1]);
    if (previous == nullptr) {
      out_.partition_start.push_back(1);
      out_.peer_start.push_back(1);
      return;
    }
    const uint64_t* a = previous->w;
    const uint64_t* b = e.w;
    bool same_partition = true;
    for (size_t w = 0; w < full_words_ && same_partition; w++) same_partition = a[w] == b[w];
    if (same_partition && tail_bytes_ > 0) {
      same_partition = ((a[full_words_] ^ b[full_words_]) & tail_mask_) == 0;
    }
    bool same_keys = same_partition;
    for (size_t w = 0; w + 1 < W && same_keys; w++) same_keys = a[w] == b[w];
    out_.partition_start.push_back(same_partition ? 0 : 1);
    out_.peer_start.push_back(same_keys ? 0 : 1);
  }
  WindowSortedRows Take() { return std::move(out_); }

 private:
  size_t full_words_, tail_bytes_;
  uint64_t tail_mask_;
  WindowSortedRows out_;
};

template <size_t W>
WindowSortedRows SortEncoded(const WindowSpecGroup& group,
                             const std::vector<WindowEntryBuffer*>& parts,
                             const std::vector<uint32_t>& chunk_rank, ThreadPool* pool) {
  std::vector<Entry<W>> entries = Gather<W>(parts, chunk_rank);
  size_t n = entries.size();
  EncodedRowsBuilder<W> builder(group, n);
  SortMaybeParallel(entries, EntryLess<W>, pool);
  for (size_t i = 0; i < n; i++) builder.Add(entries[i], i == 0 ? nullptr : &entries[i - 1]);
  return builder.Take();
}

WindowSortedRows SortByColumns(const WindowSpecGroup& group, const WindowRows& rows,
                               const std::vector<WindowEntryBuffer*>& parts,
                               const std::vector<uint32_t>& chunk_rank, ThreadPool* pool) {
  std::vector<Entry<2>> entries = Gather<2>(parts, chunk_rank);
  auto same_partition = [&](const Entry<2>& a, const Entry<2>& b) {
    if (a.w[0] != b.w[0]) return false;
    for (const auto& k : group.partition) {
      if (CompareKey(rows, k, a.w[1], b.w[1]) != 0) return false;
    }
    return true;
  };
  auto less = [&](const Entry<2>& a, const Entry<2>& b) {
    if (a.w[0] != b.w[0]) return a.w[0] < b.w[0];
    for (const auto& k : group.partition) {
      int c = CompareKey(rows, k, a.w[1], b.w[1]);
      if (c != 0) return c < 0;
    }
    for (const auto& k : group.order) {
      int c = CompareKey(rows, k, a.w[1], b.w[1]);
      if (c != 0) return c < 0;
    }
    return a.w[1] < b.w[1];
  };
  SortMaybeParallel(entries, less, pool);
  size_t n = entries.size();
  WindowSortedRows out;
  out.refs.resize(n);
  out.partition_start.resize(n);
  out.peer_start.resize(n);
  for (size_t i = 0; i < n; i++) {
    out.refs[i] = entries[i].w[1];
    bool new_partition = i == 0 || !same_partition(entries[i - 1], entries[i]);
    bool new_peer = new_partition;
    for (size_t k = 0; k < group.order.size() && !new_peer; k++) {
      new_peer = CompareKey(rows, group.order[k], entries[i - 1].w[1], entries[i].w[1]) != 0;
    }
    out.partition_start[i] = new_partition ? 1 : 0;
    out.peer_start[i] = new_peer ? 1 : 0;
  }
  return out;
}

}  // namespace

WindowSortedRows SortWindowBucket(const WindowSpecGroup& group, const WindowRows& rows,
                                  const std::vector<WindowEntryBuffer*>& parts,
                                  const std::vector<uint32_t>& chunk_rank, ThreadPool* pool) {
  if (!group.encoded) return SortByColumns(group, rows, parts, chunk_rank, pool);
  switch (group.entry_words()) {
    case 1: return SortEncoded<1>(group, parts, chunk_rank, pool);
    case 2: return SortEncoded<2>(group, parts, chunk_rank, pool);
    case 3: return SortEncoded<3>(group, parts, chunk_rank, pool);
    case 4: return SortEncoded<4>(group, parts, chunk_rank, pool);
    case 5: return SortEncoded<5>(group, parts, chunk_rank, pool);
    case 6: return SortEncoded<6>(group, parts, chunk_rank, pool);
    case 7: return SortEncoded<7>(group, parts, chunk_rank, pool);
    case 8: return SortEncoded<8>(group, parts, chunk_rank, pool);
    case 9: return SortEncoded<9>(group, parts, chunk_rank, pool);
    default: throw Error::Internal("window sort: unexpected entry width {}", group.entry_words());
  }
}

}  // namespace sluice
