// PhysicalResultCollector — the sink at the root of a SELECT: gathers the result rows in
// input order (by batch index) into a ChunkCollection.
// PhysicalLimit — LIMIT/OFFSET: an order-preserving sink keeping at most offset+limit rows
// per batch, then a source emitting rows [offset, offset+limit) in order.
// PhysicalChunkScan — the source over a materialized ChunkCollection (in-session tables,
// VALUES), one morsel per chunk.
//
// Thread-safety: see PhysicalOperator; sinks lock their global state in Combine.
#pragma once

#include <memory>
#include <mutex>

#include "exec/chunk_collection.h"
#include "exec/physical_operator.h"

namespace sluice {

// Chunks tagged with the batch they came from; sorted by batch at Finalize.
struct OrderedChunks {
  std::vector<std::pair<uint64_t, DataChunk>> chunks;
  void SortByBatch();
};

class PhysicalResultCollector final : public PhysicalOperator {
 public:
  explicit PhysicalResultCollector(std::vector<TypeId> types)
      : PhysicalOperator(PhysicalOperatorKind::kResultCollector, std::move(types)) {}
  bool IsSink() const override { return true; }
  bool SinkPreservesOrder() const override { return true; }
  std::unique_ptr<GlobalSinkState> InitGlobalSink(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> InitLocalSink(ExecutionContext& context,
                                                GlobalSinkState& global) const override;
  void Sink(ExecutionContext& context, DataChunk& input, GlobalSinkState& global,
            LocalSinkState& local) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;
  std::string Describe() const override { return "RESULT_COLLECTOR"; }

  // After execution: the rows.
  ChunkCollection TakeResult();
};

class PhysicalLimit final : public PhysicalOperator {
 public:
  PhysicalLimit(std::vector<TypeId> types, uint64_t limit, uint64_t offset)
      : PhysicalOperator(PhysicalOperatorKind::kLimit, std::move(types)),
        limit_(limit),
        offset_(offset) {}
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  bool SinkPreservesOrder() const override { return true; }
  std::unique_ptr<GlobalSinkState> InitGlobalSink(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> InitLocalSink(ExecutionContext& context,
                                                GlobalSinkState& global) const override;
  void Sink(ExecutionContext& context, DataChunk& input, GlobalSinkState& global,
            LocalSinkState& local) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;
  std::unique_ptr<GlobalSourceState> InitGlobalSource(ExecutionContext& context) const override;
  bool GetData(ExecutionContext& context, DataChunk& out, GlobalSourceState& global,
               LocalSourceState& local) const override;
  std::string Describe() const override;

 private:
  uint64_t limit_;
  uint64_t offset_;
};

class PhysicalChunkScan final : public PhysicalOperator {
 public:
  PhysicalChunkScan(std::shared_ptr<const ChunkCollection> data, std::vector<size_t> columns,
                    std::string name);
  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> InitGlobalSource(ExecutionContext& context) const override;
  bool GetData(ExecutionContext& context, DataChunk& out, GlobalSourceState& global,
               LocalSourceState& local) const override;
  std::string Describe() const override { return "SCAN " + name_; }

 private:
  std::shared_ptr<const ChunkCollection> data_;
  std::vector<size_t> columns_;
  std::string name_;
};

}  // namespace sluice
