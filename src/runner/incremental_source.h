// IncrementalSource — what one run reads of a source with `incremental:` (docs/design.md
// §5, "Incremental runs"), planned from the pipeline's checkpoint store before the read
// and pinned in the run's extract checkpoint, so that a resumed run reads exactly the same
// input.
//
//   by: file     the files of the source's glob not processed yet: a file is processed
//                when an entry "file:<source>:<path>" holds its size and content
//                fingerprint (XXH3 of its bytes, computed only when size or modification
//                time changed); a rewritten file is read again.
//   by: column   the rows whose column is above the watermark ("watermark:<source>")
//                minus the lookback, so late rows inside the lookback are read again (the
//                sinks' merge keys keep them from being loaded twice); the new watermark
//                is the largest value read (never lower than the old one).
//
// --full-refresh reads everything and replaces the source's entries; --from/--to read a
// window of a by-column source and leave its watermark alone (a bounded backfill).
//
// The entries are committed by the runner with the run's last lake snapshot (or alone
// after its last load), never before.
//
// Thread-safety: plain functions and values.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "pipeline/pipeline_spec.h"

namespace sluice {
class Session;
}

namespace sluice::runner {

struct IncrementalOptions {
  bool full_refresh = false;
  std::optional<std::string> from;  // backfill window of by-column sources: [from, to)
  std::optional<std::string> to;
};

struct IncrementalRead {
  std::string source;
  bool by_file = true;
  // by file: the files to read (new or changed), and how many matched the glob.
  std::vector<std::string> files;
  uint64_t files_matched = 0;
  std::vector<std::string> rewritten;  // read before, changed since
  std::string schema_file;             // a file to take the columns from when no file is new
  // by column: the row condition (SQL), empty to read everything.
  std::string condition;
  bool backfill = false;                        // a --from/--to window
  std::optional<std::string> watermark_before;  // as stored, for messages
  // Checkpoint entries to commit once the run's data is committed.
  std::vector<catalog::CheckpointEntry> entries;

  // The FROM item that reads this run's share of the source.
  std::string FromSql(const pipeline::SourceSpec& source) const;
  // A few words for the stage line: "2 new of 5 files", "order_ts > 2024-05-01 08:00:00".
  std::string Describe() const;
  nlohmann::json ToJson() const;
  static IncrementalRead FromJson(const nlohmann::json& json);
};

// The checkpoint keys of a source.
std::string WatermarkKey(const std::string& source);
std::string FileKeyPrefix(const std::string& source);

// Plans the read of `source` (which has `incremental:`) from the catalog's checkpoints.
IncrementalRead PlanIncrementalRead(catalog::Catalog& catalog, const std::string& pipeline,
                                    const std::string& run_id, const pipeline::SourceSpec& source,
                                    const IncrementalOptions& options);

// By column: after the source's rows are in the session table `dataset`, adds the new
// watermark entry (the largest value read, never below the old one) to `read.entries`.
// A backfill adds none.
void AddWatermarkEntry(Session& session, const std::string& dataset,
                       const pipeline::SourceSpec& source, const std::string& pipeline,
                       const std::string& run_id, IncrementalRead& read);

// Warnings for sinks that append the rows of a source read with a lookback: the rows
// re-read inside it are appended again (a merge key loads them once).
std::vector<std::string> LookbackAppendWarnings(const pipeline::PipelineSpec& spec);

// The FROM item that reads a whole source: read_csv('path', opt=value, ...) or db.table.
std::string SourceSql(const pipeline::SourceSpec& source);

}  // namespace sluice::runner
