#include "postgres_test_server.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace sluice::postgres::testing {
namespace {

std::string server_uri;
std::string skip_reason = "the PostgreSQL test server was not started";

// Runs a shell command; returns its exit status and output (stdout and stderr).
int RunCommand(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) output->append(buffer, n);
  return pclose(pipe);
}

// Starts scripts/pg.sh in a temporary directory for the whole test program.
class PostgresServer : public ::testing::Environment {
 public:
  void SetUp() override {
    if (const char* given = std::getenv("SLUICE_TEST_PG"); given != nullptr && *given != '\0') {
      server_uri = given;
      return;
    }
    char pattern[] = "/tmp/sluice_pg_test_XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
      skip_reason = "cannot create a temporary directory for the PostgreSQL test server";
      return;
    }
    directory_ = pattern;
    std::string output;
    // The watchdog stops the server even if this program dies before TearDown.
    int status =
        RunCommand("PG_OWNER_PID=" + std::to_string(getpid()) +
                       " bash '" SLUICE_SOURCE_DIR "/scripts/pg.sh' start '" + directory_ + "'",
                   &output);
    size_t at = output.rfind("postgresql://");
    if (status != 0 || at == std::string::npos) {
      skip_reason = "scripts/pg.sh could not start a PostgreSQL server: " + output;
      return;
    }
    server_uri = output.substr(at, output.find('\n', at) - at);
  }

  void TearDown() override {
    if (directory_.empty()) return;
    std::string output;
    RunCommand("bash '" SLUICE_SOURCE_DIR "/scripts/pg.sh' stop '" + directory_ + "'", &output);
    std::error_code ec;
    std::filesystem::remove_all(directory_, ec);
  }

 private:
  std::string directory_;
};

const auto* const kServer = ::testing::AddGlobalTestEnvironment(new PostgresServer);

PGconn* TestConnection() {
  static PGconn* conn = nullptr;
  if (conn != nullptr && PQstatus(conn) == CONNECTION_OK) return conn;
  if (conn != nullptr) PQfinish(conn);
  const char* keywords[] = {"dbname", "application_name", nullptr};
  const char* values[] = {server_uri.c_str(), "sluice_test", nullptr};
  conn = PQconnectdbParams(keywords, values, 1);
  if (PQstatus(conn) != CONNECTION_OK)
    throw std::runtime_error(std::string("test connection failed: ") + PQerrorMessage(conn));
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return conn;
}

}  // namespace

const std::string& PostgresTestUri() {
  return server_uri;
}

const std::string& PostgresSkipReason() {
  return skip_reason;
}

std::vector<std::string> PostgresQuery(const std::string& sql) {
  PGconn* conn = TestConnection();
  PGresult* result = PQexec(conn, sql.c_str());
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    throw std::runtime_error(sql + ": " + message);
  }
  std::vector<std::string> rows;
  for (int r = 0; r < PQntuples(result); r++) {
    std::string row;
    for (int c = 0; c < PQnfields(result); c++) {
      if (c > 0) row += "|";
      row += PQgetisnull(result, r, c) ? "NULL" : PQgetvalue(result, r, c);
    }
    rows.push_back(row);
  }
  PQclear(result);
  return rows;
}

}  // namespace sluice::postgres::testing
