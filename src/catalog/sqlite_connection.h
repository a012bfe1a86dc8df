// SqliteConnection / SqliteStatement — a thin RAII layer over the SQLite C API for the
// catalog and the run store: open a database file with the settings they need (WAL
// journal, a busy timeout, foreign keys), prepare statements, and run a function in one
// write transaction that commits or rolls back as a whole.
//
// SQLite result codes become sluice::Error naming the database file: SQLITE_BUSY/LOCKED
// (another writer held the lock past the timeout) and I/O errors are retryable; a file
// that is not a database is user_input; permission problems are permanent.
//
// Thread-safety: a connection serializes its users with an internal mutex held for the
// whole of Transaction() / Query(); statements belong to the thread that prepared them
// under that lock. Several processes may open the same file (SQLite's file locks).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace sluice::catalog {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, std::string path);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  SqliteStatement(SqliteStatement&& other) noexcept;

  // Parameters are numbered from 1, as in SQL text `?1`, `?2`.
  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& Bind(int index, double value);
  SqliteStatement& Bind(int index, std::string_view value);
  SqliteStatement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  SqliteStatement& Bind(int index, const char* value) {
    return Bind(index, std::string_view(value));
  }
  SqliteStatement& Bind(int index, const std::optional<std::string>& value);
  SqliteStatement& BindNull(int index);

  // Advances to the next row; false when done. Throws on error.
  bool Step();
  // Makes the statement ready to run again (bindings are kept until rebound).
  void Reset();
  // Runs a statement that returns no rows.
  void Run() {
    while (Step()) {
    }
  }

  // Columns are numbered from 0.
  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string path_;
};

class SqliteConnection {
 public:
  // Opens (creating it and its directory if needed) the database at `path`; ":memory:"
  // works for tests.
  explicit SqliteConnection(std::string path, int busy_timeout_ms = 10000);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  const std::string& path() const { return path_; }

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT (the write lock is taken up front, so two
  // writers never deadlock upgrading a read lock). Any exception rolls back and propagates.
  void Transaction(const std::function<void()>& body);
  // Runs `body` under the connection lock without a write transaction (reads).
  void Query(const std::function<void()>& body);

  // Only valid inside Transaction()/Query() bodies.
  SqliteStatement Prepare(std::string_view sql);
  void Execute(std::string_view sql);  // one or more statements, no results
  int64_t LastInsertRowId() const;

  // Throws the sluice::Error that a SQLite result code stands for.
  [[noreturn]] static void Fail(sqlite3* db, int rc, const std::string& path,
                                std::string_view what);

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  std::recursive_mutex mutex_;
};

}  // namespace sluice::catalog
