#include "exec/hash_aggregate.h"

#include <atomic>
#include <cstring>
#include <mutex>

#include "common/error.h"
#include "common/thread_pool.h"
#include "exec/group_hash_table.h"
#include "exec/memory_tracker.h"
#include "exec/spill_codec.h"
#include "exec/spill_partitions.h"
#include "expr/expression_executor.h"

namespace sluice {
namespace {

using Partitions = std::vector<GroupHashTable>;

size_t PartitionOf(uint64_t hash) {
  return static_cast<size_t>(hash >> (64 - PhysicalHashAggregate::kPartitionBits));
}

std::vector<TypeId> OutputTypes(const std::vector<ExprPtr>& groups,
                                const std::vector<AggregateSpec>& aggregates) {
  std::vector<TypeId> types;
  for (const auto& g : groups) types.push_back(g->type);
  for (const auto& a : aggregates) types.push_back(a.function->return_type);
  return types;
}

// Aligned storage for the states of an aggregate without GROUP BY.
struct StateBuffer {
  std::unique_ptr<uint64_t[]> words;
  uint8_t* data() { return reinterpret_cast<uint8_t*>(words.get()); }
};

struct AggregateLocal final : LocalSinkState {
  ExpressionExecutor group_executor;
  std::vector<ExpressionExecutor> argument_executors;  // one per aggregate (args + filter)
  Partitions tables;                                   // grouped
  StateBuffer states;                                  // ungrouped
  std::vector<Partitions> distinct_sets;               // per aggregate (empty if not distinct)
  // Scratch.
  std::vector<Vector> keys;
  NormalizedKeys normalized;
  NormalizedKeys distinct_normalized;
  std::vector<uint8_t*> payloads;
  std::vector<uint8_t*> state_pointers;
  std::vector<std::vector<sel_t>> partition_rows;
  std::vector<sel_t> selected;
  std::vector<Vector> arguments;
  MemoryReservation reservation;  // what the tables hold
  uint64_t state_bytes = 0;       // estimate for states that own heap memory
};

struct AggregateGlobal final : GlobalSinkState {
  const PhysicalHashAggregate* op = nullptr;
  std::mutex mutex;
  std::vector<std::unique_ptr<AggregateLocal>> locals;
  Partitions merged;         // grouped result, one table per partition
  StateBuffer final_states;  // ungrouped result
  // Spilling (grouped only): once `spilling`, workers keep the groups they hold and write
  // further input rows to `partitions` by group hash; the source then aggregates one
  // partition at a time: the held groups of that partition plus its spilled rows.
  std::shared_ptr<MemoryTracker> tracker;
  MemoryReservation reservation;  // the combined tables
  std::atomic<bool> spilling{false};
  bool spilled = false;
  std::unique_ptr<SpillPartitions> partitions;
  ~AggregateGlobal() override;
};

void DestroyStates(const PhysicalHashAggregate& op, uint8_t* payload) {
  const auto& aggs = op.aggregates();
  for (size_t a = 0; a < aggs.size(); a++) {
    if (aggs[a].function->destroy) aggs[a].function->destroy(payload + op.state_offsets()[a]);
  }
}

AggregateGlobal::~AggregateGlobal() {
  if (op == nullptr) return;
  for (auto& table : merged) {
    for (size_t r = 0; r < table.size(); r++) DestroyStates(*op, table.payload(r));
  }
  if (final_states.words) DestroyStates(*op, final_states.data());
  for (auto& local : locals) {
    for (auto& table : local->tables) {
      for (size_t r = 0; r < table.size(); r++) DestroyStates(*op, table.payload(r));
    }
    if (local->states.words) DestroyStates(*op, local->states.data());
  }
}

StateBuffer NewStates(const PhysicalHashAggregate& op) {
  StateBuffer b;
  b.words.reset(new uint64_t[op.payload_size() / 8 + 1]);
  const auto& aggs = op.aggregates();
  for (size_t a = 0; a < aggs.size(); a++)
    aggs[a].function->initialize(b.data() + op.state_offsets()[a]);
  return b;
}

// Restricts `args` to the rows where every argument is valid (if the function ignores
// NULLs) and the FILTER holds. Returns the number of rows kept; `sel` lists them when
// fewer than count.
size_t QualifyingRows(const AggregateSpec& spec, ExpressionExecutor& executor,
                      const DataChunk& input, std::vector<Vector>& args, std::vector<sel_t>& sel) {
  size_t count = input.size();
  sel.resize(count);
  size_t n = count;
  bool filtered = false;
  if (spec.filter) {
    n = executor.Select(input, spec.arguments.size(), sel.data());
    filtered = n != count;
  }
  if (spec.function->ignores_nulls) {
    bool any_null = false;
    for (const auto& a : args) any_null = any_null || !a.AllValid();
    if (any_null) {
      if (!filtered) {
        for (size_t i = 0; i < count; i++) sel[i] = static_cast<sel_t>(i);
      }
      size_t kept = 0;
      for (size_t i = 0; i < n; i++) {
        bool valid = true;
        for (const auto& a : args) valid = valid && a.IsValid(a.is_constant() ? 0 : sel[i]);
        if (valid) sel[kept++] = sel[i];
      }
      n = kept;
      filtered = true;
    }
  }
  if (!filtered) return count;
  if (n == 0) return 0;
  // Gather the qualifying rows of the arguments.
  DataChunk tmp;
  tmp.columns().resize(args.size());
  for (size_t i = 0; i < args.size(); i++) tmp.column(i).Reference(args[i]);
  tmp.SetSize(count);
  tmp.Select(sel.data(), n);
  tmp.Flatten();
  for (size_t i = 0; i < args.size(); i++) args[i] = std::move(tmp.column(i));
  return n;
}

void EvaluateArguments(const AggregateSpec& spec, ExpressionExecutor& executor,
                       const DataChunk& input, std::vector<Vector>& args) {
  args.resize(spec.arguments.size());
  for (size_t i = 0; i < spec.arguments.size(); i++) executor.Execute(input, i, args[i]);
}

// Folds the DISTINCT sets of partition p (of every worker in `sources`) into their
// groups in `target` (grouped), or into `final_states` (no GROUP BY).
void FoldDistinct(const PhysicalHashAggregate& op, size_t p, GroupHashTable* target,
                  const std::vector<AggregateLocal*>& sources, StateBuffer& final_states,
                  std::mutex& ungrouped_mutex) {
  const auto& groups = op.groups();
  const auto& aggregates = op.aggregates();
  bool grouped = target != nullptr;
  for (size_t a = 0; a < aggregates.size(); a++) {
    const AggregateSpec& spec = aggregates[a];
    if (!spec.distinct) continue;
    std::vector<TypeId> types;
    for (const auto& e : groups) types.push_back(e->type);
    for (const auto& e : spec.arguments) types.push_back(e->type);
    GroupHashTable set(types, 0, nullptr);
    for (AggregateLocal* local : sources) set.Merge(local->distinct_sets[a][p], nullptr);
    StateBuffer partial;
    if (!grouped) {
      partial.words.reset(new uint64_t[spec.function->state_size / 8 + 1]);
      spec.function->initialize(partial.data());
    }
    std::vector<Vector> columns(types.size());
    std::vector<uint8_t*> targets;
    for (size_t first = 0; first < set.size(); first += kChunkCapacity) {
      size_t n = std::min(kChunkCapacity, set.size() - first);
      set.ReadKeys(first, n, columns);
      std::vector<Vector> args(columns.begin() + static_cast<long>(groups.size()), columns.end());
      if (!grouped) {
        spec.function->simple_update(args, partial.data(), n);
        continue;
      }
      std::vector<Vector> keys(columns.begin(), columns.begin() + static_cast<long>(groups.size()));
      NormalizedKeys normalized;
      normalized.Load(keys, n);
      targets.resize(n);
      target->Find(normalized, nullptr, n, targets.data());
      for (size_t i = 0; i < n; i++) {
        SLUICE_ASSERT(targets[i] != nullptr);
        targets[i] += op.state_offsets()[a];
      }
      spec.function->update(args, targets.data(), n);
    }
    if (!grouped) {
      std::lock_guard<std::mutex> lock(ungrouped_mutex);
      spec.function->combine(partial.data(), final_states.data() + op.state_offsets()[a]);
      if (spec.function->destroy) spec.function->destroy(partial.data());
    }
  }
}

}  // namespace

AggregateSpec AggregateSpec::Clone() const {
  AggregateSpec c;
  c.function = function;
  for (const auto& a : arguments) c.arguments.push_back(a->Clone());
  c.distinct = distinct;
  if (filter) c.filter = filter->Clone();
  c.name = name;
  return c;
}

std::string AggregateSpec::ToString() const {
  std::string s = function->name + "(" + (distinct ? "DISTINCT " : "");
  for (size_t i = 0; i < arguments.size(); i++) s += (i ? ", " : "") + arguments[i]->ToString();
  s += ")";
  if (filter) s += " FILTER (WHERE " + filter->ToString() + ")";
  return s;
}

PhysicalHashAggregate::PhysicalHashAggregate(std::vector<ExprPtr> groups,
                                             std::vector<AggregateSpec> aggregates)
    : PhysicalOperator(PhysicalOperatorKind::kHashAggregate, OutputTypes(groups, aggregates)),
      groups_(std::move(groups)),
      aggregates_(std::move(aggregates)) {
  size_t offset = 0;
  for (const auto& a : aggregates_) {
    state_offsets_.push_back(offset);
    offset += (a.function->state_size + 7) & ~size_t{7};
    has_distinct_ = has_distinct_ || a.distinct;
    if (a.function->destroy) heap_state_aggregates_++;
  }
  payload_size_ = offset;
}

std::unique_ptr<GlobalSinkState> PhysicalHashAggregate::InitGlobalSink(
    ExecutionContext& context) const {
  auto g = std::make_unique<AggregateGlobal>();
  g->op = this;
  g->tracker = context.memory_tracker();
  g->reservation = MemoryReservation(g->tracker);
  return g;
}

std::unique_ptr<LocalSinkState> PhysicalHashAggregate::InitLocalSink(
    ExecutionContext&, GlobalSinkState& global) const {
  auto l = std::make_unique<AggregateLocal>();
  l->reservation = MemoryReservation(static_cast<AggregateGlobal&>(global).tracker);
  std::vector<TypeId> key_types;
  for (const auto& g : groups_) {
    l->group_executor.AddExpression(g.get());
    key_types.push_back(g->type);
  }
  auto init = [this](uint8_t* payload) {
    for (size_t a = 0; a < aggregates_.size(); a++) {
      aggregates_[a].function->initialize(payload + state_offsets_[a]);
    }
  };
  if (!groups_.empty()) {
    for (size_t p = 0; p < kPartitions; p++) l->tables.emplace_back(key_types, payload_size_, init);
  } else {
    l->states = NewStates(*this);
  }
  l->argument_executors.resize(aggregates_.size());
  l->distinct_sets.resize(aggregates_.size());
  for (size_t a = 0; a < aggregates_.size(); a++) {
    const auto& spec = aggregates_[a];
    for (const auto& arg : spec.arguments) l->argument_executors[a].AddExpression(arg.get());
    if (spec.filter) l->argument_executors[a].AddExpression(spec.filter.get());
    if (spec.distinct) {
      std::vector<TypeId> distinct_types = key_types;
      for (const auto& arg : spec.arguments) distinct_types.push_back(arg->type);
      for (size_t p = 0; p < kPartitions; p++) {
        l->distinct_sets[a].emplace_back(distinct_types, 0, nullptr);
      }
    }
  }
  l->partition_rows.resize(kPartitions);
  return l;
}

void PhysicalHashAggregate::Sink(ExecutionContext& context, DataChunk& input,
                                 GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<AggregateGlobal&>(global);
  auto& l = static_cast<AggregateLocal&>(local);
  if (groups_.empty()) {
    AggregateChunk(l, input);
    return;
  }
  if (g.spilling.load(std::memory_order_acquire)) {
    // Keep the groups held so far; route this chunk's rows to their partitions.
    l.keys.resize(groups_.size());
    for (size_t k = 0; k < groups_.size(); k++) l.group_executor.Execute(input, k, l.keys[k]);
    l.normalized.Load(l.keys, input.size());
    std::vector<std::vector<sel_t>> rows(SpillPartitions::kPartitions);
    for (size_t r = 0; r < input.size(); r++) {
      rows[SpillPartitions::PartitionOf(l.normalized.hashes[r])].push_back(static_cast<sel_t>(r));
    }
    for (size_t p = 0; p < SpillPartitions::kPartitions; p++) {
      g.partitions->Write(SpillPartitions::kBuild, p, input, rows[p].data(), rows[p].size());
    }
    return;
  }
  AggregateChunk(l, input);
  // Account per chunk: the tables' size, plus a guess for states that own heap memory
  // (string_agg, median, ...), which the tables do not see.
  l.state_bytes += input.size() * 16 * heap_state_aggregates_;
  uint64_t bytes = l.state_bytes;
  for (const auto& table : l.tables) bytes += table.memory_bytes();
  for (const auto& sets : l.distinct_sets) {
    for (const auto& set : sets) bytes += set.memory_bytes();
  }
  l.reservation.Resize(bytes);
  if (l.reservation.IsOverLimit()) {
    std::lock_guard<std::mutex> lock(g.mutex);
    if (!g.partitions) {
      auto file = std::make_shared<SpillFile>(context.spill_directory(), &context.spilled_bytes);
      size_t block = context.memory_limit_bytes / (8 * SpillPartitions::kPartitions);
      block = std::clamp<size_t>(block, size_t{16} << 10, size_t{1} << 20);
      g.partitions = std::make_unique<SpillPartitions>(std::move(file), block);
      g.spilling.store(true, std::memory_order_release);
    }
  }
}

void PhysicalHashAggregate::AggregateChunk(LocalSinkState& local, DataChunk& input) const {
  auto& l = static_cast<AggregateLocal&>(local);
  size_t count = input.size();
  bool grouped = !groups_.empty();
  if (grouped) {
    l.keys.resize(groups_.size());
    for (size_t g = 0; g < groups_.size(); g++) l.group_executor.Execute(input, g, l.keys[g]);
    l.normalized.Load(l.keys, count);
    l.payloads.resize(count);
    for (auto& rows : l.partition_rows) rows.clear();
    for (size_t r = 0; r < count; r++) {
      l.partition_rows[PartitionOf(l.normalized.hashes[r])].push_back(static_cast<sel_t>(r));
    }
    std::vector<uint8_t*> part_payloads;
    for (size_t p = 0; p < kPartitions; p++) {
      auto& rows = l.partition_rows[p];
      if (rows.empty()) continue;
      part_payloads.resize(rows.size());
      l.tables[p].FindOrCreate(l.normalized, rows.data(), rows.size(), part_payloads.data());
      for (size_t i = 0; i < rows.size(); i++) l.payloads[rows[i]] = part_payloads[i];
    }
  }
  for (size_t a = 0; a < aggregates_.size(); a++) {
    const AggregateSpec& spec = aggregates_[a];
    ExpressionExecutor& executor = l.argument_executors[a];
    EvaluateArguments(spec, executor, input, l.arguments);
    size_t n = QualifyingRows(spec, executor, input, l.arguments, l.selected);
    if (n == 0) continue;
    bool all = n == count;
    if (spec.distinct) {
      // Remember (group keys..., arguments...) per partition of the group hash (or of the
      // whole key when there are no groups, to spread the work).
      std::vector<Vector> distinct_keys;
      for (size_t g = 0; g < groups_.size(); g++) {
        Vector v;
        if (all) {
          v.Reference(l.keys[g]);
        } else {
          DataChunk tmp;
          tmp.columns().resize(1);
          tmp.column(0).Reference(l.keys[g]);
          tmp.SetSize(count);
          tmp.Select(l.selected.data(), n);
          tmp.Flatten();
          v = std::move(tmp.column(0));
        }
        distinct_keys.push_back(std::move(v));
      }
      for (auto& arg : l.arguments) {
        Vector v;
        v.Reference(arg);
        distinct_keys.push_back(std::move(v));
      }
      l.distinct_normalized.Load(distinct_keys, n);
      auto& rows = l.partition_rows;
      for (auto& r : rows) r.clear();
      for (size_t i = 0; i < n; i++) {
        uint64_t h = grouped ? l.normalized.hashes[all ? i : l.selected[i]]
                             : l.distinct_normalized.hashes[i];
        rows[PartitionOf(h)].push_back(static_cast<sel_t>(i));
      }
      std::vector<uint8_t*> ignored;
      for (size_t p = 0; p < kPartitions; p++) {
        if (rows[p].empty()) continue;
        ignored.resize(rows[p].size());
        l.distinct_sets[a][p].FindOrCreate(l.distinct_normalized, rows[p].data(), rows[p].size(),
                                           ignored.data());
      }
      continue;
    }
    if (!grouped) {
      spec.function->simple_update(l.arguments, l.states.data() + state_offsets_[a], n);
      continue;
    }
    l.state_pointers.resize(n);
    for (size_t i = 0; i < n; i++) {
      l.state_pointers[i] = l.payloads[all ? i : l.selected[i]] + state_offsets_[a];
    }
    spec.function->update(l.arguments, l.state_pointers.data(), n);
  }
}

void PhysicalHashAggregate::Combine(ExecutionContext&, GlobalSinkState& global,
                                    LocalSinkState& local) const {
  auto& g = static_cast<AggregateGlobal&>(global);
  std::lock_guard<std::mutex> lock(g.mutex);
  auto* l = static_cast<AggregateLocal*>(&local);
  // Move the local tables into the global state (the local state object itself is about
  // to be destroyed by the executor).
  auto owned = std::make_unique<AggregateLocal>();
  owned->tables = std::move(l->tables);
  owned->states = std::move(l->states);
  owned->distinct_sets = std::move(l->distinct_sets);
  g.reservation.Grow(l->reservation.bytes());
  l->reservation.Release();
  g.locals.push_back(std::move(owned));
}

void PhysicalHashAggregate::CombineStates(uint8_t* source, uint8_t* target) const {
  for (size_t a = 0; a < aggregates_.size(); a++) {
    const AggregateFunction* fn = aggregates_[a].function;
    fn->combine(source + state_offsets_[a], target + state_offsets_[a]);
    if (fn->destroy) fn->destroy(source + state_offsets_[a]);
  }
}

void PhysicalHashAggregate::Finalize(ExecutionContext& context, GlobalSinkState& global) const {
  auto& g = static_cast<AggregateGlobal&>(global);
  auto combine_states = [this](uint8_t* source, uint8_t* target) { CombineStates(source, target); };
  bool grouped = !groups_.empty();
  if (grouped && g.spilling.load(std::memory_order_acquire)) {
    // Partitions are merged and finished one at a time by the source.
    g.partitions->Flush(SpillPartitions::kBuild);
    g.spilled = true;
    return;
  }
  if (!grouped) {
    g.final_states = NewStates(*this);
    for (auto& local : g.locals) {
      if (local->states.words) {
        combine_states(local->states.data(), g.final_states.data());
        local->states.words.reset();
      }
    }
  } else {
    std::vector<TypeId> key_types;
    for (const auto& e : groups_) key_types.push_back(e->type);
    for (size_t p = 0; p < kPartitions; p++)
      g.merged.emplace_back(key_types, payload_size_, nullptr);
    context.pool->ParallelFor(kPartitions, [&](size_t p, size_t) {
      if (g.locals.empty()) return;
      // The first worker's table becomes the result (no copy of its groups); the others
      // merge into it and are freed as they go.
      GroupHashTable merged = std::move(g.locals[0]->tables[p]);
      g.locals[0]->tables[p] = GroupHashTable(key_types, payload_size_, nullptr);
      for (size_t i = 1; i < g.locals.size(); i++)
        merged.Merge(g.locals[i]->tables[p], combine_states);
      g.merged[p] = std::move(merged);
    });
  }
  if (!has_distinct_) return;
  // Fold DISTINCT sets into their groups: partition p of a set holds only groups of
  // partition p of the result (grouped), so partitions proceed in parallel.
  std::mutex ungrouped_mutex;
  std::vector<AggregateLocal*> sources;
  for (auto& local : g.locals) sources.push_back(local.get());
  context.pool->ParallelFor(kPartitions, [&](size_t p, size_t) {
    FoldDistinct(*this, p, grouped ? &g.merged[p] : nullptr, sources, g.final_states,
                 ungrouped_mutex);
  });
}

GroupHashTable PhysicalHashAggregate::AggregatePartition(ExecutionContext& context,
                                                         GlobalSinkState& global, size_t p) const {
  auto& g = static_cast<AggregateGlobal&>(global);
  // The spilled input rows of partition p, aggregated as the sink would have.
  auto fresh = InitLocalSink(context, global);
  auto& local = static_cast<AggregateLocal&>(*fresh);
  const std::vector<TypeId>& input_types = children()[0]->types();
  const SpillPartitions& partitions = *g.partitions;
  size_t per_partition = SpillPartitions::kPartitions / kPartitions;
  DataChunk chunk;
  for (size_t sp = p * per_partition; sp < (p + 1) * per_partition; sp++) {
    for (const SpillBlock& block : partitions.blocks(SpillPartitions::kBuild, sp)) {
      std::shared_ptr<std::string> bytes = partitions.file().Read(block);
      size_t offset = 0;
      while (offset < bytes->size()) {
        DecodeChunk(bytes, &offset, input_types, chunk);
        AggregateChunk(local, chunk);
      }
    }
  }
  // Then the groups the workers held in memory when spilling began.
  std::vector<TypeId> key_types;
  for (const auto& e : groups_) key_types.push_back(e->type);
  GroupHashTable result = std::move(local.tables[p]);
  local.tables[p] = GroupHashTable(key_types, payload_size_, nullptr);
  auto combine_states = [this](uint8_t* source, uint8_t* target) { CombineStates(source, target); };
  for (auto& held : g.locals) result.Merge(held->tables[p], combine_states);
  if (has_distinct_) {
    std::vector<AggregateLocal*> sources;
    for (auto& held : g.locals) sources.push_back(held.get());
    sources.push_back(&local);
    std::mutex unused;
    StateBuffer no_states;
    FoldDistinct(*this, p, &result, sources, no_states, unused);
  }
  return result;
}

namespace {
struct AggregateSource final : GlobalSourceState {
  std::atomic<size_t> next{0};
  std::vector<std::pair<size_t, size_t>> morsels;  // (partition, first row)
  size_t threads = 0;
  size_t MaxThreads() const override { return threads; }
};

// A worker's partition of a spilled aggregate: finished groups being emitted. States
// are destroyed when the partition is done (or the query fails).
struct SpilledPartitionSource final : LocalSourceState {
  const PhysicalHashAggregate* op = nullptr;
  std::unique_ptr<GroupHashTable> table;
  size_t partition = 0;
  size_t next_row = 0;
  void Release() {
    if (!table) return;
    for (size_t r = 0; r < table->size(); r++) DestroyStates(*op, table->payload(r));
    table.reset();
  }
  ~SpilledPartitionSource() override { Release(); }
};
}  // namespace

std::unique_ptr<GlobalSourceState> PhysicalHashAggregate::InitGlobalSource(
    ExecutionContext& context) const {
  auto src = std::make_unique<AggregateSource>();
  auto& g = static_cast<AggregateGlobal&>(*sink_state);
  if (groups_.empty()) {
    src->morsels.emplace_back(0, 0);
  } else if (g.spilled) {
    for (size_t p = 0; p < kPartitions; p++) src->morsels.emplace_back(p, 0);
    // Each worker holds one partition's groups at a time.
    src->threads = std::min(context.pool ? context.pool->size() : 1, kPartitions);
    return src;
  } else {
    for (size_t p = 0; p < g.merged.size(); p++) {
      for (size_t first = 0; first < g.merged[p].size(); first += kChunkCapacity) {
        src->morsels.emplace_back(p, first);
      }
    }
  }
  src->threads = src->morsels.size();
  return src;
}

std::unique_ptr<LocalSourceState> PhysicalHashAggregate::InitLocalSource(ExecutionContext&,
                                                                         GlobalSourceState&) const {
  auto local = std::make_unique<SpilledPartitionSource>();
  local->op = this;
  return local;
}

void PhysicalHashAggregate::EmitGroups(GroupHashTable& table, size_t first, DataChunk& out) const {
  size_t n = std::min(kChunkCapacity, table.size() - first);
  out.Initialize(types());
  std::vector<Vector> keys(groups_.size());
  table.ReadKeys(first, n, keys);
  for (size_t k = 0; k < keys.size(); k++) out.column(k) = std::move(keys[k]);
  for (size_t a = 0; a < aggregates_.size(); a++) {
    Vector& result = out.column(groups_.size() + a);
    for (size_t i = 0; i < n; i++) {
      aggregates_[a].function->finalize(table.payload(first + i) + state_offsets_[a], result, i);
    }
  }
  out.SetSize(n);
}

bool PhysicalHashAggregate::GetData(ExecutionContext& context, DataChunk& out,
                                    GlobalSourceState& global, LocalSourceState& local) const {
  auto& src = static_cast<AggregateSource&>(global);
  auto& g = static_cast<AggregateGlobal&>(*sink_state);
  if (g.spilled) {
    auto& l = static_cast<SpilledPartitionSource&>(local);
    for (;;) {
      if (!l.table) {
        size_t p = src.next.fetch_add(1);
        if (p >= kPartitions) return false;
        l.partition = p;
        l.table = std::make_unique<GroupHashTable>(AggregatePartition(context, g, p));
        l.next_row = 0;
      }
      if (l.next_row < l.table->size()) {
        EmitGroups(*l.table, l.next_row, out);
        local.batch_index = (uint64_t{l.partition} << 32) + l.next_row / kChunkCapacity;
        l.next_row += out.size();
        return true;
      }
      l.Release();
    }
  }
  size_t m = src.next.fetch_add(1);
  if (m >= src.morsels.size()) return false;
  local.batch_index = m;
  if (groups_.empty()) {
    out.Initialize(types());
    for (size_t a = 0; a < aggregates_.size(); a++) {
      aggregates_[a].function->finalize(g.final_states.data() + state_offsets_[a], out.column(a),
                                        0);
    }
    out.SetSize(1);
    return true;
  }
  auto [p, first] = src.morsels[m];
  EmitGroups(g.merged[p], first, out);
  return true;
}

std::string PhysicalHashAggregate::Describe() const {
  std::string s = groups_.empty() ? "AGGREGATE" : "HASH_GROUP_BY groups=[";
  if (!groups_.empty()) {
    for (size_t i = 0; i < groups_.size(); i++) s += (i ? ", " : "") + groups_[i]->ToString();
    s += "]";
  }
  s += " aggregates=[";
  for (size_t i = 0; i < aggregates_.size(); i++) s += (i ? ", " : "") + aggregates_[i].ToString();
  return s + "]";
}

}  // namespace sluice
