// PostgresConnection — a thin RAII layer over one libpq connection, shared by the users
// of PostgreSQL (the warehouse loader, the catalog and the run store): connect from a
// postgresql:// URI, run statements (with text parameters) and transactions, stream COPY
// data, and turn every failure into a sluice::Error of the right kind.
//
// Error kinds: a connection that cannot be made or is lost (CONNECTION_BAD, SQLSTATE class
// 08), serialization failures (40001), deadlocks (40P01), insufficient resources (53xxx)
// and server shutdowns/cancels (57P01..57P03, 57014) are retryable; authentication (28xxx)
// and permission (42501) failures are permanent; data exceptions (22xxx), constraint
// violations (23xxx), cardinality violations (21xxx: a merge key repeated in the new rows)
// and other statement errors (42xxx) are user_input. Messages never
// contain the password: the connection is named by Describe() ("127.0.0.1:5432/dw"), and
// messages about the connection itself start with the role it serves ("warehouse",
// "catalog"), so that the user knows which URI to fix.
//
// Thread-safety: none; one user at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

struct pg_conn;
struct pg_result;

namespace sluice::postgres {

// Text parameters of Execute ($1, $2, ...; nullopt is NULL).
using Params = std::vector<std::optional<std::string>>;

// The fields of a server error that messages use.
struct PostgresErrorInfo {
  std::string sqlstate;  // empty when the connection itself failed
  std::string message;   // the primary message
  std::string detail;
  std::string context;  // e.g. "COPY t, line 3, column ts"
  std::string column;   // PG_DIAG_COLUMN_NAME, when the server names one
};

// True for postgresql:// and postgres:// URIs.
bool IsPostgresUri(std::string_view uri);

// "host:port/dbname" of a postgresql:// URI, without user or password. Throws user_input
// naming `role` when the URI cannot be parsed (the message has no password either).
std::string DescribePostgresUri(const std::string& uri, std::string_view role);

// Writes the message of a server error (e.g. one that names the row and column).
using ErrorExplainer = std::function<std::string(const PostgresErrorInfo&)>;

// "<what>: <message> (<detail>) [SQLSTATE <state>]".
std::string FormatServerError(std::string_view what, const PostgresErrorInfo& info);

// The error kind a SQLSTATE stands for (an empty state: a lost connection).
ErrorKind ClassifySqlState(std::string_view sqlstate);

// Owns a PGresult.
class PostgresResult {
 public:
  explicit PostgresResult(pg_result* result) : result_(result) {}
  ~PostgresResult();
  PostgresResult(PostgresResult&& other) noexcept : result_(other.result_) {
    other.result_ = nullptr;
  }
  PostgresResult(const PostgresResult&) = delete;
  PostgresResult& operator=(const PostgresResult&) = delete;

  int rows() const;
  // Rows an INSERT/UPDATE/DELETE changed.
  int64_t AffectedRows() const;
  bool IsNull(int row, int column) const;
  std::string Text(int row, int column) const;
  std::optional<std::string> OptionalText(int row, int column) const;
  // Integer and double columns, read from their text form (NULL reads as 0).
  int64_t Int(int row, int column) const;
  double Double(int row, int column) const;
  pg_result* get() const { return result_; }

 private:
  pg_result* result_;
};

class PostgresConnection {
 public:
  // Connects; throws (retryable, permanent or user_input) when it cannot. `role` names
  // what the server is for in messages ("warehouse", "catalog").
  PostgresConnection(const std::string& uri, std::string_view role);
  ~PostgresConnection();
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // "host:port/dbname" from the URI, without user or password.
  const std::string& Describe() const { return description_; }

  // Reconnects when the connection was lost (after a failed load).
  void EnsureConnected();

  // Runs `body` between BEGIN and COMMIT; any exception rolls back and propagates. A
  // connection the server dropped while idle is noticed at BEGIN and made again once.
  // `what` names the work in messages. A COMMIT whose answer is lost throws retryable:
  // the caller cannot know whether it committed. kReadOnlySnapshot runs a read-only
  // REPEATABLE READ transaction: every statement of `body` sees the same snapshot.
  enum class TransactionMode { kReadWrite, kReadOnlySnapshot };
  void Transaction(std::string_view what, const std::function<void()>& body,
                   TransactionMode mode = TransactionMode::kReadWrite);

  // Runs one statement; `params` are text values ($1, $2, ...; nullopt is NULL). Throws
  // the classified Error (see ThrowError) on failure; `what` says what was being done.
  // `explain` (optional) writes the message of a server error instead of the default.
  PostgresResult Execute(std::string_view sql,
                         const std::vector<std::optional<std::string>>& params,
                         std::string_view what, const ErrorExplainer& explain = {});
  PostgresResult Execute(std::string_view sql, std::string_view what) {
    return Execute(sql, {}, what);
  }
  // Runs several statements separated by ';' (no parameters, no results).
  void ExecuteScript(std::string_view sql, std::string_view what);
  // Runs a statement and ignores any failure (ROLLBACK after an error).
  void ExecuteQuietly(std::string_view sql);

  // COPY ... FROM STDIN: Start runs the COPY statement, Put sends data, End finishes it
  // (an error text aborts the COPY on the server instead).
  void CopyStart(std::string_view copy_sql, std::string_view what);
  void CopyPut(std::string_view data, std::string_view what);
  // `explain` (optional) writes the message of a server error (one naming row and column).
  void CopyEnd(std::string_view what, const ErrorExplainer& explain = {});
  void CopyAbort(const std::string& reason);

  // COPY ... TO STDOUT: Start runs the statement; Get appends the next message's bytes to
  // `out` and returns false at the end of the data (throwing if the COPY failed).
  void CopyOutStart(std::string_view copy_sql, std::string_view what);
  bool CopyGet(std::string& out, std::string_view what);

  // The fields of the last failed result, for messages that name rows and columns.
  static PostgresErrorInfo ErrorInfo(const pg_result* result);
  // Throws the Error for a failed result (or, with result == nullptr, the connection's
  // own error), prefixed with `what`.
  [[noreturn]] void ThrowError(const pg_result* result, std::string_view what) const;
  // Throws with a caller-chosen message for a result the caller has explained.
  [[noreturn]] void ThrowExplained(const PostgresErrorInfo& info, std::string message) const;

  bool connected() const;

 private:
  void Connect();

  std::string uri_;
  std::string role_;
  std::string description_;
  pg_conn* conn_ = nullptr;
};

}  // namespace sluice::postgres
