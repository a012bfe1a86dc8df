// LogicalOperator — a node of the logical plan the binder builds and the optimizer
// rewrites. Every operator states its output schema (types and names); expressions refer
// to the output columns of the operator's children by position (for a join: left columns
// first, then right).
//
// Thread-safety: built and rewritten by one thread; read-only once handed to the
// physical planner.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "exec/chunk_collection.h"
#include "exec/hash_aggregate.h"
#include "exec/order.h"
#include "exec/window.h"
#include "expr/expression.h"
#include "formats/table_source.h"
#include "formats/table_writer.h"

namespace sluice {

enum class LogicalKind {
  kGet,       // scan of a TableSource
  kChunkGet,  // scan of materialized rows (in-session tables, VALUES)
  kEmpty,     // one row without columns (SELECT without FROM), or no rows at all
  kProjection,
  kFilter,
  kAggregate,  // groups then aggregates; DISTINCT is an aggregate without aggregates
  kOrder,
  kLimit,
  kCopy,
  kJoin,    // left columns then right columns (semi/anti: left columns only)
  kUnion,   // UNION ALL of children with identical column types, in child order
  kWindow,  // the child's columns, then one column per window call
};

enum class LogicalJoinType { kInner, kLeft, kRight, kFull, kSemi, kAnti, kCross };

struct LogicalOperator {
  LogicalKind kind;
  std::vector<std::unique_ptr<LogicalOperator>> children;
  std::vector<TypeId> types;
  std::vector<std::string> names;

  // kGet: the source, which of its columns are produced (in output order), filters
  // applied while scanning, and simple filters the source may use to skip data.
  std::shared_ptr<TableSource> source;
  std::vector<size_t> column_ids;
  std::vector<ColumnFilter> pushed_filters;
  // kChunkGet
  std::shared_ptr<const ChunkCollection> data;
  std::string data_name;
  // kEmpty
  bool empty_has_row = true;
  // kProjection: expressions; kFilter: conjuncts (all must hold); kGet: filters over the
  // produced columns evaluated right after the scan.
  std::vector<ExprPtr> expressions;
  // kAggregate
  std::vector<ExprPtr> groups;
  std::vector<AggregateSpec> aggregates;
  // kOrder
  std::vector<SortKey> sort_keys;
  // kLimit
  uint64_t limit = UINT64_MAX;
  uint64_t offset = 0;
  // kWindow
  std::vector<WindowCall> window_calls;
  // kJoin: `expressions` are the ON conjuncts over [left columns..., right columns...].
  LogicalJoinType join_type = LogicalJoinType::kInner;
  bool null_aware = false;  // anti join implementing NOT IN
  // kCopy
  std::string copy_path;
  std::string copy_format;
  std::function<std::unique_ptr<TableWriter>()> make_writer;

  explicit LogicalOperator(LogicalKind k) : kind(k) {}
  LogicalOperator* child(size_t i = 0) { return children[i].get(); }

  // Indented tree for EXPLAIN (logical) and tests.
  std::string ToString(int indent = 0) const;
};

using LogicalOperatorPtr = std::unique_ptr<LogicalOperator>;

}  // namespace sluice
