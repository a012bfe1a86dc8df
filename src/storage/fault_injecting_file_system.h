// FaultInjectingFileSystem — a FileSystem that forwards to another one (the local disk by
// default) and fails chosen operations on chosen paths, so that retries, recovery and
// error classification are testable without a flaky disk or network (docs/design.md §7).
//
//   FaultInjectingFileSystem faulty;                 // wraps FileSystem::Local()
//   FileSystem::RegisterScheme("faulty", &faulty);   // "faulty:///data/a.csv" -> /data/a.csv
//   faulty.Inject({.operation = FaultOperation::kRead, .path_contains = "a.csv",
//                  .kind = ErrorKind::kRetryable, .times = 2});
//
// Paths may carry the "faulty://" prefix (stripped before forwarding and put back on the
// paths returned by listings) or none.
//
// Thread-safety: thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/error.h"
#include "storage/file_system.h"

namespace sluice {

enum class FaultOperation { kOpenRead, kRead, kWrite, kList, kRemove, kRename, kAny };

struct Fault {
  FaultOperation operation = FaultOperation::kAny;
  std::string path_contains;  // empty: every path
  ErrorKind kind = ErrorKind::kRetryable;
  int times = 1;  // how many operations fail; -1: every one (a persistent fault)
};

class FaultInjectingFileSystem final : public FileSystem {
 public:
  explicit FaultInjectingFileSystem(FileSystem* base = &FileSystem::Local(),
                                    std::string scheme = "faulty");

  void Inject(Fault fault);
  void Clear();
  // Operations failed so far.
  int injected() const { return injected_.load(); }

  // Throws the configured error if a fault matches (used by the wrappers' files too).
  void MaybeFail(FaultOperation operation, const std::string& path);

  std::unique_ptr<RandomAccessFile> OpenForRead(const std::string& path) override;
  std::unique_ptr<WritableFile> OpenForWrite(const std::string& path) override;
  bool Exists(const std::string& path) override;
  bool IsDirectory(const std::string& path) override;
  FileInfo Stat(const std::string& path) override;
  std::vector<FileInfo> ListRecursive(const std::string& dir) override;
  std::vector<FileInfo> Glob(const std::string& pattern) override;
  void Remove(const std::string& path) override;
  void RemoveAll(const std::string& path) override;
  void Rename(const std::string& from, const std::string& to) override;
  void CreateDirectories(const std::string& path) override;
  bool WritesAppearOnClose() const override { return base_->WritesAppearOnClose(); }

 private:
  std::string Strip(const std::string& path) const;
  std::vector<FileInfo> Prefixed(std::vector<FileInfo> files) const;

  FileSystem* base_;
  std::string prefix_;  // "faulty://"
  std::mutex mutex_;
  std::vector<Fault> faults_;
  std::atomic<int> injected_{0};
};

}  // namespace sluice
