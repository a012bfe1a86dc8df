// RunChecks over small in-session tables: every rule kind (pass, fail, NULLs), severities,
// the policies and the min_score gate, fixes, a declared schema, foreign keys, samples and
// the errors for rules that cannot be evaluated.
#include "quality/check_runner.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "exec/chunk_collection.h"

namespace sluice::quality {
namespace {

using pipeline::DatasetChecks;
using pipeline::FixSpec;
using pipeline::RuleSpec;

RuleSpec Rule(const std::string& kind) {
  RuleSpec rule;
  rule.kind = kind;
  rule.line = 7;
  return rule;
}
RuleSpec Columns(const std::string& kind, std::vector<std::string> columns) {
  RuleSpec rule = Rule(kind);
  rule.columns = std::move(columns);
  return rule;
}
RuleSpec Column(const std::string& kind, const std::string& column) {
  RuleSpec rule = Rule(kind);
  rule.column = column;
  return rule;
}
RuleSpec Expression(const std::string& kind, const std::string& expression) {
  RuleSpec rule = Rule(kind);
  rule.expression = expression;
  return rule;
}
RuleSpec Range(const std::string& column, std::optional<double> min, std::optional<double> max,
               bool inclusive = true) {
  RuleSpec rule = Column("range", column);
  rule.min = min;
  rule.max = max;
  rule.inclusive = inclusive;
  return rule;
}
RuleSpec Values(const std::string& column, std::vector<std::string> values) {
  RuleSpec rule = Column("accepted_values", column);
  rule.values = std::move(values);
  return rule;
}
RuleSpec Warn(RuleSpec rule) {
  rule.severity = "warn";
  return rule;
}
RuleSpec WithFix(RuleSpec rule, FixSpec::Kind kind, std::string value = "") {
  rule.fix.kind = kind;
  rule.fix.value = std::move(value);
  return rule;
}

class CheckRunnerTest : public ::testing::Test {
 protected:
  CheckRunnerTest() : session_(SessionOptions{.threads = 2}) {
    session_.Execute(
        "CREATE TABLE orders AS SELECT * FROM (VALUES "
        "(1, 10, 'paid', 2, 'ok'), "
        "(2, 20, 'paid', 0, 'fine'), "
        "(3, NULL, 'PAID', 5, NULL), "
        "(4, 10, 'lost', 1000, 'a very long comment'), "
        "(4, 30, NULL, NULL, ' x ')) "
        "v(order_id, customer_id, status, quantity, note)");
  }

  CheckReport Check(std::vector<RuleSpec> rules, const std::string& on_fail = "fail",
                    std::optional<double> min_score = std::nullopt,
                    const std::string& dataset = "orders") {
    DatasetChecks checks;
    checks.dataset = dataset;
    checks.rules = std::move(rules);
    checks.on_fail = on_fail;
    checks.min_score = min_score;
    return RunChecks(session_, checks, options_);
  }

  std::vector<std::vector<Value>> Rows(const std::string& sql) {
    QueryResult r = session_.Execute(sql);
    std::vector<std::vector<Value>> rows;
    for (size_t i = 0; i < r.row_count(); i++) rows.push_back(r.Row(i));
    return rows;
  }
  int64_t Scalar(const std::string& sql) { return Rows(sql).at(0).at(0).int_value(); }

  Session session_;
  CheckOptions options_{.quarantine_table = "q_orders", .run_id = "run-1"};
};

TEST_F(CheckRunnerTest, NotNullCountsNullsOnly) {
  CheckReport report = Check({Columns("not_null", {"order_id", "customer_id"})});
  ASSERT_EQ(report.rules.size(), 1u);
  const RuleResult& r = report.rules[0];
  EXPECT_EQ(r.name, "not_null(order_id, customer_id)");
  EXPECT_EQ(r.rows_checked, 5u);
  EXPECT_EQ(r.rows_failed, 1u);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.sample_json, "[{\"order_id\": 3, \"customer_id\": null}]");
  EXPECT_EQ(report.rows_passed, 4u);
  EXPECT_DOUBLE_EQ(report.score, 0.8);
  EXPECT_EQ(report.verdict, Verdict::kFailed);
  EXPECT_NE(report.message.find("not_null(order_id, customer_id)"), std::string::npos);
  // Policy fail leaves the dataset as it was.
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), 5);
}

TEST_F(CheckRunnerTest, PassingRulesKeepTheSameData) {
  auto before = session_.GetTable("orders").data;
  CheckReport report = Check(
      {Columns("not_null", {"order_id"}), Range("quantity", 0, 1000), Column("length", "note")});
  EXPECT_EQ(report.verdict, Verdict::kPassed) << report.message;
  EXPECT_DOUBLE_EQ(report.score, 1.0);
  for (const auto& r : report.rules) {
    EXPECT_TRUE(r.passed) << r.name;
    EXPECT_EQ(r.sample_json, "[]");
  }
  EXPECT_EQ(session_.GetTable("orders").data, before);
  EXPECT_EQ(session_.GetTable("q_orders").data, nullptr);
}

TEST_F(CheckRunnerTest, UniqueFailsEveryDuplicateAndIgnoresNullKeys) {
  session_.Execute(
      "CREATE TABLE pairs AS SELECT * FROM (VALUES (1, 'a'), (1, 'a'), (1, 'b'), (NULL, 'c'), "
      "(NULL, 'c'), (2, NULL), (2, NULL)) v(k, s)");
  CheckReport one = Check({Columns("unique", {"k"})}, "fail", std::nullopt, "pairs");
  EXPECT_EQ(one.rules[0].rows_failed, 5u);  // three 1s and two 2s; NULL keys never collide
  CheckReport two = Check({Columns("unique", {"k", "s"})}, "fail", std::nullopt, "pairs");
  EXPECT_EQ(two.rules[0].rows_failed, 2u);  // (1, a) twice
  CheckReport orders = Check({Columns("unique", {"order_id"})});
  EXPECT_EQ(orders.rules[0].rows_failed, 2u);
}

TEST_F(CheckRunnerTest, UniqueOnSparseKeysTextAndFixedValues) {
  session_.Execute(
      "CREATE TABLE sparse AS SELECT * FROM (VALUES (1), (1000000000000000), "
      "(1000000000000000), (NULL), (-1000000000000000)) v(k)");
  EXPECT_EQ(Check({Columns("unique", {"k"})}, "fail", std::nullopt, "sparse").rules[0].rows_failed,
            2u);
  EXPECT_EQ(Check({Columns("unique", {"status"})}).rules[0].rows_failed, 2u);  // paid twice
  // Judged on the fixed values: the default makes a duplicate.
  session_.Execute("CREATE TABLE keys AS SELECT * FROM (VALUES (5), (NULL), (6)) v(k)");
  CheckReport fixed = Check(
      {WithFix(Columns("not_null", {"k"}), FixSpec::Kind::kDefault, "5"), Columns("unique", {"k"})},
      "quarantine", std::nullopt, "keys");
  EXPECT_EQ(fixed.rules[0].rows_corrected, 1u);
  EXPECT_EQ(fixed.rules[1].rows_failed, 2u);
  EXPECT_EQ(fixed.rows_quarantined, 2u);
  EXPECT_EQ(Scalar("SELECT k FROM keys"), 6);
  EXPECT_EQ(session_.GetTable("__quality_rows_keys").data, nullptr);
  // Several key columns, judged on the fixed rows.
  session_.Execute(
      "CREATE TABLE pairs AS SELECT * FROM (VALUES (1, 'a'), (1, NULL), (2, 'b')) v(k, s)");
  CheckReport pairs = Check({WithFix(Columns("not_null", {"s"}), FixSpec::Kind::kDefault, "a"),
                             Columns("unique", {"k", "s"})},
                            "warn", std::nullopt, "pairs");
  EXPECT_EQ(pairs.rules[1].rows_failed, 2u);
  EXPECT_EQ(pairs.rules[1].sample_json, "[{\"k\": 1, \"s\": \"a\"}, {\"k\": 1, \"s\": \"a\"}]");
}

TEST_F(CheckRunnerTest, QuarantineOverManyChunksKeepsEveryRow) {
  session_.Execute(
      "CREATE TABLE big AS WITH d(x) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) "
      "SELECT a.x * 1000 + b.x * 100 + c.x * 10 + e.x AS i, 'row ' || CAST(a.x AS VARCHAR) AS s "
      "FROM d a, d b, d c, d e");
  CheckReport report = Check({Expression("row", "i % 7 <> 0"), Columns("unique", {"i"})},
                             "quarantine", std::nullopt, "big");
  EXPECT_EQ(report.rows_checked, 10000u);
  EXPECT_EQ(report.rows_quarantined, 1429u);
  EXPECT_EQ(report.rules[1].rows_failed, 0u);
  EXPECT_EQ(Scalar("SELECT count(*) FROM big"), 10000 - 1429);
  EXPECT_EQ(Scalar("SELECT count(*) FROM big WHERE i % 7 = 0"), 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM q_orders WHERE i % 7 <> 0"), 0);
  EXPECT_EQ(Scalar("SELECT sum(i) FROM big") + Scalar("SELECT sum(i) FROM q_orders"), 49995000);
  EXPECT_EQ(Scalar("SELECT count(*) FROM big WHERE s = 'row ' || CAST(i // 1000 AS VARCHAR)"),
            10000 - 1429);
  EXPECT_EQ(Scalar("SELECT count(DISTINCT _failed_rules) FROM q_orders"), 1);
}

TEST_F(CheckRunnerTest, AcceptedValuesComparesWithTheColumnType) {
  CheckReport text = Check({Values("status", {"paid", "new"})});
  EXPECT_EQ(text.rules[0].rows_failed, 2u);  // PAID, lost; NULL passes
  CheckReport numbers = Check({Values("quantity", {"0", "2", "5"})});
  EXPECT_EQ(numbers.rules[0].rows_failed, 1u);  // 1000; NULL passes
  EXPECT_EQ(numbers.rules[0].sample_json, "[{\"quantity\": 1000}]");
}

TEST_F(CheckRunnerTest, RangeInclusiveAndExclusive) {
  EXPECT_EQ(Check({Range("quantity", 0, 1000)}).rules[0].rows_failed, 0u);
  EXPECT_EQ(Check({Range("quantity", 0, 1000, false)}).rules[0].rows_failed, 2u);
  EXPECT_EQ(Check({Range("quantity", 1, std::nullopt)}).rules[0].rows_failed, 1u);
  EXPECT_EQ(Check({Range("quantity", std::nullopt, 4.5)}).rules[0].rows_failed, 2u);
}

TEST_F(CheckRunnerTest, RegexAndLength) {
  RuleSpec regex = Column("regex", "note");
  regex.pattern = "^[a-z]+$";
  EXPECT_EQ(Check({regex}).rules[0].rows_failed, 2u);  // the long comment, ' x '
  RuleSpec length = Column("length", "note");
  length.min = 2;
  length.max = 4;
  EXPECT_EQ(Check({length}).rules[0].rows_failed, 1u);  // the long comment
  session_.Execute("CREATE TABLE words AS SELECT * FROM (VALUES ('h\u00e9llo'), ('ab')) v(w)");
  RuleSpec chars = Column("length", "w");
  chars.max = 5;  // 'héllo' is 5 characters in 6 bytes
  EXPECT_EQ(Check({chars}, "fail", std::nullopt, "words").rules[0].rows_failed, 0u);
  chars.max = 4;
  EXPECT_EQ(Check({chars}, "fail", std::nullopt, "words").rules[0].rows_failed, 1u);
  chars.max = std::nullopt;
  chars.min = 3;  // 'ab' is short; 'héllo' is not, whatever its bytes
  EXPECT_EQ(Check({chars}, "fail", std::nullopt, "words").rules[0].rows_failed, 1u);
  RuleSpec digits = Column("regex", "quantity");  // numbers are matched as text
  digits.pattern = "^[0-9]$";
  EXPECT_EQ(Check({digits}).rules[0].rows_failed, 1u);
}

TEST_F(CheckRunnerTest, RowConditionPassesWhenNull) {
  CheckReport report = Check({Expression("row", "quantity < 100 AND status <> 'lost'")});
  EXPECT_EQ(report.rules[0].rows_failed, 1u);
  EXPECT_EQ(report.rules[0].sample_json,
            "[{\"order_id\": 4, \"customer_id\": 10, \"status\": \"lost\", \"quantity\": 1000, "
            "\"note\": \"a very long comment\"}]");
}

TEST_F(CheckRunnerTest, ForeignKeyAgainstAnotherSessionTable) {
  session_.Execute("CREATE TABLE customers AS SELECT * FROM (VALUES (10), (20), (20)) v(id)");
  RuleSpec fk = Column("foreign_key", "customer_id");
  fk.references = "customers";
  fk.references_column = "id";
  CheckReport report = Check({fk}, "quarantine");
  EXPECT_EQ(report.rules[0].rows_failed, 1u);  // 30; NULL passes
  EXPECT_EQ(report.rules[0].sample_json, "[{\"customer_id\": 30}]");
  EXPECT_EQ(report.verdict, Verdict::kQuarantined);
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), 4);  // no row duplicated by the join
}

TEST_F(CheckRunnerTest, ForeignKeyOnTextAndMixedTypes) {
  session_.Execute("CREATE TABLE statuses AS SELECT * FROM (VALUES ('paid'), ('lost')) v(name)");
  RuleSpec text = Column("foreign_key", "status");
  text.references = "statuses";
  text.references_column = "name";
  CheckReport report = Check({text});
  EXPECT_EQ(report.rules[0].rows_failed, 1u);  // PAID; NULL passes
  EXPECT_EQ(report.rules[0].sample_json, "[{\"status\": \"PAID\"}]");
  // Referenced keys are compared in the column's type.
  session_.Execute("CREATE TABLE ids AS SELECT * FROM (VALUES ('10'), ('20'), ('x')) v(id)");
  RuleSpec mixed = Column("foreign_key", "customer_id");
  mixed.references = "ids";
  mixed.references_column = "id";
  EXPECT_EQ(Check({mixed}).rules[0].rows_failed, 1u);  // 30
}

TEST_F(CheckRunnerTest, ForeignKeyFix) {
  session_.Execute("CREATE TABLE customers AS SELECT * FROM (VALUES (10), (20)) v(id)");
  RuleSpec fk = Column("foreign_key", "customer_id");
  fk.references = "customers";
  fk.references_column = "id";
  CheckReport nulled = Check({WithFix(fk, FixSpec::Kind::kNullIfInvalid)});
  EXPECT_EQ(nulled.rules[0].rows_corrected, 1u);
  EXPECT_EQ(nulled.rules[0].rows_failed, 0u);
  EXPECT_EQ(nulled.verdict, Verdict::kPassed);
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders WHERE customer_id IS NULL"), 2);
  fk.references = "no_such_table";
  EXPECT_THROW(Check({fk}), Error);
}

TEST_F(CheckRunnerTest, QuarantineSplitsRowsAndNamesTheRules) {
  CheckReport report = Check({Columns("not_null", {"customer_id"}), Values("status", {"paid"}),
                              Warn(Range("quantity", 1, 100))},
                             "quarantine");
  EXPECT_EQ(report.verdict, Verdict::kQuarantined);
  EXPECT_EQ(report.rows_quarantined, 2u);
  EXPECT_EQ(report.rows_passed, 3u);
  EXPECT_EQ(report.rules[2].rows_failed, 2u);  // warn: counted, not quarantined
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), 3);
  auto rows = Rows("SELECT order_id, _failed_rules, _run_id FROM q_orders ORDER BY order_id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].int_value(), 3);
  EXPECT_EQ(rows[0][1].string_value(), "not_null(customer_id), accepted_values(status)");
  EXPECT_EQ(rows[1][0].int_value(), 4);
  EXPECT_EQ(rows[1][1].string_value(), "accepted_values(status)");
  EXPECT_EQ(rows[1][2].string_value(), "run-1");
  // Good and quarantined rows together are the input.
  EXPECT_EQ(
      Scalar("SELECT sum(order_id) FROM orders") + Scalar("SELECT sum(order_id) FROM q_orders"),
      14);
  // A later check that quarantines nothing leaves no stale quarantine table.
  Check({Columns("not_null", {"order_id"})}, "quarantine");
  EXPECT_EQ(session_.GetTable("q_orders").data, nullptr);
}

TEST_F(CheckRunnerTest, WarnPolicyAndWarnSeverity) {
  CheckReport warn_rule = Check({Warn(Values("status", {"paid"}))});
  EXPECT_EQ(warn_rule.verdict, Verdict::kWarned);
  EXPECT_DOUBLE_EQ(warn_rule.score, 1.0);  // warn-level rules do not lower the score
  CheckReport warn_policy = Check({Values("status", {"paid"})}, "warn");
  EXPECT_EQ(warn_policy.verdict, Verdict::kWarned);
  EXPECT_DOUBLE_EQ(warn_policy.score, 0.6);
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), 5);
}

TEST_F(CheckRunnerTest, MinScoreFailsWhateverThePolicy) {
  EXPECT_EQ(Check({Values("status", {"paid"})}, "quarantine", 0.5).verdict, Verdict::kQuarantined);
  CheckReport below = Check({Columns("not_null", {"status"})}, "warn", 0.9);
  EXPECT_EQ(below.verdict, Verdict::kFailed);
  EXPECT_NE(below.message.find("min_score"), std::string::npos);
}

TEST_F(CheckRunnerTest, TableRules) {
  RuleSpec count = Rule("row_count");
  count.min = 1;
  count.max = 4;
  RuleSpec sql_ok = Expression("sql", "sum(quantity) > 100");
  RuleSpec sql_bad = Expression("sql", "count(DISTINCT status) >= 5");
  RuleSpec schema = Columns("schema", {"order_id INTEGER", "status", "missing"});
  CheckReport report = Check({count, sql_ok, sql_bad, schema});
  ASSERT_EQ(report.rules.size(), 4u);
  EXPECT_FALSE(report.rules[0].passed);
  EXPECT_EQ(report.rules[0].message, "5 rows, expected 1 to 4");
  EXPECT_TRUE(report.rules[1].passed) << report.rules[1].message;
  EXPECT_FALSE(report.rules[2].passed);
  EXPECT_FALSE(report.rules[3].passed);
  EXPECT_EQ(report.rules[3].message, "missing column 'missing'");
  EXPECT_TRUE(report.rules[0].table_level);
  EXPECT_EQ(report.verdict, Verdict::kFailed);
  EXPECT_DOUBLE_EQ(report.score, 1.0);
  // A failed table rule only warns under the warn policy.
  EXPECT_EQ(Check({count}, "warn").verdict, Verdict::kWarned);
  EXPECT_EQ(Check({Warn(count)}).verdict, Verdict::kWarned);
}

TEST_F(CheckRunnerTest, Freshness) {
  session_.Execute(
      "CREATE TABLE events AS SELECT * FROM (VALUES (TIMESTAMP '2024-05-01 10:00:00', "
      "DATE '2024-05-01'), (TIMESTAMP '2024-05-02 09:00:00', DATE '2024-04-30')) v(ts, d)");
  options_.now_micros = 1714651200000000;  // 2024-05-02 12:00:00 UTC
  RuleSpec fresh = Column("freshness", "ts");
  fresh.max_age = std::chrono::hours(6);
  EXPECT_TRUE(Check({fresh}, "fail", std::nullopt, "events").rules[0].passed);
  fresh.max_age = std::chrono::hours(2);
  CheckReport stale = Check({fresh}, "fail", std::nullopt, "events");
  EXPECT_FALSE(stale.rules[0].passed);
  EXPECT_EQ(stale.rules[0].message, "newest ts is 2024-05-02 09:00:00, 3h old (max_age 2h)");
  RuleSpec by_date = Column("freshness", "d");
  by_date.max_age = std::chrono::hours(24 * 2);
  EXPECT_TRUE(Check({by_date}, "fail", std::nullopt, "events").rules[0].passed);
}

TEST_F(CheckRunnerTest, FixesCorrectRows) {
  CheckReport lower =
      Check({WithFix(Values("status", {"paid", "lost"}), FixSpec::Kind::kLower)}, "quarantine");
  EXPECT_EQ(lower.rules[0].rows_failed, 0u);
  EXPECT_EQ(lower.rules[0].rows_corrected, 1u);
  EXPECT_EQ(lower.rows_corrected, 1u);
  EXPECT_EQ(lower.verdict, Verdict::kPassed);
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders WHERE status = 'paid'"), 3);

  CheckReport fill =
      Check({WithFix(Columns("not_null", {"customer_id"}), FixSpec::Kind::kDefault, "0")});
  EXPECT_EQ(fill.rules[0].rows_corrected, 1u);
  EXPECT_EQ(Scalar("SELECT customer_id FROM orders WHERE order_id = 3"), 0);

  CheckReport trim = Check({WithFix(Column("length", "note"), FixSpec::Kind::kTrim)});
  EXPECT_EQ(trim.rules[0].rows_failed, 0u);  // length without bounds never fails
  RuleSpec short_note = Column("length", "note");
  short_note.max = 1;
  CheckReport trimmed = Check({WithFix(short_note, FixSpec::Kind::kTrim)}, "warn");
  EXPECT_EQ(trimmed.rules[0].rows_corrected, 1u);  // ' x ' -> 'x'
  EXPECT_EQ(trimmed.rules[0].rows_failed, 3u);     // trimming does not shorten the others

  CheckReport nulled = Check({WithFix(Range("quantity", 1, 100), FixSpec::Kind::kNullIfInvalid)});
  EXPECT_EQ(nulled.rules[0].rows_corrected, 2u);
  EXPECT_EQ(nulled.verdict, Verdict::kPassed);
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders WHERE quantity IS NULL"), 3);

  CheckReport upper = Check({WithFix(Values("status", {"PAID", "LOST"}), FixSpec::Kind::kUpper)});
  EXPECT_EQ(upper.rules[0].rows_corrected, 4u);  // paid x3 (lowered above), lost
  EXPECT_EQ(upper.verdict, Verdict::kPassed);
}

TEST_F(CheckRunnerTest, SqlFixAndUnrepairedRows) {
  CheckReport report = Check({WithFix(Range("quantity", 1, 100), FixSpec::Kind::kSql,
                                      "least(greatest(quantity, 1), 100)")},
                             "quarantine");
  EXPECT_EQ(report.rules[0].rows_corrected, 2u);
  EXPECT_EQ(report.rules[0].rows_failed, 0u);
  EXPECT_EQ(Scalar("SELECT sum(quantity) FROM orders"), 2 + 1 + 5 + 100);

  CheckReport partly = Check(
      {WithFix(Values("status", {"paid"}), FixSpec::Kind::kDefault, "unknown")}, "quarantine");
  EXPECT_EQ(partly.rules[0].rows_corrected, 0u);  // the default is not an accepted value
  EXPECT_EQ(partly.rules[0].rows_failed, 2u);
  EXPECT_EQ(partly.rows_corrected, 2u);  // both rows were changed
  auto rows = Rows("SELECT status FROM q_orders");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].string_value(), "unknown");
}

TEST_F(CheckRunnerTest, DeclaredSchemaCastsAndFlagsBadValues) {
  session_.Execute(
      "CREATE TABLE raw AS SELECT * FROM (VALUES ('1', 'a'), ('x2', 'b'), (NULL, 'c')) v(id, s)");
  options_.declared_schema = Schema{{"id", TypeId::kBigint}, {"s", TypeId::kVarchar}};
  CheckReport report = Check({}, "quarantine", std::nullopt, "raw");
  ASSERT_EQ(report.rules.size(), 2u);
  EXPECT_EQ(report.rules[0].name, "schema");
  EXPECT_TRUE(report.rules[0].passed);
  EXPECT_EQ(report.rules[1].name, "schema(id BIGINT)");
  EXPECT_EQ(report.rules[1].rows_failed, 1u);
  EXPECT_EQ(report.rules[1].sample_json, "[{\"id\": \"x2\"}]");
  EXPECT_EQ(report.verdict, Verdict::kQuarantined);
  Session::TableData table = session_.GetTable("raw");
  ASSERT_NE(table.data, nullptr);
  EXPECT_EQ(table.schema[0].type, TypeId::kBigint);
  EXPECT_EQ(table.data->row_count(), 2u);

  options_.declared_schema = Schema{{"id", TypeId::kBigint}, {"absent", TypeId::kDate}};
  CheckReport missing = Check({}, "quarantine", std::nullopt, "raw");
  EXPECT_FALSE(missing.rules[0].passed);
  EXPECT_NE(missing.rules[0].message.find("missing column 'absent'"), std::string::npos);
  EXPECT_EQ(missing.verdict, Verdict::kFailed);
}

TEST_F(CheckRunnerTest, SampleJsonEscapesAndLimits) {
  session_.Execute(
      "CREATE TABLE texts AS SELECT * FROM (VALUES ('a\"b'), ('back\\slash'), ('c'), ('d'), "
      "('e'), ('f')) v(t)");
  options_.sample_size = 2;
  CheckReport report = Check({Values("t", {"z"})}, "fail", std::nullopt, "texts");
  EXPECT_EQ(report.rules[0].rows_failed, 6u);
  EXPECT_EQ(report.rules[0].sample_json, "[{\"t\": \"a\\\"b\"}, {\"t\": \"back\\\\slash\"}]");
}

TEST_F(CheckRunnerTest, SampleJsonCutsLongTextAndReplacesBadBytes) {
  session_.Execute(
      "CREATE TABLE odd AS SELECT repeat('ab', 150) AS t UNION ALL SELECT 'x\xff\u00e9'");
  CheckReport report = Check({Values("t", {"z"})}, "fail", std::nullopt, "odd");
  std::string first_200;
  for (int i = 0; i < 100; i++) first_200 += "ab";
  EXPECT_EQ(report.rules[0].sample_json,
            "[{\"t\": \"" + first_200 + "\u2026\"}, {\"t\": \"x\\ufffd\u00e9\"}]");
}

TEST_F(CheckRunnerTest, ErrorsNameTheRule) {
  try {
    Check({Columns("not_null", {"custmer_id"})});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(std::string(e.what()).find("checks.orders: rule not_null(custmer_id) (line 7)"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("did you mean 'customer_id'"), std::string::npos);
  }
  try {
    Check({Expression("row", "no_such_column > 1")});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(std::string(e.what()).find("rule row(no_such_column > 1)"), std::string::npos)
        << e.what();
  }
  RuleSpec regex = Column("regex", "note");
  regex.pattern = "([a-z";
  try {
    Check({regex});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(std::string(e.what()).find("regex(note)"), std::string::npos) << e.what();
  }
  try {
    Check({Expression("sql", "sum(nope) > 0")});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("rule sql(sum(nope) > 0)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Check({Values("quantity", {"many"})}), Error);
  EXPECT_THROW(Check({Range("status", 0, 1)}), Error);
  EXPECT_THROW(Check({}, "fail", std::nullopt, "no_such_dataset"), Error);
}

}  // namespace
}  // namespace sluice::quality
