// FileSystem — the one way sluice touches files, so that local disks, the S3-compatible
// object store, an in-memory store and a fault-injecting wrapper are interchangeable
// (tests inject faults here; lake commits and recovery are written against it).
//
// Paths are strings; a scheme prefix ("s3://") selects the implementation through
// FileSystem::For(path). Errors are sluice::Error naming the path: user_input for a
// missing file, retryable for transient I/O, permanent for permission denied.
//
// Thread-safety: FileSystem implementations are thread-safe. A RandomAccessFile may be
// read concurrently (ReadAt is positional). A WritableFile has one writer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual uint64_t size() const = 0;
  // Reads up to n bytes at offset into buffer; returns bytes read (short only at EOF).
  virtual size_t ReadAt(uint64_t offset, size_t n, char* buffer) const = 0;
  // Reads exactly n bytes or throws naming the path.
  void ReadExactly(uint64_t offset, size_t n, char* buffer) const;
  virtual const std::string& path() const = 0;
};

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual void Append(std::string_view data) = 0;
  virtual uint64_t bytes_written() const = 0;
  // Flushes and makes the file durable; after Close the file is complete.
  virtual void Close() = 0;
  virtual const std::string& path() const = 0;
};

struct FileInfo {
  std::string path;
  uint64_t size = 0;
  int64_t modified_micros = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  virtual std::unique_ptr<RandomAccessFile> OpenForRead(const std::string& path) = 0;
  // Creates or truncates. Parent directories are created as needed.
  virtual std::unique_ptr<WritableFile> OpenForWrite(const std::string& path) = 0;
  virtual bool Exists(const std::string& path) = 0;
  virtual bool IsDirectory(const std::string& path) = 0;
  virtual FileInfo Stat(const std::string& path) = 0;
  // Files (not directories) under `dir`, recursively, sorted by path.
  virtual std::vector<FileInfo> ListRecursive(const std::string& dir) = 0;
  // Files matching a glob pattern (*, ?, [..], and ** for any number of directories),
  // sorted by path. A pattern without wildcards yields that file if it exists.
  virtual std::vector<FileInfo> Glob(const std::string& pattern) = 0;
  virtual void Remove(const std::string& path) = 0;
  virtual void RemoveAll(const std::string& path) = 0;
  // Atomic within one file system, unless WritesAppearOnClose (object stores: a copy
  // then a delete).
  virtual void Rename(const std::string& from, const std::string& to) = 0;
  virtual void CreateDirectories(const std::string& path) = 0;
  // True when a file written through OpenForWrite becomes visible only once Close()
  // succeeds, and not at all when the writer fails (object stores). Writers then write
  // to the final name directly instead of to a temporary name renamed at the end.
  virtual bool WritesAppearOnClose() const { return false; }

  // The file system serving `path` (by scheme). The local one for plain paths.
  static FileSystem& For(std::string_view path);
  static FileSystem& Local();
  // Registers an implementation for a scheme ("s3"); used by storage back ends.
  static void RegisterScheme(const std::string& scheme, FileSystem* fs);
};

// True if `pattern` contains glob metacharacters.
bool HasGlobCharacters(std::string_view pattern);
// Matches one path component-wise against a glob pattern ("**" spans directories).
bool GlobMatch(std::string_view pattern, std::string_view path);

}  // namespace sluice
