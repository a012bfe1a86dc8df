// SpillDirectory and SpillFile — temporary files for operators that outgrow the memory
// limit (sort runs, aggregate and join partitions).
//
// A SpillDirectory is the query's place for temporary files: the configured
// ExecutionContext::temp_directory, or else a directory of its own,
// $TMPDIR/sluice-spill-<pid>-<n> (or /tmp/...), created on first use and removed when the
// last SpillFile and the context let go of it. Files are unlinked right after they are
// opened, so the operating system reclaims them when the file is closed: on success, on
// error (destructors run during unwinding) and even when the process is killed.
//
// A SpillFile is append-only: Append writes a block of bytes and returns where it went;
// Read reads a block back. Blocks are opaque here (see spill_codec.h for chunks).
//
// Thread-safety: Append and Read may be called concurrently (positioned I/O; the append
// offset is reserved under a mutex).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace sluice {

class SpillDirectory {
 public:
  // `configured` empty: a new per-query directory under $TMPDIR or /tmp.
  explicit SpillDirectory(std::string configured);
  ~SpillDirectory();
  SpillDirectory(const SpillDirectory&) = delete;
  SpillDirectory& operator=(const SpillDirectory&) = delete;

  const std::string& path() const { return path_; }
  // Opens a new, already unlinked file for reading and writing; returns its descriptor.
  int OpenTemporaryFile();

  // Bytes written to spill files by this process since it started (for tests and EXPLAIN).
  static uint64_t TotalBytesWritten();
  static void CountWritten(uint64_t bytes);

 private:
  std::string path_;
  bool owned_ = false;  // created here: removed by the destructor
  std::mutex mutex_;
  uint64_t next_file_ = 0;
};

struct SpillBlock {
  uint64_t offset = 0;
  uint64_t size = 0;
};

class SpillFile {
 public:
  // `written` (may be null) is increased by the bytes each Append writes.
  SpillFile(std::shared_ptr<SpillDirectory> directory, std::atomic<uint64_t>* written);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  SpillBlock Append(std::string_view bytes);
  // The bytes of `block`, in a buffer that decoded strings may point into.
  std::shared_ptr<std::string> Read(const SpillBlock& block) const;
  uint64_t size() const;

 private:
  std::shared_ptr<SpillDirectory> directory_;
  std::atomic<uint64_t>* written_;
  int fd_ = -1;
  mutable std::mutex mutex_;
  uint64_t end_ = 0;
};

}  // namespace sluice
