#include "exec/order.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <type_traits>

#include "common/thread_pool.h"
#include "exec/chunk_collection.h"
#include "exec/memory_tracker.h"
#include "exec/sorted_run_merger.h"
#include "exec/spill_codec.h"
#include "expr/expression_executor.h"

namespace sluice {
namespace {

struct RowRef {
  uint32_t chunk;
  uint32_t row;
};

using Batches = std::vector<std::pair<uint64_t, DataChunk>>;

struct OrderLocal final : LocalSinkState {
  ExpressionExecutor executor;
  // Input order: chunks are appended per batch; sort runs by batch for stability.
  Batches batches;
  MemoryReservation reservation;  // what `batches` holds
};

struct OrderGlobal final : GlobalSinkState {
  std::mutex mutex;
  Batches batches;
  MemoryReservation reservation;  // what `batches` and then `rows` hold
  ChunkCollection rows;           // all rows, input order
  std::vector<RowRef> order;      // sorted
  // After spilling: the sorted runs (numbered in the order they were written), their
  // file, and the merge that the source reads from.
  std::shared_ptr<SpillFile> file;
  std::vector<SortedRun> runs;
  std::unique_ptr<SortedRunMerger> merger;
  std::shared_ptr<MemoryTracker> tracker;
};

// A batch of sorted-run rows is worth writing only past this size (smaller runs would
// make the merge wide and slow when another operator holds most of the budget).
uint64_t MinimumRunBytes(const ExecutionContext& context) {
  uint64_t threads = context.pool ? context.pool->size() : 1;
  uint64_t limit = context.memory_limit_bytes;
  return std::max<uint64_t>(std::min<uint64_t>(uint64_t{64} << 10, limit), limit / (8 * threads));
}

}  // namespace

PhysicalOrder::PhysicalOrder(std::vector<TypeId> types, std::vector<SortKey> keys)
    : PhysicalOperator(PhysicalOperatorKind::kOrder, std::move(types)), keys_(std::move(keys)) {}

std::unique_ptr<GlobalSinkState> PhysicalOrder::InitGlobalSink(ExecutionContext& context) const {
  auto g = std::make_unique<OrderGlobal>();
  g->tracker = context.memory_tracker();
  g->reservation = MemoryReservation(g->tracker);
  return g;
}

std::unique_ptr<LocalSinkState> PhysicalOrder::InitLocalSink(ExecutionContext&,
                                                             GlobalSinkState& global) const {
  auto& g = static_cast<OrderGlobal&>(global);
  auto l = std::make_unique<OrderLocal>();
  l->reservation = MemoryReservation(g.tracker);
  for (const auto& k : keys_) l->executor.AddExpression(k.expression.get());
  return l;
}

void PhysicalOrder::Sink(ExecutionContext& context, DataChunk& input, GlobalSinkState& global,
                         LocalSinkState& local) const {
  auto& l = static_cast<OrderLocal&>(local);
  // Owned flat copy: payload columns followed by the evaluated sort keys.
  std::vector<TypeId> all_types = types();
  for (const auto& k : keys_) all_types.push_back(k.expression->type);
  DataChunk keys;
  keys.columns().resize(keys_.size());
  for (size_t k = 0; k < keys_.size(); k++) l.executor.Execute(input, k, keys.column(k));
  keys.SetSize(input.size());
  DataChunk both;
  both.columns().resize(all_types.size());
  DataChunk payload;
  payload.Reference(input);
  payload.Flatten();
  for (size_t c = 0; c < types().size(); c++) both.column(c).Reference(payload.column(c));
  for (size_t k = 0; k < keys_.size(); k++)
    both.column(types().size() + k).Reference(keys.column(k));
  both.SetSize(input.size());
  DataChunk owned;
  owned.Initialize(all_types, std::max<size_t>(input.size(), 1));
  owned.Append(both, 0, input.size());
  l.reservation.Grow(ChunkMemoryBytes(owned));
  l.batches.emplace_back(l.batch_index, std::move(owned));
  if (l.reservation.IsOverLimit() && l.reservation.bytes() >= MinimumRunBytes(context)) {
    WriteRun(context, global, std::move(l.batches));
    l.batches.clear();
    l.reservation.Release();
  }
}

void PhysicalOrder::Combine(ExecutionContext&, GlobalSinkState& global,
                            LocalSinkState& local) const {
  auto& g = static_cast<OrderGlobal&>(global);
  auto& l = static_cast<OrderLocal&>(local);
  std::lock_guard<std::mutex> lock(g.mutex);
  for (auto& b : l.batches) g.batches.push_back(std::move(b));
  g.reservation.Grow(l.reservation.bytes());
  l.reservation.Release();
}

namespace {

// Order-preserving 64-bit encodings: comparing the words as unsigned integers gives the
// SQL order of the values.
uint64_t EncodeInt(int64_t v) {
  return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63);
}
uint64_t EncodeDouble(double d) {
  if (d != d) return UINT64_MAX;  // NaN sorts after every number
  if (d == 0) d = 0;
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return (bits & (uint64_t{1} << 63)) ? ~bits : bits | (uint64_t{1} << 63);
}
uint64_t EncodeStringPrefix(const StringRef& s) {
  uint64_t w = 0;
  for (size_t i = 0; i < 8; i++) {
    w = (w << 8) | (i < s.size ? static_cast<uint8_t>(s.data[i]) : 0);
  }
  return w;
}

// A row to sort: normalized key words, then its position in input order.
template <size_t kWords>
struct SortRecord {
  uint64_t words[kWords];
  uint32_t row;
};

}  // namespace

namespace {
struct OrderSource final : GlobalSourceState {
  std::atomic<size_t> next{0};
  size_t morsels = 0;
  size_t MaxThreads() const override { return morsels; }
};

// Gathers column `c` of the rows `refs` (sorted order) into `dst`. Strings are not copied:
// they stay in the materialized rows, which live as long as the operator (sinks copy).
template <typename T>
void GatherSorted(const ChunkCollection& rows, size_t c, const RowRef* refs, size_t n,
                  Vector& dst) {
  T* out = dst.data<T>();
  for (size_t i = 0; i < n; i++) {
    const Vector& src = rows.chunk(refs[i].chunk).column(c);
    out[i] = src.data<T>()[refs[i].row];
    if (!src.AllValid() && !src.IsValid(refs[i].row)) dst.SetNull(i);
  }
}
}  // namespace

namespace {

// Sorts the rows of `rows` (payload columns, then one column per key) into `order`,
// stably: equal keys keep the collection's order.
void SortRows(ExecutionContext& context, const std::vector<SortKey>& keys, size_t payload,
              const ChunkCollection& rows, std::vector<RowRef>& order) {
  std::vector<RowRef> refs;
  refs.reserve(rows.row_count());
  for (uint32_t c = 0; c < rows.chunk_count(); c++) {
    for (uint32_t r = 0; r < rows.chunk(c).size(); r++) refs.push_back(RowRef{c, r});
  }
  // Exact comparison of two rows on every key (the fallback for string prefixes).
  auto full_compare = [&](const RowRef& a, const RowRef& b) {
    const DataChunk& ca = rows.chunk(a.chunk);
    const DataChunk& cb = rows.chunk(b.chunk);
    for (size_t k = 0; k < keys.size(); k++) {
      const Vector& va = ca.column(payload + k);
      const Vector& vb = cb.column(payload + k);
      bool na = !va.IsValid(a.row), nb = !vb.IsValid(b.row);
      if (na || nb) {
        if (na && nb) continue;
        return (na ? keys[k].nulls_first : !keys[k].nulls_first) ? -1 : 1;
      }
      int c = CompareSortValues(va, a.row, vb, b.row, keys[k].expression->type);
      if (c != 0) return keys[k].descending ? -c : c;
    }
    return 0;
  };
  // Words per key: a null word when the key has NULLs, then the value word.
  struct KeyLayout {
    bool null_word;
    bool exact;
  };
  std::vector<KeyLayout> layout;
  size_t words = 0;
  bool all_exact = true;
  for (size_t k = 0; k < keys.size(); k++) {
    bool has_null = false;
    for (size_t c = 0; c < rows.chunk_count() && !has_null; c++) {
      has_null = !rows.chunk(c).column(payload + k).AllValid();
    }
    bool exact = keys[k].expression->type != TypeId::kVarchar;
    layout.push_back(KeyLayout{has_null, exact});
    words += has_null ? 2 : 1;
    all_exact = all_exact && exact;
  }
  size_t n = refs.size();
  auto encode = [&](uint32_t index, uint64_t* out) {
    const RowRef& ref = refs[index];
    const DataChunk& chunk = rows.chunk(ref.chunk);
    size_t w = 0;
    for (size_t k = 0; k < keys.size(); k++) {
      const Vector& v = chunk.column(payload + k);
      bool is_null = !v.IsValid(ref.row);
      bool desc = keys[k].descending;
      if (layout[k].null_word) {
        // NULLS FIRST: nulls get 0, others 1; NULLS LAST the reverse. Not inverted by DESC.
        bool first = keys[k].nulls_first;
        out[w++] = is_null == first ? 0 : 1;
      }
      uint64_t value = 0;
      if (!is_null) {
        switch (keys[k].expression->type) {
          case TypeId::kBoolean: value = v.data<uint8_t>()[ref.row]; break;
          case TypeId::kInteger:
          case TypeId::kDate: value = EncodeInt(v.data<int32_t>()[ref.row]); break;
          case TypeId::kBigint:
          case TypeId::kTimestamp: value = EncodeInt(v.data<int64_t>()[ref.row]); break;
          case TypeId::kDouble: value = EncodeDouble(v.data<double>()[ref.row]); break;
          case TypeId::kVarchar: value = EncodeStringPrefix(v.data<StringRef>()[ref.row]); break;
          default: break;
        }
        if (desc) value = ~value;
      }
      out[w++] = value;
    }
  };
  auto sort_records = [&](auto tag) {
    constexpr size_t kWords = decltype(tag)::value;
    using Record = SortRecord<kWords>;
    std::vector<Record> records(n);
    context.pool->ParallelFor((n + 65535) / 65536, [&](size_t part, size_t) {
      size_t end = std::min(n, (part + 1) * 65536);
      for (size_t i = part * 65536; i < end; i++) {
        uint64_t tmp[16] = {};
        encode(static_cast<uint32_t>(i), tmp);
        for (size_t w = 0; w < kWords; w++) records[i].words[w] = tmp[w];
        records[i].row = static_cast<uint32_t>(i);
      }
    });
    auto less = [&](const Record& a, const Record& b) {
      for (size_t w = 0; w < kWords; w++) {
        if (a.words[w] != b.words[w]) return a.words[w] < b.words[w];
      }
      if (!all_exact) {
        int c = full_compare(refs[a.row], refs[b.row]);
        if (c != 0) return c < 0;
      }
      return a.row < b.row;  // stable: input order among equal keys
    };
    size_t slices = std::min<size_t>(context.pool->size(), std::max<size_t>(1, n / 65536));
    std::vector<size_t> bounds;
    for (size_t s = 0; s <= slices; s++) bounds.push_back(n * s / slices);
    context.pool->ParallelFor(slices, [&](size_t s, size_t) {
      std::sort(records.begin() + static_cast<long>(bounds[s]),
                records.begin() + static_cast<long>(bounds[s + 1]), less);
    });
    for (size_t width = 1; width < slices; width *= 2) {
      for (size_t s = 0; s + width < slices; s += 2 * width) {
        size_t end = bounds[std::min(slices, s + 2 * width)];
        std::inplace_merge(records.begin() + static_cast<long>(bounds[s]),
                           records.begin() + static_cast<long>(bounds[s + width]),
                           records.begin() + static_cast<long>(end), less);
      }
    }
    order.resize(n);
    for (size_t i = 0; i < n; i++) order[i] = refs[records[i].row];
  };
  switch (words) {
    case 1: sort_records(std::integral_constant<size_t, 1>()); break;
    case 2: sort_records(std::integral_constant<size_t, 2>()); break;
    case 3: sort_records(std::integral_constant<size_t, 3>()); break;
    case 4: sort_records(std::integral_constant<size_t, 4>()); break;
    case 5:
    case 6: sort_records(std::integral_constant<size_t, 6>()); break;
    case 7:
    case 8: sort_records(std::integral_constant<size_t, 8>()); break;
    default: {
      // Many keys: sort references with the exact comparator.
      std::vector<uint32_t> index(n);
      for (uint32_t i = 0; i < n; i++) index[i] = i;
      std::stable_sort(index.begin(), index.end(),
                       [&](uint32_t a, uint32_t b) { return full_compare(refs[a], refs[b]) < 0; });
      order.resize(n);
      for (size_t i = 0; i < n; i++) order[i] = refs[index[i]];
      break;
    }
  }
}

}  // namespace

std::vector<TypeId> PhysicalOrder::RunTypes() const {
  std::vector<TypeId> run_types = types();
  for (const auto& k : keys_) run_types.push_back(k.expression->type);
  run_types.push_back(TypeId::kBigint);  // batch index
  return run_types;
}

void PhysicalOrder::WriteRun(ExecutionContext& context, GlobalSinkState& global,
                             std::vector<std::pair<uint64_t, DataChunk>> batches) const {
  auto& g = static_cast<OrderGlobal&>(global);
  std::stable_sort(batches.begin(), batches.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  ChunkCollection rows;
  std::vector<uint64_t> chunk_batch;
  for (auto& [batch, chunk] : batches) {
    if (chunk.size() == 0) continue;
    chunk_batch.push_back(batch);
    rows.AppendOwned(std::move(chunk));
  }
  batches.clear();
  std::vector<RowRef> order;
  SortRows(context, keys_, types().size(), rows, order);
  std::shared_ptr<SpillFile> file;
  {
    std::lock_guard<std::mutex> lock(g.mutex);
    if (!g.file) {
      g.file = std::make_shared<SpillFile>(context.spill_directory(), &context.spilled_bytes);
    }
    file = g.file;
  }
  std::vector<TypeId> run_types = RunTypes();
  size_t stored = run_types.size() - 1;  // payload and keys, as in `rows`
  SortedRun run;
  DataChunk out;
  std::string bytes;
  for (size_t first = 0; first < order.size(); first += kChunkCapacity) {
    size_t n = std::min(kChunkCapacity, order.size() - first);
    const RowRef* refs = order.data() + first;
    out.Initialize(run_types);
    for (size_t c = 0; c < stored; c++) {
      Vector& dst = out.column(c);
      switch (PhysicalSize(run_types[c])) {
        case 1: GatherSorted<uint8_t>(rows, c, refs, n, dst); break;
        case 4: GatherSorted<uint32_t>(rows, c, refs, n, dst); break;
        case 8: GatherSorted<uint64_t>(rows, c, refs, n, dst); break;
        case 16: GatherSorted<StringRef>(rows, c, refs, n, dst); break;
        default: break;
      }
    }
    uint64_t* batch_out = out.column(stored).data<uint64_t>();
    for (size_t i = 0; i < n; i++) batch_out[i] = chunk_batch[refs[i].chunk];
    out.SetSize(n);
    bytes.clear();
    EncodeChunk(out, nullptr, n, bytes);
    run.blocks.push_back(file->Append(bytes));
    run.rows += n;
  }
  std::lock_guard<std::mutex> lock(g.mutex);
  g.runs.push_back(std::move(run));
}

void PhysicalOrder::Finalize(ExecutionContext& context, GlobalSinkState& global) const {
  auto& g = static_cast<OrderGlobal&>(global);
  if (!g.runs.empty()) {
    // Spilled: what is still in memory becomes the last run, then the runs are merged.
    if (!g.batches.empty()) WriteRun(context, g, std::move(g.batches));
    g.batches.clear();
    g.reservation.Release();
    std::vector<MergeKey> merge_keys;
    for (const auto& k : keys_)
      merge_keys.push_back(MergeKey{k.expression->type, k.descending, k.nulls_first});
    g.merger = std::make_unique<SortedRunMerger>(g.file, std::move(g.runs), RunTypes(),
                                                 types().size(), std::move(merge_keys));
    return;
  }
  std::stable_sort(g.batches.begin(), g.batches.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [batch, chunk] : g.batches) g.rows.AppendOwned(std::move(chunk));
  g.batches.clear();
  SortRows(context, keys_, types().size(), g.rows, g.order);
}

std::unique_ptr<GlobalSourceState> PhysicalOrder::InitGlobalSource(ExecutionContext&) const {
  auto src = std::make_unique<OrderSource>();
  auto& g = static_cast<OrderGlobal&>(*sink_state);
  // A merge of spilled runs is sequential: one thread.
  src->morsels = g.merger ? 1 : (g.order.size() + kChunkCapacity - 1) / kChunkCapacity;
  return src;
}

bool PhysicalOrder::GetData(ExecutionContext&, DataChunk& out, GlobalSourceState& global,
                            LocalSourceState& local) const {
  auto& src = static_cast<OrderSource&>(global);
  auto& g = static_cast<OrderGlobal&>(*sink_state);
  if (g.merger) {
    if (!g.merger->Next(out)) return false;
    local.batch_index = src.next.fetch_add(1);
    return true;
  }
  size_t m = src.next.fetch_add(1);
  if (m >= src.morsels) return false;
  local.batch_index = m;
  size_t first = m * kChunkCapacity;
  size_t n = std::min(kChunkCapacity, g.order.size() - first);
  out.Initialize(types());
  const RowRef* refs = g.order.data() + first;
  for (size_t c = 0; c < types().size(); c++) {
    Vector& dst = out.column(c);
    switch (PhysicalSize(types()[c])) {
      case 1: GatherSorted<uint8_t>(g.rows, c, refs, n, dst); break;
      case 4: GatherSorted<uint32_t>(g.rows, c, refs, n, dst); break;
      case 8: GatherSorted<uint64_t>(g.rows, c, refs, n, dst); break;
      case 16: GatherSorted<StringRef>(g.rows, c, refs, n, dst); break;
      default: break;
    }
  }
  out.SetSize(n);
  return true;
}

std::string PhysicalOrder::Describe() const {
  std::string s = "ORDER_BY [";
  for (size_t i = 0; i < keys_.size(); i++) {
    s += (i ? ", " : "") + keys_[i].expression->ToString() +
         (keys_[i].descending ? " DESC" : " ASC");
    s += keys_[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  return s + "]";
}

}  // namespace sluice
