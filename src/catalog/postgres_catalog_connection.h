// PostgresCatalogConnection — how PostgresCatalog and PostgresRunStore talk to their
// server: one libpq connection (postgres/postgres_connection.h) guarded by a mutex, reads
// in a read-only snapshot transaction, writes in a read-write one, and the tables of the
// schema `sluice_catalog` created on first use.
//
// Creating the tables is idempotent and safe when several processes open a new catalog at
// once (they serialize on an advisory lock); a catalog whose tables all exist is not
// touched, so a user without CREATE privilege can use a catalog made by another.
//
// Errors are the connection's (postgres_connection.h): lost connections and serialization
// failures retryable, authentication permanent, never the password in a message. A
// connection lost between calls is made again at the next call.
//
// Thread-safety: thread-safe; Read and Write bodies run one at a time and must not call
// Read or Write again.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "postgres/postgres_connection.h"

namespace sluice::catalog {

class PostgresCatalogConnection {
 public:
  // Which tables the user needs: the catalog's or the run store's.
  enum class Tables { kCatalog, kRunStore };

  // Connects to `uri` and creates the tables when missing. Throws the connection's errors.
  PostgresCatalogConnection(const std::string& uri, Tables tables);

  // "postgresql host:port/db", for messages.
  const std::string& Describe() const { return description_; }

  // Run `body` in one transaction; `what` names the operation in messages.
  void Read(std::string_view what, const std::function<void()>& body);
  void Write(std::string_view what, const std::function<void()>& body);

  // Only inside Read/Write bodies.
  postgres::PostgresResult Execute(std::string_view sql, const postgres::Params& params,
                                   std::string_view what);

 private:
  void CreateTables(Tables tables);

  std::mutex mutex_;
  postgres::PostgresConnection connection_;
  std::string description_;
};

// Microseconds since the epoch, UTC: the catalog's timestamps (taken on the client, as
// SQLite takes them).
int64_t CatalogNowMicros();

// Text forms of query parameters.
inline std::string SqlInt(int64_t value) {
  return std::to_string(value);
}

}  // namespace sluice::catalog
