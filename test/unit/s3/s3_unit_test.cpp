// The S3 back end without a real object store: paths, encoding, XML, configuration,
// error classification, and retries against a scripted HTTP server.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "common/error.h"
#include "fake_s3_server.h"
#include "storage/s3/s3_client.h"
#include "storage/s3/s3_error.h"
#include "storage/s3/s3_file_system.h"
#include "storage/s3/s3_path.h"
#include "storage/s3/s3_registration.h"
#include "storage/s3/s3_xml.h"

namespace sluice::s3 {
namespace {

using testing::CannedResponse;
using testing::FakeS3Server;

TEST(S3PathTest, SplitsBucketAndKey) {
  S3Path p = S3Path::Parse("s3://bucket/dir/file.parquet");
  EXPECT_EQ(p.bucket, "bucket");
  EXPECT_EQ(p.key, "dir/file.parquet");
  EXPECT_EQ(p.ToString(), "s3://bucket/dir/file.parquet");
  EXPECT_EQ(S3Path::Parse("s3://bucket").key, "");
  EXPECT_EQ(S3Path::Parse("s3://bucket/dir").DirectoryPrefix(), "dir/");
  EXPECT_EQ(S3Path::Parse("s3://bucket/dir/").DirectoryPrefix(), "dir/");
  EXPECT_THROW(S3Path::Parse("s3:///key"), Error);
  EXPECT_THROW(S3Path::Parse("/local/file"), Error);
  EXPECT_THROW(S3Path::Parse("s3://buck*/key"), Error);
}

TEST(S3PathTest, EncodesKeysAndQueryValues) {
  EXPECT_EQ(UriEncode("dir/a b+c=é.csv", true), "dir/a%20b%2Bc%3D%C3%A9.csv");
  EXPECT_EQ(UriEncode("dir/", false), "dir%2F");
  EXPECT_EQ(UriEncode("A-z_0.9~", false), "A-z_0.9~");
}

TEST(S3XmlTest, ReadsListingEntriesAndUnescapes) {
  std::string xml =
      "<?xml version=\"1.0\"?><ListBucketResult xmlns=\"x\"><IsTruncated>true</IsTruncated>"
      "<Contents><Key>a&amp;b.csv</Key><Size>12</Size></Contents>"
      "<Contents><Key>c&#x3C;d</Key><Size>3</Size></Contents>"
      "<NextContinuationToken>tok/+=</NextContinuationToken><KeyCount/></ListBucketResult>";
  auto contents = XmlElements(xml, "Contents");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(XmlText(contents[0], "Key").value(), "a&b.csv");
  EXPECT_EQ(XmlText(contents[1], "Key").value(), "c<d");
  EXPECT_EQ(XmlText(contents[1], "Size").value(), "3");
  EXPECT_EQ(XmlText(xml, "NextContinuationToken").value(), "tok/+=");
  EXPECT_EQ(XmlText(xml, "KeyCount").value(), "");
  EXPECT_FALSE(XmlText(xml, "Missing").has_value());
  // "<Upload" must not match "<UploadId>".
  EXPECT_TRUE(XmlElements("<UploadId>1</UploadId>", "Upload").empty());
  EXPECT_EQ(XmlEscape("a<&>b"), "a&lt;&amp;&gt;b");
}

TEST(S3ConfigTest, ReadsTheStandardEnvironment) {
  ::setenv("AWS_ACCESS_KEY_ID", "AK", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "SK", 1);
  ::setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9/", 1);
  ::setenv("AWS_REGION", "eu-west-3", 1);
  ::unsetenv("AWS_ENDPOINT_URL_S3");
  auto config = S3ConfigFromEnvironment();
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->endpoint, "http://127.0.0.1:9");
  EXPECT_EQ(config->access_key_id, "AK");
  EXPECT_EQ(config->region, "eu-west-3");
  EXPECT_TRUE(config->path_style);
  ::unsetenv("AWS_ENDPOINT_URL");
  ::unsetenv("AWS_REGION");
  ::unsetenv("AWS_DEFAULT_REGION");
  EXPECT_EQ(S3ConfigFromEnvironment()->endpoint, "https://s3.us-east-1.amazonaws.com");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  EXPECT_FALSE(S3ConfigFromEnvironment().has_value());
  ::unsetenv("AWS_ACCESS_KEY_ID");
}

TEST(S3ConfigTest, ReadsExplicitSettingsAndRejectsBadOnes) {
  S3Config c = S3ConfigFromSettings({{"endpoint", "http://h:1"},
                                     {"access_key_id", "a"},
                                     {"secret_access_key", "s"},
                                     {"url_style", "vhost"},
                                     {"part_size", "6291456"}},
                                    "p.yaml: storage");
  EXPECT_EQ(c.endpoint, "http://h:1");
  EXPECT_FALSE(c.path_style);
  EXPECT_EQ(c.part_size, 6291456u);
  try {
    S3ConfigFromSettings({{"acces_key_id", "a"}}, "p.yaml: storage");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("p.yaml: storage: unknown S3 setting 'acces_key_id'"),
              std::string::npos);
  }
  EXPECT_THROW(S3ConfigFromSettings(
                   {{"access_key_id", "a"}, {"secret_access_key", "s"}, {"endpoint", "h:1"}}, "x"),
               Error);
  EXPECT_THROW(
      S3ConfigFromSettings(
          {{"access_key_id", "a"}, {"secret_access_key", "s"}, {"part_size", "1000"}}, "x"),
      Error);
}

TEST(S3ErrorTest, ClassifiesStatusesAndCodes) {
  EXPECT_EQ(ClassifyHttpStatus(503, "SlowDown"), ErrorKind::kRetryable);
  EXPECT_EQ(ClassifyHttpStatus(500, "InternalError"), ErrorKind::kRetryable);
  EXPECT_EQ(ClassifyHttpStatus(400, "RequestTimeout"), ErrorKind::kRetryable);
  EXPECT_EQ(ClassifyHttpStatus(429, ""), ErrorKind::kRetryable);
  EXPECT_EQ(ClassifyHttpStatus(403, "SignatureDoesNotMatch"), ErrorKind::kPermanent);
  EXPECT_EQ(ClassifyHttpStatus(403, "InvalidAccessKeyId"), ErrorKind::kPermanent);
  EXPECT_EQ(ClassifyHttpStatus(404, "NoSuchKey"), ErrorKind::kUserInput);
  EXPECT_EQ(ClassifyCurlCode(CURLE_OPERATION_TIMEDOUT), ErrorKind::kRetryable);
  EXPECT_EQ(ClassifyCurlCode(CURLE_RECV_ERROR), ErrorKind::kRetryable);

  Error denied = MakeHttpError("s3://b/k", "read", "http://h:1", 403,
                               "<Error><Code>InvalidAccessKeyId</Code></Error>", 1);
  EXPECT_EQ(denied.kind(), ErrorKind::kPermanent);
  EXPECT_NE(denied.message().find("s3://b/k"), std::string::npos);
  EXPECT_NE(denied.message().find("http://h:1"), std::string::npos);
  EXPECT_NE(denied.message().find("InvalidAccessKeyId"), std::string::npos);
  EXPECT_NE(denied.message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
  Error changed = MakeHttpError("s3://b/k", "read", "http://h:1", 412,
                                "<Error><Code>PreconditionFailed</Code></Error>", 1);
  EXPECT_EQ(ClassifyHttpStatus(412, "PreconditionFailed"), ErrorKind::kPermanent);  // no retry
  EXPECT_EQ(changed.kind(), ErrorKind::kRetryable);
  EXPECT_NE(changed.message().find("changed while being read"), std::string::npos);
  Error missing = MakeHttpError("s3://b/k", "open", "http://h:1", 404, "", 1);
  EXPECT_EQ(missing.kind(), ErrorKind::kUserInput);
  EXPECT_EQ(missing.message(), "s3://b/k: no such file");
}

S3Config FakeConfig(const std::string& endpoint) {
  S3Config c;
  c.endpoint = endpoint;
  c.access_key_id = "AK";
  c.secret_access_key = "SK";
  c.backoff_base_ms = 1;
  c.backoff_max_ms = 5;
  return c;
}

TEST(S3ClientTest, RetriesSlowDownAndServerErrorsThenSucceeds) {
  FakeS3Server server({{503, "<Error><Code>SlowDown</Code></Error>"},
                       {500, "<Error><Code>InternalError</Code></Error>"},
                       {200, "hello"}});
  S3Client client(FakeConfig(server.endpoint()));
  S3Request request;
  request.bucket = "b";
  request.key = "dir/a b.txt";
  request.query = {{"uploads", ""}, {"prefix", "x/"}};
  S3Response response = client.Send(request);
  EXPECT_EQ(response.body, "hello");
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  // Keys are encoded, query parameters sorted and encoded, valueless ones sent as "name=".
  EXPECT_EQ(requests[0], "GET /b/dir/a%20b.txt?prefix=x%2F&uploads= HTTP/1.1");
  EXPECT_EQ(client.stats().retries, 2u);
}

TEST(S3ClientTest, GivesUpWithARetryableErrorAfterMaxAttempts) {
  FakeS3Server server({{503, "<Error><Code>SlowDown</Code><Message>reduce</Message></Error>"}});
  S3Config config = FakeConfig(server.endpoint());
  config.max_attempts = 3;
  S3Client client(config);
  S3Request request;
  request.bucket = "b";
  request.key = "k";
  request.action = "read";
  try {
    client.Send(request);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRetryable);
    EXPECT_NE(e.message().find("SlowDown"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("3 times"), std::string::npos) << e.message();
  }
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(S3ClientTest, DoesNotRetryAuthenticationErrors) {
  FakeS3Server server({{403, "<Error><Code>SignatureDoesNotMatch</Code></Error>"}});
  S3Client client(FakeConfig(server.endpoint()));
  S3Request request;
  request.bucket = "b";
  request.key = "k";
  try {
    client.Send(request);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPermanent);
    EXPECT_NE(e.message().find("SignatureDoesNotMatch"), std::string::npos);
  }
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(S3ClientTest, ErrorInsideOkCompleteIsRetried) {
  FakeS3Server server({{200, "<Error><Code>InternalError</Code></Error>"},
                       {200, "<CompleteMultipartUploadResult/>"}});
  S3Client client(FakeConfig(server.endpoint()));
  S3Request request;
  request.method = "POST";
  request.bucket = "b";
  request.key = "k";
  request.query = {{"uploadId", "u1"}};
  request.body = "<CompleteMultipartUpload/>";
  request.error_may_hide_in_ok = true;
  client.Send(request);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(S3ClientTest, ConnectionRefusedIsRetryableAndNamesTheEndpoint) {
  int port;
  {
    FakeS3Server probe({{200, ""}});
    port = std::stoi(probe.endpoint().substr(17));
  }
  S3Config config = FakeConfig("http://127.0.0.1:" + std::to_string(port));
  config.max_attempts = 2;
  S3FileSystem fs(config);
  try {
    fs.OpenForRead("s3://b/k");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRetryable);
    EXPECT_NE(e.message().find("AWS_ENDPOINT_URL"), std::string::npos) << e.message();
  }
}

TEST(S3ClientTest, FailedMultipartUploadIsAborted) {
  FakeS3Server server({{200,
                        "<InitiateMultipartUploadResult><UploadId>u1</UploadId>"
                        "</InitiateMultipartUploadResult>"},
                       {403, "<Error><Code>AccessDenied</Code></Error>"},
                       {204, ""}});
  S3Config config = FakeConfig(server.endpoint());
  config.part_size = 1024;
  S3FileSystem fs(config);
  auto file = fs.OpenForWrite("s3://b/k");
  file->Append(std::string(2048, 'x'));  // starts the upload; the part fails in the background
  try {
    file->Close();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPermanent) << e.message();
    EXPECT_NE(e.message().find("upload part 1 of"), std::string::npos) << e.message();
  }
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0], "POST /b/k?uploads= HTTP/1.1");
  EXPECT_EQ(requests[1], "PUT /b/k?partNumber=1&uploadId=u1 HTTP/1.1");
  EXPECT_EQ(requests[2], "DELETE /b/k?uploadId=u1 HTTP/1.1");
  EXPECT_THROW(file->Close(), Error);  // never reports success after a failure
}

TEST(S3RegistrationTest, SchemeIsRegisteredAndAsksForCredentials) {
  ::unsetenv("AWS_ACCESS_KEY_ID");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  ResetS3FileSystem();
  try {
    FileSystem::For("s3://bucket/x.parquet").OpenForRead("s3://bucket/x.parquet");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("s3://bucket/x.parquet: S3 is not configured"), std::string::npos)
        << e.message();
    EXPECT_NE(e.message().find("AWS_ACCESS_KEY_ID"), std::string::npos);
  }
  // An explicit configuration (a pipeline's storage: block) serves later paths.
  FakeS3Server server({{404, "<Error><Code>NoSuchKey</Code></Error>"}});
  ConfigureS3FileSystem(FakeConfig(server.endpoint()));
  EXPECT_FALSE(FileSystem::For("s3://bucket/x.parquet").Exists("s3://bucket/x.parquet"));
  EXPECT_FALSE(server.requests().empty());
  ResetS3FileSystem();
}

}  // namespace
}  // namespace sluice::s3
