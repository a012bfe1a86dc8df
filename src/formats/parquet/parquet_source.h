// ParquetSource — the read_parquet table function: one or more Parquet files (a path, a
// glob or a list) scanned as one table.
//
//   read_parquet('orders.parquet')
//   read_parquet('lake/orders/*/*.parquet', hive_partitioning=true, filename=true)
//
// Schema: the union of the files' columns by name, in first-seen order (a file lacking
// a column yields NULLs; the same name with two types is an error naming both files),
// then the hive partition columns (key=value directories, typed by inference: BIGINT,
// DOUBLE, DATE, TIMESTAMP, else VARCHAR), then
// `filename` when asked for.
//
// Morsels are row groups, numbered in file order. Scan() prunes files by filters on
// partition columns and row groups by min/max statistics, and reads only the requested
// column chunks.
//
// Thread-safety: as TableSource: Scan from one thread; the scan's Next concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formats/parquet/parquet_file.h"
#include "formats/table_source.h"

namespace sluice::parquet {

class ParquetSource final : public TableSource {
 public:
  static std::unique_ptr<TableSource> Make(Options& options);

  const Schema& schema() const override { return schema_; }
  std::unique_ptr<SourceScan> Scan(const ScanRequest& request) override;
  std::optional<uint64_t> EstimatedRows() const override { return total_rows_; }
  std::string Describe() const override;

  struct FileEntry {
    std::shared_ptr<ParquetFile> file;
    std::vector<int> leaf_of_column;      // per file column of schema_: leaf index or -1
    std::vector<Value> partition_values;  // per partition column
  };

 private:
  void AddFiles(const std::vector<std::string>& paths);
  void AddPartitionColumns(std::optional<bool> hive_partitioning);
  bool FileMayMatch(const FileEntry& file, const std::vector<ColumnFilter>& filters) const;
  bool RowGroupMayMatch(const FileEntry& file, size_t row_group,
                        const std::vector<ColumnFilter>& filters) const;

  Schema schema_;
  size_t file_columns_ = 0;       // schema_[0, file_columns_) come from the files
  size_t partition_columns_ = 0;  // then the partition columns
  bool filename_ = false;         // then `filename`
  std::vector<FileEntry> files_;
  uint64_t total_rows_ = 0;
  std::string description_;
};

}  // namespace sluice::parquet
