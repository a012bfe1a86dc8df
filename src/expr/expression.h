// Expr — a bound expression: names resolved to column positions, types known, functions
// chosen. Built by the binder (sql/), rewritten by the optimizer (plan/), evaluated over
// chunks by ExpressionExecutor (expr/expression_executor.h).
//
// Column references are positions in the input chunk of the operator that evaluates the
// expression. Subqueries never appear here: the planner has turned them into joins.
//
// Thread-safety: immutable after planning; shared read-only by worker threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "expr/scalar_function.h"
#include "types/type.h"
#include "types/value.h"

namespace sluice {

enum class ExprKind {
  kColumnRef,  // column_index
  kConstant,   // constant
  kFunction,   // function(children...)
  kCast,       // CAST(children[0] AS type), try_cast for TRY_CAST
  kCase,       // children: when0, then0, when1, then1, ..., else (always present)
  kAnd,        // children (2+)
  kOr,         // children (2+)
  kNot,        // children[0]
  kIsNull,     // children[0]
  kIsNotNull,  // children[0]
  kIn,         // children[0] IN (children[1..]); negated for NOT IN
  kCoalesce,   // children (1+)
};

struct Expr {
  ExprKind kind = ExprKind::kConstant;
  TypeId type = TypeId::kNull;
  std::string name;  // display name ("amount", "sum(x)"); the column name if projected
  size_t column_index = 0;
  Value constant;
  const ScalarFunction* function = nullptr;
  std::shared_ptr<const void> function_state;  // from ScalarFunction::build_state
  std::vector<std::unique_ptr<Expr>> children;
  bool try_cast = false;
  bool negated = false;  // kIn

  std::unique_ptr<Expr> Clone() const;
  // SQL-like rendering for EXPLAIN and messages; `column_names` names the input columns.
  std::string ToString(const std::vector<std::string>* column_names = nullptr) const;
  bool IsConstant() const;  // no column refs, no volatile functions
  bool Equals(const Expr& other) const;
  // Adds every column_index referenced to `out`.
  void CollectColumns(std::vector<size_t>& out) const;
  // Rewrites column indices through `mapping` (old index -> new index).
  void RemapColumns(const std::vector<size_t>& mapping);

  static std::unique_ptr<Expr> ColumnRef(size_t index, TypeId type, std::string name);
  static std::unique_ptr<Expr> Constant(Value value);
  static std::unique_ptr<Expr> Cast(std::unique_ptr<Expr> child, TypeId type,
                                    bool try_cast = false);
  static std::unique_ptr<Expr> Function(const ScalarFunction* function,
                                        std::vector<std::unique_ptr<Expr>> args, std::string name);
};

using ExprPtr = std::unique_ptr<Expr>;

}  // namespace sluice
