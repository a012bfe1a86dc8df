// Helpers for PhysicalWindow tests: build a table of Values, run
// ChunkScan -> PhysicalWindow -> ResultCollector on a thread pool, read the rows back.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/thread_pool.h"
#include "exec/pipeline_executor.h"
#include "exec/result_collector.h"
#include "exec/window.h"
#include "expr/aggregate_function.h"
#include "expr/functions/builtin_functions.h"

namespace sluice::window_testing {

using Row = std::vector<Value>;

struct Table {
  std::vector<TypeId> types;
  std::vector<Row> rows;
};

inline std::shared_ptr<ChunkCollection> MakeCollection(const Table& table, size_t chunk_rows) {
  auto data = std::make_shared<ChunkCollection>(table.types);
  for (size_t start = 0; start < table.rows.size(); start += chunk_rows) {
    size_t n = std::min(chunk_rows, table.rows.size() - start);
    DataChunk chunk;
    chunk.Initialize(table.types, n);
    for (size_t i = 0; i < n; i++) {
      for (size_t c = 0; c < table.types.size(); c++) {
        Vector& v = chunk.column(c);
        if (table.types[c] == TypeId::kVarchar) v.data<StringRef>()[i] = StringRef("", 0);
        v.SetValue(i, table.rows[start + i][c]);
      }
    }
    chunk.SetSize(n);
    data->AppendOwned(std::move(chunk));
  }
  return data;
}

// Runs the window operator over `table` and returns its output rows in output order.
inline std::vector<Row> RunWindow(const Table& table, std::vector<WindowCall> calls,
                                  size_t threads = 2, size_t chunk_rows = 7) {
  auto data = MakeCollection(table, chunk_rows);
  std::vector<size_t> columns;
  for (size_t c = 0; c < table.types.size(); c++) columns.push_back(c);
  auto scan = std::make_unique<PhysicalChunkScan>(data, columns, "t");
  auto window = std::make_unique<PhysicalWindow>(table.types, std::move(calls));
  auto collector = std::make_unique<PhysicalResultCollector>(window->types());
  window->AddChild(std::move(scan));
  collector->AddChild(std::move(window));
  ThreadPool pool(threads);
  ExecutionContext context;
  context.pool = &pool;
  PipelineExecutor executor(context);
  executor.Execute(*collector);
  ChunkCollection result = collector->TakeResult();
  std::vector<Row> rows;
  for (size_t c = 0; c < result.chunk_count(); c++) {
    const DataChunk& chunk = result.chunk(c);
    for (size_t r = 0; r < chunk.size(); r++) {
      Row row;
      for (size_t k = 0; k < chunk.column_count(); k++) {
        const Vector& v = chunk.column(k);
        row.push_back(v.GetValue(v.is_constant() ? 0 : chunk.RowIndex(r)));
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

inline ExprPtr Col(const Table& t, size_t i) {
  return Expr::ColumnRef(i, t.types[i], "c" + std::to_string(i));
}
inline ExprPtr Const(Value v) {
  return Expr::Constant(std::move(v));
}

inline SortKey Key(const Table& t, size_t column, bool descending = false,
                   bool nulls_first = false) {
  return SortKey{Col(t, column), descending, nulls_first};
}

inline WindowCall Call(WindowFunctionKind kind, TypeId type) {
  WindowCall c;
  c.kind = kind;
  c.type = type;
  c.name = std::string(WindowFunctionName(kind));
  return c;
}

inline const AggregateFunction* Aggregate(const std::string& name, std::vector<TypeId> args) {
  RegisterBuiltinFunctions();
  auto resolved = AggregateFunctionRegistry::Resolve(name, args);
  EXPECT_TRUE(resolved.has_value()) << name;
  return resolved ? resolved->function : nullptr;
}

inline WindowCall AggregateCall(const std::string& name, std::vector<ExprPtr> args) {
  std::vector<TypeId> types;
  for (const auto& a : args) types.push_back(a->type);
  WindowCall c;
  c.kind = WindowFunctionKind::kAggregate;
  c.aggregate = Aggregate(name, types);
  c.arguments = std::move(args);
  c.type = c.aggregate ? c.aggregate->return_type : TypeId::kNull;
  c.name = name;
  return c;
}

inline WindowFrame Frame(FrameUnit unit, FrameBoundKind start, int64_t start_offset,
                         FrameBoundKind end, int64_t end_offset) {
  WindowFrame f;
  f.unit = unit;
  f.start = FrameBound{start, start_offset};
  f.end = FrameBound{end, end_offset};
  f.explicit_frame = true;
  return f;
}

// The output column `column` of every row, as text ("NULL" for NULL).
inline std::vector<std::string> ColumnText(const std::vector<Row>& rows, size_t column) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r[column].ToString());
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace sluice::window_testing
