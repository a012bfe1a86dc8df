#include <gtest/gtest.h>

#include "parser_test_util.h"

namespace sluice::sql {
namespace {

using testing::ParseOne;
using testing::Render;
using testing::SelectOf;

TEST(QueryParserTest, SelectClauses) {
  EXPECT_EQ(Render("select distinct a, b as x, c y from t where a > 1 group by a, 2 "
                   "having count(*) > 1 qualify row_number() over w = 1 window w as "
                   "(partition by a) order by 1 desc nulls last, b limit 10 offset 5"),
            "SELECT DISTINCT a, b AS x, c AS y FROM t WHERE a > 1 GROUP BY a, 2 HAVING "
            "count(*) > 1 WINDOW w AS (PARTITION BY a) QUALIFY row_number() OVER w = 1 "
            "ORDER BY 1 DESC NULLS LAST, b LIMIT 10 OFFSET 5");
  auto statement = ParseOne("SELECT a AS x, b y, c FROM t");
  const auto& select = SelectOf(*statement);
  ASSERT_EQ(select.select_list.size(), 3u);
  EXPECT_EQ(select.select_list[0].alias, "x");
  EXPECT_EQ(select.select_list[1].alias, "y");
  EXPECT_EQ(select.select_list[2].alias, "");
}

TEST(QueryParserTest, SelectItemTextAsWritten) {
  auto statement = ParseOne("SELECT sum(quantity  *\n unit_price), count(*), 'a  b' FROM t");
  const auto& select = SelectOf(*statement);
  EXPECT_EQ(select.select_list[0].text, "sum(quantity * unit_price)");
  EXPECT_EQ(select.select_list[1].text, "count(*)");
  EXPECT_EQ(select.select_list[2].text, "'a  b'");
}

TEST(QueryParserTest, GroupByAllOrderByAllLimitAll) {
  auto statement = ParseOne("SELECT a, sum(b) FROM t GROUP BY ALL ORDER BY ALL DESC LIMIT ALL");
  const auto& select = SelectOf(*statement);
  EXPECT_TRUE(select.group_by_all);
  EXPECT_TRUE(select.order_by_all);
  ASSERT_EQ(select.order_by.size(), 1u);
  EXPECT_EQ(select.order_by[0].expr, nullptr);
  EXPECT_EQ(select.order_by[0].direction, OrderDirection::kDescending);
  EXPECT_EQ(select.limit, nullptr);
  EXPECT_EQ(statement->ToString(), "SELECT a, sum(b) FROM t GROUP BY ALL ORDER BY ALL DESC");
}

TEST(QueryParserTest, OffsetFetch) {
  EXPECT_EQ(Render("SELECT a FROM t OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY"),
            "SELECT a FROM t LIMIT 3 OFFSET 2");
}

TEST(QueryParserTest, StarForms) {
  EXPECT_EQ(Render("SELECT *, t.*, * EXCLUDE (a, b) FROM t"),
            "SELECT *, t.*, * EXCLUDE (a, b) FROM t");
  EXPECT_EQ(Render("SELECT * EXCLUDE comment FROM t"), "SELECT * EXCLUDE (comment) FROM t");
  auto statement = ParseOne("SELECT o.* FROM t o");
  const auto& star = SelectOf(*statement).select_list[0].expr->As<StarExpr>();
  EXPECT_EQ(star.relation, "o");
}

TEST(QueryParserTest, Joins) {
  EXPECT_EQ(Render("SELECT * FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (x, y) "
                   "RIGHT JOIN d ON TRUE FULL JOIN e ON 1 = 1 CROSS JOIN f NATURAL JOIN g"),
            "SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c USING (x, y) RIGHT JOIN d ON TRUE "
            "FULL JOIN e ON 1 = 1 CROSS JOIN f NATURAL JOIN g");
  auto statement = ParseOne("SELECT * FROM a, b AS bb (x, y) INNER JOIN c ON b.x = c.x");
  const auto& from = SelectOf(*statement).from->As<JoinRef>();
  EXPECT_TRUE(from.comma);
  EXPECT_EQ(from.type, JoinType::kCross);
  const auto& right = from.right->As<JoinRef>();
  EXPECT_EQ(right.type, JoinType::kInner);
  EXPECT_EQ(right.left->alias, "bb");
  EXPECT_EQ(right.left->column_aliases, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(Render("SELECT * FROM (a JOIN b ON a.x = b.x) JOIN c ON c.y = a.y"),
            "SELECT * FROM a JOIN b ON a.x = b.x JOIN c ON c.y = a.y");
  EXPECT_EQ(Render("SELECT * FROM a JOIN (b JOIN c ON b.y = c.y) ON a.x = b.x"),
            "SELECT * FROM a JOIN (b JOIN c ON b.y = c.y) ON a.x = b.x");
}

TEST(QueryParserTest, TableRefs) {
  auto statement = ParseOne(
      "SELECT * FROM db.orders VERSION AS OF 3 AS o, "
      "read_csv('x.csv', header = true, delim := '|', columns => {'a': 'INT'}) r(a), "
      "(SELECT 1) s, (VALUES (1, 'a'), (2, 'b')) v(n, s)");
  const auto& top = SelectOf(*statement).from->As<JoinRef>();
  const auto& left = top.left->As<JoinRef>();
  const auto& first = left.left->As<JoinRef>();
  const auto& base = first.left->As<BaseTableRef>();
  EXPECT_EQ(base.name, (std::vector<std::string>{"db", "orders"}));
  ASSERT_TRUE(base.version.has_value());
  EXPECT_EQ(*base.version, 3);
  EXPECT_EQ(base.alias, "o");
  const auto& function = first.right->As<TableFunctionRef>();
  EXPECT_EQ(function.function_name(), "read_csv");
  ASSERT_EQ(function.args.size(), 1u);
  ASSERT_EQ(function.named_args.size(), 3u);
  EXPECT_EQ(function.named_args[0].name, "header");
  EXPECT_EQ(function.named_args[1].name, "delim");
  EXPECT_EQ(function.named_args[2].value->kind, ParsedExprKind::kStruct);
  EXPECT_EQ(function.alias, "r");
  const auto& subquery = left.right->As<SubqueryRef>();
  EXPECT_EQ(subquery.alias, "s");
  const auto& values = top.right->As<SubqueryRef>();
  EXPECT_EQ(values.query->kind, QueryKind::kValues);
  EXPECT_EQ(values.query->As<ValuesNode>().rows.size(), 2u);
  EXPECT_EQ(statement->ToString(),
            "SELECT * FROM db.orders VERSION AS OF 3 AS o, read_csv('x.csv', header = TRUE, "
            "delim = '|', columns = {'a': 'INT'}) AS r(a), (SELECT 1) AS s, "
            "(VALUES (1, 'a'), (2, 'b')) AS v(n, s)");
  EXPECT_EQ(Render("SELECT * FROM read_csv('a.csv', (x = 1))"),
            "SELECT * FROM read_csv('a.csv', (x = 1))");
}

TEST(QueryParserTest, SetOperationsPrecedence) {
  // INTERSECT binds tighter than UNION; chains are left-deep.
  auto statement = ParseOne("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4");
  const auto& except = statement->As<SelectStatement>().query->As<SetOperationNode>();
  EXPECT_EQ(except.op, SetOpKind::kExcept);
  EXPECT_TRUE(except.all);
  const auto& set_union = except.left->As<SetOperationNode>();
  EXPECT_EQ(set_union.op, SetOpKind::kUnion);
  EXPECT_FALSE(set_union.all);
  EXPECT_EQ(set_union.right->As<SetOperationNode>().op, SetOpKind::kIntersect);
  EXPECT_EQ(Render("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4"),
            "SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4");
  EXPECT_EQ(Render("(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3"),
            "(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3");
  EXPECT_EQ(Render("SELECT 1 EXCEPT (SELECT 2 EXCEPT SELECT 3)"),
            "SELECT 1 EXCEPT (SELECT 2 EXCEPT SELECT 3)");
  EXPECT_EQ(Render("select 1 union distinct select 2"), "SELECT 1 UNION SELECT 2");
}

TEST(QueryParserTest, OrderAndLimitApplyToTheWholeSetOperation) {
  auto statement = ParseOne("SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1 LIMIT 3");
  const auto& query = *statement->As<SelectStatement>().query;
  ASSERT_EQ(query.kind, QueryKind::kSetOperation);
  EXPECT_EQ(query.order_by.size(), 1u);
  ASSERT_NE(query.limit, nullptr);
  EXPECT_TRUE(query.As<SetOperationNode>().left->order_by.empty());
  EXPECT_EQ(Render("(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u LIMIT 2)"),
            "(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u LIMIT 2)");
  // Outer modifiers on an already limited query wrap it.
  EXPECT_EQ(Render("(SELECT a FROM t LIMIT 5) LIMIT 2"),
            "SELECT * FROM (SELECT a FROM t LIMIT 5) LIMIT 2");
}

TEST(QueryParserTest, CommonTableExpressions) {
  auto statement = ParseOne("WITH a (x) AS (SELECT 1), b AS (SELECT x FROM a) SELECT * FROM b");
  const auto& query = *statement->As<SelectStatement>().query;
  ASSERT_EQ(query.ctes.size(), 2u);
  EXPECT_EQ(query.ctes[0].name, "a");
  EXPECT_EQ(query.ctes[0].column_aliases, (std::vector<std::string>{"x"}));
  EXPECT_EQ(query.ctes[1].query->kind, QueryKind::kSelect);
  EXPECT_EQ(Render("WITH a(x) AS (SELECT 1) SELECT * FROM a UNION SELECT 2 ORDER BY 1"),
            "WITH a(x) AS (SELECT 1) SELECT * FROM a UNION SELECT 2 ORDER BY 1");
}

TEST(QueryParserTest, ValuesAsAQuery) {
  auto statement = ParseOne("VALUES (1, 'a'), (2, 'b')");
  const auto& values = statement->As<SelectStatement>().query->As<ValuesNode>();
  ASSERT_EQ(values.rows.size(), 2u);
  EXPECT_EQ(values.rows[1][1]->ToString(), "'b'");
}

TEST(QueryParserTest, NestedSubqueries) {
  std::string sql =
      "SELECT * FROM (SELECT * FROM (SELECT a, (SELECT max(b) FROM u WHERE u.a = t.a) AS m "
      "FROM t WHERE a IN (SELECT a FROM v WHERE EXISTS (SELECT 1 FROM w))) x) y";
  EXPECT_EQ(Render(sql),
            "SELECT * FROM (SELECT * FROM (SELECT a, (SELECT max(b) FROM u WHERE u.a = t.a) AS "
            "m FROM t WHERE a IN (SELECT a FROM v WHERE EXISTS (SELECT 1 FROM w))) AS x) AS y");
  EXPECT_EQ(Render("SELECT * FROM ((SELECT 1) UNION (SELECT 2)) u"),
            "SELECT * FROM (SELECT 1 UNION SELECT 2) AS u");
  EXPECT_EQ(Render("SELECT * FROM ((SELECT 1) a JOIN b ON TRUE)"),
            "SELECT * FROM (SELECT 1) AS a JOIN b ON TRUE");
}

TEST(QueryParserTest, NonReservedKeywordsAsNames) {
  EXPECT_EQ(Render("SELECT date, year, month, status, comment, value, type, name, key, "
                   "first, last, timestamp, filter, format, region FROM t AS version"),
            "SELECT date, year, month, status, comment, value, type, name, key, first, last, "
            "timestamp, filter, format, region FROM t AS version");
  EXPECT_EQ(Render("SELECT count(*) AS count, sum(x) total FROM t"),
            "SELECT count(*) AS count, sum(x) AS total FROM t");
  EXPECT_EQ(Render("SELECT \"order\", \"Select\" AS \"From\" FROM \"group\""),
            "SELECT \"order\", \"Select\" AS \"From\" FROM \"group\"");
}

TEST(QueryParserTest, TrailingCommaInSelectList) {
  EXPECT_EQ(Render("SELECT a, b, FROM t"), "SELECT a, b FROM t");
}

}  // namespace
}  // namespace sluice::sql
