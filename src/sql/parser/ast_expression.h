// Parsed (unbound) SQL expressions: the expression half of the AST that the parser
// produces and the binder consumes. Names are not resolved and types are not known here;
// the nodes only record what the text said, where it said it, and how to print it back.
//
// Walking: every node derives from ParsedExpr and carries `kind`; switch on it and
// downcast with `expr.As<BinaryExpr>()` (checked in debug builds). ForEachChild() visits
// the direct child expressions of a node (it does not enter subqueries).
//
// ToString() renders canonical SQL (keywords upper case, identifiers quoted only when
// needed, parentheses only where precedence requires them): `sum(quantity * unit_price)`,
// `count(*)`, `CAST(x AS DECIMAL(18,2))`. Parsing the rendering gives the same tree.
//
// Thread-safety: plain data; immutable after parsing by convention; safe to read from
// several threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"

namespace sluice::sql {

struct QueryNode;

// Common to every AST node.
struct Node {
  // Byte offset into the SQL text handed to ParseSql where the node starts (for an
  // operator: where the operator token is). Feed it to FormatSqlError.
  size_t position = 0;
  // Parser bookkeeping: levels in the subtree under this node (1 for a leaf). The parser
  // refuses trees deeper than kMaxSqlNesting so that recursive walks cannot overflow.
  uint32_t height = 1;
};

// Deepest tree (expression, query, join, set operation nesting) the parser accepts.
inline constexpr uint32_t kMaxSqlNesting = 1000;

enum class ParsedExprKind : uint8_t {
  kColumnRef,     // ColumnRefExpr
  kStar,          // StarExpr
  kConstant,      // ConstantExpr
  kTypedLiteral,  // TypedLiteralExpr    DATE '2024-01-01'
  kInterval,      // IntervalExpr        INTERVAL '2 hours'
  kUnary,         // UnaryExpr           -x, +x, NOT x
  kBinary,        // BinaryExpr          arithmetic, comparison, AND/OR, ||, IS DISTINCT FROM
  kIs,            // IsExpr              x IS [NOT] NULL/TRUE/FALSE
  kInList,        // InListExpr          x [NOT] IN (a, b)
  kBetween,       // BetweenExpr
  kLike,          // LikeExpr            [NOT] LIKE/ILIKE [ESCAPE]
  kCase,          // CaseExpr
  kCast,          // CastExpr            CAST, TRY_CAST, ::
  kFunction,      // FunctionExpr        f(args) [FILTER] [OVER]
  kSubquery,      // SubqueryExpr        (SELECT ..), EXISTS (..), x [NOT] IN (SELECT ..)
  kList,          // ListExpr            [1, 2]
  kStruct,        // StructExpr          {'a': 1}
};

struct ParsedExpr : Node {
  explicit ParsedExpr(ParsedExprKind k) : kind(k) {}
  virtual ~ParsedExpr() = default;
  ParsedExpr(const ParsedExpr&) = delete;
  ParsedExpr& operator=(const ParsedExpr&) = delete;

  ParsedExprKind kind;

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
};

using ParsedExprPtr = std::unique_ptr<ParsedExpr>;

// Calls `fn` on each direct child expression of `expr` (not into subqueries; for
// SubqueryExpr only its `value`). Order: as written in the SQL text.
void ForEachChild(const ParsedExpr& expr, const std::function<void(const ParsedExpr&)>& fn);

// A SQL identifier rendered for SQL text: bare if it is lower case and not a reserved
// word, "double quoted" otherwise.
std::string QuoteIdentifier(const std::string& name);
// A string rendered as a SQL literal: 'it''s'.
std::string QuoteString(const std::string& text);

// a, t.a, db.t.a. Unquoted parts are folded to lower case by the lexer; quoted ones keep
// their case.
struct ColumnRefExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kColumnRef;
  ColumnRefExpr() : ParsedExpr(kKind) {}
  std::vector<std::string> parts;  // at least one
  std::string ToString() const override;
};

// *, t.*, * EXCLUDE (a, b). Only valid in a select list (and count(*), which is a
// FunctionExpr with `star` set instead).
struct StarExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kStar;
  StarExpr() : ParsedExpr(kKind) {}
  std::string relation;              // "t" for t.*; empty for *
  std::vector<std::string> exclude;  // EXCLUDE list; empty if none
  std::string ToString() const override;
};

enum class ConstantKind : uint8_t { kInteger, kDecimal, kString, kBoolean, kNull };

// 42, 1.5, 1e9, 'text', TRUE, FALSE, NULL. Integer literals too large for int64 are
// kDecimal. A leading minus is a UnaryExpr (the binder may fold it).
struct ConstantExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kConstant;
  ConstantExpr() : ParsedExpr(kKind) {}
  ConstantKind constant_kind = ConstantKind::kNull;
  std::string text;         // kInteger/kDecimal: the digits as written; kString: the value
  int64_t int_value = 0;    // kInteger
  double double_value = 0;  // kDecimal (also set for kInteger)
  bool bool_value = false;  // kBoolean
  std::string ToString() const override;
};

// A literal with a type keyword in front: DATE '2024-01-01', TIMESTAMP '2024-01-01 10:00'.
// The binder casts `value` to `type_name`.
struct TypedLiteralExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kTypedLiteral;
  TypedLiteralExpr() : ParsedExpr(kKind) {}
  std::string type_name;  // upper case: "DATE", "TIMESTAMP", "TIME", ...
  std::string value;
  std::string ToString() const override;
};

// INTERVAL '2 hours', INTERVAL 2 HOUR, INTERVAL '1' DAY, INTERVAL '1 year 2 months'.
// Normalized like PostgreSQL: years -> 12 months, weeks -> 7 days, hours and smaller ->
// microseconds.
struct IntervalExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kInterval;
  IntervalExpr() : ParsedExpr(kKind) {}
  int64_t months = 0;
  int64_t days = 0;
  int64_t micros = 0;
  std::string ToString() const override;  // INTERVAL '14 months 3 days 00:00:01'-like
};

enum class UnaryOp : uint8_t { kNegate, kPlus, kNot };

struct UnaryExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kUnary;
  UnaryExpr() : ParsedExpr(kKind) {}
  UnaryOp op = UnaryOp::kNot;
  ParsedExprPtr child;
  std::string ToString() const override;
};

enum class BinaryOp : uint8_t {
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kIntegerDivide,
  kModulo,  // + - * / // %
  kConcat,  // ||
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,  // = (==) <> (!=) < <= > >=
  kAnd,
  kOr,
  kIsDistinctFrom,
  kIsNotDistinctFrom,
};

// The operator as SQL spells it ("+", "<>", "AND", "IS DISTINCT FROM").
const char* BinaryOpText(BinaryOp op);

struct BinaryExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kBinary;
  BinaryExpr() : ParsedExpr(kKind) {}
  BinaryOp op = BinaryOp::kAdd;
  ParsedExprPtr left;
  ParsedExprPtr right;
  std::string ToString() const override;
};

enum class IsTest : uint8_t { kNull, kTrue, kFalse };

// child IS [NOT] NULL | TRUE | FALSE (also ISNULL / NOTNULL).
struct IsExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kIs;
  IsExpr() : ParsedExpr(kKind) {}
  ParsedExprPtr child;
  IsTest test = IsTest::kNull;
  bool negated = false;  // IS NOT ...
  std::string ToString() const override;
};

// value [NOT] IN (list...). IN (SELECT ...) is a SubqueryExpr of kind kIn.
struct InListExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kInList;
  InListExpr() : ParsedExpr(kKind) {}
  ParsedExprPtr value;
  std::vector<ParsedExprPtr> list;  // at least one
  bool negated = false;
  std::string ToString() const override;
};

// value [NOT] BETWEEN low AND high
struct BetweenExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kBetween;
  BetweenExpr() : ParsedExpr(kKind) {}
  ParsedExprPtr value;
  ParsedExprPtr low;
  ParsedExprPtr high;
  bool negated = false;
  std::string ToString() const override;
};

// value [NOT] LIKE|ILIKE pattern [ESCAPE escape]
struct LikeExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kLike;
  LikeExpr() : ParsedExpr(kKind) {}
  ParsedExprPtr value;
  ParsedExprPtr pattern;
  ParsedExprPtr escape;  // may be null
  bool negated = false;
  bool case_insensitive = false;  // ILIKE
  std::string ToString() const override;
};

// CASE [operand] WHEN w THEN t ... [ELSE e] END. With an operand (simple CASE) each
// `when` is compared to the operand for equality.
struct CaseExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kCase;
  CaseExpr() : ParsedExpr(kKind) {}
  struct WhenClause {
    ParsedExprPtr when;
    ParsedExprPtr then;
  };
  ParsedExprPtr operand;          // may be null (searched CASE)
  std::vector<WhenClause> whens;  // at least one
  ParsedExprPtr else_result;      // may be null (ELSE NULL)
  std::string ToString() const override;
};

// A type as written in CAST / :: / CREATE TABLE.
struct TypeName {
  // Upper-case base name, multi-word names joined by one space: "VARCHAR", "DECIMAL",
  // "DOUBLE PRECISION", "TIMESTAMP WITHOUT TIME ZONE". Quoted/unknown names kept as is.
  std::string name;
  std::vector<int64_t> params;  // VARCHAR(10) -> {10}; DECIMAL(18,2) -> {18, 2}
  int array_dims = 0;           // INT[] -> 1
  size_t position = 0;
  // Canonical text: "DECIMAL(18,2)", "INTEGER[]".
  std::string ToString() const;
};

// CAST(child AS type), TRY_CAST(child AS type), child::type
struct CastExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kCast;
  CastExpr() : ParsedExpr(kKind) {}
  ParsedExprPtr child;
  TypeName type;
  bool try_cast = false;
  std::string ToString() const override;  // always CAST(..)/TRY_CAST(..) form
};

enum class OrderDirection : uint8_t { kAscending, kDescending };
enum class NullsOrder : uint8_t { kDefault, kFirst, kLast };

// One ORDER BY key (query, window, or inside an aggregate's parentheses).
struct OrderItem {
  ParsedExprPtr expr;  // null only for ORDER BY ALL (see QueryNode::order_by_all)
  OrderDirection direction = OrderDirection::kAscending;
  NullsOrder nulls = NullsOrder::kDefault;
  size_t position = 0;
  std::string ToString() const;
};

enum class FrameUnit : uint8_t { kRows, kRange, kGroups };
enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing,
};

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  ParsedExprPtr offset;  // for kPreceding / kFollowing
  std::string ToString() const;
};

// ROWS|RANGE|GROUPS start, or ROWS|RANGE|GROUPS BETWEEN start AND end. Without BETWEEN
// the end is CURRENT ROW.
struct WindowFrame {
  FrameUnit unit = FrameUnit::kRows;
  FrameBound start;
  FrameBound end;
  std::string ToString() const;
};

// OVER (...) or a WINDOW clause entry. `base_name` set and nothing else: OVER w.
struct WindowSpec {
  std::string base_name;  // OVER w / OVER (w ORDER BY ..): the named window it extends
  std::vector<ParsedExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  std::unique_ptr<WindowFrame> frame;  // null: the default frame
  size_t position = 0;
  // "(PARTITION BY a ORDER BY b)", or "w" for a bare reference.
  std::string ToString() const;
};

// name(args) with the aggregate / window decorations. Also: count(*) (`star`),
// EXTRACT(f FROM e) -> date_part('f', e), position(a IN b) -> strpos(b, a),
// COALESCE/NULLIF/GREATEST/LEAST/IF/IIF (plain calls).
struct FunctionExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kFunction;
  FunctionExpr() : ParsedExpr(kKind) {}
  std::vector<std::string> name;  // qualified name parts; last one is the function name
  std::vector<ParsedExprPtr> args;
  bool star = false;                   // count(*): args empty
  bool distinct = false;               // f(DISTINCT x)
  std::vector<OrderItem> order_by;     // string_agg(x, ',' ORDER BY y)
  ParsedExprPtr filter;                // FILTER (WHERE cond); may be null
  bool ignore_nulls = false;           // f(x IGNORE NULLS) or f(x) IGNORE NULLS
  std::unique_ptr<WindowSpec> window;  // OVER ...; null for plain/aggregate calls
  const std::string& function_name() const { return name.back(); }
  std::string ToString() const override;
};

enum class SubqueryKind : uint8_t {
  kScalar,  // (SELECT ...)
  kExists,  // EXISTS (SELECT ...)   (NOT EXISTS is a UnaryExpr kNot around it)
  kIn,      // value [NOT] IN (SELECT ...)
};

struct SubqueryExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kSubquery;
  SubqueryExpr();
  ~SubqueryExpr() override;
  SubqueryKind subquery_kind = SubqueryKind::kScalar;
  std::unique_ptr<QueryNode> query;
  ParsedExprPtr value;   // kIn: the left side
  bool negated = false;  // kIn: NOT IN
  std::string ToString() const override;
};

// [a, b, c]
struct ListExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kList;
  ListExpr() : ParsedExpr(kKind) {}
  std::vector<ParsedExprPtr> elements;
  std::string ToString() const override;
};

// {'a': 1, b: 'x'} — keys are string literals or identifiers.
struct StructExpr : ParsedExpr {
  static constexpr ParsedExprKind kKind = ParsedExprKind::kStruct;
  StructExpr() : ParsedExpr(kKind) {}
  struct Field {
    std::string key;
    ParsedExprPtr value;
  };
  std::vector<Field> fields;
  std::string ToString() const override;
};

}  // namespace sluice::sql
