#include "exec/hash_join.h"

#include <atomic>
#include <cstring>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "common/error.h"
#include "common/thread_pool.h"
#include "exec/hash_join_state.h"
#include "exec/memory_tracker.h"
#include "exec/spill_codec.h"
#include "exec/spill_partitions.h"
#include "exec/vector_hash.h"
#include "expr/expression_executor.h"

namespace sluice {
namespace {
constexpr uint32_t kEnd = kChainEnd;
using Phase = HashJoinProbePhase;
}  // namespace

namespace {

// Equal strings of a build column share one copy, so downstream hashing (its cache is
// keyed by address) and comparisons (pointer equality first) are cheap. Stops for columns
// with many distinct values.
struct StringInterner {
  static constexpr size_t kMaxDistinct = 4096;
  std::unordered_map<std::string_view, StringRef> canonical;
  bool active = true;
  void Intern(Vector& column, size_t count) {
    if (!active) return;
    StringRef* strings = column.data<StringRef>();
    for (size_t i = 0; i < count; i++) {
      if (strings[i].size == 0 || !column.IsValid(i)) continue;
      auto [it, inserted] = canonical.emplace(strings[i].view(), strings[i]);
      if (!inserted) {
        strings[i] = it->second;
      } else if (canonical.size() > kMaxDistinct) {
        active = false;
        canonical.clear();
        return;
      }
    }
  }
};

struct JoinLocal final : LocalSinkState {
  ExpressionExecutor executor;
  std::vector<HashJoinBuildChunk> chunks;
  MemoryReservation reservation;          // what `chunks` holds
  std::vector<StringInterner> interners;  // per build column
};

template <typename T>
void GatherBuild(const HashJoinGlobal& g, size_t column, const uint32_t* rows, size_t n,
                 Vector& out) {
  T* dst = out.data<T>();
  const Vector& src = g.columns[column];
  const T* data = src.data<T>();
  for (size_t i = 0; i < n; i++) dst[i] = data[rows[i]];
  if (!src.AllValid()) {
    for (size_t i = 0; i < n; i++) {
      if (!src.IsValid(rows[i])) out.SetNull(i);
    }
  }
}

void GatherBuildColumn(const HashJoinGlobal& g, size_t column, TypeId type, const uint32_t* rows,
                       size_t n, Vector& out) {
  switch (PhysicalSize(type)) {
    case 1: GatherBuild<uint8_t>(g, column, rows, n, out); break;
    case 4: GatherBuild<uint32_t>(g, column, rows, n, out); break;
    case 8: GatherBuild<uint64_t>(g, column, rows, n, out); break;
    case 16: GatherBuild<StringRef>(g, column, rows, n, out); break;
    default: break;
  }
}

template <typename T>
void GatherProbe(const DataChunk& input, size_t column, const sel_t* rows, size_t n, Vector& out) {
  ColumnView view(input, column);
  T* dst = out.data<T>();
  for (size_t i = 0; i < n; i++) {
    dst[i] = view.Get<T>(rows[i]);
    if (!view.IsValid(rows[i])) out.SetNull(i);
  }
}

void GatherProbeColumn(const DataChunk& input, size_t column, TypeId type, const sel_t* rows,
                       size_t n, Vector& out) {
  switch (PhysicalSize(type)) {
    case 1: GatherProbe<uint8_t>(input, column, rows, n, out); break;
    case 4: GatherProbe<uint32_t>(input, column, rows, n, out); break;
    case 8: GatherProbe<uint64_t>(input, column, rows, n, out); break;
    case 16: GatherProbe<StringRef>(input, column, rows, n, out); break;
    default: break;
  }
}

void SetAllNull(Vector& v, size_t n) {
  for (size_t i = 0; i < n; i++) v.SetNull(i);
  if (v.type() == TypeId::kVarchar) {
    for (size_t i = 0; i < n; i++) v.data<StringRef>()[i] = StringRef("", 0);
  }
}

std::vector<TypeId> JoinOutputTypes(JoinKind kind, const std::vector<TypeId>& probe,
                                    const std::vector<TypeId>& build) {
  if (kind == JoinKind::kSemi || kind == JoinKind::kAnti) return probe;
  std::vector<TypeId> out = probe;
  out.insert(out.end(), build.begin(), build.end());
  return out;
}

}  // namespace

PhysicalHashJoin::PhysicalHashJoin(JoinKind kind, std::vector<TypeId> probe_types,
                                   std::vector<TypeId> build_types, std::vector<ExprPtr> probe_keys,
                                   std::vector<ExprPtr> build_keys, ExprPtr residual,
                                   bool null_aware)
    : PhysicalOperator(PhysicalOperatorKind::kHashJoin,
                       JoinOutputTypes(kind, probe_types, build_types)),
      kind_(kind),
      probe_types_(std::move(probe_types)),
      build_types_(std::move(build_types)),
      probe_keys_(std::move(probe_keys)),
      build_keys_(std::move(build_keys)),
      residual_(std::move(residual)),
      null_aware_(null_aware) {}

std::unique_ptr<GlobalSinkState> PhysicalHashJoin::InitGlobalSink(ExecutionContext& context) const {
  auto g = std::make_unique<HashJoinGlobal>();
  g->tracker = context.memory_tracker();
  g->reservation = MemoryReservation(g->tracker);
  return g;
}

std::unique_ptr<LocalSinkState> PhysicalHashJoin::InitLocalSink(ExecutionContext&,
                                                                GlobalSinkState& global) const {
  auto l = std::make_unique<JoinLocal>();
  l->reservation = MemoryReservation(static_cast<HashJoinGlobal&>(global).tracker);
  for (const auto& k : build_keys_) l->executor.AddExpression(k.get());
  return l;
}

void PhysicalHashJoin::Sink(ExecutionContext& context, DataChunk& input, GlobalSinkState& global,
                            LocalSinkState& local) const {
  auto& g = static_cast<HashJoinGlobal&>(global);
  auto& l = static_cast<JoinLocal&>(local);
  HashJoinBuildChunk chunk;
  chunk.rows.Initialize(build_types_, std::max<size_t>(input.size(), 1));
  chunk.rows.Append(input, 0, input.size());
  bool spilling = g.spilling.load(std::memory_order_acquire);
  if (l.interners.empty()) l.interners.resize(build_types_.size());
  for (size_t c = 0; c < build_types_.size() && !spilling; c++) {
    if (build_types_[c] == TypeId::kVarchar)
      l.interners[c].Intern(chunk.rows.column(c), chunk.rows.size());
  }
  std::vector<Vector> keys(build_keys_.size());
  for (size_t k = 0; k < build_keys_.size(); k++) l.executor.Execute(chunk.rows, k, keys[k]);
  chunk.keys.Load(keys, chunk.rows.size());
  // Rows, then per row its hash, next link, and flattened keys.
  l.reservation.Grow(ChunkMemoryBytes(chunk.rows) + chunk.rows.size() * (16 + 24 * keys.size()));
  l.chunks.push_back(std::move(chunk));
  if (!spilling && l.reservation.IsOverLimit() && !build_keys_.empty()) {
    StartSpilling(context, g);
    spilling = true;
  }
  if (spilling) {
    SpillBuildChunks(g, l.chunks);
    l.reservation.Release();
  }
}

void PhysicalHashJoin::Combine(ExecutionContext&, GlobalSinkState& global,
                               LocalSinkState& local) const {
  auto& g = static_cast<HashJoinGlobal&>(global);
  auto& l = static_cast<JoinLocal&>(local);
  if (g.spilling.load(std::memory_order_acquire)) {
    SpillBuildChunks(g, l.chunks);
    l.reservation.Release();
    return;
  }
  std::lock_guard<std::mutex> lock(g.mutex);
  for (auto& c : l.chunks) g.chunks.push_back(std::move(c));
  g.reservation.Grow(l.reservation.bytes());
  l.reservation.Release();
}

void PhysicalHashJoin::Finalize(ExecutionContext&, GlobalSinkState& global) const {
  auto& g = static_cast<HashJoinGlobal&>(global);
  if (g.spilling.load(std::memory_order_acquire)) {
    // Chunks of workers that combined before spilling began go to their partitions too.
    SpillBuildChunks(g, g.chunks);
    g.partitions->Flush(SpillPartitions::kBuild);
    g.reservation.Release();
    g.spilled = true;
    g.has_null_key = g.spilled_null_key.load();
    g.build_empty = g.spilled_rows.load() == 0;
    return;
  }
  BuildTable(g);
  g.build_empty = g.rows == 0;
}

void PhysicalHashJoin::BuildTable(HashJoinGlobal& g) const {
  size_t n = 0;
  for (const auto& c : g.chunks) n += c.rows.size();
  if (n >= UINT32_MAX - 1)
    throw Error::NotSupported("a join build side of more than 4 billion rows");
  g.rows = n;
  g.row_chunk.resize(n);
  g.row_offset.resize(n);
  g.hashes.resize(n);
  size_t key_count = build_keys_.size();
  g.keys.resize(key_count);
  for (size_t k = 0; k < key_count; k++) {
    g.keys[k].is_string = build_keys_[k]->type == TypeId::kVarchar;
    g.keys[k].type = build_keys_[k]->type;
    if (g.keys[k].is_string) {
      g.keys[k].strings.resize(n);
    } else {
      g.keys[k].values.resize(n);
    }
    g.keys[k].nulls.assign(n, 0);
  }
  size_t row = 0;
  g.chunk_first_row.resize(g.chunks.size());
  for (uint32_t c = 0; c < g.chunks.size(); c++) {
    HashJoinBuildChunk& chunk = g.chunks[c];
    size_t m = chunk.rows.size();
    g.chunk_first_row[c] = row;
    for (size_t i = 0; i < m; i++) {
      g.row_chunk[row + i] = c;
      g.row_offset[row + i] = static_cast<uint32_t>(i);
      g.hashes[row + i] = key_count ? chunk.keys.hashes[i] : 0;
    }
    for (size_t k = 0; k < key_count; k++) {
      NormalizedColumn& dst = g.keys[k];
      const NormalizedColumn& src = chunk.keys.columns[k];
      if (dst.is_string) {
        std::copy(src.strings.begin(), src.strings.end(),
                  dst.strings.begin() + static_cast<long>(row));
      } else {
        std::copy(src.values.begin(), src.values.end(),
                  dst.values.begin() + static_cast<long>(row));
      }
      if (src.any_null) {
        dst.any_null = true;
        std::copy(src.nulls.begin(), src.nulls.end(), dst.nulls.begin() + static_cast<long>(row));
      }
    }
    // Keys are flattened; the per-chunk copies are no longer needed.
    chunk.keys = NormalizedKeys();
    row += m;
  }
  g.columns.resize(build_types_.size());
  for (size_t c = 0; c < build_types_.size(); c++) {
    Vector& flat = g.columns[c];
    flat.Initialize(build_types_[c], std::max<size_t>(n, 1));
    size_t width = PhysicalSize(build_types_[c]);
    size_t at = 0;
    for (const auto& chunk : g.chunks) {
      const Vector& src = chunk.rows.column(c);
      size_t m = chunk.rows.size();
      if (width > 0) std::memcpy(flat.raw_data() + at * width, src.raw_data(), m * width);
      if (!src.AllValid()) {
        for (size_t i = 0; i < m; i++) {
          if (!src.IsValid(i)) flat.SetNull(at + i);
        }
      }
      at += m;
    }
  }
  size_t buckets = 1024;
  while (buckets < n * 2) buckets *= 2;
  g.mask = buckets - 1;
  g.heads.assign(buckets, kEnd);
  g.next.assign(n, kEnd);
  // Insert in reverse so chains list rows in input order.
  for (size_t r = n; r-- > 0;) {
    if (key_count > 0 && g.RowHasNullKey(r)) {
      g.has_null_key = true;
      continue;
    }
    size_t b = g.hashes[r] & g.mask;
    g.next[r] = g.heads[b];
    g.heads[b] = static_cast<uint32_t>(r + 1);
  }
  if (HasOuterTail()) {
    g.matched.reset(new std::atomic<uint8_t>[n]);
    for (size_t r = 0; r < n; r++) g.matched[r].store(0, std::memory_order_relaxed);
  }
}

std::unique_ptr<OperatorState> PhysicalHashJoin::InitOperatorState(ExecutionContext&) const {
  auto st = std::make_unique<HashJoinProbeState>();
  for (const auto& k : probe_keys_) st->key_executor.AddExpression(k.get());
  if (residual_) st->residual_executor.AddExpression(residual_.get());
  st->pair_probe.resize(kChunkCapacity);
  st->pair_build.resize(kChunkCapacity);
  st->selection.resize(kChunkCapacity);
  return st;
}

OperatorResult PhysicalHashJoin::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                         OperatorState& state) const {
  auto& st = static_cast<HashJoinProbeState&>(state);
  const auto& g = static_cast<const HashJoinGlobal&>(*sink_state);
  if (!g.spilled) return Probe(g, input, output, st);
  // Grace join: route each probe row to its partition; the tail pass joins them.
  output.SetSize(0);
  size_t count = input.size();
  std::vector<Vector> keys(probe_keys_.size());
  for (size_t k = 0; k < probe_keys_.size(); k++) st.key_executor.Execute(input, k, keys[k]);
  st.keys.Load(keys, count);
  std::vector<std::vector<sel_t>> rows(SpillPartitions::kPartitions);
  for (size_t r = 0; r < count; r++) {
    rows[SpillPartitions::PartitionOf(st.keys.hashes[r])].push_back(static_cast<sel_t>(r));
  }
  for (size_t p = 0; p < SpillPartitions::kPartitions; p++) {
    g.partitions->Write(SpillPartitions::kProbe, p, input, rows[p].data(), rows[p].size());
  }
  return OperatorResult::kNeedMoreInput;
}

OperatorResult PhysicalHashJoin::Probe(const HashJoinGlobal& g, DataChunk& input, DataChunk& output,
                                       HashJoinProbeState& st) const {
  size_t count = input.size();
  bool keyless = probe_keys_.empty();
  output.SetSize(0);

  if (st.phase == Phase::kIdle) {
    if (!keyless) {
      std::vector<Vector> keys(probe_keys_.size());
      for (size_t k = 0; k < probe_keys_.size(); k++) st.key_executor.Execute(input, k, keys[k]);
      st.keys.Load(keys, count);
    }
    st.matched.assign(count, 0);
    st.row = 0;
    st.chain_started = false;
    st.phase = Phase::kPairs;
    // Semi/anti joins without a residual only need to know whether a match exists.
    if ((kind_ == JoinKind::kSemi || kind_ == JoinKind::kAnti) && !residual_) {
      bool build_empty = g.build_empty;
      size_t n = 0;
      for (size_t r = 0; r < count; r++) {
        bool probe_null = !keyless && st.keys.RowHasNull(r);
        bool found = false;
        if (!probe_null && !build_empty) {
          if (keyless) {
            found = true;
          } else {
            for (uint32_t e = g.heads[st.keys.hashes[r] & g.mask]; e != kEnd; e = g.next[e - 1]) {
              if (g.hashes[e - 1] == st.keys.hashes[r] && g.KeysEqual(e - 1, st.keys, r)) {
                found = true;
                break;
              }
            }
          }
        }
        bool keep;
        if (kind_ == JoinKind::kSemi) {
          keep = found;
        } else if (null_aware_ && !build_empty && (probe_null || g.has_null_key)) {
          keep = false;  // x NOT IN (... NULL ...) and NULL NOT IN (non-empty) are not true
        } else {
          keep = !found;
        }
        if (keep) st.selection[n++] = static_cast<sel_t>(r);
      }
      output.Reference(input);
      if (n != count) output.Select(st.selection.data(), n);
      st.phase = Phase::kIdle;
      return OperatorResult::kNeedMoreInput;
    }
  }

  if (st.phase == Phase::kPairs) {
    size_t pairs = 0;
    while (st.row < count && pairs < kChunkCapacity) {
      size_t r = st.row;
      if (!st.chain_started) {
        st.chain_started = true;
        if (keyless) {
          st.chain = g.rows > 0 ? 1 : kEnd;
        } else if (st.keys.RowHasNull(r)) {
          st.chain = kEnd;
        } else {
          st.chain = g.heads[st.keys.hashes[r] & g.mask];
        }
      }
      while (st.chain != kEnd && pairs < kChunkCapacity) {
        uint32_t b = st.chain - 1;
        if (keyless) {
          st.chain = b + 1 < g.rows ? b + 2 : kEnd;
          st.pair_probe[pairs] = static_cast<sel_t>(r);
          st.pair_build[pairs++] = b;
          continue;
        }
        st.chain = g.next[b];
        if (g.hashes[b] == st.keys.hashes[r] && g.KeysEqual(b, st.keys, r)) {
          st.pair_probe[pairs] = static_cast<sel_t>(r);
          st.pair_build[pairs++] = b;
        }
      }
      if (st.chain == kEnd) {
        st.row++;
        st.chain_started = false;
      }
    }
    if (st.row >= count) st.phase = Phase::kUnmatchedProbe;
    if (pairs > 0) {
      // Materialize the pairs: probe columns, then build columns.
      DataChunk& joined = st.joined;
      std::vector<TypeId> joined_types = probe_types_;
      joined_types.insert(joined_types.end(), build_types_.begin(), build_types_.end());
      joined.Initialize(joined_types);
      for (size_t c = 0; c < probe_types_.size(); c++) {
        GatherProbeColumn(input, c, probe_types_[c], st.pair_probe.data(), pairs, joined.column(c));
      }
      for (size_t c = 0; c < build_types_.size(); c++) {
        GatherBuildColumn(g, c, build_types_[c], st.pair_build.data(), pairs,
                          joined.column(probe_types_.size() + c));
      }
      joined.SetSize(pairs);
      size_t passing = pairs;
      const sel_t* passing_sel = nullptr;
      if (residual_) {
        passing = st.residual_executor.Select(joined, 0, st.selection.data());
        passing_sel = st.selection.data();
      }
      for (size_t i = 0; i < passing; i++) {
        size_t p = passing_sel ? passing_sel[i] : i;
        st.matched[st.pair_probe[p]] = 1;
        if (g.matched) g.matched[st.pair_build[p]].store(1, std::memory_order_relaxed);
      }
      if (kind_ != JoinKind::kSemi && kind_ != JoinKind::kAnti && passing > 0) {
        output.Reference(joined);
        if (passing != pairs) output.Select(passing_sel, passing);
      }
    }
    if (st.phase == Phase::kPairs || output.size() > 0) return OperatorResult::kHaveMoreOutput;
  }

  if (st.phase == Phase::kUnmatchedProbe) {
    st.phase = Phase::kIdle;
    size_t n = 0;
    bool want_matched = kind_ == JoinKind::kSemi;
    bool emits_unmatched =
        kind_ == JoinKind::kLeft || kind_ == JoinKind::kFull || kind_ == JoinKind::kAnti;
    if (!want_matched && !emits_unmatched) return OperatorResult::kNeedMoreInput;
    bool build_empty = g.build_empty;
    for (size_t r = 0; r < count; r++) {
      bool keep = want_matched ? st.matched[r] != 0 : st.matched[r] == 0;
      if (keep && kind_ == JoinKind::kAnti && null_aware_ && !build_empty) {
        bool probe_null = !keyless && st.keys.RowHasNull(r);
        if (probe_null || g.has_null_key) keep = false;
      }
      if (keep) st.selection[n++] = static_cast<sel_t>(r);
    }
    if (n == 0) return OperatorResult::kNeedMoreInput;
    if (kind_ == JoinKind::kSemi || kind_ == JoinKind::kAnti) {
      output.Reference(input);
      output.Select(st.selection.data(), n);
      return OperatorResult::kNeedMoreInput;
    }
    output.Initialize(types());
    for (size_t c = 0; c < probe_types_.size(); c++) {
      GatherProbeColumn(input, c, probe_types_[c], st.selection.data(), n, output.column(c));
    }
    for (size_t c = 0; c < build_types_.size(); c++)
      SetAllNull(output.column(probe_types_.size() + c), n);
    output.SetSize(n);
    return OperatorResult::kNeedMoreInput;
  }
  st.phase = Phase::kIdle;
  return OperatorResult::kNeedMoreInput;
}

bool PhysicalHashJoin::HasTailSource() const {
  if (HasOuterTail()) return true;
  return sink_state != nullptr && static_cast<const HashJoinGlobal&>(*sink_state).spilled;
}

std::unique_ptr<GlobalSourceState> PhysicalHashJoin::InitGlobalSource(
    ExecutionContext& context) const {
  auto src = std::make_unique<HashJoinTailSource>();
  auto& g = static_cast<HashJoinGlobal&>(*sink_state);
  src->chunks = g.chunks.size();
  src->threads = src->chunks;
  if (g.spilled) {
    // Runs once, after every probe row has been written.
    g.partitions->Flush(SpillPartitions::kProbe);
    size_t threads = context.pool ? context.pool->size() : 1;
    src->threads = std::min(threads, SpillPartitions::kPartitions);
  }
  return src;
}

std::unique_ptr<LocalSourceState> PhysicalHashJoin::InitLocalSource(ExecutionContext&,
                                                                    GlobalSourceState&) const {
  return std::make_unique<HashJoinSpilledTailLocal>();
}

bool PhysicalHashJoin::EmitUnmatchedBuild(const HashJoinGlobal& g, size_t c, DataChunk& out) const {
  const DataChunk& rows = g.chunks[c].rows;
  size_t first_row = g.chunk_first_row[c];
  std::vector<uint32_t> unmatched;
  for (size_t r = 0; r < rows.size(); r++) {
    if (g.matched[first_row + r].load(std::memory_order_relaxed) == 0) {
      unmatched.push_back(static_cast<uint32_t>(first_row + r));
    }
  }
  if (unmatched.empty()) return false;
  out.Initialize(types());
  for (size_t col = 0; col < probe_types_.size(); col++)
    SetAllNull(out.column(col), unmatched.size());
  for (size_t col = 0; col < build_types_.size(); col++) {
    GatherBuildColumn(g, col, build_types_[col], unmatched.data(), unmatched.size(),
                      out.column(probe_types_.size() + col));
  }
  out.SetSize(unmatched.size());
  return true;
}

bool PhysicalHashJoin::GetData(ExecutionContext& context, DataChunk& out, GlobalSourceState& global,
                               LocalSourceState& local) const {
  auto& src = static_cast<HashJoinTailSource&>(global);
  const auto& g = static_cast<const HashJoinGlobal&>(*sink_state);
  if (g.spilled) return GetSpilledData(context, out, global, local);
  for (;;) {
    size_t c = src.next.fetch_add(1);
    if (c >= g.chunks.size()) return false;
    local.batch_index = c;
    if (EmitUnmatchedBuild(g, c, out)) return true;
  }
}

std::string PhysicalHashJoin::Describe() const {
  static const char* kNames[] = {"INNER", "LEFT", "FULL", "RIGHT", "SEMI", "ANTI"};
  std::string s = std::string("HASH_JOIN ") + kNames[static_cast<int>(kind_)];
  if (probe_keys_.empty())
    s = std::string(kind_ == JoinKind::kInner ? "CROSS_PRODUCT" : "NESTED_LOOP ") +
        (kind_ == JoinKind::kInner ? "" : kNames[static_cast<int>(kind_)]);
  if (!probe_keys_.empty()) {
    s += " [";
    for (size_t i = 0; i < probe_keys_.size(); i++) {
      s += (i ? ", " : "") + probe_keys_[i]->ToString() + " = build." + build_keys_[i]->ToString();
    }
    s += "]";
  }
  if (residual_) s += " residual=" + residual_->ToString();
  if (null_aware_) s += " null_aware";
  return s;
}

}  // namespace sluice
