#include "storage/fault_injecting_file_system.h"

namespace sluice {
namespace {

std::string_view OperationName(FaultOperation operation) {
  switch (operation) {
    case FaultOperation::kOpenRead: return "open";
    case FaultOperation::kRead: return "read";
    case FaultOperation::kWrite: return "write";
    case FaultOperation::kList: return "list";
    case FaultOperation::kRemove: return "remove";
    case FaultOperation::kRename: return "rename";
    case FaultOperation::kAny: return "access";
  }
  return "access";
}

class FaultyReadFile final : public RandomAccessFile {
 public:
  FaultyReadFile(FaultInjectingFileSystem& fs, std::unique_ptr<RandomAccessFile> base,
                 std::string path)
      : fs_(fs), base_(std::move(base)), path_(std::move(path)) {}
  uint64_t size() const override { return base_->size(); }
  size_t ReadAt(uint64_t offset, size_t n, char* buffer) const override {
    fs_.MaybeFail(FaultOperation::kRead, path_);
    return base_->ReadAt(offset, n, buffer);
  }
  const std::string& path() const override { return path_; }

 private:
  FaultInjectingFileSystem& fs_;
  std::unique_ptr<RandomAccessFile> base_;
  std::string path_;
};

class FaultyWritableFile final : public WritableFile {
 public:
  FaultyWritableFile(FaultInjectingFileSystem& fs, std::unique_ptr<WritableFile> base,
                     std::string path)
      : fs_(fs), base_(std::move(base)), path_(std::move(path)) {}
  void Append(std::string_view data) override {
    fs_.MaybeFail(FaultOperation::kWrite, path_);
    base_->Append(data);
  }
  uint64_t bytes_written() const override { return base_->bytes_written(); }
  void Close() override {
    fs_.MaybeFail(FaultOperation::kWrite, path_);
    base_->Close();
  }
  const std::string& path() const override { return path_; }

 private:
  FaultInjectingFileSystem& fs_;
  std::unique_ptr<WritableFile> base_;
  std::string path_;
};

}  // namespace

FaultInjectingFileSystem::FaultInjectingFileSystem(FileSystem* base, std::string scheme)
    : base_(base), prefix_(scheme + "://") {}

void FaultInjectingFileSystem::Inject(Fault fault) {
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.push_back(std::move(fault));
}

void FaultInjectingFileSystem::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.clear();
}

void FaultInjectingFileSystem::MaybeFail(FaultOperation operation, const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (Fault& fault : faults_) {
    if (fault.times == 0) continue;
    if (fault.operation != FaultOperation::kAny && fault.operation != operation) continue;
    if (!fault.path_contains.empty() && path.find(fault.path_contains) == std::string::npos) {
      continue;
    }
    if (fault.times > 0) fault.times--;
    injected_++;
    std::string message =
        fmt::format("{}: injected {} fault on {}", path, ErrorKindName(fault.kind),
                    OperationName(operation));
    throw Error(fault.kind, message);
  }
}

std::string FaultInjectingFileSystem::Strip(const std::string& path) const {
  return path.starts_with(prefix_) ? path.substr(prefix_.size()) : path;
}

std::vector<FileInfo> FaultInjectingFileSystem::Prefixed(std::vector<FileInfo> files) const {
  for (auto& f : files) f.path = prefix_ + f.path;
  return files;
}

std::unique_ptr<RandomAccessFile> FaultInjectingFileSystem::OpenForRead(const std::string& path) {
  MaybeFail(FaultOperation::kOpenRead, path);
  return std::make_unique<FaultyReadFile>(*this, base_->OpenForRead(Strip(path)), path);
}

std::unique_ptr<WritableFile> FaultInjectingFileSystem::OpenForWrite(const std::string& path) {
  MaybeFail(FaultOperation::kWrite, path);
  return std::make_unique<FaultyWritableFile>(*this, base_->OpenForWrite(Strip(path)), path);
}

bool FaultInjectingFileSystem::Exists(const std::string& path) {
  return base_->Exists(Strip(path));
}

bool FaultInjectingFileSystem::IsDirectory(const std::string& path) {
  return base_->IsDirectory(Strip(path));
}

FileInfo FaultInjectingFileSystem::Stat(const std::string& path) {
  FileInfo info = base_->Stat(Strip(path));
  info.path = path;
  return info;
}

std::vector<FileInfo> FaultInjectingFileSystem::ListRecursive(const std::string& dir) {
  MaybeFail(FaultOperation::kList, dir);
  std::vector<FileInfo> files = base_->ListRecursive(Strip(dir));
  return dir.starts_with(prefix_) ? Prefixed(std::move(files)) : files;
}

std::vector<FileInfo> FaultInjectingFileSystem::Glob(const std::string& pattern) {
  MaybeFail(FaultOperation::kList, pattern);
  std::vector<FileInfo> files = base_->Glob(Strip(pattern));
  return pattern.starts_with(prefix_) ? Prefixed(std::move(files)) : files;
}

void FaultInjectingFileSystem::Remove(const std::string& path) {
  MaybeFail(FaultOperation::kRemove, path);
  base_->Remove(Strip(path));
}

void FaultInjectingFileSystem::RemoveAll(const std::string& path) {
  MaybeFail(FaultOperation::kRemove, path);
  base_->RemoveAll(Strip(path));
}

void FaultInjectingFileSystem::Rename(const std::string& from, const std::string& to) {
  MaybeFail(FaultOperation::kRename, from);
  base_->Rename(Strip(from), Strip(to));
}

void FaultInjectingFileSystem::CreateDirectories(const std::string& path) {
  base_->CreateDirectories(Strip(path));
}

}  // namespace sluice
