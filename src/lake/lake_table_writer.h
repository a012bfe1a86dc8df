// LakeTableWriter — writes rows into a lake table and publishes them as one new snapshot.
//
//   LakeWriteOptions options;
//   options.mode = SnapshotOperation::kAppend;
//   options.run_id = run.run_id;
//   auto writer = LakeTableWriter::Open(catalog, "./lake", TableName::Parse("sales.orders"),
//                                       schema, options);
//   writer->Write(chunk); ...
//   writer->Close();  // files complete, then one catalog transaction: snapshot N+1
//
// Rows go to new files (LakeFileWriter) under the table location, `<lake>/<db>/<table>/`
// for a table created here. Nothing is visible until Close() commits them with
// Catalog::CommitSnapshot against the snapshot current at Open(); a failure in between
// leaves only unreferenced files, which Vacuum deletes.
//
// Modes:
//   append                new files are added to the current ones;
//   overwrite             the snapshot consists of the new files only;
//   overwrite_partitions  files of the partitions written are replaced, others kept (an
//                         unpartitioned table is overwritten);
//   merge (merge_keys)    rows of the current snapshot whose key appears in the new data
//                         are replaced by the new rows; the whole table is rewritten into
//                         new files (simple and correct; incremental merge comes later).
//                         A key twice in the new data is a user_input error.
// On a commit conflict, append re-commits the same files on the new snapshot (appends
// do not depend on what they read); other modes throw the retryable conflict to the
// caller, who reruns the write.
//
// Thread-safety: one caller at a time (TableWriter's contract).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "formats/table_writer.h"
#include "lake/lake_file_writer.h"

namespace sluice::lake {

struct LakeWriteOptions {
  catalog::SnapshotOperation mode = catalog::SnapshotOperation::kAppend;
  // For a new table: its partition columns. For an existing table: empty, or equal to
  // the table's.
  std::vector<std::string> partition_by;
  std::vector<std::string> merge_keys;  // mode merge only
  std::string run_id;                   // recorded in the snapshot and file names; required
  std::string summary_json;             // extra snapshot summary (a JSON object), optional
  // Checkpoint entries committed in the same catalog transaction as the snapshot.
  std::vector<catalog::CheckpointEntry> checkpoints;
  // Fault injection for tests: called after every file is complete and before the commit.
  std::function<void()> before_commit;
  int max_append_retries = 5;
};

class LakeTableWriter final : public TableWriter {
 public:
  // Creates the table (and database) if missing, with location `<lake_root>/<db>/<table>`.
  static std::unique_ptr<LakeTableWriter> Open(catalog::Catalog& catalog,
                                               const std::string& lake_root,
                                               const catalog::TableName& table,
                                               const Schema& schema, LakeWriteOptions options);

  void Write(DataChunk& chunk) override;
  // Writes already materialized rows with up to `workers` file writers at once (each
  // worker a contiguous share of the chunks, in files of its own); the same as calling
  // Write for every chunk, only faster. Merge mode writes them serially.
  void WriteAll(const std::vector<const DataChunk*>& chunks, size_t workers);
  // Finishes the files and commits them. Stats count the rows written in this call's
  // files (for merge: the whole rewritten table).
  WriterStats Close() override;

  // The snapshot Close() committed.
  const catalog::Snapshot& committed() const { return committed_; }
  const catalog::TableInfo& table() const { return table_; }

 private:
  LakeTableWriter(catalog::Catalog& catalog, catalog::TableInfo table, Schema schema,
                  LakeWriteOptions options);

  void CheckMergeKeys() const;
  void BufferForMerge(DataChunk& chunk);
  void WriteMerged();
  catalog::CommitRequest BuildCommit(const std::vector<catalog::DataFile>& files) const;

  catalog::Catalog& catalog_;
  catalog::TableInfo table_;
  Schema schema_;  // of the data written
  LakeWriteOptions options_;
  int64_t parent_ = 0;  // snapshot the write builds on
  std::unique_ptr<LakeFileWriter> files_;
  std::vector<std::unique_ptr<LakeFileWriter>> extra_files_;  // WriteAll's other workers
  std::vector<DataChunk> merge_rows_;  // merge: the new rows, buffered until Close
  catalog::Snapshot committed_;
  bool closed_ = false;
};

// The location of a table created under `lake_root`: `<lake_root>/<db>/<table>`.
std::string DefaultTableLocation(const std::string& lake_root, const catalog::TableName& table);

}  // namespace sluice::lake
