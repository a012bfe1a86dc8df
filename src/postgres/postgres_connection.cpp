#include "postgres/postgres_connection.h"

#include <libpq-fe.h>

#include <cstdlib>

namespace sluice::postgres {
namespace {

std::string Field(const PGresult* result, int code) {
  const char* value = result != nullptr ? PQresultErrorField(result, code) : nullptr;
  return value != nullptr ? std::string(value) : std::string();
}

std::string TrimEnd(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// The password of a URI (user:password@host or ?password=...), to scrub it from any text.
std::string PasswordOf(const std::string& uri) {
  std::string password;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), nullptr);
  if (options == nullptr) return password;
  for (PQconninfoOption* option = options; option->keyword != nullptr; option++)
    if (std::string_view(option->keyword) == "password" && option->val != nullptr)
      password = option->val;
  PQconninfoFree(options);
  return password;
}

std::string Scrub(std::string text, const std::string& password) {
  if (password.empty()) return text;
  for (size_t at = text.find(password); at != std::string::npos; at = text.find(password, at))
    text.replace(at, password.size(), "***");
  return text;
}

}  // namespace

bool IsPostgresUri(std::string_view uri) {
  return uri.starts_with("postgresql://") || uri.starts_with("postgres://");
}

std::string DescribePostgresUri(const std::string& uri, std::string_view role) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &error);
  if (options == nullptr) {
    std::string detail = error != nullptr ? TrimEnd(error) : "invalid connection string";
    if (error != nullptr) PQfreemem(error);
    throw Error::UserInput(
        "{}: cannot parse the PostgreSQL URI ({}); expected "
        "postgresql://user@host:port/database",
        role, Scrub(detail, PasswordOf(uri)));
  }
  std::string host = "localhost", port = "5432", dbname;
  for (PQconninfoOption* option = options; option->keyword != nullptr; option++) {
    if (option->val == nullptr || *option->val == '\0') continue;
    std::string_view keyword = option->keyword;
    if (keyword == "host" || (keyword == "hostaddr" && host == "localhost")) host = option->val;
    if (keyword == "port") port = option->val;
    if (keyword == "dbname") dbname = option->val;
  }
  PQconninfoFree(options);
  return host + ":" + port + "/" + dbname;
}

std::string FormatServerError(std::string_view what, const PostgresErrorInfo& info) {
  std::string message = fmt::format("{}: {}", what, info.message);
  if (!info.detail.empty()) message += " (" + info.detail + ")";
  return message + " [SQLSTATE " + info.sqlstate + "]";
}

ErrorKind ClassifySqlState(std::string_view state) {
  if (state.size() != 5) return ErrorKind::kRetryable;  // libpq: the connection failed
  std::string_view cls = state.substr(0, 2);
  if (cls == "08" || cls == "53" || state == "40001" || state == "40P01" || state == "57P01" ||
      state == "57P02" || state == "57P03" || state == "57014")
    return ErrorKind::kRetryable;
  if (cls == "28" || state == "42501") return ErrorKind::kPermanent;
  if (cls == "21" || cls == "22" || cls == "23" || cls == "42" || cls == "0A" || cls == "3D" ||
      cls == "3F")
    return ErrorKind::kUserInput;
  if (cls == "25" || cls == "XX") return ErrorKind::kInternal;
  return ErrorKind::kPermanent;
}

PostgresResult::~PostgresResult() {
  if (result_ != nullptr) PQclear(result_);
}

int PostgresResult::rows() const {
  return PQntuples(result_);
}

std::optional<std::string> PostgresResult::OptionalText(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Text(row, column);
}

int64_t PostgresResult::Int(int row, int column) const {
  return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}

double PostgresResult::Double(int row, int column) const {
  return std::strtod(PQgetvalue(result_, row, column), nullptr);
}

int64_t PostgresResult::AffectedRows() const {
  const char* count = PQcmdTuples(result_);
  return count != nullptr && *count != '\0' ? std::strtoll(count, nullptr, 10) : 0;
}

bool PostgresResult::IsNull(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}

std::string PostgresResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<size_t>(PQgetlength(result_, row, column)));
}

PostgresConnection::PostgresConnection(const std::string& uri, std::string_view role)
    : uri_(uri), role_(role), description_(DescribePostgresUri(uri, role)) {
  Connect();
}

PostgresConnection::~PostgresConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

void PostgresConnection::Connect() {
  if (conn_ != nullptr) {
    PQfinish(conn_);
    conn_ = nullptr;
  }
  // Defaults first: the URI's own parameters (expanded from dbname) override them.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "sluice", uri_.c_str(), nullptr};
  conn_ = PQconnectdbParams(keywords, values, 1);
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) {
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    return;
  }
  std::string detail = conn_ != nullptr ? TrimEnd(PQerrorMessage(conn_)) : "out of memory";
  detail = Scrub(detail, PasswordOf(uri_));
  if (conn_ != nullptr) PQfinish(conn_);  // a failed constructor runs no destructor
  conn_ = nullptr;
  std::string message =
      fmt::format("{} postgresql {}: cannot connect: {}", role_, description_, detail);
  bool authentication = detail.find("authentication failed") != std::string::npos ||
                        detail.find("pg_hba.conf") != std::string::npos ||
                        detail.find("password") != std::string::npos ||
                        (detail.find("role \"") != std::string::npos &&
                         detail.find("does not exist") != std::string::npos);
  if (authentication)
    throw Error::Permanent("{} (check the user and password of the {} URI)", message, role_);
  if (detail.find("database \"") != std::string::npos &&
      detail.find("does not exist") != std::string::npos)
    throw Error::UserInput("{} (create the database or fix the {} URI)", message, role_);
  throw Error::Retryable("{}", message);
}

bool PostgresConnection::connected() const {
  return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK;
}

void PostgresConnection::EnsureConnected() {
  if (!connected()) Connect();
}

void PostgresConnection::Transaction(std::string_view what, const std::function<void()>& body,
                                     TransactionMode mode) {
  EnsureConnected();
  std::string_view begin_sql = mode == TransactionMode::kReadOnlySnapshot
                                   ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                   : "BEGIN";
  std::string begin = fmt::format("{}: BEGIN", what);
  try {
    Execute(begin_sql, begin);
  } catch (const Error&) {
    // A connection the server dropped while idle shows up only now: nothing was done yet.
    if (connected()) throw;
    Connect();
    Execute(begin_sql, begin);
  }
  try {
    body();
    Execute("COMMIT", fmt::format("{}: COMMIT", what));
  } catch (...) {
    ExecuteQuietly("ROLLBACK");
    throw;
  }
}

PostgresErrorInfo PostgresConnection::ErrorInfo(const pg_result* result) {
  PostgresErrorInfo info;
  info.sqlstate = Field(result, PG_DIAG_SQLSTATE);
  info.message = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  info.detail = Field(result, PG_DIAG_MESSAGE_DETAIL);
  info.context = Field(result, PG_DIAG_CONTEXT);
  info.column = Field(result, PG_DIAG_COLUMN_NAME);
  return info;
}

void PostgresConnection::ThrowExplained(const PostgresErrorInfo& info, std::string message) const {
  ErrorKind kind = ClassifySqlState(info.sqlstate);
  if (info.sqlstate.empty() && connected()) kind = ErrorKind::kInternal;
  throw Error(kind, Scrub(std::move(message), PasswordOf(uri_)));
}

void PostgresConnection::ThrowError(const pg_result* result, std::string_view what) const {
  PostgresErrorInfo info = ErrorInfo(result);
  std::string message;
  if (info.sqlstate.empty()) {
    std::string detail = conn_ != nullptr ? TrimEnd(PQerrorMessage(conn_)) : "";
    if (detail.empty() && result != nullptr) detail = TrimEnd(PQresultErrorMessage(result));
    message = connected() ? fmt::format("{}: {}", what, detail)
                          : fmt::format("{}: lost the connection to postgresql {}: {}", what,
                                        description_, detail);
  } else {
    message = FormatServerError(what, info);
  }
  ThrowExplained(info, std::move(message));
}

PostgresResult PostgresConnection::Execute(std::string_view sql,
                                           const std::vector<std::optional<std::string>>& params,
                                           std::string_view what, const ErrorExplainer& explain) {
  std::string text(sql);
  std::vector<const char*> values;
  for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
  PostgresResult result(PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                                     values.data(), nullptr, nullptr, 0));
  ExecStatusType status =
      result.get() != nullptr ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  PostgresErrorInfo info = ErrorInfo(result.get());
  if (explain && !info.sqlstate.empty()) ThrowExplained(info, explain(info));
  ThrowError(result.get(), what);
}

void PostgresConnection::ExecuteScript(std::string_view sql, std::string_view what) {
  std::string text(sql);
  PostgresResult result(PQexec(conn_, text.c_str()));
  ExecStatusType status =
      result.get() != nullptr ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) ThrowError(result.get(), what);
}

void PostgresConnection::ExecuteQuietly(std::string_view sql) {
  if (!connected()) return;
  std::string text(sql);
  PGresult* result = PQexec(conn_, text.c_str());
  if (result != nullptr) PQclear(result);
}

void PostgresConnection::CopyStart(std::string_view copy_sql, std::string_view what) {
  std::string text(copy_sql);
  PostgresResult result(PQexec(conn_, text.c_str()));
  if (result.get() == nullptr || PQresultStatus(result.get()) != PGRES_COPY_IN)
    ThrowError(result.get(), what);
}

void PostgresConnection::CopyPut(std::string_view data, std::string_view what) {
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1)
    ThrowError(nullptr, what);
}

void PostgresConnection::CopyEnd(std::string_view what, const ErrorExplainer& explain) {
  if (PQputCopyEnd(conn_, nullptr) != 1) ThrowError(nullptr, what);
  std::optional<PostgresResult> failed;
  while (PGresult* next = PQgetResult(conn_)) {
    PostgresResult result(next);
    if (PQresultStatus(next) != PGRES_COMMAND_OK && !failed) failed.emplace(std::move(result));
  }
  if (!failed) return;
  PostgresErrorInfo info = ErrorInfo(failed->get());
  if (explain && !info.sqlstate.empty()) ThrowExplained(info, explain(info));
  ThrowError(failed->get(), what);
}

void PostgresConnection::CopyOutStart(std::string_view copy_sql, std::string_view what) {
  std::string text(copy_sql);
  PostgresResult result(PQexec(conn_, text.c_str()));
  if (result.get() == nullptr || PQresultStatus(result.get()) != PGRES_COPY_OUT)
    ThrowError(result.get(), what);
}

bool PostgresConnection::CopyGet(std::string& out, std::string_view what) {
  char* data = nullptr;
  int size = PQgetCopyData(conn_, &data, 0);
  if (size > 0) {
    out.append(data, static_cast<size_t>(size));
    PQfreemem(data);
    return true;
  }
  if (size == -2) ThrowError(nullptr, what);
  std::optional<PostgresResult> failed;
  while (PGresult* next = PQgetResult(conn_)) {
    PostgresResult result(next);
    if (PQresultStatus(next) != PGRES_COMMAND_OK && !failed) failed.emplace(std::move(result));
  }
  if (failed) ThrowError(failed->get(), what);
  return false;
}

void PostgresConnection::CopyAbort(const std::string& reason) {
  if (!connected()) return;
  if (PQputCopyEnd(conn_, reason.c_str()) != 1) return;
  while (PGresult* next = PQgetResult(conn_)) PQclear(next);
}

}  // namespace sluice::postgres
