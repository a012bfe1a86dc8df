// Column lineage of one query: for every output column, the input table columns it is
// computed from and how (a plain reference, an expression, an aggregate, a window), plus
// the columns that only decide which rows come out (WHERE, JOIN ... ON, HAVING,
// subqueries). Read from the bound, unoptimized logical plan, so it sees through CTEs,
// views, derived tables, joins, UNION branches, aggregates and window functions.
//
//   QueryLineage lineage = ColumnLineage(session, "SELECT o.id, sum(l.qty) FROM ...");
//   lineage.columns[1]  // {lines.qty, aggregate}
//
// Inputs are what FROM names: in-session tables (pipeline datasets), catalog tables
// "db.table" and table functions (read_csv('orders.csv') -> "orders.csv").
//
// Thread-safety: free functions over a Session, which is single-threaded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql/session.h"

namespace sluice::lineage {

// How an output column depends on an input column. When several paths lead to the same
// input column the strongest kind is kept (direct < derived < aggregate < window).
enum class EdgeKind {
  kDirect,     // the value itself: a column reference, an alias, a cast, a GROUP BY key
  kDerived,    // an expression over it: functions, operators, CASE, COALESCE
  kAggregate,  // an aggregate's argument (or its FILTER)
  kWindow,     // a window function's argument, PARTITION BY or ORDER BY
  kJoin,       // in a JOIN ... ON / USING condition (table-level influence)
  kFilter,     // in WHERE, HAVING, QUALIFY, a semi join or a subquery (table-level)
};
std::string_view EdgeKindName(EdgeKind kind);   // direct | derived | aggregate | ...
EdgeKind ParseEdgeKind(std::string_view name);  // throws user_input for unknown names

enum class InputKind {
  kSessionTable,   // an in-session table: a pipeline source or step
  kCatalogTable,   // a lake table "db.table"
  kTableFunction,  // read_csv('path') and friends: the path
};

struct ColumnSource {
  InputKind input = InputKind::kSessionTable;
  std::string table;
  std::string column;
  EdgeKind kind = EdgeKind::kDirect;

  bool operator==(const ColumnSource& other) const = default;
};

struct QueryLineage {
  std::vector<std::string> output_columns;
  std::vector<std::vector<ColumnSource>> columns;  // per output column, sorted
  std::vector<ColumnSource> row_influences;        // kJoin / kFilter columns, sorted
  // Every input the query reads (column left empty, kind kDirect), sorted.
  std::vector<ColumnSource> tables;
};

// Lineage of the SELECT `query` bound against `session` (nothing is run). Throws what
// binding throws (a user_input Error for bad SQL or unknown names).
QueryLineage ColumnLineage(Session& session, std::string_view query);

// Lineage of a plan bound by Session::BindPlan; `session` names in-session tables' columns.
QueryLineage AnalyzeBoundPlan(const Session& session, const Session::BoundPlan& bound);

}  // namespace sluice::lineage
