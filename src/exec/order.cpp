#include "exec/order.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <type_traits>

#include "common/thread_pool.h"
#include "exec/chunk_collection.h"
#include "expr/expression_executor.h"

namespace sluice {
namespace {

struct RowRef {
  uint32_t chunk;
  uint32_t row;
};

struct OrderLocal final : LocalSinkState {
  ExpressionExecutor executor;
  // Input order: chunks are appended per batch; sort runs by batch for stability.
  std::vector<std::pair<uint64_t, DataChunk>> batches;
};

struct OrderGlobal final : GlobalSinkState {
  std::mutex mutex;
  std::vector<std::pair<uint64_t, DataChunk>> batches;
  ChunkCollection rows;       // all rows, input order
  std::vector<RowRef> order;  // sorted
};

int CompareValues(const Vector& a, size_t ia, const Vector& b, size_t ib, TypeId type) {
  switch (type) {
    case TypeId::kBoolean: {
      int x = a.data<uint8_t>()[ia], y = b.data<uint8_t>()[ib];
      return (x > y) - (x < y);
    }
    case TypeId::kInteger:
    case TypeId::kDate: {
      int32_t x = a.data<int32_t>()[ia], y = b.data<int32_t>()[ib];
      return (x > y) - (x < y);
    }
    case TypeId::kBigint:
    case TypeId::kTimestamp: {
      int64_t x = a.data<int64_t>()[ia], y = b.data<int64_t>()[ib];
      return (x > y) - (x < y);
    }
    case TypeId::kDouble: {
      double x = a.data<double>()[ia], y = b.data<double>()[ib];
      // NaN sorts after every number (PostgreSQL/DuckDB).
      bool nx = x != x, ny = y != y;
      if (nx || ny) return nx == ny ? 0 : (nx ? 1 : -1);
      return (x > y) - (x < y);
    }
    case TypeId::kVarchar: {
      std::string_view x = a.data<StringRef>()[ia].view(), y = b.data<StringRef>()[ib].view();
      int c = x.compare(y);
      return (c > 0) - (c < 0);
    }
    default: return 0;
  }
}

}  // namespace

PhysicalOrder::PhysicalOrder(std::vector<TypeId> types, std::vector<SortKey> keys)
    : PhysicalOperator(PhysicalOperatorKind::kOrder, std::move(types)), keys_(std::move(keys)) {}

std::unique_ptr<GlobalSinkState> PhysicalOrder::InitGlobalSink(ExecutionContext&) const {
  return std::make_unique<OrderGlobal>();
}

std::unique_ptr<LocalSinkState> PhysicalOrder::InitLocalSink(ExecutionContext&,
                                                             GlobalSinkState&) const {
  auto l = std::make_unique<OrderLocal>();
  for (const auto& k : keys_) l->executor.AddExpression(k.expression.get());
  return l;
}

void PhysicalOrder::Sink(ExecutionContext&, DataChunk& input, GlobalSinkState&,
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
  l.batches.emplace_back(l.batch_index, std::move(owned));
}

void PhysicalOrder::Combine(ExecutionContext&, GlobalSinkState& global,
                            LocalSinkState& local) const {
  auto& g = static_cast<OrderGlobal&>(global);
  auto& l = static_cast<OrderLocal&>(local);
  std::lock_guard<std::mutex> lock(g.mutex);
  for (auto& b : l.batches) g.batches.push_back(std::move(b));
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

void PhysicalOrder::Finalize(ExecutionContext& context, GlobalSinkState& global) const {
  auto& g = static_cast<OrderGlobal&>(global);
  std::stable_sort(g.batches.begin(), g.batches.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [batch, chunk] : g.batches) g.rows.AppendOwned(std::move(chunk));
  g.batches.clear();
  std::vector<RowRef> refs;
  for (uint32_t c = 0; c < g.rows.chunk_count(); c++) {
    for (uint32_t r = 0; r < g.rows.chunk(c).size(); r++) refs.push_back(RowRef{c, r});
  }
  size_t payload = types().size();
  // Exact comparison of two rows on every key (the fallback for string prefixes).
  auto full_compare = [&](const RowRef& a, const RowRef& b) {
    const DataChunk& ca = g.rows.chunk(a.chunk);
    const DataChunk& cb = g.rows.chunk(b.chunk);
    for (size_t k = 0; k < keys_.size(); k++) {
      const Vector& va = ca.column(payload + k);
      const Vector& vb = cb.column(payload + k);
      bool na = !va.IsValid(a.row), nb = !vb.IsValid(b.row);
      if (na || nb) {
        if (na && nb) continue;
        return (na ? keys_[k].nulls_first : !keys_[k].nulls_first) ? -1 : 1;
      }
      int c = CompareValues(va, a.row, vb, b.row, keys_[k].expression->type);
      if (c != 0) return keys_[k].descending ? -c : c;
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
  for (size_t k = 0; k < keys_.size(); k++) {
    bool has_null = false;
    for (size_t c = 0; c < g.rows.chunk_count() && !has_null; c++) {
      has_null = !g.rows.chunk(c).column(payload + k).AllValid();
    }
    bool exact = keys_[k].expression->type != TypeId::kVarchar;
    layout.push_back(KeyLayout{has_null, exact});
    words += has_null ? 2 : 1;
    all_exact = all_exact && exact;
  }
  size_t n = refs.size();
  auto encode = [&](uint32_t index, uint64_t* out) {
    const RowRef& ref = refs[index];
    const DataChunk& chunk = g.rows.chunk(ref.chunk);
    size_t w = 0;
    for (size_t k = 0; k < keys_.size(); k++) {
      const Vector& v = chunk.column(payload + k);
      bool is_null = !v.IsValid(ref.row);
      bool desc = keys_[k].descending;
      if (layout[k].null_word) {
        // NULLS FIRST: nulls get 0, others 1; NULLS LAST the reverse. Not inverted by DESC.
        bool first = keys_[k].nulls_first;
        out[w++] = is_null == first ? 0 : 1;
      }
      uint64_t value = 0;
      if (!is_null) {
        switch (keys_[k].expression->type) {
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
    g.order.resize(n);
    for (size_t i = 0; i < n; i++) g.order[i] = refs[records[i].row];
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
      g.order.resize(n);
      for (size_t i = 0; i < n; i++) g.order[i] = refs[index[i]];
      break;
    }
  }
}

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

std::unique_ptr<GlobalSourceState> PhysicalOrder::InitGlobalSource(ExecutionContext&) const {
  auto src = std::make_unique<OrderSource>();
  auto& g = static_cast<OrderGlobal&>(*sink_state);
  src->morsels = (g.order.size() + kChunkCapacity - 1) / kChunkCapacity;
  return src;
}

bool PhysicalOrder::GetData(ExecutionContext&, DataChunk& out, GlobalSourceState& global,
                            LocalSourceState& local) const {
  auto& src = static_cast<OrderSource&>(global);
  auto& g = static_cast<OrderGlobal&>(*sink_state);
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
