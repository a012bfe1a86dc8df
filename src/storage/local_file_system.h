// LocalFileSystem — FileSystem over POSIX files (pread/write/rename/fsync).
//
// Thread-safety: thread-safe.
#pragma once

#include "storage/file_system.h"

namespace sluice {

class LocalFileSystem final : public FileSystem {
 public:
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
};

}  // namespace sluice
