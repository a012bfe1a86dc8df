#include "exec/copy_to_file.h"

#include <map>
#include <mutex>

#include "common/error.h"

namespace sluice {
namespace {

struct CopyGlobal final : GlobalSinkState {
  std::mutex mutex;
  std::unique_ptr<TableWriter> writer;
  std::map<uint64_t, std::vector<DataChunk>> ready;  // complete batches not yet written
  std::map<size_t, uint64_t> worker_batches;         // worker -> batch it is working on
  size_t next_worker_id = 0;
  WriterStats stats;
  bool failed = false;

  // Writes complete batches below every worker's current batch, in order.
  void Flush(bool everything) {
    uint64_t bound = UINT64_MAX;
    if (!everything) {
      for (const auto& [w, b] : worker_batches) bound = std::min(bound, b);
    }
    while (!ready.empty() && ready.begin()->first < bound) {
      for (auto& chunk : ready.begin()->second) writer->Write(chunk);
      ready.erase(ready.begin());
    }
  }
};

struct CopyLocal final : LocalSinkState {
  size_t worker_id = 0;
  uint64_t current_batch = UINT64_MAX;
  std::vector<DataChunk> pending;
};

void HandOver(CopyGlobal& g, CopyLocal& l, uint64_t next_batch) {
  std::lock_guard<std::mutex> lock(g.mutex);
  if (!l.pending.empty()) {
    auto& slot = g.ready[l.current_batch];
    for (auto& c : l.pending) slot.push_back(std::move(c));
    l.pending.clear();
  }
  if (next_batch == UINT64_MAX) {
    g.worker_batches.erase(l.worker_id);
  } else {
    g.worker_batches[l.worker_id] = next_batch;
  }
  try {
    if (!g.failed) g.Flush(false);
  } catch (...) {
    g.failed = true;
    throw;
  }
}

}  // namespace

PhysicalCopyToFile::PhysicalCopyToFile(std::vector<TypeId> types, std::string path,
                                       std::string format,
                                       std::function<std::unique_ptr<TableWriter>()> make_writer)
    : PhysicalOperator(PhysicalOperatorKind::kCopyToFile, std::move(types)),
      path_(std::move(path)),
      format_(std::move(format)),
      make_writer_(std::move(make_writer)) {}

std::unique_ptr<GlobalSinkState> PhysicalCopyToFile::InitGlobalSink(ExecutionContext&) const {
  auto g = std::make_unique<CopyGlobal>();
  g->writer = make_writer_();
  return g;
}

std::unique_ptr<LocalSinkState> PhysicalCopyToFile::InitLocalSink(ExecutionContext&,
                                                                  GlobalSinkState& global) const {
  auto& g = static_cast<CopyGlobal&>(global);
  auto l = std::make_unique<CopyLocal>();
  std::lock_guard<std::mutex> lock(g.mutex);
  l->worker_id = g.next_worker_id++;
  g.worker_batches[l->worker_id] = 0;
  return l;
}

void PhysicalCopyToFile::Sink(ExecutionContext&, DataChunk& input, GlobalSinkState& global,
                              LocalSinkState& local) const {
  auto& g = static_cast<CopyGlobal&>(global);
  auto& l = static_cast<CopyLocal&>(local);
  if (l.batch_index != l.current_batch) {
    HandOver(g, l, l.batch_index);
    l.current_batch = l.batch_index;
  }
  DataChunk copy;
  copy.Initialize(input.types(), std::max<size_t>(input.size(), 1));
  copy.Append(input, 0, input.size());
  l.pending.push_back(std::move(copy));
}

void PhysicalCopyToFile::Combine(ExecutionContext&, GlobalSinkState& global,
                                 LocalSinkState& local) const {
  HandOver(static_cast<CopyGlobal&>(global), static_cast<CopyLocal&>(local), UINT64_MAX);
}

void PhysicalCopyToFile::Finalize(ExecutionContext&, GlobalSinkState& global) const {
  auto& g = static_cast<CopyGlobal&>(global);
  g.Flush(true);
  g.stats = g.writer->Close();
}

WriterStats PhysicalCopyToFile::stats() const {
  if (!sink_state) return {};
  return static_cast<CopyGlobal&>(*sink_state).stats;
}

std::string PhysicalCopyToFile::Describe() const {
  return "COPY_TO_FILE " + path_ + " (FORMAT " + format_ + ")";
}

}  // namespace sluice
