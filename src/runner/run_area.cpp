#include "runner/run_area.h"

#include <fmt/format.h>

#include "common/error.h"
#include "sql/parser/ast_expression.h"
#include "sql/session.h"
#include "storage/file_system.h"

namespace sluice::runner {

std::string RunAreaDir(const std::string& lake_root, const std::string& run_id) {
  return lake_root + "/_runs/" + run_id;
}

std::string SaveDataset(Session& session, const std::string& lake_root, const std::string& run_id,
                        const std::string& dataset, const std::string& file_name) {
  std::string path = RunAreaDir(lake_root, run_id) + "/" + file_name + ".parquet";
  FileSystem::For(path).CreateDirectories(RunAreaDir(lake_root, run_id));
  // Snappy: the checkpoint is read back at most once, so speed beats size.
  session.Execute(fmt::format("COPY (SELECT * FROM {}) TO {} (FORMAT parquet, COMPRESSION snappy)",
                              sql::QuoteIdentifier(dataset), sql::QuoteString(path)));
  return path;
}

void RestoreDataset(Session& session, const std::string& dataset, const std::string& path) {
  if (!FileSystem::For(path).Exists(path)) {
    throw Error::UserInput(
        "the checkpoint of '{}' ({}) is gone, so the run cannot be resumed; abandon it with "
        "--abandon and run again",
        dataset, path);
  }
  session.Execute(fmt::format("CREATE OR REPLACE TEMP TABLE {} AS SELECT * FROM read_parquet({})",
                              sql::QuoteIdentifier(dataset), sql::QuoteString(path)));
}

void RemoveRunArea(const std::string& lake_root, const std::string& run_id) {
  std::string dir = RunAreaDir(lake_root, run_id);
  try {
    FileSystem& fs = FileSystem::For(dir);
    if (fs.Exists(dir) || fs.IsDirectory(dir)) fs.RemoveAll(dir);
  } catch (const Error&) {
  }
}

}  // namespace sluice::runner
