// LakeFileWriter — writes rows into new, uniquely named Parquet files under a table's
// location, one writer per partition:
//
//   <location>/part-<run_id>-<token>-<n>.parquet                      (unpartitioned)
//   <location>/order_date=2024-01-01/part-<run_id>-<token>-<n>.parquet (partition_by)
//
// `token` is random per LakeFileWriter, so a retried run never overwrites files that an
// earlier attempt (or another writer) may have committed. Partition columns are kept
// inside the files as well as in the directory names: the files alone carry the exact
// types, and readers need no type inference from paths. Paths are escaped as Hive does
// (formats/parquet/hive_partitioning.h).
//
// The files are not part of any table until the caller commits them to the catalog; on
// error the caller abandons them and Vacuum deletes them later.
//
// Thread-safety: one caller at a time.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/table_metadata.h"
#include "formats/table_writer.h"

namespace sluice::lake {

class LakeFileWriter {
 public:
  // `partition_by` are names of columns of `schema`. `max_open_files` bounds the writers
  // open at once; the least recently used is finished when another partition needs one.
  LakeFileWriter(std::string location, Schema schema, const std::vector<std::string>& partition_by,
                 std::string run_id, size_t max_open_files = 32);

  void Write(DataChunk& chunk);
  // Finishes every file; returns them with paths relative to the location, sorted.
  std::vector<catalog::DataFile> Close();

  const Schema& schema() const { return schema_; }
  // Partition value tuples written so far, each as stored in DataFile::partition.
  std::vector<catalog::PartitionValues> PartitionsWritten() const;

 private:
  struct Partition {
    std::string dir;  // relative: "" or "a=1/b=x"
    catalog::PartitionValues values;
    std::unique_ptr<TableWriter> writer;
    std::string current_file;  // relative path of the open file
    uint64_t last_use = 0;
  };

  void WritePartition(Partition& partition, DataChunk& rows);
  void Finish(Partition& partition);

  std::string location_;
  Schema schema_;
  std::vector<size_t> partition_columns_;
  std::string file_prefix_;  // "part-<run_id>-<token>-"
  size_t max_open_files_;
  std::map<std::string, Partition> partitions_;
  size_t open_files_ = 0;
  size_t next_file_ = 0;
  uint64_t clock_ = 0;
  std::vector<catalog::DataFile> files_;
};

}  // namespace sluice::lake
