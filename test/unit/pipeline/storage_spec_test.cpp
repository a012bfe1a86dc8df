// The `storage:` block of a pipeline file (no server): settings after substitution,
// `${env:NAME}`, errors with file and line that never repeat the secret, and the
// parameters kept out of the run's records.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "pipeline/param_substitution.h"
#include "pipeline/spec_parser.h"
#include "spec_test_util.h"
#include "storage/s3/s3_config.h"

namespace sluice::pipeline {
namespace {

const char kHead[] = "name: p\nsources: { s: { path: s3://b/in.csv } }\n";

TEST(StorageSpecTest, ReadsTheBlockWithParametersAndEnvironment) {
  ::setenv("SLUICE_STORAGE_TEST_SECRET", "s3cr3t/value", 1);
  std::string yaml = std::string(kHead) +
                     "params: { key: AKIDEXAMPLE }\n"
                     "storage:\n"
                     "  endpoint: http://127.0.0.1:7480/\n"
                     "  region: eu-west-1\n"
                     "  access_key_id: ${key}\n"
                     "  secret_access_key: ${env:SLUICE_STORAGE_TEST_SECRET}\n"
                     "  url_style: vhost\n";
  PipelineSpec spec = ParsePipelineSpec(yaml, "p.yaml");
  ASSERT_TRUE(spec.storage.has_value());
  EXPECT_EQ(spec.storage->line, 5);
  EXPECT_EQ(spec.storage->settings.at("access_key_id"), "AKIDEXAMPLE");
  EXPECT_EQ(spec.storage->settings.at("secret_access_key"), "s3cr3t/value");
  EXPECT_TRUE(spec.storage->secret_params.empty());  // the secret came from the environment
  s3::S3Config config = s3::S3ConfigFromSettings(spec.storage->settings, "p.yaml:5: storage");
  EXPECT_EQ(config.endpoint, "http://127.0.0.1:7480");
  EXPECT_EQ(config.region, "eu-west-1");
  EXPECT_FALSE(config.path_style);
  EXPECT_EQ(config.origin, "p.yaml:5: storage");
  std::string described = spec.storage->Describe();
  EXPECT_NE(described.find("AKIDEXAMPLE"), std::string::npos) << described;
  EXPECT_EQ(described.find("s3cr3t"), std::string::npos) << described;
  EXPECT_EQ(spec.RecordedParams().at("key"), "AKIDEXAMPLE");
  ::unsetenv("SLUICE_STORAGE_TEST_SECRET");
}

TEST(StorageSpecTest, ParametersThatFeedASecretAreNotRecorded) {
  std::string yaml = std::string(kHead) +
                     "params: { key: AKID, day: '2024-01-01' }\n"
                     "storage: { access_key_id: '${key}', secret_access_key: 'x${secret}y', "
                     "session_token: '${token}', endpoint: 'https://s3.example.com' }\n";
  PipelineSpec spec = ParsePipelineSpec(yaml, "p.yaml", {{"secret", "hunter2"}, {"token", "tok"}});
  EXPECT_EQ(spec.storage->settings.at("secret_access_key"), "xhunter2y");
  EXPECT_EQ(spec.storage->secret_params, (std::set<std::string>{"secret", "token"}));
  std::map<std::string, std::string> recorded = spec.RecordedParams();
  EXPECT_EQ(recorded.count("secret"), 0u);
  EXPECT_EQ(recorded.count("token"), 0u);
  EXPECT_EQ(recorded.at("key"), "AKID");  // the key id is not a secret
  EXPECT_EQ(recorded.at("day"), "2024-01-01");
  EXPECT_EQ(spec.params.at("secret"), "hunter2");  // the run itself still has it
}

TEST(StorageSpecTest, ProblemsNameTheFileAndLineButNeverTheSecret) {
  std::string head(kHead);
  EXPECT_NE(SpecError(head + "storage:\n  endpiont: http://h:1\n  access_key_id: a\n"
                             "  secret_access_key: topsecret\n")
                .find("p.yaml:4:3: storage: unknown key 'endpiont' (did you mean 'endpoint'?)"),
            std::string::npos);
  std::string missing = SpecError(head + "storage:\n  access_key_id: a\n");
  EXPECT_NE(missing.find("p.yaml:4:3: storage: S3 needs access_key_id and secret_access_key"),
            std::string::npos)
      << missing;
  std::string scheme = SpecError(head +
                                 "storage:\n  endpoint: 127.0.0.1:7480\n  access_key_id: a\n"
                                 "  secret_access_key: topsecret\n");
  EXPECT_NE(scheme.find("p.yaml:4:3: storage: S3 endpoint '127.0.0.1:7480' must start with "
                        "http:// or https://"),
            std::string::npos)
      << scheme;
  EXPECT_EQ(scheme.find("topsecret"), std::string::npos) << scheme;
  std::string style = SpecError(head +
                                "storage: { access_key_id: a, secret_access_key: topsecret, "
                                "url_style: dns }\n");
  EXPECT_NE(style.find("url_style must be 'path' or 'vhost'"), std::string::npos) << style;
  EXPECT_EQ(style.find("topsecret"), std::string::npos) << style;
  std::string shape = SpecError(head + "storage: { access_key_id: a, secret_access_key: [x] }\n");
  EXPECT_NE(shape.find("p.yaml:3:"), std::string::npos) << shape;
  EXPECT_NE(shape.find("storage.secret_access_key: expected a string"), std::string::npos) << shape;
  EXPECT_NE(SpecError(head + "storage: s3\n").find("storage: expected a map of keys"),
            std::string::npos);
  std::string unset = SpecError(head +
                                "storage: { access_key_id: a, secret_access_key: "
                                "'${env:SLUICE_STORAGE_TEST_UNSET}' }\n");
  EXPECT_NE(unset.find("p.yaml:3:"), std::string::npos) << unset;
  EXPECT_NE(unset.find("environment variable 'SLUICE_STORAGE_TEST_UNSET'"), std::string::npos)
      << unset;
}

TEST(StorageSpecTest, AnObjectStoreLakeHasNoDefaultCatalog) {
  PipelineSpec local = ParsePipelineSpec(std::string(kHead) + "lake: ./data/lake/\n", "p.yaml");
  EXPECT_EQ(local.catalog, "./data/lake/_catalog.db");
  PipelineSpec remote = ParsePipelineSpec(std::string(kHead) + "lake: s3://b/lake\n", "p.yaml");
  EXPECT_FALSE(remote.catalog_explicit);
  EXPECT_EQ(remote.catalog, "");
}

TEST(StorageSpecTest, EnvironmentReferencesAnywhere) {
  ::setenv("SLUICE_STORAGE_TEST_DIR", "/data", 1);
  EXPECT_EQ(SubstituteParams("${env:SLUICE_STORAGE_TEST_DIR}/x-${day}", {{"day", "1"}}),
            "/data/x-1");
  EXPECT_EQ(SubstituteParams("$${env:X}", {}), "${env:X}");
  EXPECT_THROW(SubstituteParams("${env:}", {}), Error);
  ::unsetenv("SLUICE_STORAGE_TEST_DIR");
}

}  // namespace
}  // namespace sluice::pipeline
