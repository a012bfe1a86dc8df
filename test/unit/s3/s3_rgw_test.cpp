// S3FileSystem and SQL over s3:// paths against a real Ceph RADOS Gateway (which checks
// SigV4 signatures strictly), started once for this binary by rgw_environment.cpp.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "common/error.h"
#include "rgw_environment.h"
#include "sql/session.h"
#include "storage/s3/s3_file_system.h"
#include "storage/s3/s3_registration.h"

namespace sluice::s3 {
namespace {

namespace fs = std::filesystem;
using testing::Rgw;

constexpr const char* kBucket = "sluice-test";

class S3RgwTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SLUICE_REQUIRE_RGW();
    S3Config config = Rgw().config;
    config.list_page_size = 2;  // exercise continuation tokens with a handful of keys
    config.part_size = 5ull << 20;
    config.parallel_read_piece = 1ull << 20;
    fs_ = std::make_unique<S3FileSystem>(config);
    fs_->CreateBucket(kBucket);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = std::string("s3://") + kBucket + "/" + info->name();
    fs_->RemoveAll(root_);
  }

  void Put(const std::string& path, std::string_view data) {
    auto file = fs_->OpenForWrite(path);
    file->Append(data);
    file->Close();
  }
  std::string Get(const std::string& path) {
    auto file = fs_->OpenForRead(path);
    std::string data(file->size(), '\0');
    file->ReadExactly(0, data.size(), data.data());
    return data;
  }

  std::unique_ptr<S3FileSystem> fs_;
  std::string root_;
};

std::string RandomBytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out(n, '\0');
  for (size_t i = 0; i < n; i += 8) {
    uint64_t v = rng();
    std::memcpy(out.data() + i, &v, std::min<size_t>(8, n - i));
  }
  return out;
}

TEST_F(S3RgwTest, PutGetRangedReadsAndStat) {
  std::string path = root_ + "/dir/a file+é.txt";  // key needs encoding in the signed URL
  Put(path, "hello, object store");
  EXPECT_TRUE(fs_->Exists(path));
  EXPECT_FALSE(fs_->IsDirectory(path));
  EXPECT_TRUE(fs_->IsDirectory(root_ + "/dir"));
  EXPECT_TRUE(fs_->Exists(root_ + "/dir"));
  EXPECT_EQ(fs_->Stat(path).size, 19u);
  EXPECT_GT(fs_->Stat(path).modified_micros, 0);
  auto file = fs_->OpenForRead(path);
  char buffer[32] = {};
  EXPECT_EQ(file->ReadAt(7, 6, buffer), 6u);
  EXPECT_EQ(std::string(buffer, 6), "object");
  EXPECT_EQ(file->ReadAt(13, 20, buffer), 6u);  // short only at the end
  EXPECT_EQ(std::string(buffer, 6), " store");
  EXPECT_EQ(file->ReadAt(19, 4, buffer), 0u);

  // Ranged reads of an object bigger than the cached tail.
  std::string big = RandomBytes(300000, 7);
  Put(root_ + "/big.bin", big);
  auto big_file = fs_->OpenForRead(root_ + "/big.bin");
  std::string middle(1000, '\0');
  big_file->ReadExactly(100000, 1000, middle.data());
  EXPECT_EQ(middle, big.substr(100000, 1000));
  // An empty object is a file of size 0.
  Put(root_ + "/empty", "");
  EXPECT_EQ(fs_->OpenForRead(root_ + "/empty")->size(), 0u);
}

TEST_F(S3RgwTest, ReadsArePinnedToTheVersionOpened) {
  Put(root_ + "/v.bin", RandomBytes(200000, 1));
  auto file = fs_->OpenForRead(root_ + "/v.bin");
  Put(root_ + "/v.bin", RandomBytes(200000, 2));  // replaced while open
  char buffer[100];
  try {
    file->ReadAt(0, sizeof(buffer), buffer);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRetryable) << e.message();
    EXPECT_NE(e.message().find("changed while being read"), std::string::npos) << e.message();
  }
}

TEST_F(S3RgwTest, ListsWithPaginationAndGlobs) {
  for (const char* name : {"a/x1.csv", "a/x2.csv", "a/y.csv", "b/x3.csv", "b/c/x4.csv"}) {
    Put(root_ + "/" + name, name);
  }
  Put(std::string("s3://") + kBucket + "/" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name() + "X/outside.csv",
      "not under the root");
  fs_->client().ResetStats();
  auto all = fs_->ListRecursive(root_);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].path, root_ + "/a/x1.csv");
  EXPECT_EQ(all[4].path, root_ + "/b/x3.csv");
  EXPECT_EQ(all[0].size, 8u);
  EXPECT_GE(fs_->client().stats().get_requests, 3u);  // 5 keys at 2 per page

  auto x = fs_->Glob(root_ + "/*/x*.csv");
  ASSERT_EQ(x.size(), 3u);
  EXPECT_EQ(x[2].path, root_ + "/b/x3.csv");
  EXPECT_EQ(fs_->Glob(root_ + "/**/x*.csv").size(), 4u);
  EXPECT_EQ(fs_->Glob(root_ + "/a/x[12].csv").size(), 2u);
  EXPECT_EQ(fs_->Glob(root_ + "/a/y.csv").size(), 1u);
  EXPECT_TRUE(fs_->Glob(root_ + "/a/none*.csv").empty());
  fs_->RemoveAll(root_ + "X");
}

TEST_F(S3RgwTest, MultipartUploadOfALargeFile) {
  std::string data = RandomBytes(12 * 1024 * 1024 + 12345, 42);
  auto file = fs_->OpenForWrite(root_ + "/large.bin");
  for (size_t at = 0; at < data.size(); at += 1 << 20) {
    file->Append(std::string_view(data).substr(at, 1 << 20));
  }
  EXPECT_EQ(fs_->ListMultipartUploads(kBucket, root_.substr(strlen("s3://") + strlen(kBucket) + 1))
                .size(),
            1u);                                    // parts are on their way
  EXPECT_FALSE(fs_->Exists(root_ + "/large.bin"));  // not visible before Close
  file->Close();
  EXPECT_EQ(fs_->Stat(root_ + "/large.bin").size, data.size());
  fs_->client().ResetStats();
  EXPECT_TRUE(Get(root_ + "/large.bin") == data);
  EXPECT_GE(fs_->client().stats().get_requests, 12u);  // 1 MiB pieces in parallel
  EXPECT_TRUE(fs_->ListMultipartUploads(kBucket).empty());
}

TEST_F(S3RgwTest, AbandonedWriterAbortsItsMultipartUpload) {
  std::string key_prefix = root_.substr(strlen("s3://") + strlen(kBucket) + 1);
  {
    auto file = fs_->OpenForWrite(root_ + "/abandoned.bin");
    file->Append(RandomBytes(6 * 1024 * 1024, 1));  // over the part size: multipart
    EXPECT_EQ(fs_->ListMultipartUploads(kBucket, key_prefix).size(), 1u);
  }  // destroyed without Close
  EXPECT_TRUE(fs_->ListMultipartUploads(kBucket, key_prefix).empty());
  EXPECT_FALSE(fs_->Exists(root_ + "/abandoned.bin"));
}

TEST_F(S3RgwTest, WrongSecretIsAPermanentErrorWithAClearMessage) {
  Put(root_ + "/k.txt", "x");
  S3Config config = Rgw().config;
  config.secret_access_key = "not-the-secret";
  S3FileSystem wrong(config);
  try {
    wrong.OpenForRead(root_ + "/k.txt");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPermanent) << e.message();
    EXPECT_NE(e.message().find(root_ + "/k.txt"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find(config.endpoint), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos) << e.message();
  }
  // A listing has a body, so the S3 error code is named too.
  try {
    wrong.ListRecursive(root_);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPermanent);
    EXPECT_NE(e.message().find("SignatureDoesNotMatch"), std::string::npos) << e.message();
  }
  config.access_key_id = "NOSUCHKEY";
  S3FileSystem unknown(config);
  try {
    unknown.ListRecursive(root_);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPermanent);
    EXPECT_NE(e.message().find("InvalidAccessKeyId"), std::string::npos) << e.message();
  }
}

TEST_F(S3RgwTest, MissingObjectsAndBucketsAreUserInput) {
  try {
    fs_->OpenForRead(root_ + "/missing.parquet");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_EQ(e.message(), root_ + "/missing.parquet: no such file");
  }
  EXPECT_FALSE(fs_->Exists(root_ + "/missing.parquet"));
  EXPECT_THROW(fs_->Stat(root_ + "/missing.parquet"), Error);
  try {
    fs_->ListRecursive("s3://sluice-no-such-bucket/x");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("no such bucket"), std::string::npos) << e.message();
  }
  EXPECT_FALSE(fs_->Exists("s3://sluice-no-such-bucket"));
}

TEST_F(S3RgwTest, RenameRemoveAndRemoveAll) {
  Put(root_ + "/from.txt", "payload");
  fs_->Rename(root_ + "/from.txt", root_ + "/to.txt");
  EXPECT_FALSE(fs_->Exists(root_ + "/from.txt"));
  EXPECT_EQ(Get(root_ + "/to.txt"), "payload");
  Put(root_ + "/d/1", "1");
  Put(root_ + "/d/e/2", "2");
  fs_->Rename(root_ + "/d", root_ + "/moved");
  EXPECT_EQ(Get(root_ + "/moved/e/2"), "2");
  EXPECT_FALSE(fs_->IsDirectory(root_ + "/d"));
  fs_->Remove(root_ + "/to.txt");
  fs_->Remove(root_ + "/to.txt");  // removing a missing object is not an error
  EXPECT_FALSE(fs_->Exists(root_ + "/to.txt"));
  fs_->RemoveAll(root_);
  EXPECT_TRUE(fs_->ListRecursive(root_).empty());
  EXPECT_THROW(fs_->Rename(root_ + "/nothing", root_ + "/else"), Error);
}

// Rows (id, pad) in a local CSV: pad is wide, so a scan of id alone reads little.
std::string WriteLocalCsv(size_t rows) {
  std::string path =
      (fs::temp_directory_path() / ("sluice_s3_" + std::to_string(::getpid()) + ".csv")).string();
  std::ofstream out(path);
  out << "id,grp,pad\n";
  for (size_t i = 0; i < rows; i++) {
    out << i << "," << (i % 7) << ",";
    for (int k = 0; k < 12; k++) out << std::hex << (i * 2654435761u + k * 40503u) << std::dec;
    out << "\n";
  }
  return path;
}

std::string Cells(const QueryResult& result) {
  std::string out;
  for (size_t r = 0; r < result.row_count(); r++) {
    for (const auto& v : result.Row(r)) out += v.ToString() + "|";
    out += "\n";
  }
  return out;
}

TEST_F(S3RgwTest, SqlCopiesToS3AndReadsBackParquetAndCsv) {
  std::string csv = WriteLocalCsv(20000);
  Session session(SessionOptions{.threads = 2});
  const std::string aggregate =
      "SELECT grp, count(*) AS n, sum(id) AS s, max(pad) AS m FROM {} "
      "GROUP BY grp ORDER BY grp";
  std::string local =
      Cells(session.Execute(fmt::format(fmt::runtime(aggregate), "read_csv('" + csv + "')")));
  session.Execute("COPY (SELECT * FROM read_csv('" + csv + "')) TO '" + root_ +
                  "/out/part1.parquet' (FORMAT parquet, ROW_GROUP_SIZE 4000)");
  session.Execute("COPY (SELECT * FROM read_csv('" + csv + "')) TO '" + root_ +
                  "/csv/all.csv' (FORMAT csv)");
  EXPECT_FALSE(fs_->Exists(root_ + "/out/part1.parquet.tmp"));  // the temporary is gone
  EXPECT_TRUE(fs_->ListMultipartUploads(kBucket).empty());
  std::string from_parquet = Cells(session.Execute(
      fmt::format(fmt::runtime(aggregate), "read_parquet('" + root_ + "/out/*.parquet')")));
  std::string from_csv = Cells(session.Execute(
      fmt::format(fmt::runtime(aggregate), "read_csv('" + root_ + "/csv/all.csv')")));
  EXPECT_EQ(from_parquet, local);
  EXPECT_EQ(from_csv, local);

  // Parquet over S3 reads the footer and only the column chunks the query needs.
  uint64_t file_size = fs_->Stat(root_ + "/out/part1.parquet").size;
  S3FileSystem& served = CurrentS3FileSystem();
  served.client().ResetStats();
  auto sum = session.Execute("SELECT sum(id) FROM read_parquet('" + root_ + "/out/part1.parquet')");
  EXPECT_EQ(sum.Row(0)[0].ToString(), "199990000");
  S3Stats stats = served.client().stats();
  EXPECT_GT(stats.bytes_received, 0u);
  EXPECT_LT(stats.bytes_received, file_size / 4) << "of " << file_size;
  EXPECT_LE(stats.get_requests, 2u + 5u + 2u);  // head + tail, 5 row groups x 1 column (+slack)

  // A wrong secret reaches SQL as a permanent error that says what to check.
  S3Config wrong = Rgw().config;
  wrong.secret_access_key = "not-the-secret";
  ConfigureS3FileSystem(wrong);
  try {
    session.Execute("SELECT count(*) FROM read_parquet('" + root_ + "/out/*.parquet')");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPermanent) << e.message();
    EXPECT_NE(e.message().find("SignatureDoesNotMatch"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos) << e.message();
  }
  ResetS3FileSystem();  // back to the environment

  try {
    session.Execute("SELECT * FROM read_parquet('" + root_ + "/out/none*.parquet')");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
  }
  fs::remove(csv);
}

}  // namespace
}  // namespace sluice::s3
