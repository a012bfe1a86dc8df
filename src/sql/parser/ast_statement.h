// Parsed SQL statements: what ParseSql returns, one per `;`-separated statement.
//
// Walking: Statement::kind says which subclass it is; downcast with As<T>(). Each
// statement records its byte range in the SQL text and a copy of that text (views store
// their definition from it).
//
// Thread-safety: plain data; immutable after parsing by convention.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sql/parser/ast_query.h"

namespace sluice::sql {

enum class StatementKind : uint8_t {
  kSelect,       // SelectStatement: any query (SELECT, set operation, VALUES, WITH ..)
  kCopy,         // CopyStatement
  kCreateTable,  // CreateTableStatement
  kCreateView,   // CreateViewStatement
  kInsert,       // InsertStatement
  kDrop,         // DropStatement
  kExplain,      // ExplainStatement
  kDescribe,     // DescribeStatement
  kSet,          // SetStatement
  kShowTables,   // ShowTablesStatement
};

struct Statement : Node {
  explicit Statement(StatementKind k) : kind(k) {}
  virtual ~Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  StatementKind kind;
  // [position, end_position): the statement's bytes in the SQL text, without the `;`
  // and surrounding whitespace. `text` is a copy of those bytes.
  size_t end_position = 0;
  std::string text;

  virtual std::string ToString() const = 0;  // canonical SQL, no trailing ';'

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

using StatementPtr = std::unique_ptr<Statement>;

// A query on its own.
struct SelectStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kSelect;
  SelectStatement() : Statement(kKind) {}
  std::unique_ptr<QueryNode> query;
  std::string ToString() const override;
};

// One COPY / CREATE option: FORMAT parquet, HEADER, PARTITION_BY (a, b), DELIMITER '|'.
struct CopyOption {
  std::string name;  // lower case: "format", "partition_by"
  // null: the option was given without a value (means true). An identifier value is a
  // kString ConstantExpr holding the identifier ("parquet"); a parenthesized list is a
  // ListExpr of such values; otherwise a literal (possibly negated: UnaryExpr).
  ParsedExprPtr value;
  size_t position = 0;
  std::string ToString() const;
};

// COPY (query) TO 'path' [(options)] | COPY table TO 'path' [(options)]. `WITH` before
// the option list is accepted.
struct CopyStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCopy;
  CopyStatement() : Statement(kKind) {}
  std::unique_ptr<QueryNode> query;  // set for COPY (query)
  std::vector<std::string> table;    // set for COPY name (qualified name parts)
  std::string path;
  std::vector<CopyOption> options;
  std::string ToString() const override;
};

// col type [NOT NULL | NULL] in CREATE TABLE name (...)
struct ColumnDefinition {
  std::string name;
  TypeName type;
  bool not_null = false;
  size_t position = 0;
};

// CREATE [OR REPLACE] [TEMP|TEMPORARY] TABLE [IF NOT EXISTS] name AS query
// CREATE [OR REPLACE] [TEMP|TEMPORARY] TABLE [IF NOT EXISTS] name (col type, ...)
struct CreateTableStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateTable;
  CreateTableStatement() : Statement(kKind) {}
  bool or_replace = false;
  bool temporary = false;
  bool if_not_exists = false;
  std::vector<std::string> name;          // qualified name parts
  std::unique_ptr<QueryNode> query;       // set for CREATE TABLE .. AS
  std::vector<ColumnDefinition> columns;  // set for CREATE TABLE (..)
  std::string ToString() const override;
};

// CREATE [OR REPLACE] [TEMP|TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] AS query
struct CreateViewStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateView;
  CreateViewStatement() : Statement(kKind) {}
  bool or_replace = false;
  bool temporary = false;
  bool if_not_exists = false;
  std::vector<std::string> name;
  std::vector<std::string> column_aliases;
  std::unique_ptr<QueryNode> query;
  std::string query_text;  // the query's source text, to store as the view definition
  std::string ToString() const override;
};

// INSERT INTO name [(cols)] query   (query may be VALUES ..)
struct InsertStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kInsert;
  InsertStatement() : Statement(kKind) {}
  std::vector<std::string> table;
  std::vector<std::string> columns;  // empty: all columns in table order
  std::unique_ptr<QueryNode> query;
  std::string ToString() const override;
};

enum class DropKind : uint8_t { kTable, kView };

// DROP TABLE|VIEW [IF EXISTS] name
struct DropStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kDrop;
  DropStatement() : Statement(kKind) {}
  DropKind drop_kind = DropKind::kTable;
  bool if_exists = false;
  std::vector<std::string> name;
  std::string ToString() const override;
};

// EXPLAIN [ANALYZE] statement
struct ExplainStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kExplain;
  ExplainStatement() : Statement(kKind) {}
  bool analyze = false;
  StatementPtr statement;
  std::string ToString() const override;
};

// DESCRIBE query | DESCRIBE name  (also DESC / SHOW name)
struct DescribeStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kDescribe;
  DescribeStatement() : Statement(kKind) {}
  std::unique_ptr<QueryNode> query;  // set for DESCRIBE query
  std::vector<std::string> table;    // set for DESCRIBE name
  std::string ToString() const override;
};

// SET [SESSION|LOCAL] name = value | SET name TO value. The value is represented as in
// CopyOption (an identifier becomes a kString constant).
struct SetStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kSet;
  SetStatement() : Statement(kKind) {}
  std::string name;  // lower case; dotted names joined with '.'
  ParsedExprPtr value;
  std::string ToString() const override;
};

// SHOW TABLES
struct ShowTablesStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kShowTables;
  ShowTablesStatement() : Statement(kKind) {}
  std::string ToString() const override;
};

}  // namespace sluice::sql
