#include "exec/result_collector.h"

#include <algorithm>
#include <atomic>

namespace sluice {

void OrderedChunks::SortByBatch() {
  std::stable_sort(chunks.begin(), chunks.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

namespace {

struct CollectorGlobal final : GlobalSinkState {
  std::mutex mutex;
  OrderedChunks ordered;
  ChunkCollection result;
};

struct CollectorLocal final : LocalSinkState {
  OrderedChunks ordered;
};

DataChunk CopyOf(const DataChunk& input) {
  DataChunk copy;
  copy.Initialize(input.types(), std::max<size_t>(input.size(), 1));
  copy.Append(input, 0, input.size());
  return copy;
}

}  // namespace

std::unique_ptr<GlobalSinkState> PhysicalResultCollector::InitGlobalSink(ExecutionContext&) const {
  return std::make_unique<CollectorGlobal>();
}
std::unique_ptr<LocalSinkState> PhysicalResultCollector::InitLocalSink(ExecutionContext&,
                                                                       GlobalSinkState&) const {
  return std::make_unique<CollectorLocal>();
}
void PhysicalResultCollector::Sink(ExecutionContext&, DataChunk& input, GlobalSinkState&,
                                   LocalSinkState& local) const {
  auto& l = static_cast<CollectorLocal&>(local);
  l.ordered.chunks.emplace_back(l.batch_index, CopyOf(input));
}
void PhysicalResultCollector::Combine(ExecutionContext&, GlobalSinkState& global,
                                      LocalSinkState& local) const {
  auto& g = static_cast<CollectorGlobal&>(global);
  auto& l = static_cast<CollectorLocal&>(local);
  std::lock_guard<std::mutex> lock(g.mutex);
  for (auto& c : l.ordered.chunks) g.ordered.chunks.push_back(std::move(c));
}
void PhysicalResultCollector::Finalize(ExecutionContext&, GlobalSinkState& global) const {
  auto& g = static_cast<CollectorGlobal&>(global);
  g.ordered.SortByBatch();
  g.result.SetTypes(types());
  for (auto& [batch, chunk] : g.ordered.chunks) g.result.AppendOwned(std::move(chunk));
  g.ordered.chunks.clear();
}
ChunkCollection PhysicalResultCollector::TakeResult() {
  if (!sink_state) return ChunkCollection(types());
  return std::move(static_cast<CollectorGlobal&>(*sink_state).result);
}

// ---- LIMIT ----

namespace {
struct LimitGlobal final : GlobalSinkState {
  std::mutex mutex;
  OrderedChunks ordered;
  ChunkCollection result;
};
struct LimitLocal final : LocalSinkState {
  OrderedChunks ordered;
  uint64_t current_batch = UINT64_MAX;
  uint64_t rows_in_batch = 0;
};
struct LimitSource final : GlobalSourceState {
  std::atomic<size_t> next{0};
};
}  // namespace

std::unique_ptr<GlobalSinkState> PhysicalLimit::InitGlobalSink(ExecutionContext&) const {
  return std::make_unique<LimitGlobal>();
}
std::unique_ptr<LocalSinkState> PhysicalLimit::InitLocalSink(ExecutionContext&,
                                                             GlobalSinkState&) const {
  return std::make_unique<LimitLocal>();
}
void PhysicalLimit::Sink(ExecutionContext&, DataChunk& input, GlobalSinkState&,
                         LocalSinkState& local) const {
  auto& l = static_cast<LimitLocal&>(local);
  if (l.batch_index != l.current_batch) {
    l.current_batch = l.batch_index;
    l.rows_in_batch = 0;
  }
  uint64_t wanted = limit_ == UINT64_MAX ? UINT64_MAX : limit_ + offset_;
  if (l.rows_in_batch >= wanted) return;  // later rows of this batch can never be needed
  size_t n = static_cast<size_t>(std::min<uint64_t>(input.size(), wanted - l.rows_in_batch));
  DataChunk copy;
  copy.Initialize(input.types(), std::max<size_t>(n, 1));
  copy.Append(input, 0, n);
  l.rows_in_batch += n;
  l.ordered.chunks.emplace_back(l.batch_index, std::move(copy));
}
void PhysicalLimit::Combine(ExecutionContext&, GlobalSinkState& global,
                            LocalSinkState& local) const {
  auto& g = static_cast<LimitGlobal&>(global);
  auto& l = static_cast<LimitLocal&>(local);
  std::lock_guard<std::mutex> lock(g.mutex);
  for (auto& c : l.ordered.chunks) g.ordered.chunks.push_back(std::move(c));
}
void PhysicalLimit::Finalize(ExecutionContext&, GlobalSinkState& global) const {
  auto& g = static_cast<LimitGlobal&>(global);
  g.ordered.SortByBatch();
  g.result.SetTypes(types());
  uint64_t skipped = 0, taken = 0;
  for (auto& [batch, chunk] : g.ordered.chunks) {
    if (taken >= limit_) break;
    uint64_t start = 0;
    if (skipped < offset_) {
      start = std::min<uint64_t>(chunk.size(), offset_ - skipped);
      skipped += start;
    }
    uint64_t n = std::min<uint64_t>(chunk.size() - start, limit_ - taken);
    if (n == 0) continue;
    DataChunk part;
    part.Initialize(types(), static_cast<size_t>(n));
    part.Append(chunk, static_cast<size_t>(start), static_cast<size_t>(n));
    g.result.AppendOwned(std::move(part));
    taken += n;
  }
  g.ordered.chunks.clear();
}
std::unique_ptr<GlobalSourceState> PhysicalLimit::InitGlobalSource(ExecutionContext&) const {
  return std::make_unique<LimitSource>();
}
bool PhysicalLimit::GetData(ExecutionContext&, DataChunk& out, GlobalSourceState& global,
                            LocalSourceState& local) const {
  auto& src = static_cast<LimitSource&>(global);
  auto& g = static_cast<LimitGlobal&>(*sink_state);
  size_t i = src.next.fetch_add(1);
  if (i >= g.result.chunk_count()) return false;
  out.Reference(g.result.chunk(i));
  local.batch_index = i;
  return true;
}
std::string PhysicalLimit::Describe() const {
  std::string s = "LIMIT ";
  s += limit_ == UINT64_MAX ? "ALL" : std::to_string(limit_);
  if (offset_ > 0) s += " OFFSET " + std::to_string(offset_);
  return s;
}

// ---- scan of materialized rows ----

namespace {
struct ChunkScanGlobal final : GlobalSourceState {
  std::atomic<size_t> next{0};
  size_t chunks = 0;
  size_t MaxThreads() const override { return chunks; }
};
}  // namespace

namespace {
std::vector<TypeId> ColumnTypes(const ChunkCollection& data, const std::vector<size_t>& columns) {
  std::vector<TypeId> types;
  for (size_t c : columns) types.push_back(data.types()[c]);
  return types;
}
}  // namespace

PhysicalChunkScan::PhysicalChunkScan(std::shared_ptr<const ChunkCollection> data,
                                     std::vector<size_t> columns, std::string name)
    : PhysicalOperator(PhysicalOperatorKind::kChunkScan, ColumnTypes(*data, columns)),
      data_(std::move(data)),
      columns_(std::move(columns)),
      name_(std::move(name)) {}

std::unique_ptr<GlobalSourceState> PhysicalChunkScan::InitGlobalSource(ExecutionContext&) const {
  auto g = std::make_unique<ChunkScanGlobal>();
  g->chunks = data_->chunk_count();
  return g;
}

bool PhysicalChunkScan::GetData(ExecutionContext&, DataChunk& out, GlobalSourceState& global,
                                LocalSourceState& local) const {
  auto& g = static_cast<ChunkScanGlobal&>(global);
  size_t i = g.next.fetch_add(1);
  if (i >= data_->chunk_count()) return false;
  const DataChunk& source = data_->chunk(i);
  out.columns().resize(columns_.size());
  for (size_t c = 0; c < columns_.size(); c++) out.column(c).Reference(source.column(columns_[c]));
  out.ClearSelection();
  out.SetSize(source.size());
  local.batch_index = i;
  return true;
}

}  // namespace sluice
