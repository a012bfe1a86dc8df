// The RandomAccessFile and WritableFile of S3FileSystem (see s3_file_system.h for the
// behaviour). Internal to the S3 back end.
//
// Thread-safety: S3ReadableObject may be read concurrently (ReadAt is positional; the
// tail cache is filled once under a lock). S3WritableObject has one writer.
#pragma once

#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/file_system.h"
#include "storage/s3/s3_client.h"
#include "storage/s3/s3_path.h"

namespace sluice::s3 {

class S3ReadableObject final : public RandomAccessFile {
 public:
  S3ReadableObject(std::shared_ptr<S3Client> client, S3Path location, uint64_t size,
                   std::string etag);
  uint64_t size() const override { return size_; }
  size_t ReadAt(uint64_t offset, size_t n, char* buffer) const override;
  const std::string& path() const override { return path_; }

 private:
  void GetRange(uint64_t offset, size_t n, char* buffer) const;
  void GetRangeParallel(uint64_t offset, size_t n, char* buffer) const;
  const std::string& Tail() const;

  std::shared_ptr<S3Client> client_;
  S3Path location_;
  std::string path_;
  uint64_t size_;
  std::string etag_;  // reads are pinned to this version (If-Match)
  uint64_t tail_start_;
  mutable std::once_flag tail_once_;
  mutable std::string tail_;
};

class S3WritableObject final : public WritableFile {
 public:
  S3WritableObject(std::shared_ptr<S3Client> client, S3Path location);
  ~S3WritableObject() override;
  void Append(std::string_view data) override;
  uint64_t bytes_written() const override { return written_; }
  // Completes the object: one PUT, or the last part and CompleteMultipartUpload.
  void Close() override;
  const std::string& path() const override { return path_; }

 private:
  void StartPartUpload();
  void WaitForPartInFlight();
  void Abort() noexcept;

  std::shared_ptr<S3Client> client_;
  S3Path location_;
  std::string path_;
  std::string buffer_;
  uint64_t written_ = 0;
  bool closed_ = false;
  bool failed_ = false;  // a write or the completion failed: nothing is (or will be) stored
  std::string upload_id_;
  std::vector<std::string> etags_;  // of the parts uploaded, in order
  // One part uploads in the background while the next fills.
  std::string in_flight_data_;
  std::future<std::string> in_flight_;
};

}  // namespace sluice::s3
