#include "exec/window.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>

#include "common/error.h"
#include "common/thread_pool.h"
#include "exec/window_call.h"
#include "exec/window_evaluator.h"
#include "exec/window_plan.h"
#include "exec/window_rows.h"
#include "exec/window_sort.h"
#include "expr/expression_executor.h"

namespace sluice {
namespace {

std::vector<TypeId> OutputTypes(const std::vector<TypeId>& input,
                                const std::vector<WindowCall>& calls) {
  std::vector<TypeId> types = input;
  for (const auto& c : calls) types.push_back(c.type);
  return types;
}

struct StoredChunk {
  uint64_t batch = 0;
  uint64_t sequence = 0;  // arrival order within the worker
  uint32_t id = 0;        // sink-time chunk id, the chunk part of entry refs
  DataChunk chunk;
};

struct WindowLocal final : LocalSinkState {
  ExpressionExecutor executor;
  std::shared_ptr<StringArena> strings = std::make_shared<StringArena>();
  std::vector<StoredChunk> chunks;
  std::vector<std::vector<WindowEntryBuffer>> buckets;  // [group][bucket]
  WindowEncodeScratch scratch;
};

struct WindowGlobal final : GlobalSinkState {
  std::mutex mutex;
  std::atomic<uint32_t> next_chunk_id{0};
  std::vector<StoredChunk> chunks;
  std::vector<std::vector<std::vector<WindowEntryBuffer>>> buckets;  // [worker][group][bucket]
  WindowRows rows;
  std::vector<std::unique_ptr<WindowResultColumn>> results;  // per call
};

// A copy of `source`'s logical rows [0, n) (through `sel`) that the sink may keep: fixed-width
// buffers are shared when no selection applies, strings are copied into `strings`.
Vector StoreColumn(const Vector& source, const sel_t* sel, size_t n,
                   const std::shared_ptr<StringArena>& strings) {
  bool is_string = source.type() == TypeId::kVarchar;
  if (!is_string && (sel == nullptr || source.is_constant())) return source;
  size_t rows = source.is_constant() ? 1 : n;
  Vector out(source.type(), std::max<size_t>(rows, 1));
  ColumnView view(source, source.is_constant() ? nullptr : sel);
  size_t width = PhysicalSize(source.type());
  for (size_t i = 0; i < rows; i++) {
    if (!view.IsValid(i)) {
      out.SetNull(i);
      if (is_string) out.data<StringRef>()[i] = StringRef("", 0);
      continue;
    }
    if (is_string) {
      out.data<StringRef>()[i] = strings->Add(view.Get<StringRef>(i).view());
    } else if (width > 0) {
      std::memcpy(out.raw_data() + i * width, view.data + view.Index(i) * width, width);
    }
  }
  if (is_string) out.arena().Pin(strings);
  out.SetConstant(source.is_constant());
  return out;
}

bool SameKeys(const WindowCall& a, const WindowCall& b) {
  if (a.partition_by.size() != b.partition_by.size() || a.order_by.size() != b.order_by.size()) {
    return false;
  }
  for (size_t i = 0; i < a.partition_by.size(); i++) {
    if (!a.partition_by[i]->Equals(*b.partition_by[i])) return false;
  }
  for (size_t i = 0; i < a.order_by.size(); i++) {
    const SortKey& x = a.order_by[i];
    const SortKey& y = b.order_by[i];
    if (!x.expression->Equals(*y.expression) || x.descending != y.descending ||
        x.nulls_first != y.nulls_first) {
      return false;
    }
  }
  return true;
}

}  // namespace

PhysicalWindow::PhysicalWindow(std::vector<TypeId> input_types, std::vector<WindowCall> calls)
    : PhysicalOperator(PhysicalOperatorKind::kWindow, OutputTypes(input_types, calls)),
      input_types_(std::move(input_types)),
      calls_(std::move(calls)),
      plan_(std::make_unique<Plan>()) {
  for (const auto& call : calls_) ValidateWindowCall(call);
  Plan& plan = *plan_;
  plan.stored_types = input_types_;
  auto stored_column = [&](const Expr& e) -> size_t {
    if (e.kind == ExprKind::kColumnRef) {
      if (e.column_index >= input_types_.size() || input_types_[e.column_index] != e.type) {
        throw Error::Internal("window: column reference {} does not match the input", e.ToString());
      }
      return e.column_index;
    }
    for (size_t i = 0; i < plan.evaluated.size(); i++) {
      if (plan.evaluated[i]->Equals(e)) return input_types_.size() + i;
    }
    plan.evaluated.push_back(&e);
    plan.stored_types.push_back(e.type);
    return plan.stored_types.size() - 1;
  };
  for (size_t c = 0; c < calls_.size(); c++) {
    const WindowCall& call = calls_[c];
    std::vector<size_t> args;
    for (const auto& a : call.arguments) args.push_back(stored_column(*a));
    plan.call_arguments.push_back(std::move(args));
    size_t g = 0;
    while (g < plan.groups.size() && !SameKeys(calls_[plan.groups[g].calls[0]], call)) g++;
    if (g == plan.groups.size()) {
      WindowSpecGroup group;
      for (const auto& p : call.partition_by) {
        group.partition.push_back(WindowKey{stored_column(*p), p->type, false, false});
      }
      for (const auto& o : call.order_by) {
        group.order.push_back(WindowKey{stored_column(*o.expression), o.expression->type,
                                        o.descending, o.nulls_first});
      }
      PlanWindowEntries(group);
      plan.groups.push_back(std::move(group));
    }
    plan.groups[g].calls.push_back(c);
    plan.call_group.push_back(g);
  }
}

PhysicalWindow::~PhysicalWindow() {
  sink_state.reset();
}

std::unique_ptr<GlobalSinkState> PhysicalWindow::InitGlobalSink(ExecutionContext&) const {
  return std::make_unique<WindowGlobal>();
}

std::unique_ptr<LocalSinkState> PhysicalWindow::InitLocalSink(ExecutionContext&,
                                                              GlobalSinkState&) const {
  auto local = std::make_unique<WindowLocal>();
  for (const Expr* e : plan_->evaluated) local->executor.AddExpression(e);
  for (const auto& group : plan_->groups) {
    size_t buckets = group.partition.empty() ? 1 : kBuckets;
    std::vector<WindowEntryBuffer> group_buckets;
    group_buckets.reserve(buckets);
    for (size_t b = 0; b < buckets; b++) group_buckets.emplace_back(group.entry_words());
    local->buckets.push_back(std::move(group_buckets));
  }
  return local;
}

void PhysicalWindow::Sink(ExecutionContext&, DataChunk& input, GlobalSinkState& global,
                          LocalSinkState& local_state) const {
  auto& g = static_cast<WindowGlobal&>(global);
  auto& local = static_cast<WindowLocal&>(local_state);
  size_t n = input.size();
  if (n == 0) return;
  StoredChunk stored;
  stored.batch = local.batch_index;
  stored.sequence = local.chunks.size();
  stored.id = g.next_chunk_id.fetch_add(1);
  if (stored.id == UINT32_MAX) throw Error::NotSupported("window: more than 2^32 input chunks");
  std::vector<Vector>& columns = stored.chunk.columns();
  for (size_t c = 0; c < input_types_.size(); c++) {
    columns.push_back(StoreColumn(input.column(c), input.sel(), n, local.strings));
  }
  for (size_t e = 0; e < plan_->evaluated.size(); e++) {
    Vector result;
    local.executor.Execute(input, e, result);
    columns.push_back(StoreColumn(result, nullptr, n, local.strings));
  }
  stored.chunk.SetSize(n);
  for (size_t gi = 0; gi < plan_->groups.size(); gi++) {
    const WindowSpecGroup& group = plan_->groups[gi];
    size_t bits = group.partition.empty() ? 0 : kBucketBits;
    AppendWindowEntries(group, stored.chunk, stored.id, bits, local.scratch, local.buckets[gi]);
  }
  local.chunks.push_back(std::move(stored));
}

void PhysicalWindow::Combine(ExecutionContext&, GlobalSinkState& global,
                             LocalSinkState& local_state) const {
  auto& g = static_cast<WindowGlobal&>(global);
  auto& local = static_cast<WindowLocal&>(local_state);
  std::lock_guard<std::mutex> lock(g.mutex);
  for (auto& c : local.chunks) g.chunks.push_back(std::move(c));
  local.chunks.clear();
  g.buckets.push_back(std::move(local.buckets));
}

void PhysicalWindow::Finalize(ExecutionContext& context, GlobalSinkState& global) const {
  auto& g = static_cast<WindowGlobal&>(global);
  // Input order: by batch, then arrival within the worker that read the batch.
  std::sort(g.chunks.begin(), g.chunks.end(), [](const StoredChunk& a, const StoredChunk& b) {
    return a.batch != b.batch ? a.batch < b.batch : a.sequence < b.sequence;
  });
  std::vector<uint32_t> chunk_rank(g.next_chunk_id.load(), 0);
  WindowRows& rows = g.rows;
  for (size_t i = 0; i < g.chunks.size(); i++) {
    chunk_rank[g.chunks[i].id] = static_cast<uint32_t>(i);
    rows.chunk_start.push_back(rows.row_count);
    rows.row_count += g.chunks[i].chunk.size();
    rows.chunks.push_back(std::move(g.chunks[i].chunk));
  }
  g.chunks.clear();
  for (const auto& call : calls_) {
    g.results.push_back(
        std::make_unique<WindowResultColumn>(call.type, WindowCallNullable(call), rows.row_count));
  }
  for (size_t gi = 0; gi < plan_->groups.size(); gi++) {
    const WindowSpecGroup& group = plan_->groups[gi];
    size_t buckets = group.partition.empty() ? 1 : kBuckets;
    auto parts_of = [&](size_t bucket) {
      std::vector<WindowEntryBuffer*> parts;
      for (auto& worker : g.buckets) parts.push_back(&worker[gi][bucket]);
      return parts;
    };
    if (buckets == 1) {
      WindowSortedRows sorted =
          SortWindowBucket(group, rows, parts_of(0), chunk_rank, context.pool);
      WindowEvaluator evaluator(calls_, *plan_, group, rows, g.results);
      evaluator.Evaluate(sorted);
      continue;
    }
    // A bucket holding a large share of the rows (few, skewed partitions) is sorted with
    // the whole pool afterwards instead of by one task.
    std::vector<uint8_t> large(buckets, 0);
    for (size_t b = 0; b < buckets && context.pool != nullptr; b++) {
      size_t count = 0;
      for (auto* part : parts_of(b)) count += part->count();
      large[b] = count >= 65536 && count * 4 >= rows.row_count ? 1 : 0;
    }
    auto evaluate_bucket = [&](size_t bucket, ThreadPool* sort_pool) {
      WindowSortedRows sorted =
          SortWindowBucket(group, rows, parts_of(bucket), chunk_rank, sort_pool);
      if (sorted.refs.empty()) return;
      WindowEvaluator evaluator(calls_, *plan_, group, rows, g.results);
      evaluator.Evaluate(sorted);
    };
    if (context.pool == nullptr) {
      for (size_t b = 0; b < buckets; b++) evaluate_bucket(b, nullptr);
      continue;
    }
    context.pool->ParallelFor(buckets, [&](size_t bucket, size_t) {
      if (!large[bucket]) evaluate_bucket(bucket, nullptr);
    });
    for (size_t b = 0; b < buckets; b++) {
      if (large[b]) evaluate_bucket(b, context.pool);
    }
  }
  g.buckets.clear();
}

namespace {

struct WindowSource final : GlobalSourceState {
  std::atomic<size_t> next{0};
  size_t chunks = 0;
  size_t MaxThreads() const override { return chunks; }
};

Vector ResultSlice(const WindowResultColumn& result, uint64_t first, size_t n) {
  Vector out(result.type(), std::max<size_t>(n, 1));
  size_t width = result.width();
  std::memcpy(out.raw_data(), result.data() + first * width, n * width);
  if (result.nullable()) {
    for (size_t i = 0; i < n; i++) {
      if (!result.IsValid(first + i)) {
        out.SetNull(i);
        if (result.type() == TypeId::kVarchar) out.data<StringRef>()[i] = StringRef("", 0);
      }
    }
  }
  if (result.type() == TypeId::kVarchar) {
    StringRef* strings = out.data<StringRef>();
    for (size_t i = 0; i < n; i++) {
      if (out.IsValid(i)) strings[i] = out.AddString(strings[i].view());
    }
  }
  return out;
}

}  // namespace

std::unique_ptr<GlobalSourceState> PhysicalWindow::InitGlobalSource(ExecutionContext&) const {
  auto source = std::make_unique<WindowSource>();
  source->chunks = static_cast<WindowGlobal&>(*sink_state).rows.chunks.size();
  return source;
}

bool PhysicalWindow::GetData(ExecutionContext&, DataChunk& out, GlobalSourceState& global,
                             LocalSourceState& local) const {
  auto& source = static_cast<WindowSource&>(global);
  auto& g = static_cast<WindowGlobal&>(*sink_state);
  size_t i = source.next.fetch_add(1);
  if (i >= source.chunks) return false;
  const DataChunk& stored = g.rows.chunks[i];
  size_t n = stored.size();
  out.columns().resize(types().size());
  for (size_t c = 0; c < input_types_.size(); c++) out.column(c).Reference(stored.column(c));
  for (size_t k = 0; k < calls_.size(); k++) {
    out.column(input_types_.size() + k) = ResultSlice(*g.results[k], g.rows.chunk_start[i], n);
  }
  out.ClearSelection();
  out.SetSize(n);
  local.batch_index = i;
  return true;
}

std::string PhysicalWindow::Describe() const {
  std::string s = "WINDOW [";
  for (size_t i = 0; i < calls_.size(); i++) {
    s += (i ? ", " : "") + calls_[i].ToString();
    if (!calls_[i].name.empty()) s += " AS " + calls_[i].name;
  }
  return s + "]";
}

}  // namespace sluice
