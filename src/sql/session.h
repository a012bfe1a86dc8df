// Session — runs SQL text: parses each statement, binds it, plans it, executes it, and
// keeps what a session owns (in-session tables and views, settings). Entry point for the
// CLI, the SQL logic test runner and pipelines.
//
//   Session session(SessionOptions{.threads = 2});
//   QueryResult r = session.Execute("SELECT 1 AS one; SELECT 2 AS two");  // last result
//
// Errors: throws sluice::Error (user_input for bad SQL with "SQL line:col" and a caret
// excerpt in the message, unknown names with suggestions; user_input for bad data files).
//
// Thread-safety: one thread at a time per Session; the session parallelizes each query
// on its own thread pool.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice {

class ThreadPool;
class ChunkCollection;
struct LogicalOperator;
class TableSource;

struct SessionOptions {
  size_t threads = 0;               // 0: one per core
  uint64_t memory_limit_bytes = 0;  // 0: 80% of RAM
  std::string lake_root;            // for catalog tables (SELECT ... FROM db.table)
  // The lake's catalog; empty: found from lake_root (lake::ResolveCatalogUri).
  std::string catalog;
  // Called now and then during long queries with the share done (0..1) and a label;
  // the CLI draws a progress bar from it. May be empty.
  std::function<void(double fraction, const std::string& label)> progress;
};

// The result of one statement: a schema and the rows, materialized in chunks.
struct QueryResult {
  Schema schema;
  std::vector<DataChunk> chunks;  // flat, no selection
  // For statements without rows (COPY, CREATE): what happened ("wrote 1000 rows to out.parquet").
  std::string message;
  uint64_t rows_rejected = 0;  // rows skipped by ignore_errors=true

  size_t row_count() const;
  // All values of row r (slow path, for tests and small outputs).
  std::vector<Value> Row(size_t r) const;
};

class Session {
 public:
  explicit Session(SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Executes every statement in `sql` (separated by ';') and returns the last result.
  QueryResult Execute(std::string_view sql);

  // Executes statements one by one, calling `on_result` after each.
  void ExecuteEach(std::string_view sql, const std::function<void(QueryResult&)>& on_result);

  // In-session tables by name (what CREATE TABLE AS makes), for pipelines that move
  // materialized datasets in and out of SQL without copying. GetTable: nullptr data when
  // there is no such table. PutTable replaces a table or view of that name.
  struct TableData {
    Schema schema;
    std::shared_ptr<ChunkCollection> data;
  };
  TableData GetTable(const std::string& name) const;
  void PutTable(const std::string& name, Schema schema, std::shared_ptr<ChunkCollection> data);
  bool DropTable(const std::string& name);

  // A SELECT bound but neither optimized nor run, for tools that read plans (lineage).
  // Uncorrelated subqueries outside WHERE, which a run evaluates while binding, are not
  // run: they bind as if they returned no rows, and their plans are kept apart.
  struct BoundPlan {
    std::shared_ptr<const LogicalOperator> plan;
    std::vector<std::string> names;
    // Catalog tables the query reads, by the source opened for each ("db.table").
    std::map<const TableSource*, std::string> catalog_tables;
    std::vector<std::shared_ptr<const LogicalOperator>> subquery_plans;
  };
  // Throws a user_input Error unless `query` is one SELECT that binds.
  BoundPlan BindPlan(std::string_view query);

  ThreadPool& thread_pool();
  const SessionOptions& options() const { return options_; }

  struct State;  // implementation detail (session.cpp)

 private:
  SessionOptions options_;
  std::unique_ptr<State> state_;
};

}  // namespace sluice
