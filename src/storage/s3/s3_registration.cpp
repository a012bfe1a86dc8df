#include "storage/s3/s3_registration.h"

#include <memory>
#include <mutex>

#include "common/error.h"

// Referenced by the library's INTERFACE link option (-Wl,--undefined=…) so that the
// linker keeps this object, and with it the static registration below, in every binary
// that links sluice_storage_s3.
extern "C" {
extern const int sluice_storage_s3_registered;
const int sluice_storage_s3_registered = 1;
}

namespace sluice::s3 {
namespace {

// What FileSystem::For("s3://…") returns: forwards to the configured S3FileSystem,
// creating it from the environment on first use.
class S3Scheme final : public FileSystem {
 public:
  std::shared_ptr<S3FileSystem> Current(std::string_view path) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!current_) {
      auto config = S3ConfigFromEnvironment();
      if (!config) {
        throw Error::UserInput(
            "{}: S3 is not configured: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and "
            "AWS_ENDPOINT_URL for a store other than AWS, e.g. http://127.0.0.1:7480), or give "
            "the pipeline a storage: block",
            path);
      }
      current_ = std::make_shared<S3FileSystem>(std::move(*config));
    }
    return current_;
  }
  void Set(std::shared_ptr<S3FileSystem> fs) {
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = std::move(fs);
  }
  // Installs `fs` for a scope. What served before the outermost scope comes back when the
  // last scope ends, whatever the order in which overlapping scopes end.
  void Enter(std::shared_ptr<S3FileSystem> fs, const std::string& where) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (scopes_ > 0 && !SameStore(fs->config(), current_->config())) {
      throw Error::UserInput(
          "{}: another pipeline run in this process uses other S3 settings ({}); run pipelines "
          "with different storage blocks one after the other",
          where, current_->config().origin);
    }
    if (scopes_++ == 0) before_scopes_ = std::move(current_);
    current_ = std::move(fs);
  }
  void Leave() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (--scopes_ == 0) current_ = std::move(before_scopes_);
  }

  std::unique_ptr<RandomAccessFile> OpenForRead(const std::string& path) override {
    return Current(path)->OpenForRead(path);
  }
  std::unique_ptr<WritableFile> OpenForWrite(const std::string& path) override {
    return Current(path)->OpenForWrite(path);
  }
  bool Exists(const std::string& path) override { return Current(path)->Exists(path); }
  bool IsDirectory(const std::string& path) override { return Current(path)->IsDirectory(path); }
  FileInfo Stat(const std::string& path) override { return Current(path)->Stat(path); }
  std::vector<FileInfo> ListRecursive(const std::string& dir) override {
    return Current(dir)->ListRecursive(dir);
  }
  std::vector<FileInfo> Glob(const std::string& pattern) override {
    return Current(pattern)->Glob(pattern);
  }
  void Remove(const std::string& path) override { Current(path)->Remove(path); }
  void RemoveAll(const std::string& path) override { Current(path)->RemoveAll(path); }
  void Rename(const std::string& from, const std::string& to) override {
    Current(from)->Rename(from, to);
  }
  void CreateDirectories(const std::string& path) override {
    Current(path)->CreateDirectories(path);
  }
  bool WritesAppearOnClose() const override { return true; }

 private:
  static bool SameStore(const S3Config& a, const S3Config& b) {
    return a.endpoint == b.endpoint && a.access_key_id == b.access_key_id &&
           a.secret_access_key == b.secret_access_key && a.session_token == b.session_token &&
           a.region == b.region && a.path_style == b.path_style;
  }

  std::mutex mutex_;
  std::shared_ptr<S3FileSystem> current_;
  int scopes_ = 0;  // ScopedS3Configuration objects alive
  std::shared_ptr<S3FileSystem> before_scopes_;
};

S3Scheme& Scheme() {
  static S3Scheme* scheme = new S3Scheme();  // never destroyed: may be used at exit
  return *scheme;
}

const bool kRegistered = [] {
  FileSystem::RegisterScheme("s3", &Scheme());
  return true;
}();

}  // namespace

void ConfigureS3FileSystem(const S3Config& config) {
  Scheme().Set(std::make_shared<S3FileSystem>(config));
}

void ResetS3FileSystem() {
  Scheme().Set(nullptr);
}

ScopedS3Configuration::ScopedS3Configuration(const S3Config& config, const std::string& where) {
  Scheme().Enter(std::make_shared<S3FileSystem>(config), where);
}

ScopedS3Configuration::~ScopedS3Configuration() {
  Scheme().Leave();
}

S3FileSystem& CurrentS3FileSystem() {
  // The scheme keeps the instance alive until it is reconfigured.
  return *Scheme().Current("s3://");
}

}  // namespace sluice::s3
