// SqliteRunStore: reopening runs, stage checkpoints and the pipeline lock — what resuming
// a crashed run needs, kept apart from the history queries in sqlite_run_store.cpp.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <set>

#include "catalog/sqlite_run_store.h"
#include "common/error.h"

namespace sluice::catalog {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A lock file name part for a pipeline name: letters, digits, '-' and '_' kept, others
// replaced by their hex code, so different names never share a file.
std::string LockFileSuffix(const std::string& pipeline) {
  std::string out;
  for (unsigned char c : pipeline) {
    if (std::isalnum(c) || c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02x}", c);
    }
  }
  return out;
}

class FileLock final : public PipelineLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {}
  ~FileLock() override { ::close(fd_); }  // closing the descriptor releases the flock

 private:
  int fd_;
};

// In-memory stores (tests): a process-wide set of held names.
std::mutex& MemoryLocksMutex() {
  static std::mutex mutex;
  return mutex;
}
std::set<std::string>& MemoryLocks() {
  static std::set<std::string> held;
  return held;
}

class MemoryLock final : public PipelineLock {
 public:
  explicit MemoryLock(std::string name) : name_(std::move(name)) {}
  ~MemoryLock() override {
    std::lock_guard<std::mutex> guard(MemoryLocksMutex());
    MemoryLocks().erase(name_);
  }

 private:
  std::string name_;
};

}  // namespace

void SqliteRunStore::ReopenRun(const std::string& run_id) {
  connection_.Transaction([&] {
    RequireRun(run_id);
    connection_
        .Prepare(
            "UPDATE runs SET status = 'running', error_kind = NULL, error_message = '', "
            "finished_micros = 0 WHERE run_id = ?1")
        .Bind(1, run_id)
        .Run();
  });
}

void SqliteRunStore::SaveStageCheckpoint(const StageCheckpoint& checkpoint) {
  connection_.Transaction([&] {
    RequireRun(checkpoint.run_id);
    connection_
        .Prepare(
            "INSERT INTO stage_checkpoints (run_id, stage, state_json, recorded_micros) "
            "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (run_id, stage) DO UPDATE SET "
            "state_json = excluded.state_json, recorded_micros = excluded.recorded_micros")
        .Bind(1, checkpoint.run_id)
        .Bind(2, checkpoint.stage)
        .Bind(3, checkpoint.state_json.empty() ? std::string("{}") : checkpoint.state_json)
        .Bind(4, NowMicros())
        .Run();
  });
}

std::vector<StageCheckpoint> SqliteRunStore::ListStageCheckpoints(const std::string& run_id) {
  std::vector<StageCheckpoint> checkpoints;
  connection_.Query([&] {
    auto statement = connection_.Prepare(
        "SELECT run_id, stage, state_json, recorded_micros FROM stage_checkpoints "
        "WHERE run_id = ?1 ORDER BY checkpoint_id");
    statement.Bind(1, run_id);
    while (statement.Step()) {
      checkpoints.push_back(StageCheckpoint{statement.Text(0), statement.Text(1), statement.Text(2),
                                            statement.Int(3)});
    }
  });
  return checkpoints;
}

std::unique_ptr<PipelineLock> SqliteRunStore::TryLockPipeline(const std::string& pipeline) {
  const std::string& path = connection_.path();
  if (path == ":memory:" || path.empty()) {
    std::string name = fmt::format("{}:{}", static_cast<const void*>(this), pipeline);
    std::lock_guard<std::mutex> guard(MemoryLocksMutex());
    if (!MemoryLocks().insert(name).second) return nullptr;
    return std::make_unique<MemoryLock>(name);
  }
  std::string lock_path = path + ".lock-" + LockFileSuffix(pipeline);
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw Error::Permanent("cannot open the pipeline lock {}: {}", lock_path, std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return nullptr;
    throw Error::Permanent("cannot lock {}: {}", lock_path, std::strerror(error));
  }
  return std::make_unique<FileLock>(fd);
}

}  // namespace sluice::catalog
