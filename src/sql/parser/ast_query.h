// Parsed queries and table references: SELECT blocks, set operations, VALUES, CTEs and
// the FROM clause tree (base tables, table functions, subqueries, joins).
//
// Walking: QueryNode::kind says which of SelectNode / SetOperationNode / ValuesNode a
// query is; TableRef::kind says which of BaseTableRef / TableFunctionRef / SubqueryRef /
// JoinRef a FROM item is. Downcast with As<T>() as for expressions.
//
// A query's modifiers (WITH, ORDER BY, LIMIT, OFFSET) live on the QueryNode they apply to:
// for `SELECT .. UNION SELECT .. ORDER BY x LIMIT 3` they are on the SetOperationNode.
//
// Thread-safety: plain data; immutable after parsing by convention.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/parser/ast_expression.h"

namespace sluice::sql {

struct TableRef;
using TableRefPtr = std::unique_ptr<TableRef>;

enum class QueryKind : uint8_t {
  kSelect,        // SelectNode
  kSetOperation,  // SetOperationNode
  kValues,        // ValuesNode
};

// WITH name [(columns)] AS (query)
struct CommonTableExpr {
  std::string name;
  std::vector<std::string> column_aliases;  // empty if none
  std::unique_ptr<QueryNode> query;
  size_t position = 0;
};

struct QueryNode : Node {
  explicit QueryNode(QueryKind k) : kind(k) {}
  virtual ~QueryNode() = default;
  QueryNode(const QueryNode&) = delete;
  QueryNode& operator=(const QueryNode&) = delete;

  QueryKind kind;
  std::vector<CommonTableExpr> ctes;  // WITH list visible in this query; empty if none
  std::vector<OrderItem> order_by;
  // ORDER BY ALL [ASC|DESC] [NULLS ..]: order_by then holds one item with a null expr
  // carrying the direction and nulls order.
  bool order_by_all = false;
  ParsedExprPtr limit;   // null: no limit (also LIMIT ALL); FETCH FIRST n ROWS ONLY
  ParsedExprPtr offset;  // null: no offset

  // Canonical SQL of the whole query including WITH/ORDER BY/LIMIT.
  std::string ToString() const;
  // Canonical SQL without WITH / ORDER BY / LIMIT / OFFSET.
  virtual std::string BodyToString() const = 0;

  template <typename T>
  T& As() {
    SLUICE_ASSERT(T::kKind == kind);
    return static_cast<T&>(*this);
  }
  template <typename T>
  const T& As() const {
    SLUICE_ASSERT(T::kKind == kind);
    return static_cast<const T&>(*this);
  }
};

// One select-list entry: expr [[AS] alias].
struct SelectItem {
  ParsedExprPtr expr;  // may be a StarExpr
  std::string alias;   // empty if none
  // The expression's source text as written, whitespace runs collapsed to one space
  // ("sum(quantity * unit_price)"): a natural column name for unaliased expressions.
  std::string text;
};

// A named window: WINDOW w AS (PARTITION BY ..).
struct NamedWindow {
  std::string name;
  WindowSpec spec;
};

struct SelectNode : QueryNode {
  static constexpr QueryKind kKind = QueryKind::kSelect;
  SelectNode() : QueryNode(kKind) {}
  bool distinct = false;                // SELECT DISTINCT (ALL is the default)
  std::vector<SelectItem> select_list;  // at least one
  TableRefPtr from;                     // null: no FROM; `a, b` is a cross JoinRef
  ParsedExprPtr where;                  // may be null
  std::vector<ParsedExprPtr> group_by;  // expressions or integer ordinals as written
  bool group_by_all = false;            // GROUP BY ALL (group_by empty)
  ParsedExprPtr having;                 // may be null
  std::vector<NamedWindow> windows;     // WINDOW clause
  ParsedExprPtr qualify;                // may be null

  std::string BodyToString() const override;
};

enum class SetOpKind : uint8_t { kUnion, kIntersect, kExcept };

// left UNION|INTERSECT|EXCEPT [ALL] right. INTERSECT binds tighter than UNION and EXCEPT;
// chains are left-deep.
struct SetOperationNode : QueryNode {
  static constexpr QueryKind kKind = QueryKind::kSetOperation;
  SetOperationNode() : QueryNode(kKind) {}
  SetOpKind op = SetOpKind::kUnion;
  bool all = false;  // UNION ALL (UNION DISTINCT and plain UNION: false)
  std::unique_ptr<QueryNode> left;
  std::unique_ptr<QueryNode> right;

  std::string BodyToString() const override;
};

// VALUES (1, 'a'), (2, 'b') — as a query on its own, in INSERT, or in FROM (wrapped in a
// SubqueryRef). Rows all have the same length (checked by the parser).
struct ValuesNode : QueryNode {
  static constexpr QueryKind kKind = QueryKind::kValues;
  ValuesNode() : QueryNode(kKind) {}
  std::vector<std::vector<ParsedExprPtr>> rows;

  std::string BodyToString() const override;
};

enum class TableRefKind : uint8_t {
  kBaseTable,      // BaseTableRef
  kTableFunction,  // TableFunctionRef
  kSubquery,       // SubqueryRef
  kJoin,           // JoinRef
};

struct TableRef : Node {
  explicit TableRef(TableRefKind k) : kind(k) {}
  virtual ~TableRef() = default;
  TableRef(const TableRef&) = delete;
  TableRef& operator=(const TableRef&) = delete;

  TableRefKind kind;
  std::string alias;                        // [AS] alias; empty if none (never on joins)
  std::vector<std::string> column_aliases;  // alias (c1, c2); empty if none

  virtual std::string ToString() const = 0;

  template <typename T>
  T& As() {
    SLUICE_ASSERT(T::kKind == kind);
    return static_cast<T&>(*this);
  }
  template <typename T>
  const T& As() const {
    SLUICE_ASSERT(T::kKind == kind);
    return static_cast<const T&>(*this);
  }

 protected:
  std::string AliasToString() const;  // " AS a(x, y)" or ""
};

// name | db.name [VERSION AS OF n] [[AS] alias [(cols)]]
struct BaseTableRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kBaseTable;
  BaseTableRef() : TableRef(kKind) {}
  std::vector<std::string> name;   // qualified name parts; last is the table name
  std::optional<int64_t> version;  // VERSION AS OF n
  const std::string& table_name() const { return name.back(); }
  std::string ToString() const override;
};

// name => value / name := value / name = value inside a table function's parentheses.
struct NamedArgument {
  std::string name;  // lower case unless quoted
  ParsedExprPtr value;
  size_t position = 0;
};

// read_csv('orders.csv', header = true, columns = {'a': 'INT'}) [[AS] alias [(cols)]]
struct TableFunctionRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kTableFunction;
  TableFunctionRef() : TableRef(kKind) {}
  std::vector<std::string> name;          // qualified name parts; last is the function name
  std::vector<ParsedExprPtr> args;        // positional, in order
  std::vector<NamedArgument> named_args;  // in order written
  const std::string& function_name() const { return name.back(); }
  std::string ToString() const override;
};

// (query) [AS] alias [(cols)], also (VALUES ...) and bare VALUES ... in FROM.
struct SubqueryRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kSubquery;
  SubqueryRef() : TableRef(kKind) {}
  std::unique_ptr<QueryNode> query;
  std::string ToString() const override;
};

enum class JoinType : uint8_t { kInner, kLeft, kRight, kFull, kCross };

// left [NATURAL] [INNER|LEFT|RIGHT|FULL [OUTER]|CROSS] JOIN right [ON cond | USING (cols)]
// and `left, right` (kCross). At most one of `condition` / `using_columns` is set; for
// kCross and natural joins neither is.
struct JoinRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kJoin;
  JoinRef() : TableRef(kKind) {}
  JoinType type = JoinType::kInner;
  bool natural = false;
  bool comma = false;  // written as `a, b` (rendered back that way)
  TableRefPtr left;
  TableRefPtr right;
  ParsedExprPtr condition;
  std::vector<std::string> using_columns;
  std::string ToString() const override;
};

}  // namespace sluice::sql
