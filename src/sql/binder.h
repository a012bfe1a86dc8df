// Binder — resolves a parsed query against what is visible (FROM relations, CTEs,
// in-session tables and views, table functions) and produces a logical plan with typed,
// positional expressions.
//
// Errors point into the SQL text with FormatSqlError: unknown columns and functions get
// a close-match suggestion; type mismatches name both types.
//
// Aggregation: when a SELECT has GROUP BY, HAVING or aggregate calls, the select list,
// HAVING and ORDER BY are bound against the aggregate's output (groups, then aggregate
// results); a bare column that is neither grouped nor aggregated is an error, as in
// PostgreSQL.
//
// Thread-safety: one binder per statement, one thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "formats/options.h"
#include "plan/logical_operator.h"
#include "sql/bind_context.h"
#include "sql/parser/ast.h"
#include "sql/session_catalog.h"

namespace sluice {

struct BoundQuery {
  LogicalOperatorPtr plan;
  std::vector<std::string> names;
  std::vector<TypeId> types;
};

struct AggregateBinding;
struct WindowBinding;

// What an expression may refer to while it is bound.
struct ExpressionScope {
  const BindContext* context = nullptr;    // columns by name
  AggregateBinding* aggregates = nullptr;  // set in aggregate mode
  bool allow_aggregates = false;
  const char* clause = "";  // for messages: "WHERE", "GROUP BY"
  // The FROM plan and its context, when a correlated subquery may join onto it (set for
  // WHERE and the select list of a query without aggregation).
  LogicalOperatorPtr* from_plan = nullptr;
  BindContext* mutable_context = nullptr;
  // Set where window functions may appear (select list, QUALIFY, ORDER BY).
  WindowBinding* windows = nullptr;
};

// Runs an uncorrelated subquery and returns its rows (used for scalar, IN and EXISTS
// subqueries outside the WHERE clause's top level). Provided by the session.
struct SubqueryRows {
  std::vector<TypeId> types;
  std::vector<std::vector<Value>> rows;
};
using SubqueryRunner = std::function<SubqueryRows(BoundQuery bound, size_t max_rows)>;

// Opens a catalog (lake) table `db.table`, at a snapshot if given. Provided by the session;
// throws a user_input Error naming the table when it does not exist.
using CatalogTableResolver = std::function<std::shared_ptr<TableSource>(
    const std::string& qualified_name, std::optional<int64_t> version)>;

class Binder {
 public:
  Binder(std::string_view sql, SessionCatalog& catalog);
  void SetSubqueryRunner(SubqueryRunner runner) { run_subquery_ = std::move(runner); }
  void SetCatalogTableResolver(CatalogTableResolver resolver) {
    resolve_catalog_table_ = std::move(resolver);
  }

  BoundQuery BindQuery(const sql::QueryNode& query);
  // A constant expression (table function options, LIMIT, SET values).
  Value BindConstant(const sql::ParsedExpr& expr, const char* what);
  OptionValue BindOption(const sql::ParsedExpr& expr, const char* what);
  // Any expression in a scope.
  ExprPtr BindExpression(const sql::ParsedExpr& expr, ExpressionScope& scope);

  [[noreturn]] void Fail(size_t position, const std::string& message) const;
  std::string_view sql() const { return sql_; }

  // Casts `expr` to `type` (folding literals at once); `position` for the error message.
  ExprPtr CastTo(ExprPtr expr, TypeId type, size_t position);

 private:
  BoundQuery BindSelect(const sql::SelectNode& select);
  BoundQuery BindValues(const sql::ValuesNode& values);
  BoundQuery BindSetOperation(const sql::SetOperationNode& node);
  BoundQuery ApplyModifiers(BoundQuery bound, const sql::QueryNode& query);
  LogicalOperatorPtr BindTableRef(const sql::TableRef& ref, BindContext& context);
  LogicalOperatorPtr BindJoin(const sql::JoinRef& ref, BindContext& context);
  LogicalOperatorPtr BindTableFunction(const sql::TableFunctionRef& ref, BindContext& context);
  LogicalOperatorPtr BindBaseTable(const sql::BaseTableRef& ref, BindContext& context);
  LogicalOperatorPtr BindSubqueryRef(const sql::QueryNode& query, const sql::TableRef& ref,
                                     const std::string& default_alias, BindContext& context);
  uint64_t BindLimitValue(const sql::ParsedExpr& expr, const char* what);

  // Expression kinds.
  ExprPtr BindColumnRef(const sql::ColumnRefExpr& ref, ExpressionScope& scope);
  ExprPtr BindBinary(const sql::BinaryExpr& e, ExpressionScope& scope);
  ExprPtr BindFunction(const sql::FunctionExpr& e, ExpressionScope& scope);
  ExprPtr BindAggregateCall(const sql::FunctionExpr& e, ExpressionScope& scope);
  ExprPtr BindWindowCall(const sql::FunctionExpr& e, ExpressionScope& scope);
  ExprPtr BindCase(const sql::CaseExpr& e, ExpressionScope& scope);
  ExprPtr BindInList(const sql::InListExpr& e, ExpressionScope& scope);
  ExprPtr CallScalar(const std::string& name, std::vector<ExprPtr> args, size_t position,
                     const std::string& display);
  ExprPtr Compare(const std::string& op, ExprPtr left, ExprPtr right, size_t position);
  ExprPtr AsBoolean(ExprPtr expr, size_t position, const char* clause);
  // Subqueries.
  ExprPtr BindSubquery(const sql::SubqueryExpr& e, ExpressionScope& scope);
  bool IsCorrelated(const sql::QueryNode& query, const BindContext* outer);
  // WHERE conjunct `[NOT] EXISTS (...)` / `x [NOT] IN (...)` as a semi/anti join; returns
  // false if the conjunct is not of that form.
  bool BindWhereSubquery(const sql::ParsedExpr& conjunct, LogicalOperatorPtr& plan,
                         BindContext& context);
  LogicalOperatorPtr BindCorrelatedFrom(const sql::SelectNode& select, const BindContext& outer,
                                        BindContext& combined);
  Binder Child() const;

  std::string_view sql_;
  SessionCatalog& catalog_;
  // Visible CTEs, innermost scope last.
  std::vector<std::map<std::string, const sql::CommonTableExpr*>> cte_scopes_;
  int view_depth_ = 0;
  SubqueryRunner run_subquery_;
  CatalogTableResolver resolve_catalog_table_;
  // Correlation detection: columns not found in the query's own scope are looked up here,
  // and finding one aborts binding with a CorrelatedReference.
  const BindContext* outer_probe_ = nullptr;
};

// Names of the aggregate functions, for "is this call an aggregate?".
bool IsAggregateFunctionName(const std::string& name);
bool ContainsAggregate(const sql::ParsedExpr& expr);
bool ContainsWindow(const sql::ParsedExpr& expr);

}  // namespace sluice
