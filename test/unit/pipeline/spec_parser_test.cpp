#include "pipeline/spec_parser.h"

#include <gtest/gtest.h>

#include "pipeline/duration.h"
#include "pipeline/param_substitution.h"
#include "spec_test_util.h"

namespace sluice::pipeline {
namespace {

using std::chrono::milliseconds;

TEST(SpecParserTest, ParsesTheFullExample) {
  PipelineSpec spec = LoadPipelineSpec(std::string(SLUICE_PIPELINE_TEST_DATA) + "/retail.yaml",
                                       {{"day", "2024-02-29"}});
  EXPECT_EQ(spec.name, "retail_daily");
  EXPECT_EQ(spec.lake, "./lake");
  EXPECT_EQ(spec.catalog, "./lake/_catalog.db");
  EXPECT_EQ(spec.params.at("day"), "2024-02-29");  // --param overrides the default
  EXPECT_EQ(spec.params.at("raw"), "data/raw");

  ASSERT_EQ(spec.source_order, (std::vector<std::string>{"orders", "customers", "returns"}));
  const SourceSpec& orders = spec.sources.at("orders");
  EXPECT_EQ(orders.path, "data/raw/orders/2024-02-29/*.csv");
  EXPECT_EQ(orders.format, "csv");
  EXPECT_EQ(orders.line, 10);
  ASSERT_EQ(orders.options.size(), 3u);
  EXPECT_EQ(orders.options[0].first, "header");
  EXPECT_EQ(orders.options[0].second.scalar, Value::Boolean(true));
  EXPECT_EQ(orders.options[1].second.scalar, Value::Varchar(","));
  EXPECT_EQ(orders.options[2].second.scalar, Value::Bigint(1000));
  ASSERT_TRUE(orders.incremental.has_value());
  EXPECT_EQ(orders.incremental->by, IncrementalSpec::By::kFile);
  EXPECT_EQ(spec.sources.at("customers").table, "crm.customers");
  const SourceSpec& returns = spec.sources.at("returns");
  EXPECT_EQ(returns.format, "json");  // from the extension
  ASSERT_EQ(returns.schema.size(), 2u);
  EXPECT_EQ(returns.schema[1].type, TypeId::kTimestamp);
  EXPECT_EQ(returns.incremental->column, "returned_at");
  EXPECT_EQ(returns.incremental->lookback, milliseconds(2 * 3600 * 1000));

  ASSERT_EQ(spec.steps.size(), 3u);
  EXPECT_NE(spec.steps[0].sql.find("o.order_ts >= '2024-02-29'"), std::string::npos);
  EXPECT_EQ(spec.steps[0].inputs, (std::vector<std::string>{"orders", "customers"}));
  EXPECT_EQ(spec.steps[1].inputs, std::vector<std::string>{"enriched"});
  EXPECT_EQ(spec.steps[2].inputs, (std::vector<std::string>{"returns", "enriched"}));

  const DatasetChecks& checks = spec.checks.at("enriched");
  EXPECT_EQ(checks.on_fail, "quarantine");
  EXPECT_EQ(checks.min_score, 0.98);
  ASSERT_EQ(checks.rules.size(), 14u);
  EXPECT_EQ(checks.rules[0].columns, (std::vector<std::string>{"order_id", "customer_id"}));
  EXPECT_EQ(checks.rules[2].values,
            (std::vector<std::string>{"new", "paid", "shipped", "returned"}));
  EXPECT_EQ(checks.rules[2].fix.kind, FixSpec::Kind::kLower);
  EXPECT_EQ(checks.rules[3].severity, "warn");
  EXPECT_EQ(checks.rules[3].max, 1000);
  EXPECT_TRUE(checks.rules[3].inclusive);
  EXPECT_FALSE(checks.rules[4].inclusive);
  EXPECT_EQ(checks.rules[5].pattern, "^[^@]+@[^@]+$");
  EXPECT_EQ(checks.rules[6].fix.kind, FixSpec::Kind::kSql);
  EXPECT_EQ(checks.rules[7].expression, "revenue >= 0");
  EXPECT_EQ(checks.rules[8].references, "customers");
  EXPECT_EQ(checks.rules[8].references_column, "customer_id");
  EXPECT_EQ(checks.rules[9].min, 1);
  EXPECT_EQ(checks.rules[10].max_age, milliseconds(24 * 3600 * 1000));
  EXPECT_EQ(checks.rules[11].kind, "schema");
  EXPECT_EQ(checks.rules[12].severity, "warn");
  EXPECT_EQ(checks.rules[13].fix.kind, FixSpec::Kind::kDefault);
  EXPECT_EQ(checks.rules[13].fix.value, "unknown");
  EXPECT_EQ(checks.rules[0].Describe(), "not_null(order_id, customer_id)");

  ASSERT_EQ(spec.sinks.size(), 3u);
  EXPECT_EQ(spec.sinks[0].partition_by, std::vector<std::string>{"order_date"});
  EXPECT_EQ(spec.sinks[1].mode, "merge");
  EXPECT_EQ(spec.sinks[1].key, (std::vector<std::string>{"order_date", "region"}));
  EXPECT_EQ(spec.sinks[2].path, "out/returned_2024-02-29.parquet");
  EXPECT_EQ(spec.sinks[2].format, "parquet");

  EXPECT_EQ(spec.retry.max_attempts, 4);
  EXPECT_EQ(spec.retry.initial, milliseconds(500));
  EXPECT_EQ(spec.retry.max, milliseconds(60000));
  EXPECT_DOUBLE_EQ(spec.retry.jitter, 0.1);
  ASSERT_TRUE(spec.notify.has_value());
  EXPECT_EQ(spec.notify->on, (std::vector<std::string>{"failure", "quality_failed"}));

  auto order = spec.TopologicalOrder();
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order[0]->name, "enriched");
}

TEST(SpecParserTest, TopologicalOrderPutsInputsFirst) {
  PipelineSpec spec = ParsePipelineSpec(R"yaml(
name: p
sources: { raw: { path: a.csv } }
steps:
  - { name: c, sql: "SELECT * FROM b JOIN a USING (id)" }
  - { name: b, sql: "SELECT * FROM a" }
  - { name: a, sql: "SELECT * FROM raw" }
  - { name: d, sql: "SELECT * FROM raw" }
)yaml",
                                        "p.yaml");
  std::vector<std::string> names;
  for (const StepSpec* s : spec.TopologicalOrder()) names.push_back(s->name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(spec.catalog, "./lake/_catalog.db");
  EXPECT_EQ(spec.retry.max_attempts, 3);  // defaults
}

TEST(SpecParserTest, Durations) {
  EXPECT_EQ(ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(ParseDuration("1s"), milliseconds(1000));
  EXPECT_EQ(ParseDuration("2m"), milliseconds(120000));
  EXPECT_EQ(ParseDuration("1h30m"), milliseconds(5400000));
  EXPECT_EQ(ParseDuration("7d"), milliseconds(7 * 86400000LL));
  EXPECT_EQ(ParseDuration("1.5s"), milliseconds(1500));
  EXPECT_EQ(ParseDuration("3"), milliseconds(3000));
  EXPECT_FALSE(ParseDuration("").has_value());
  EXPECT_FALSE(ParseDuration("1x").has_value());
  EXPECT_FALSE(ParseDuration("h").has_value());
  EXPECT_FALSE(ParseDuration("1h30").has_value());
  EXPECT_FALSE(ParseDuration("99999999999999999999d").has_value());
  EXPECT_EQ(FormatDuration(milliseconds(120000)), "2m");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1500ms");
}

TEST(SpecParserTest, ParamSubstitution) {
  std::map<std::string, std::string> params = {{"day", "2024-01-01"}, {"n", "5"}};
  EXPECT_EQ(SubstituteParams("a/${day}/b${n}", params), "a/2024-01-01/b5");
  EXPECT_EQ(SubstituteParams("cost $${literal} $5", params), "cost ${literal} $5");
  try {
    SubstituteParams("x ${dya}", params);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("unknown parameter 'dya'"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("did you mean 'day'"), std::string::npos) << e.message();
  }
  EXPECT_THROW(SubstituteParams("${day", params), Error);
  EXPECT_EQ(ParseParamAssignment("a=b=c"), (std::pair<std::string, std::string>{"a", "b=c"}));
  EXPECT_THROW(ParseParamAssignment("=x"), Error);
  EXPECT_THROW(ParseParamAssignment("novalue"), Error);

  std::string error = SpecError("name: p\nsources:\n  s: { path: \"${dir}/a.csv\" }\n");
  EXPECT_NE(error.find("p.yaml:3:"), std::string::npos) << error;
  EXPECT_NE(error.find("unknown parameter 'dir'"), std::string::npos) << error;
  EXPECT_EQ(SpecError("name: p\nsources:\n  s: { path: \"${dir}/a.csv\" }\n", {{"dir", "x"}}), "");
}

TEST(SpecParserTest, OddValuesAreErrorsNotCrashes) {
  const char* specs[] = {
      "name: p\nsources: { s: { path: a.csv, options: { a: -, b: 1-2, c: 99999999999999999999, d: "
      "[1, {x: y}] } } }\n",
      "name: p\nsources: { s: null }\n",
      "name: p\nsources: { s: { path: [a] } }\nsteps: [ { name: [1], sql: {a: b} } ]\n",
      "name: p\nsources: { s: { path: a.csv } }\nchecks: { s: { rules: [ { range: null }, { "
      "not_null: null }, 5, [] ] } }\n",
      "name: p\nsources: { s: { path: a.csv } }\nchecks: { s: { rules: [ { range: { column: x, "
      "min: nan } } ] } }\n",
      "name: p\nsources: { s: { path: a.csv } }\nchecks: { s: null }\nsinks: null\nretry: "
      "5\nnotify: []\n",
      "name: p\nsources: { s: { path: a.csv } }\nsinks: [ { from: s, to: lake, table: a.b, key: "
      "{x: 1}, partition_by: {y: 2} } ]\n",
      "name: p\nsources: { s: { path: a.csv } }\nsteps: [ { name: t, sql: \"SELECT * FROM (((\" } "
      "]\n",
      "",
      "name:\n",
      "? [a, b]\n: c\n",
  };
  for (const char* spec : specs) {
    std::string error = SpecError(spec);
    EXPECT_EQ(error.find("wrong kind"), std::string::npos) << spec << "\n" << error;
  }
  // Option scalars keep their text when they are not plain numbers.
  PipelineSpec parsed = ParsePipelineSpec(
      "name: p\nsources: { s: { path: a.csv, options: { a: -, b: 1-2, c: 99999999999999999999, d: "
      "\"7\" } } }\n",
      "p.yaml");
  const auto& options = parsed.sources.at("s").options;
  EXPECT_EQ(options[0].second.scalar, Value::Varchar("-"));
  EXPECT_EQ(options[1].second.scalar, Value::Varchar("1-2"));
  EXPECT_EQ(options[2].second.scalar, Value::Varchar("99999999999999999999"));
  EXPECT_EQ(options[3].second.scalar, Value::Varchar("7"));
}

}  // namespace
}  // namespace sluice::pipeline
