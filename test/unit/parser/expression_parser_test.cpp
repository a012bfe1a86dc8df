#include <gtest/gtest.h>

#include "parser_test_util.h"

namespace sluice::sql {
namespace {

using testing::Expr;

TEST(ExpressionParserTest, ArithmeticPrecedence) {
  auto e = ParseExpression("1 + 2 * 3");
  ASSERT_EQ(e->kind, ParsedExprKind::kBinary);
  const auto& add = e->As<BinaryExpr>();
  EXPECT_EQ(add.op, BinaryOp::kAdd);
  EXPECT_EQ(add.right->As<BinaryExpr>().op, BinaryOp::kMultiply);
  EXPECT_EQ(Expr("(1 + 2) * 3"), "(1 + 2) * 3");
  EXPECT_EQ(Expr("1 + (2 * 3)"), "1 + 2 * 3");
  EXPECT_EQ(Expr("1 - (2 - 3)"), "1 - (2 - 3)");
  EXPECT_EQ(Expr("(1 - 2) - 3"), "1 - 2 - 3");
  EXPECT_EQ(Expr("a // b % c / d"), "a // b % c / d");
}

TEST(ExpressionParserTest, BooleanPrecedence) {
  // OR < AND < NOT < comparison
  auto e = ParseExpression("a OR b AND NOT c = d");
  const auto& disjunction = e->As<BinaryExpr>();
  EXPECT_EQ(disjunction.op, BinaryOp::kOr);
  const auto& conjunction = disjunction.right->As<BinaryExpr>();
  EXPECT_EQ(conjunction.op, BinaryOp::kAnd);
  const auto& negation = conjunction.right->As<UnaryExpr>();
  EXPECT_EQ(negation.op, UnaryOp::kNot);
  EXPECT_EQ(negation.child->As<BinaryExpr>().op, BinaryOp::kEqual);
  EXPECT_EQ(Expr("(a OR b) AND c"), "(a OR b) AND c");
  EXPECT_EQ(Expr("NOT (a AND b)"), "NOT (a AND b)");
  EXPECT_EQ(Expr("a = 1 AND b <> 2 OR c >= 3"), "a = 1 AND b <> 2 OR c >= 3");
}

TEST(ExpressionParserTest, ConcatSitsBetweenComparisonAndAddition) {
  auto e = ParseExpression("'a' || 1 + 2 = x");
  const auto& eq = e->As<BinaryExpr>();
  EXPECT_EQ(eq.op, BinaryOp::kEqual);
  const auto& concat = eq.left->As<BinaryExpr>();
  EXPECT_EQ(concat.op, BinaryOp::kConcat);
  EXPECT_EQ(concat.right->As<BinaryExpr>().op, BinaryOp::kAdd);
}

TEST(ExpressionParserTest, UnaryMinusAndCastBindTightly) {
  auto e = ParseExpression("-a * b");
  EXPECT_EQ(e->As<BinaryExpr>().left->As<UnaryExpr>().op, UnaryOp::kNegate);
  auto c = ParseExpression("-x::INT");
  const auto& neg = c->As<UnaryExpr>();
  EXPECT_EQ(neg.child->kind, ParsedExprKind::kCast);
  EXPECT_EQ(Expr("- -1"), "- -1");
  EXPECT_EQ(Expr("-(a + b)"), "-(a + b)");
  EXPECT_EQ(Expr("a::VARCHAR(10)"), "CAST(a AS VARCHAR(10))");
}

TEST(ExpressionParserTest, Literals) {
  auto i = ParseExpression("42");
  EXPECT_EQ(i->As<ConstantExpr>().constant_kind, ConstantKind::kInteger);
  EXPECT_EQ(i->As<ConstantExpr>().int_value, 42);
  auto big = ParseExpression("99999999999999999999");
  EXPECT_EQ(big->As<ConstantExpr>().constant_kind, ConstantKind::kDecimal);
  EXPECT_DOUBLE_EQ(big->As<ConstantExpr>().double_value, 1e20);
  auto d = ParseExpression("1.5e3");
  EXPECT_EQ(d->As<ConstantExpr>().constant_kind, ConstantKind::kDecimal);
  EXPECT_DOUBLE_EQ(d->As<ConstantExpr>().double_value, 1500);
  EXPECT_EQ(Expr("'it''s'"), "'it''s'");
  EXPECT_EQ(Expr("TRUE AND false OR NULL"), "TRUE AND FALSE OR NULL");
  EXPECT_EQ(Expr("DATE '2024-01-01'"), "DATE '2024-01-01'");
  auto ts = ParseExpression("timestamp '2024-01-01 10:00:00'");
  EXPECT_EQ(ts->As<TypedLiteralExpr>().type_name, "TIMESTAMP");
  EXPECT_EQ(ts->As<TypedLiteralExpr>().value, "2024-01-01 10:00:00");
}

TEST(ExpressionParserTest, Intervals) {
  auto check = [](std::string_view sql, int64_t months, int64_t days, int64_t micros) {
    auto e = ParseExpression(sql);
    const auto& interval = e->As<IntervalExpr>();
    EXPECT_EQ(interval.months, months) << sql;
    EXPECT_EQ(interval.days, days) << sql;
    EXPECT_EQ(interval.micros, micros) << sql;
    // The rendering reads back as the same interval.
    const auto again = ParseExpression(e->ToString());
    EXPECT_EQ(again->As<IntervalExpr>().micros, micros) << e->ToString();
    EXPECT_EQ(again->As<IntervalExpr>().days, days) << e->ToString();
    EXPECT_EQ(again->As<IntervalExpr>().months, months) << e->ToString();
  };
  check("INTERVAL '2 hours'", 0, 0, 7200000000);
  check("INTERVAL 2 HOUR", 0, 0, 7200000000);
  check("INTERVAL '1' DAY", 0, 1, 0);
  check("INTERVAL '1 year 2 months 3 days'", 14, 3, 0);
  check("interval '1 week'", 0, 7, 0);
  check("INTERVAL '1 day 01:30:00'", 0, 1, 5400000000);
  check("INTERVAL '-1 day'", 0, -1, 0);
  check("INTERVAL '1.5 seconds'", 0, 0, 1500000);
  check("INTERVAL 90 MINUTES", 0, 0, 5400000000);
  EXPECT_EQ(Expr("INTERVAL '2 hours'"), "INTERVAL '02:00:00'");
  EXPECT_EQ(Expr("INTERVAL '1 month 1 day'"), "INTERVAL '1 month 1 day'");
}

TEST(ExpressionParserTest, IsInBetweenLike) {
  EXPECT_EQ(Expr("a is null"), "a IS NULL");
  EXPECT_EQ(Expr("a IS NOT NULL"), "a IS NOT NULL");
  EXPECT_EQ(Expr("a isnull"), "a IS NULL");
  EXPECT_EQ(Expr("a IS NOT TRUE"), "a IS NOT TRUE");
  EXPECT_EQ(Expr("a IS FALSE"), "a IS FALSE");
  EXPECT_EQ(Expr("a IS DISTINCT FROM b"), "a IS DISTINCT FROM b");
  EXPECT_EQ(Expr("a is not distinct from b"), "a IS NOT DISTINCT FROM b");
  EXPECT_EQ(Expr("a IN (1, 2, 3)"), "a IN (1, 2, 3)");
  EXPECT_EQ(Expr("a NOT IN ('x')"), "a NOT IN ('x')");
  EXPECT_EQ(Expr("a BETWEEN 1 AND 2 + 3"), "a BETWEEN 1 AND 2 + 3");
  EXPECT_EQ(Expr("a NOT BETWEEN b AND c AND d"), "a NOT BETWEEN b AND c AND d");
  auto between = ParseExpression("a BETWEEN b AND c AND d");
  EXPECT_EQ(between->As<BinaryExpr>().op, BinaryOp::kAnd);
  EXPECT_EQ(between->As<BinaryExpr>().left->kind, ParsedExprKind::kBetween);
  EXPECT_EQ(Expr("name LIKE 'a%'"), "name LIKE 'a%'");
  EXPECT_EQ(Expr("s NOT ILIKE '%x\\_%' ESCAPE '\\'"), "s NOT ILIKE '%x\\_%' ESCAPE '\\'");
  auto like = ParseExpression("s ILIKE 'a'");
  EXPECT_TRUE(like->As<LikeExpr>().case_insensitive);
  auto in = ParseExpression("x NOT IN (SELECT y FROM t)");
  EXPECT_EQ(in->As<SubqueryExpr>().subquery_kind, SubqueryKind::kIn);
  EXPECT_TRUE(in->As<SubqueryExpr>().negated);
  EXPECT_EQ(in->ToString(), "x NOT IN (SELECT y FROM t)");
}

TEST(ExpressionParserTest, CaseAndCast) {
  EXPECT_EQ(Expr("case when a > 1 then 'x' when a > 0 then 'y' else 'z' end"),
            "CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END");
  auto simple = ParseExpression("CASE status WHEN 'a' THEN 1 END");
  const auto& c = simple->As<CaseExpr>();
  ASSERT_NE(c.operand, nullptr);
  EXPECT_EQ(c.whens.size(), 1u);
  EXPECT_EQ(c.else_result, nullptr);
  EXPECT_EQ(Expr("CAST(x AS decimal(18, 2))"), "CAST(x AS DECIMAL(18,2))");
  EXPECT_EQ(Expr("TRY_CAST(x AS double precision)"), "TRY_CAST(x AS DOUBLE PRECISION)");
  EXPECT_EQ(Expr("x::timestamp without time zone"), "CAST(x AS TIMESTAMP WITHOUT TIME ZONE)");
  EXPECT_EQ(Expr("x::int[]"), "CAST(x AS INT[])");
  auto cast = ParseExpression("CAST(o.order_ts AS DATE)");
  EXPECT_EQ(cast->As<CastExpr>().type.name, "DATE");
  EXPECT_FALSE(cast->As<CastExpr>().try_cast);
}

TEST(ExpressionParserTest, FunctionCalls) {
  EXPECT_EQ(Expr("count(*)"), "count(*)");
  EXPECT_EQ(Expr("COUNT(DISTINCT order_id)"), "count(DISTINCT order_id)");
  EXPECT_EQ(Expr("sum(quantity * unit_price)"), "sum(quantity * unit_price)");
  EXPECT_EQ(Expr("string_agg(x, ',' ORDER BY y DESC)"), "string_agg(x, ',' ORDER BY y DESC)");
  EXPECT_EQ(Expr("count(*) FILTER (WHERE x > 1)"), "count(*) FILTER (WHERE x > 1)");
  EXPECT_EQ(Expr("first(x IGNORE NULLS)"), "first(x IGNORE NULLS)");
  EXPECT_EQ(Expr("last_value(x) ignore nulls over (order by t)"),
            "last_value(x IGNORE NULLS) OVER (ORDER BY t)");
  EXPECT_EQ(Expr("coalesce(a, 0) + nullif(b, 1)"), "coalesce(a, 0) + nullif(b, 1)");
  EXPECT_EQ(Expr("left(s, 3) || right(s, 2)"), "left(s, 3) || right(s, 2)");
  EXPECT_EQ(Expr("main.my_func(1)"), "main.my_func(1)");
  auto call = ParseExpression("count(*)");
  EXPECT_TRUE(call->As<FunctionExpr>().star);
  EXPECT_TRUE(call->As<FunctionExpr>().args.empty());
  EXPECT_EQ(call->As<FunctionExpr>().function_name(), "count");
}

TEST(ExpressionParserTest, ExtractAndPosition) {
  auto e = ParseExpression("EXTRACT(YEAR FROM order_ts)");
  const auto& call = e->As<FunctionExpr>();
  EXPECT_EQ(call.function_name(), "date_part");
  ASSERT_EQ(call.args.size(), 2u);
  EXPECT_EQ(call.args[0]->As<ConstantExpr>().text, "year");
  EXPECT_EQ(e->ToString(), "date_part('year', order_ts)");
  EXPECT_EQ(Expr("position('b' IN s)"), "strpos(s, 'b')");
}

TEST(ExpressionParserTest, WindowFunctions) {
  EXPECT_EQ(Expr("row_number() OVER (PARTITION BY customer_id ORDER BY order_ts DESC, "
                 "order_id DESC)"),
            "row_number() OVER (PARTITION BY customer_id ORDER BY order_ts DESC, order_id DESC)");
  EXPECT_EQ(Expr("sum(x) OVER (ORDER BY t ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)"),
            "sum(x) OVER (ORDER BY t ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(Expr("sum(x) OVER (ORDER BY t ROWS UNBOUNDED PRECEDING)"),
            "sum(x) OVER (ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(Expr("avg(x) over (range between current row and unbounded following)"),
            "avg(x) OVER (RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)");
  EXPECT_EQ(Expr("sum(x) OVER w"), "sum(x) OVER w");
  auto e = ParseExpression("lag(x, 1) OVER (PARTITION BY a, b ORDER BY c NULLS FIRST)");
  const auto& window = *e->As<FunctionExpr>().window;
  EXPECT_EQ(window.partition_by.size(), 2u);
  ASSERT_EQ(window.order_by.size(), 1u);
  EXPECT_EQ(window.order_by[0].nulls, NullsOrder::kFirst);
  EXPECT_EQ(window.frame, nullptr);
}

TEST(ExpressionParserTest, SubqueriesListsStructs) {
  EXPECT_EQ(Expr("EXISTS (SELECT 1 FROM t WHERE t.a = b)"),
            "EXISTS (SELECT 1 FROM t WHERE t.a = b)");
  EXPECT_EQ(Expr("NOT EXISTS (SELECT 1)"), "NOT EXISTS (SELECT 1)");
  EXPECT_EQ(Expr("(SELECT max(x) FROM t) + 1"), "(SELECT max(x) FROM t) + 1");
  EXPECT_EQ(Expr("[1, 2, 3]"), "[1, 2, 3]");
  EXPECT_EQ(Expr("[]"), "[]");
  EXPECT_EQ(Expr("{'a': 'INT', b: 'VARCHAR'}"), "{'a': 'INT', 'b': 'VARCHAR'}");
}

TEST(ExpressionParserTest, ColumnRefsAndNonReservedKeywords) {
  auto e = ParseExpression("db.t.a");
  EXPECT_EQ(e->As<ColumnRefExpr>().parts, (std::vector<std::string>{"db", "t", "a"}));
  for (const char* name :
       {"date",   "year",   "month",    "day",     "status", "region",  "comment",
        "value",  "type",   "name",     "key",     "first",  "last",    "timestamp",
        "filter", "format", "interval", "version", "over",   "position"}) {
    auto column = ParseExpression(name);
    ASSERT_EQ(column->kind, ParsedExprKind::kColumnRef) << name;
    EXPECT_EQ(column->As<ColumnRefExpr>().parts[0], name);
  }
  EXPECT_EQ(Expr("\"Order\".\"select\""), "\"Order\".\"select\"");
  EXPECT_EQ(Expr("date + 1"), "date + 1");
}

TEST(ExpressionParserTest, PositionsPointAtTheNode) {
  auto e = ParseExpression("a + foo(b)");
  const auto& add = e->As<BinaryExpr>();
  EXPECT_EQ(add.position, 2u);
  EXPECT_EQ(add.left->position, 0u);
  EXPECT_EQ(add.right->position, 4u);
  EXPECT_EQ(add.right->As<FunctionExpr>().args[0]->position, 8u);
}

TEST(ExpressionParserTest, ForEachChildVisitsInOrder) {
  auto e = ParseExpression("CASE WHEN a THEN b ELSE c END");
  std::vector<std::string> seen;
  ForEachChild(*e, [&](const ParsedExpr& child) { seen.push_back(child.ToString()); });
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace sluice::sql
