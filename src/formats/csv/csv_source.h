// CsvSource — the TableSource behind read_csv(...): binds the options, sniffs the first
// file for dialect, header and types, checks the other files against it, and hands out
// parallel scans (CsvScan).
//
// Thread-safety: schema() and Scan() from one thread; scans are independent.
#pragma once

#include <memory>
#include <string>

#include "formats/csv/csv_scan.h"
#include "formats/options.h"
#include "formats/table_source.h"

namespace sluice {

class CsvSource final : public TableSource {
 public:
  explicit CsvSource(std::shared_ptr<const CsvScanPlan> plan) : plan_(std::move(plan)) {}

  const Schema& schema() const override { return plan_->schema; }
  std::unique_ptr<SourceScan> Scan(const ScanRequest& request) override;
  std::optional<uint64_t> EstimatedRows() const override;
  std::string Describe() const override;

  const CsvScanPlan& plan() const { return *plan_; }

 private:
  std::shared_ptr<const CsvScanPlan> plan_;
};

// The read_csv table function factory.
std::unique_ptr<TableSource> MakeCsvSource(Options& options);

}  // namespace sluice
