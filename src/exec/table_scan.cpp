#include "exec/table_scan.h"

#include <mutex>

namespace sluice {
namespace {

struct ScanGlobal final : GlobalSourceState {
  std::unique_ptr<SourceScan> scan;
  ExecutionContext* context = nullptr;
  std::mutex mutex;
  bool rejected_reported = false;
  size_t MaxThreads() const override { return scan->MaxThreads(); }
  double Progress() const override { return scan->Progress(); }
};

struct ScanLocal final : LocalSourceState {
  std::unique_ptr<SourceLocalState> source_local;
};

}  // namespace

std::unique_ptr<GlobalSourceState> PhysicalTableScan::InitGlobalSource(
    ExecutionContext& context) const {
  auto g = std::make_unique<ScanGlobal>();
  g->scan = source_->Scan(request_);
  g->context = &context;
  return g;
}

std::unique_ptr<LocalSourceState> PhysicalTableScan::InitLocalSource(
    ExecutionContext&, GlobalSourceState& global) const {
  auto l = std::make_unique<ScanLocal>();
  l->source_local = static_cast<ScanGlobal&>(global).scan->InitLocal();
  return l;
}

bool PhysicalTableScan::GetData(ExecutionContext& context, DataChunk& out,
                                GlobalSourceState& global, LocalSourceState& local) const {
  auto& g = static_cast<ScanGlobal&>(global);
  auto& l = static_cast<ScanLocal&>(local);
  bool more = g.scan->Next(*l.source_local, out);
  l.batch_index = l.source_local->batch_index;
  if (!more) {
    std::lock_guard<std::mutex> lock(g.mutex);
    if (!g.rejected_reported) {
      // Every worker reaches the end; the count is final once the scan is exhausted, but
      // report it once per scan (the first worker to finish may still see a partial count,
      // so the count is re-read at Describe time by the session via context).
      g.rejected_reported = true;
    }
    uint64_t rejected = g.scan->RowsRejected();
    if (rejected > context.rows_rejected) context.rows_rejected = rejected;
  }
  return more;
}

std::string PhysicalTableScan::Describe() const {
  std::string s = "SCAN " + source_->Describe();
  const Schema& schema = source_->schema();
  s += " columns=[";
  for (size_t i = 0; i < request_.columns.size(); i++) {
    size_t c = request_.columns[i];
    s += (i ? ", " : "") + (c < schema.size() ? schema[c].name : "?");
  }
  s += "]";
  if (!request_.filters.empty()) s += " filters=" + std::to_string(request_.filters.size());
  return s;
}

}  // namespace sluice
