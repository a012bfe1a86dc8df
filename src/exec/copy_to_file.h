// PhysicalCopyToFile — the sink of COPY (query) TO 'path' (FORMAT ...): feeds a
// TableWriter with the rows in input order.
//
// Workers hand over whole batches (morsels) when they move on to the next one; batches
// are written as soon as every earlier batch has been written, so memory stays bounded
// by the batches in flight, not by the result. The writer itself is called by one thread
// at a time, under the global lock.
//
// Thread-safety: see PhysicalOperator.
#pragma once

#include <memory>
#include <string>

#include "exec/physical_operator.h"
#include "formats/options.h"
#include "formats/table_writer.h"

namespace sluice {

class PhysicalCopyToFile final : public PhysicalOperator {
 public:
  // `make_writer` opens the writer (called once, at InitGlobalSink).
  PhysicalCopyToFile(std::vector<TypeId> types, std::string path, std::string format,
                     std::function<std::unique_ptr<TableWriter>()> make_writer);
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
  std::string Describe() const override;

  // After execution.
  WriterStats stats() const;

 private:
  std::string path_;
  std::string format_;
  std::function<std::unique_ptr<TableWriter>()> make_writer_;
};

}  // namespace sluice
