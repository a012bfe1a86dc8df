// PhysicalTableScan — the source operator over any TableSource (files, in-memory tables).
// Columns and pushed-down filters are fixed at planning time; morsels come from the
// source's own scan, so all workers share one SourceScan.
//
// Thread-safety: see PhysicalOperator.
#pragma once

#include <memory>

#include "exec/physical_operator.h"
#include "formats/table_source.h"

namespace sluice {

class PhysicalTableScan final : public PhysicalOperator {
 public:
  PhysicalTableScan(std::shared_ptr<TableSource> source, ScanRequest request,
                    std::vector<TypeId> types)
      : PhysicalOperator(PhysicalOperatorKind::kTableScan, std::move(types)),
        source_(std::move(source)),
        request_(std::move(request)) {}

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> InitGlobalSource(ExecutionContext& context) const override;
  std::unique_ptr<LocalSourceState> InitLocalSource(ExecutionContext& context,
                                                    GlobalSourceState& global) const override;
  bool GetData(ExecutionContext& context, DataChunk& out, GlobalSourceState& global,
               LocalSourceState& local) const override;
  std::string Describe() const override;

 private:
  std::shared_ptr<TableSource> source_;
  ScanRequest request_;
};

}  // namespace sluice
