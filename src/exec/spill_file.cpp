#include "exec/spill_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/error.h"

namespace sluice {
namespace {

std::atomic<uint64_t> g_total_written{0};
std::atomic<uint64_t> g_directory_counter{0};

std::string ErrnoText() {
  return std::strerror(errno);
}

}  // namespace

uint64_t SpillDirectory::TotalBytesWritten() {
  return g_total_written.load(std::memory_order_relaxed);
}

void SpillDirectory::CountWritten(uint64_t bytes) {
  g_total_written.fetch_add(bytes, std::memory_order_relaxed);
}

SpillDirectory::SpillDirectory(std::string configured) {
  if (!configured.empty()) {
    path_ = std::move(configured);
    struct stat st;
    if (::stat(path_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      throw Error::UserInput(
          "temporary directory '{}' for spilling does not exist or is not a directory; create "
          "it or choose another one",
          path_);
    }
    return;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  for (int attempt = 0; attempt < 100; attempt++) {
    std::string candidate = base + "/sluice-spill-" + std::to_string(::getpid()) + "-" +
                            std::to_string(g_directory_counter.fetch_add(1));
    if (::mkdir(candidate.c_str(), 0700) == 0) {
      path_ = std::move(candidate);
      owned_ = true;
      return;
    }
    if (errno != EEXIST) {
      throw Error::Permanent(
          "cannot create a directory for spilling under '{}': {}; set TMPDIR to a writable "
          "directory or raise the memory limit",
          base, ErrnoText());
    }
  }
  throw Error::Permanent("cannot create a directory for spilling under '{}'", base);
}

SpillDirectory::~SpillDirectory() {
  if (owned_) ::rmdir(path_.c_str());
}

int SpillDirectory::OpenTemporaryFile() {
  std::string name;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    name = path_ + "/spill-" + std::to_string(::getpid()) + "-" +
           std::to_string(reinterpret_cast<uintptr_t>(this) & 0xffffff) + "-" +
           std::to_string(next_file_++);
  }
  int fd = ::open(name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error::Permanent(
        "cannot create spill file '{}': {}; choose another temporary directory or raise the "
        "memory limit",
        name, ErrnoText());
  }
  ::unlink(name.c_str());
  return fd;
}

SpillFile::SpillFile(std::shared_ptr<SpillDirectory> directory, std::atomic<uint64_t>* written)
    : directory_(std::move(directory)), written_(written) {
  fd_ = directory_->OpenTemporaryFile();
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

uint64_t SpillFile::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return end_;
}

SpillBlock SpillFile::Append(std::string_view bytes) {
  SpillBlock block;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    block.offset = end_;
    end_ += bytes.size();
  }
  block.size = bytes.size();
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(block.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw Error::Permanent(
          "writing {} bytes to a spill file in '{}' failed: {}; free disk space there, choose "
          "another temporary directory or raise the memory limit",
          bytes.size(), directory_->path(), n < 0 ? ErrnoText() : std::string("no space"));
    }
    done += static_cast<size_t>(n);
  }
  if (written_ != nullptr) written_->fetch_add(bytes.size(), std::memory_order_relaxed);
  SpillDirectory::CountWritten(bytes.size());
  return block;
}

std::shared_ptr<std::string> SpillFile::Read(const SpillBlock& block) const {
  auto buffer = std::make_shared<std::string>();
  buffer->resize(block.size);
  size_t done = 0;
  while (done < block.size) {
    ssize_t n = ::pread(fd_, buffer->data() + done, block.size - done,
                        static_cast<off_t>(block.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw Error::Permanent("reading a spill file in '{}' failed: {}", directory_->path(),
                             n < 0 ? ErrnoText() : std::string("unexpected end of file"));
    }
    done += static_cast<size_t>(n);
  }
  return buffer;
}

}  // namespace sluice
