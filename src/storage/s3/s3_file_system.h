// S3FileSystem — an S3-compatible object store (AWS S3, Ceph RGW, …) behind the
// FileSystem interface, for paths `s3://bucket/key`.
//
// Objects are files; "directories" are key prefixes ending in '/', so they exist as soon
// as a key below them does, and CreateDirectories is a no-op. Reads are ranged GETs
// (the end of an object is fetched once and cached, so a Parquet footer costs one
// request; large reads are split into parallel GETs). Writes are buffered and become one
// PUT on Close, or a multipart upload once the data exceeds the part size; a writer
// destroyed without Close, or failing, aborts its multipart upload, so no partial object
// ever appears and no upload is left behind. Listings use ListObjectsV2 with
// continuation tokens; Glob lists the longest literal key prefix of the pattern and
// matches the rest with GlobMatch.
//
// Not atomic (S3 has no rename): Rename is a server-side copy followed by a delete, so a
// reader may briefly see both names, and a crash between the two leaves both. Lake
// commits therefore write data objects first and then commit through the catalog.
//
// Thread-safety: thread-safe; files share the client (and its connection pool).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/file_system.h"
#include "storage/s3/s3_client.h"
#include "storage/s3/s3_config.h"
#include "storage/s3/s3_path.h"

namespace sluice::s3 {

class S3FileSystem final : public FileSystem {
 public:
  explicit S3FileSystem(S3Config config);

  std::unique_ptr<RandomAccessFile> OpenForRead(const std::string& path) override;
  std::unique_ptr<WritableFile> OpenForWrite(const std::string& path) override;
  bool Exists(const std::string& path) override;
  bool IsDirectory(const std::string& path) override;
  FileInfo Stat(const std::string& path) override;
  std::vector<FileInfo> ListRecursive(const std::string& dir) override;
  std::vector<FileInfo> Glob(const std::string& pattern) override;
  void Remove(const std::string& path) override;
  void RemoveAll(const std::string& path) override;
  // Copy then delete: not atomic (see above). A prefix ("directory") is renamed key by key.
  void Rename(const std::string& from, const std::string& to) override;
  void CreateDirectories(const std::string& path) override;
  // An object appears only when its upload completes; a failed writer aborts it.
  bool WritesAppearOnClose() const override { return true; }

  // Bucket administration, for tests and set-up scripts.
  void CreateBucket(const std::string& bucket);
  // Keys of the multipart uploads in progress under `prefix` (orphans show up here).
  std::vector<std::string> ListMultipartUploads(const std::string& bucket,
                                                const std::string& prefix = "");

  S3Client& client() { return *client_; }
  const S3Config& config() const { return client_->config(); }

 private:
  std::optional<FileInfo> Head(const S3Path& location);
  bool BucketExists(const std::string& bucket);
  // Objects whose key starts with `prefix`, sorted by key (all pages).
  std::vector<FileInfo> ListPrefix(const S3Path& location, const std::string& prefix,
                                   size_t limit = 0);
  void CopyObject(const S3Path& from, const S3Path& to, uint64_t size);
  void DeleteObject(const S3Path& location);
  // Multi-object delete, up to 1000 keys per request.
  void DeleteObjects(const std::string& bucket, const std::vector<std::string>& keys);

  std::shared_ptr<S3Client> client_;
};

}  // namespace sluice::s3
