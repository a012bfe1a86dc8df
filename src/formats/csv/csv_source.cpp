#include "formats/csv/csv_source.h"

#include <algorithm>

#include "common/error.h"
#include "formats/csv/csv_read_options.h"
#include "formats/csv/csv_sniffer.h"
#include "storage/file_system.h"

namespace sluice {

std::unique_ptr<SourceScan> CsvSource::Scan(const ScanRequest& request) {
  return std::make_unique<CsvScan>(plan_, request);
}

std::optional<uint64_t> CsvSource::EstimatedRows() const {
  // No exact count without reading: bytes over the sample's bytes per row.
  uint64_t bytes = 0;
  for (const auto& f : plan_->files)
    bytes += f.layout.size - std::min(f.layout.size, f.layout.data_start);
  return static_cast<uint64_t>(static_cast<double>(bytes) / std::max(plan_->bytes_per_row, 1.0));
}

std::string CsvSource::Describe() const {
  std::string out = "read_csv(" + (plan_->files.empty() ? std::string() : plan_->files[0].path);
  if (plan_->files.size() > 1) out += fmt::format(" and {} more files", plan_->files.size() - 1);
  return out + ")";
}

std::unique_ptr<TableSource> MakeCsvSource(Options& options) {
  if (options.context().empty()) options.SetContext("read_csv");
  std::vector<std::string> paths = ExpandPaths(options, "read_csv");
  if (options.positional().size() > 1) {
    throw Error::UserInput("read_csv: expects one path, glob or list of paths, got {} arguments",
                           options.positional().size());
  }
  CsvReadOptions read_options = TakeCsvReadOptions(options);
  auto plan = std::make_shared<CsvScanPlan>();
  {
    auto first = FileSystem::For(paths[0]).OpenForRead(paths[0]);
    CsvSniffResult sniff = SniffCsv(*first, read_options);
    plan->dialect = sniff.dialect;
    plan->schema = sniff.schema;
    plan->file_columns = sniff.schema.size();
    plan->bytes_per_row = sniff.bytes_per_row;
    plan->files.push_back({paths[0], sniff.layout});
    for (size_t i = 1; i < paths.size(); i++) {
      auto file = FileSystem::For(paths[i]).OpenForRead(paths[i]);
      plan->files.push_back({paths[i], LocateCsvRows(*file, sniff.dialect, sniff.header,
                                                     read_options.skip, plan->file_columns)});
    }
  }
  if (read_options.filename) {
    for (const auto& field : plan->schema) {
      if (field.name == "filename") {
        throw Error::UserInput(
            "read_csv: {}: filename=true but the file already has a column "
            "named 'filename'",
            paths[0]);
      }
    }
    plan->schema.push_back({"filename", TypeId::kVarchar});
  }
  plan->ignore_errors = read_options.ignore_errors;
  plan->morsel_bytes =
      static_cast<uint64_t>(std::min<int64_t>(read_options.buffer_size, 256 << 20));
  return std::make_unique<CsvSource>(std::move(plan));
}

}  // namespace sluice
