#include "postgres_test_backend.h"

namespace sluice::warehouse::testing {
namespace {

class PostgresBackend final : public Backend {
 public:
  std::string Uri() override { return PostgresTestUri(); }
  std::string SkipReason() override { return PostgresSkipReason(); }
  void Clean() override {
    PostgresQuery(
        "DROP SCHEMA IF EXISTS analytics CASCADE; DROP SCHEMA public CASCADE; "
        "CREATE SCHEMA public");
  }
  std::vector<std::string> Query(const std::string& sql) override { return PostgresQuery(sql); }
  std::string TableSql(const std::string& table) override { return table; }
};

}  // namespace

Backend& PostgresTestBackend() {
  static PostgresBackend backend;
  return backend;
}

}  // namespace sluice::warehouse::testing
