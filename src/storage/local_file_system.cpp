#include "storage/local_file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>

#include "common/error.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

Error IoError(const std::string& path, const char* action, int err) {
  std::string msg = fmt::format("{}: cannot {}: {}", path, action, std::strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR:
    case EISDIR: return Error(ErrorKind::kUserInput, msg);
    case EACCES:
    case EPERM:
    case EROFS: return Error(ErrorKind::kPermanent, msg);
    case EINTR:
    case EAGAIN:
    case EIO:
    case ENOSPC:
    case EMFILE:
    case ENFILE: return Error(ErrorKind::kRetryable, msg);
    default: return Error(ErrorKind::kPermanent, msg);
  }
}

class LocalRandomAccessFile final : public RandomAccessFile {
 public:
  LocalRandomAccessFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  ~LocalRandomAccessFile() override { ::close(fd_); }
  uint64_t size() const override { return size_; }
  const std::string& path() const override { return path_; }
  size_t ReadAt(uint64_t offset, size_t n, char* buffer) const override {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, buffer + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        throw IoError(path_, "read", errno);
      }
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    return done;
  }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
};

class LocalWritableFile final : public WritableFile {
 public:
  LocalWritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~LocalWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }
  void Append(std::string_view data) override {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t w = ::write(fd_, data.data() + done, data.size() - done);
      if (w < 0) {
        if (errno == EINTR) continue;
        throw IoError(path_, "write", errno);
      }
      done += static_cast<size_t>(w);
    }
    written_ += data.size();
  }
  uint64_t bytes_written() const override { return written_; }
  void Close() override {
    if (fd_ < 0) return;
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw IoError(path_, "close", errno);
  }
  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  int fd_;
  uint64_t written_ = 0;
};

int64_t ModifiedMicros(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000 + st.st_mtim.tv_nsec / 1000;
}

}  // namespace

void RandomAccessFile::ReadExactly(uint64_t offset, size_t n, char* buffer) const {
  size_t got = ReadAt(offset, n, buffer);
  if (got != n) {
    throw Error::UserInput("{}: unexpected end of file (wanted {} bytes at offset {}, file has {})",
                           path(), n, offset, size());
  }
}

std::unique_ptr<RandomAccessFile> LocalFileSystem::OpenForRead(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) throw Error::UserInput("{}: no such file", path);
    throw IoError(path, "open", errno);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throw IoError(path, "stat", err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw Error::UserInput("{}: is a directory, not a file", path);
  }
  return std::make_unique<LocalRandomAccessFile>(path, fd, static_cast<uint64_t>(st.st_size));
}

std::unique_ptr<WritableFile> LocalFileSystem::OpenForWrite(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) CreateDirectories(parent.string());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError(path, "create", errno);
  return std::make_unique<LocalWritableFile>(path, fd);
}

bool LocalFileSystem::Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

bool LocalFileSystem::IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

FileInfo LocalFileSystem::Stat(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) throw Error::UserInput("{}: no such file", path);
    throw IoError(path, "stat", errno);
  }
  return FileInfo{path, static_cast<uint64_t>(st.st_size), ModifiedMicros(st)};
}

std::vector<FileInfo> LocalFileSystem::ListRecursive(const std::string& dir) {
  std::vector<FileInfo> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    struct stat st;
    std::string p = it->path().string();
    if (::stat(p.c_str(), &st) == 0) {
      out.push_back(FileInfo{p, static_cast<uint64_t>(st.st_size), ModifiedMicros(st)});
    }
  }
  if (ec) throw IoError(dir, "list", ec.value());
  std::sort(out.begin(), out.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return out;
}

std::vector<FileInfo> LocalFileSystem::Glob(const std::string& pattern) {
  if (!HasGlobCharacters(pattern)) {
    std::vector<FileInfo> out;
    struct stat st;
    if (::stat(pattern.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      out.push_back(FileInfo{pattern, static_cast<uint64_t>(st.st_size), ModifiedMicros(st)});
    }
    return out;
  }
  // Walk from the longest directory prefix without wildcards.
  size_t first_wild = pattern.find_first_of("*?[");
  size_t slash = pattern.rfind('/', first_wild);
  std::string root = slash == std::string::npos ? "." : pattern.substr(0, slash == 0 ? 1 : slash);
  std::vector<FileInfo> out;
  for (auto& info : ListRecursive(root)) {
    std::string candidate = info.path;
    if (slash == std::string::npos && candidate.rfind("./", 0) == 0)
      candidate = candidate.substr(2);
    if (GlobMatch(pattern, candidate)) {
      info.path = candidate;
      out.push_back(std::move(info));
    }
  }
  return out;
}

void LocalFileSystem::Remove(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw IoError(path, "remove", errno);
}

void LocalFileSystem::RemoveAll(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) throw IoError(path, "remove", ec.value());
}

void LocalFileSystem::Rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) throw IoError(from, "rename", errno);
}

void LocalFileSystem::CreateDirectories(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw IoError(path, "create directory", ec.value());
}

// ---- FileSystem registry and glob matching ----

namespace {
std::mutex& RegistryMutex() {
  static std::mutex m;
  return m;
}
std::map<std::string, FileSystem*>& Schemes() {
  static std::map<std::string, FileSystem*> schemes;
  return schemes;
}
}  // namespace

FileSystem& FileSystem::Local() {
  static LocalFileSystem local;
  return local;
}

void FileSystem::RegisterScheme(const std::string& scheme, FileSystem* fs) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  Schemes()[scheme] = fs;
}

FileSystem& FileSystem::For(std::string_view path) {
  size_t colon = path.find("://");
  if (colon == std::string_view::npos) return Local();
  std::string scheme(path.substr(0, colon));
  if (scheme == "file") return Local();
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto it = Schemes().find(scheme);
  if (it == Schemes().end()) {
    throw Error::UserInput("{}: no file system for scheme '{}://' in this build", path, scheme);
  }
  return *it->second;
}

bool HasGlobCharacters(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

namespace {
bool MatchSegment(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '[') {
      size_t close = p.find(']', pi + 1);
      if (close != std::string_view::npos) {
        bool negate = pi + 1 < close && (p[pi + 1] == '!' || p[pi + 1] == '^');
        bool matched = false;
        for (size_t k = pi + 1 + (negate ? 1 : 0); k < close; k++) {
          if (k + 2 < close && p[k + 1] == '-') {
            if (s[si] >= p[k] && s[si] <= p[k + 2]) matched = true;
            k += 2;
          } else if (p[k] == s[si]) {
            matched = true;
          }
        }
        if (matched != negate) {
          pi = close + 1;
          si++;
          continue;
        }
      }
    } else if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      pi++;
      si++;
      continue;
    } else if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_s = si;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p + 1;
    si = ++star_s;
  }
  while (pi < p.size() && p[pi] == '*') pi++;
  return pi == p.size();
}

std::vector<std::string_view> SplitPath(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); i++) {
    if (i == s.size() || s[i] == '/') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

bool MatchParts(const std::vector<std::string_view>& p, size_t pi,
                const std::vector<std::string_view>& s, size_t si) {
  if (pi == p.size()) return si == s.size();
  if (p[pi] == "**") {
    for (size_t k = si; k <= s.size(); k++) {
      if (MatchParts(p, pi + 1, s, k)) return true;
    }
    return false;
  }
  if (si == s.size()) return false;
  return MatchSegment(p[pi], s[si]) && MatchParts(p, pi + 1, s, si + 1);
}
}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  return MatchParts(SplitPath(pattern), 0, SplitPath(path), 0);
}

}  // namespace sluice
