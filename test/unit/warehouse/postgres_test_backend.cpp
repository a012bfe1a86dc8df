// Placeholder until the PostgreSQL warehouse exists: the back end reports why it cannot run.
#include "warehouse_test_support.h"

namespace sluice::warehouse::testing {
namespace {

class UnavailableBackend final : public Backend {
 public:
  std::string Uri() override { return ""; }
  std::string SkipReason() override { return "the PostgreSQL warehouse is not built yet"; }
  void Clean() override {}
  std::vector<std::string> Query(const std::string&) override { return {}; }
  std::string TableSql(const std::string& table) override { return table; }
};

}  // namespace

Backend& PostgresTestBackend() {
  static UnavailableBackend backend;
  return backend;
}

}  // namespace sluice::warehouse::testing
