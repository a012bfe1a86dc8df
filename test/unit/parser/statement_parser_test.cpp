#include <gtest/gtest.h>

#include "parser_test_util.h"

namespace sluice::sql {
namespace {

using testing::ParseOne;
using testing::Render;

TEST(StatementParserTest, MultipleStatementsAndTextRanges) {
  std::string sql = " ; SELECT 1 ;; select 2  ;\n";
  auto statements = ParseSql(sql);
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0]->text, "SELECT 1");
  EXPECT_EQ(statements[0]->position, 3u);
  EXPECT_EQ(statements[0]->end_position, 11u);
  EXPECT_EQ(statements[1]->text, "select 2");
  EXPECT_TRUE(ParseSql("  -- nothing here\n ; ").empty());
}

TEST(StatementParserTest, CopyQueryWithOptions) {
  auto statement = ParseOne(
      "COPY (SELECT * FROM t) TO 'out/dir' (FORMAT parquet, COMPRESSION 'zstd', "
      "PARTITION_BY (a, b), HEADER, HEADER true, DELIMITER '|', ROW_GROUP_SIZE 100000, "
      "FILE_SIZE_BYTES '256MB')");
  const auto& copy = statement->As<CopyStatement>();
  ASSERT_NE(copy.query, nullptr);
  EXPECT_TRUE(copy.table.empty());
  EXPECT_EQ(copy.path, "out/dir");
  ASSERT_EQ(copy.options.size(), 8u);
  EXPECT_EQ(copy.options[0].name, "format");
  EXPECT_EQ(copy.options[0].value->As<ConstantExpr>().text, "parquet");
  EXPECT_EQ(copy.options[1].value->As<ConstantExpr>().text, "zstd");
  const auto& partition = copy.options[2].value->As<ListExpr>();
  ASSERT_EQ(partition.elements.size(), 2u);
  EXPECT_EQ(partition.elements[1]->As<ConstantExpr>().text, "b");
  EXPECT_EQ(copy.options[3].value, nullptr);
  EXPECT_TRUE(copy.options[4].value->As<ConstantExpr>().bool_value);
  EXPECT_EQ(copy.options[6].value->As<ConstantExpr>().int_value, 100000);
  EXPECT_EQ(copy.ToString(),
            "COPY (SELECT * FROM t) TO 'out/dir' (FORMAT 'parquet', COMPRESSION 'zstd', "
            "PARTITION_BY ['a', 'b'], HEADER, HEADER TRUE, DELIMITER '|', ROW_GROUP_SIZE "
            "100000, FILE_SIZE_BYTES '256MB')");
}

TEST(StatementParserTest, CopyTableAndDuckDbSpellings) {
  auto statement = ParseOne("COPY sales.orders TO 'o.csv' WITH (FORMAT 'csv', PARTITION_BY a)");
  const auto& copy = statement->As<CopyStatement>();
  EXPECT_EQ(copy.query, nullptr);
  EXPECT_EQ(copy.table, (std::vector<std::string>{"sales", "orders"}));
  EXPECT_EQ(copy.options[0].value->As<ConstantExpr>().text, "csv");
  EXPECT_EQ(copy.options[1].value->As<ConstantExpr>().text, "a");
  EXPECT_EQ(ParseOne("COPY t TO 'x.parquet'")->As<CopyStatement>().options.size(), 0u);
}

TEST(StatementParserTest, CreateTable) {
  auto statement = ParseOne("CREATE OR REPLACE TEMP TABLE IF NOT EXISTS t AS SELECT 1 AS a");
  const auto& create = statement->As<CreateTableStatement>();
  EXPECT_TRUE(create.or_replace);
  EXPECT_TRUE(create.temporary);
  EXPECT_TRUE(create.if_not_exists);
  EXPECT_EQ(create.name, (std::vector<std::string>{"t"}));
  ASSERT_NE(create.query, nullptr);
  auto columns = ParseOne("create table db.t (id BIGINT NOT NULL, name varchar(20), d date)");
  const auto& with_columns = columns->As<CreateTableStatement>();
  EXPECT_EQ(with_columns.query, nullptr);
  ASSERT_EQ(with_columns.columns.size(), 3u);
  EXPECT_TRUE(with_columns.columns[0].not_null);
  EXPECT_EQ(with_columns.columns[1].name, "name");
  EXPECT_EQ(with_columns.columns[1].type.ToString(), "VARCHAR(20)");
  EXPECT_EQ(Render("create table db.t (id BIGINT NOT NULL, name varchar(20), d date)"),
            "CREATE TABLE db.t (id BIGINT NOT NULL, name VARCHAR(20), d DATE)");
}

TEST(StatementParserTest, CreateViewKeepsItsQueryText) {
  auto statement = ParseOne("CREATE VIEW v (x) AS SELECT a  FROM t -- trailing\n");
  const auto& view = statement->As<CreateViewStatement>();
  EXPECT_EQ(view.name, (std::vector<std::string>{"v"}));
  EXPECT_EQ(view.column_aliases, (std::vector<std::string>{"x"}));
  EXPECT_EQ(view.query_text, "SELECT a  FROM t");
  EXPECT_EQ(Render("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1"),
            "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1");
}

TEST(StatementParserTest, InsertDropExplainDescribeSetShow) {
  auto insert = ParseOne("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')");
  EXPECT_EQ(insert->As<InsertStatement>().columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(insert->As<InsertStatement>().query->kind, QueryKind::kValues);
  EXPECT_EQ(Render("insert into t select * from u"), "INSERT INTO t SELECT * FROM u");
  EXPECT_EQ(Render("INSERT INTO t (SELECT 1)"), "INSERT INTO t SELECT 1");
  EXPECT_EQ(Render("DROP TABLE IF EXISTS db.t"), "DROP TABLE IF EXISTS db.t");
  EXPECT_EQ(Render("drop view v"), "DROP VIEW v");
  auto explain = ParseOne("EXPLAIN ANALYZE SELECT 1");
  EXPECT_TRUE(explain->As<ExplainStatement>().analyze);
  EXPECT_EQ(explain->As<ExplainStatement>().statement->text, "SELECT 1");
  EXPECT_EQ(Render("explain copy t to 'x'"), "EXPLAIN COPY t TO 'x'");
  EXPECT_EQ(Render("DESCRIBE SELECT 1"), "DESCRIBE SELECT 1");
  auto describe = ParseOne("describe sales.orders");
  EXPECT_EQ(describe->As<DescribeStatement>().table, (std::vector<std::string>{"sales", "orders"}));
  auto set = ParseOne("SET threads TO 4");
  EXPECT_EQ(set->As<SetStatement>().name, "threads");
  EXPECT_EQ(set->As<SetStatement>().value->As<ConstantExpr>().int_value, 4);
  auto set_text = ParseOne("set memory_limit = '1GB'");
  EXPECT_EQ(set_text->As<SetStatement>().value->As<ConstantExpr>().text, "1GB");
  EXPECT_EQ(ParseOne("SHOW TABLES")->kind, StatementKind::kShowTables);
}

}  // namespace
}  // namespace sluice::sql
