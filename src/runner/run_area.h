// RunArea — where a run keeps the outputs of its finished stages so that a resumed run
// (`sluice run --resume`) continues without recomputing them: `<lake>/_runs/<run_id>/`,
// one folder per dataset of raw chunk files (`<dataset>/part-000.chunks`, ..., written by
// one thread each; the format is described in run_area.cpp). A stage checkpoint in the run
// store points at the file only after it is complete, so a file cut short by a crash is
// never read: the stage runs again and rewrites it. The area is removed when the run
// succeeds or is abandoned; a failed run keeps it for `--resume` and `sluice dlq retry`.
//
// Thread-safety: plain functions; one run writes its own area.
#pragma once

#include <string>

namespace sluice {
class Session;
}

namespace sluice::runner {

std::string RunAreaDir(const std::string& lake_root, const std::string& run_id);

// Writes the session table or view `dataset` to the folder `<area>/<file_name>/` (removed
// first); returns the folder.
std::string SaveDataset(Session& session, const std::string& lake_root, const std::string& run_id,
                        const std::string& dataset, const std::string& file_name);

// Makes `dataset` a session table holding the rows of a folder SaveDataset wrote.
void RestoreDataset(Session& session, const std::string& dataset, const std::string& path);

// Removes the run's area; a failure to remove is ignored (vacuum-like leftovers only).
void RemoveRunArea(const std::string& lake_root, const std::string& run_id);

}  // namespace sluice::runner
