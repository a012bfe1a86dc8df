// The shared libpq layer without a server: SQLSTATE classes and URI descriptions.
#include "postgres/postgres_connection.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace sluice::postgres {
namespace {

TEST(PostgresErrors, SqlStatesMapToErrorKinds) {
  EXPECT_EQ(ClassifySqlState(""), ErrorKind::kRetryable);  // the connection itself
  EXPECT_EQ(ClassifySqlState("08006"), ErrorKind::kRetryable);
  EXPECT_EQ(ClassifySqlState("40001"), ErrorKind::kRetryable);
  EXPECT_EQ(ClassifySqlState("40P01"), ErrorKind::kRetryable);
  EXPECT_EQ(ClassifySqlState("53100"), ErrorKind::kRetryable);
  EXPECT_EQ(ClassifySqlState("57P01"), ErrorKind::kRetryable);
  EXPECT_EQ(ClassifySqlState("28P01"), ErrorKind::kPermanent);
  EXPECT_EQ(ClassifySqlState("42501"), ErrorKind::kPermanent);
  EXPECT_EQ(ClassifySqlState("22008"), ErrorKind::kUserInput);
  EXPECT_EQ(ClassifySqlState("23505"), ErrorKind::kUserInput);
  EXPECT_EQ(ClassifySqlState("42P01"), ErrorKind::kUserInput);
  EXPECT_EQ(ClassifySqlState("XX000"), ErrorKind::kInternal);
}

TEST(PostgresUri, DescriptionsNameTheRoleAndNeverThePassword) {
  EXPECT_TRUE(IsPostgresUri("postgresql://h/db"));
  EXPECT_TRUE(IsPostgresUri("postgres://h/db"));
  EXPECT_FALSE(IsPostgresUri("./lake/_catalog.db"));
  EXPECT_EQ(DescribePostgresUri("postgresql://u:hunter2@db.example:6543/meta", "catalog"),
            "db.example:6543/meta");
  try {
    DescribePostgresUri("postgresql://u:hunter2@db.example:6543/meta?nonsense=1", "catalog");
    FAIL() << "an unknown option must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_EQ(e.message().rfind("catalog: cannot parse", 0), 0u) << e.message();
    EXPECT_EQ(e.message().find("hunter2"), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace sluice::postgres
