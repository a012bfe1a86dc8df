#include <gtest/gtest.h>

#include "spec_test_util.h"

namespace sluice::pipeline {
namespace {

struct Case {
  const char* yaml;
  const char* expected;  // substring of the error, including "p.yaml:<line>:"
};

// Each case: a small spec with one problem, and where it must be reported.
const Case kCases[] = {
    {"name: p\nsources: { s: { path: a.csv } }\nstpes: []\n",
     "p.yaml:3:1: unknown key 'stpes' (did you mean 'steps'?)"},
    {"sources: { s: { path: a.csv } }\n", "p.yaml:1:1: pipeline: missing required key 'name'"},
    {"name: p\n", "pipeline: missing required key 'sources'"},
    {"name: p\nsources:\n  s: { path: a.csv, fromat: csv }\n",
     "p.yaml:3:21: sources.s: unknown key 'fromat' (did you mean 'format'?)"},
    {"name: p\nsources:\n  s: { path: a.csv, format: xml }\n",
     "p.yaml:3:29: sources.s.format: unknown value 'xml' (expected csv, json or parquet)"},
    {"name: p\nsources:\n  s: { path: a.txt }\n",
     "p.yaml:3:14: sources.s.path: cannot tell the format"},
    {"name: p\nsources:\n  s: { format: csv }\n",
     "p.yaml:3:6: sources.s: missing required key 'path' (files) or 'table'"},
    {"name: p\nsources:\n  s: { path: a.csv, table: a.b }\n",
     "p.yaml:3:6: sources.s: give either 'path' or 'table'"},
    {"name: p\nsources:\n  s: { table: customers }\n",
     "p.yaml:3:15: sources.s.table: expected a catalog table as database.table"},
    {"name: p\nsources:\n  s:\n    path: a.csv\n    schema:\n      - { name: id, type: BIGINTEGER "
     "}\n",
     "p.yaml:6:27: sources.s.schema.type: unknown type 'BIGINTEGER'"},
    {"name: p\nsources:\n  s: { path: a.csv, incremental: { by: column } }\n",
     "p.yaml:3:34: sources.s.incremental: incremental by column needs 'column: <name>'"},
    {"name: p\nsources:\n  s: { path: a.csv, incremental: { by: file, lookback: soon } }\n",
     "p.yaml:3:56: sources.s.incremental.lookback: expected a duration"},
    {"name: p\nsources: [a, b]\n", "p.yaml:2:10: sources: expected a map of keys, got a list"},
    {"name: p\nsources: { s: { path: a.csv } }\nsteps:\n  - name: t\n",
     "p.yaml:4:5: steps.t: missing required key 'sql'"},
    {"name: p\nsources: { s: { path: a.csv } }\nsteps:\n  - { name: s, sql: SELECT 1 }\n",
     "p.yaml:4: steps.s: a source has the same name"},
    {"name: p\nsources: { s: { path: a.csv } }\nsteps:\n  - { name: t, sql: SELECT 1 }\n  - { "
     "name: t, sql: SELECT 2 }\n",
     "p.yaml:5: steps.t: step defined twice (first on line 4)"},
    {"name: p\nsources: { orders: { path: a.csv } }\nsteps:\n  - { name: t, sql: SELECT * FROM "
     "ordrs }\n",
     "p.yaml:4: steps.t.sql: reads 'ordrs' is not a source or a step (did you mean 'orders'?)"},
    {"name: p\nsources: { s: { path: a.csv } }\nsteps:\n  - { name: a, sql: SELECT * FROM b }\n"
     "  - { name: b, sql: SELECT * FROM s JOIN a USING (id) }\n",
     "p.yaml:4: steps: steps a -> b -> a form a cycle"},
    {"name: p\nsources: { s: { path: a.csv } }\nsteps:\n  - { name: a, sql: SELECT * FROM a }\n",
     "steps: steps a -> a form a cycle"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  t:\n    rules: [ { not_null: [id] } ]\n",
     "p.yaml:5: checks.t: 't' is not a source or a step"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - not_nul: [id]\n",
     "p.yaml:6:9: checks.s.rules[0]: unknown key 'not_nul' (did you mean 'not_null'?)"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - range: { "
     "column: q, mn: 1 }\n",
     "p.yaml:6:29: checks.s.rules[0].range: unknown key 'mn' (did you mean 'min'?)"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - range: { "
     "column: q, min: 5, max: 1 }\n",
     "p.yaml:6:16: checks.s.rules[0].range: 'min' is greater than 'max'"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - range: { min: 1 "
     "}\n",
     "p.yaml:6:16: checks.s.rules[0].range: missing required key 'column'"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - range: { "
     "column: q, min: one }\n",
     "p.yaml:6:34: checks.s.rules[0].range.min: expected a number, got 'one'"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - not_null: [a]\n "
     "       severity: fatal\n",
     "p.yaml:7:19: checks.s.rules[0].not_null.severity: unknown value 'fatal'"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - row: \"x > "
     "0\"\n        fix: trim\n",
     "p.yaml:7:14: checks.s.rules[0].row.fix: a fix repairs a column value"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - not_null: [a]\n "
     "       fix: squash\n",
     "p.yaml:7:14: checks.s.rules[0].not_null.fix: unknown value 'squash'"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - { not_null: "
     "[a], unique: [a] }\n",
     "checks.s.rules[0]: one rule per list item"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - freshness: { "
     "column: t, max_age: 1week }\n",
     "p.yaml:6:42: checks.s.rules[0].freshness.max_age: expected a duration"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules:\n      - foreign_key: { "
     "column: c, references: custs }\n",
     "p.yaml:6: checks.s.foreign_key.references: 'custs' is not a source or a step"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules: []\n    on_fail: "
     "explode\n",
     "p.yaml:6:14: checks.s.on_fail: unknown value 'explode'"},
    {"name: p\nsources: { s: { path: a.csv } }\nchecks:\n  s:\n    rules: []\n    min_score: 98\n",
     "p.yaml:6:16: checks.s.min_score: expected a score from 0 to 1"},
    {"name: p\nsources: { s: { path: a.csv } }\nsinks:\n  - { from: t, to: lake, table: a.b }\n",
     "p.yaml:4: sinks[0].from: 't' is not a source or a step"},
    {"name: p\nsources: { s: { path: a.csv } }\nsinks:\n  - { from: s, to: lake }\n",
     "p.yaml:4:5: sinks[0]: missing required key 'table' (database.table) for a lake sink"},
    {"name: p\nsources: { s: { path: a.csv } }\nsinks:\n  - { from: s, to: lake, table: flat }\n",
     "p.yaml:4:33: sinks[0].table: expected database.table, got 'flat'"},
    {"name: p\nsources: { s: { path: a.csv } }\nsinks:\n  - { from: s, to: lake, table: a.b, mode: "
     "upsert }\n",
     "p.yaml:4:44: sinks[0].mode: unknown value 'upsert'"},
    {"name: p\nsources: { s: { path: a.csv } }\nsinks:\n  - { from: s, to: warehouse, table: a.b, "
     "mode: merge }\n",
     "p.yaml:4:5: sinks[0]: mode merge needs 'key: [columns]'"},
    {"name: p\nsources: { s: { path: a.csv } }\nsinks:\n  - { from: s, to: file }\n",
     "p.yaml:4:5: sinks[0]: missing required key 'path' for a file sink"},
    {"name: p\nsources: { s: { path: a.csv } }\nsinks:\n  - { from: s, to: s3 }\n",
     "p.yaml:4:20: sinks[0].to: unknown value 's3'"},
    {"name: p\nsources: { s: { path: a.csv } }\nretry: { max_attempts: many }\n",
     "p.yaml:3:24: retry.max_attempts: expected a whole number, got 'many'"},
    {"name: p\nsources: { s: { path: a.csv } }\nretry: { initial: 5m, max: 1s }\n",
     "p.yaml:3:8: retry: 'initial' is longer than 'max'"},
    {"name: p\nsources: { s: { path: a.csv } }\nretry: { initial: 1 sec }\n",
     "p.yaml:3:19: retry.initial: expected a duration"},
    {"name: p\nsources: { s: { path: a.csv } }\nnotify: { on: [failure, crash], webhook: "
     "\"http://x\" }\n",
     "p.yaml:3:25: notify.on: unknown value 'crash'"},
    {"name: p\nsources: { s: { path: a.csv } }\nnotify: { on: [failure], webhook: \"ftp://x\" }\n",
     "p.yaml:3:35: notify.webhook: expected an http:// or https:// URL"},
    {"name: p\nsources: { s: { path: a.csv } }\nparams: { a: [1] }\n",
     "p.yaml:3:14: params.a: a parameter default must be a single value"},
    {"name: p\nsources:\n  s: { path: a.csv\n", "p.yaml:4:1: YAML syntax error"},
    {"- a\n- b\n", "p.yaml:1:1: a pipeline file is a map"},
    {"name: \"bad name!\"\nsources: { s: { path: a.csv } }\n",
     "p.yaml:1:7: name: a pipeline name uses letters"},
};

TEST(SpecValidationTest, EveryProblemNamesFileLineAndKey) {
  for (const Case& c : kCases) {
    std::string error = SpecError(c.yaml);
    EXPECT_NE(error.find(c.expected), std::string::npos)
        << "spec:\n"
        << c.yaml << "\nexpected: " << c.expected << "\ngot: " << error;
  }
}

TEST(SpecValidationTest, ReportsAllProblemsInFileOrder) {
  std::string error = SpecError(
      "name: p\n"
      "sources:\n"
      "  s: { path: a.csv, fromat: csv }\n"
      "sinks:\n"
      "  - { from: nope, to: lake, table: a.b }\n"
      "retry: { max_attempts: 0 }\n");
  size_t first = error.find("p.yaml:3:");
  size_t second = error.find("p.yaml:5:");
  size_t third = error.find("p.yaml:6:");
  ASSERT_NE(first, std::string::npos) << error;
  ASSERT_NE(second, std::string::npos) << error;
  ASSERT_NE(third, std::string::npos) << error;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

TEST(SpecValidationTest, UnknownNamesWithoutACloseMatchAreLeftToTheBinder) {
  EXPECT_EQ(
      SpecError("name: p\nsources: { orders: { path: a.csv } }\n"
                "steps:\n  - { name: t, sql: SELECT * FROM orders JOIN zzzzzz USING (id) }\n"),
      "");
}

}  // namespace
}  // namespace sluice::pipeline
