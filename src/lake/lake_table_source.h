// LakeTableSource — a lake table as a TableSource: the files of one snapshot (the latest,
// or VERSION AS OF n) scanned as one table with the schema of that snapshot.
//
//   auto source = LakeTableSource::Open(catalog, TableName::Parse("sales.orders"));
//   auto old = LakeTableSource::Open(catalog, name, /*snapshot=*/3);
//
// The files are read by the Parquet reader (the read_parquet factory). Files written under
// different schema versions are grouped by their own schema, each group is one Parquet
// scan, and chunks are adapted to the snapshot's schema (ChunkSchemaAdapter: widening,
// NULLs for columns a file lacks). Partition columns are stored inside the files (see
// lake_table_writer.h), so the reader takes their exact types from the files rather than
// inferring them from directory names; partition pruning happens through the row group
// statistics of those columns.
//
// Morsels: group g's morsel m is batch (g << 40) | m, so input order is group order, then
// file order within a group.
//
// Thread-safety: as TableSource.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "formats/table_source.h"

namespace sluice::lake {

class LakeTableSource final : public TableSource {
 public:
  // Throws user_input naming the table when it or the snapshot does not exist.
  static std::unique_ptr<LakeTableSource> Open(catalog::Catalog& catalog,
                                               const catalog::TableName& table,
                                               std::optional<int64_t> snapshot_id = std::nullopt);

  const Schema& schema() const override { return schema_; }
  std::unique_ptr<SourceScan> Scan(const ScanRequest& request) override;
  std::optional<uint64_t> EstimatedRows() const override { return rows_; }
  std::string Describe() const override { return description_; }

  int64_t snapshot_id() const { return snapshot_id_; }
  // Absolute paths of the snapshot's files, in path order.
  const std::vector<std::string>& files() const { return files_; }

  struct FileGroup {
    Schema file_schema;
    std::unique_ptr<TableSource> parquet;  // read_parquet over the group's files
  };

 private:
  LakeTableSource() = default;

  Schema schema_;
  int64_t snapshot_id_ = 0;
  uint64_t rows_ = 0;
  std::string description_;
  std::vector<std::string> files_;
  std::vector<FileGroup> groups_;
};

// `location/relative`, with exactly one '/' between them.
std::string JoinPath(const std::string& location, const std::string& relative);

}  // namespace sluice::lake
