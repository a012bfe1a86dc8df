#include "catalog/sqlite_connection.h"

#include <sqlite3.h>

#include <filesystem>

#include "common/error.h"

namespace sluice::catalog {

void SqliteConnection::Fail(sqlite3* db, int rc, const std::string& path, std::string_view what) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = fmt::format("{}: {}: {}", path, what, detail);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error::Retryable("{} (the database is locked by another writer; retry)", message);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_PROTOCOL: throw Error::Retryable("{}", message);
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH: throw Error::Permanent("{}", message);
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: throw Error::UserInput("{}", message);
    default: throw Error::Internal("{}", message);
  }
}

SqliteStatement::SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, std::string path)
    : db_(db), stmt_(stmt), path_(std::move(path)) {}

SqliteStatement::~SqliteStatement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), path_(std::move(other.path_)) {
  other.stmt_ = nullptr;
}

SqliteStatement& SqliteStatement::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) SqliteConnection::Fail(db_, rc, path_, "bind");
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) SqliteConnection::Fail(db_, rc, path_, "bind");
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, std::string_view value) {
  int rc =
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) SqliteConnection::Fail(db_, rc, path_, "bind");
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) SqliteConnection::Fail(db_, rc, path_, "bind");
  return *this;
}

bool SqliteStatement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  SqliteConnection::Fail(db_, rc, path_, "query failed");
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
}

bool SqliteStatement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
int64_t SqliteStatement::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}
double SqliteStatement::Double(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string SqliteStatement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> SqliteStatement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

SqliteConnection::SqliteConnection(std::string path, int busy_timeout_ms) : path_(std::move(path)) {
  // A fresh lake has no directory yet; the catalog file is its first content.
  if (path_ != ":memory:" && path_.rfind("file:", 0) != 0) {
    std::error_code ec;
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);  // open reports failures
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3* db = db_;
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (db != nullptr) sqlite3_close(db);
    db_ = nullptr;
    throw Error::UserInput("{}: cannot open catalog database: {}", path_, detail);
  }
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  try {
    // journal_mode returns a row; sqlite3_exec discards it. A file that is not a database
    // fails here with SQLITE_NOTADB.
    Execute("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

SqliteConnection::~SqliteConnection() {
  if (db_ != nullptr) sqlite3_close(db_);
}

void SqliteConnection::Execute(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (message != nullptr) sqlite3_free(message);
  if (rc != SQLITE_OK) Fail(db_, rc, path_, "statement failed");
}

SqliteStatement SqliteConnection::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) Fail(db_, rc, path_, "prepare failed");
  return SqliteStatement(db_, stmt, path_);
}

int64_t SqliteConnection::LastInsertRowId() const {
  return sqlite3_last_insert_rowid(db_);
}

void SqliteConnection::Transaction(const std::function<void()>& body) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  Execute("BEGIN IMMEDIATE");
  try {
    body();
    Execute("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void SqliteConnection::Query(const std::function<void()>& body) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  // A deferred transaction: every statement of `body` reads the same committed state.
  Execute("BEGIN");
  try {
    body();
    Execute("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace sluice::catalog
