// The SQLite back end of the shared warehouse tests: a fresh file per test program, read
// back through the SQLite C API.
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "warehouse_test_support.h"

namespace sluice::warehouse::testing {
namespace {

class SqliteBackend final : public Backend {
 public:
  SqliteBackend() {
    directory_ = std::filesystem::temp_directory_path() /
                 ("sluice_warehouse_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(directory_);
    path_ = (directory_ / "warehouse.db").string();
  }
  ~SqliteBackend() override {
    std::error_code ec;
    std::filesystem::remove_all(directory_, ec);
  }

  std::string Uri() override { return path_; }

  void Clean() override {
    std::vector<std::string> tables = Query("SELECT name FROM sqlite_master WHERE type = 'table'");
    for (const std::string& table : tables) Query("DROP TABLE \"" + table + "\"");
  }

  std::vector<std::string> Query(const std::string& sql) override {
    sqlite3* db = nullptr;
    if (sqlite3_open(path_.c_str(), &db) != SQLITE_OK) throw std::runtime_error("open failed");
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      std::string message = sqlite3_errmsg(db);
      sqlite3_close(db);
      throw std::runtime_error(sql + ": " + message);
    }
    std::vector<std::string> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(stmt); c++) {
        if (c > 0) row += "|";
        const unsigned char* text = sqlite3_column_text(stmt, c);
        row += text == nullptr ? "NULL"
                               : std::string(reinterpret_cast<const char*>(text),
                                             static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
      }
      rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
  }

  std::string TableSql(const std::string& table) override { return "\"" + table + "\""; }

 private:
  std::filesystem::path directory_;
  std::string path_;
};

}  // namespace

Backend& SqliteTestBackend() {
  static SqliteBackend backend;
  return backend;
}

}  // namespace sluice::warehouse::testing
