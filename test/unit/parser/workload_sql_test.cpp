// The benchmark workloads' SQL (bench/workloads/*.sql), copied here so that the parser
// test does not depend on files outside the test folder.
#include <gtest/gtest.h>

#include "parser_test_util.h"

namespace sluice::sql {
namespace {

struct Workload {
  const char* name;
  const char* sql;
};

const Workload kWorkloads[] = {
    {"W00_noop",
     R"sql(-- Process start + connect overhead baseline (subtract mentally from the others).
SELECT 1 AS one;
)sql"},
    {"W01_csv_scan_agg",
     R"sql(-- Ingest floor: parse the whole CSV (type inference + quoted fields), 2 columns aggregated.
SELECT count(*) AS n, sum(quantity * unit_price) AS gross
FROM read_csv('orders.csv');
)sql"},
    {"W02_csv_to_parquet",
     R"sql(-- Ingest + load: full CSV -> Parquet conversion (all 9 columns, inferred types).
COPY (SELECT * FROM read_csv('orders.csv')) TO 'w02_orders.parquet' (FORMAT parquet);
)sql"},
    {"W03_groupby_low_card", R"sql(-- Low-cardinality aggregate (20 x 5 = 100 groups) over Parquet.
SELECT region, status, count(*) AS n, sum(quantity) AS qty, avg(unit_price) AS avg_price
FROM read_parquet('orders.parquet')
GROUP BY region, status
ORDER BY region, status;
)sql"},
    {"W04_groupby_high_card",
     R"sql(-- Medium/high-cardinality aggregate: ~N/100 groups (customer_id). Wrapped so that only
-- a 1-row summary crosses the client boundary.
SELECT count(*) AS groups, sum(n) AS n, sum(gross) AS gross
FROM (
  SELECT customer_id, count(*) AS n, sum(quantity * unit_price) AS gross
  FROM read_parquet('orders.parquet')
  GROUP BY customer_id
) t;
)sql"},
    {"W05_groupby_very_high_card",
     R"sql(-- Hard aggregate: (customer_id, day) -> ~0.9 N groups (H2O "q10"-like).
SELECT count(*) AS groups, sum(n) AS n, max(qty) AS max_qty
FROM (
  SELECT customer_id, CAST(order_ts AS DATE) AS d, count(*) AS n, sum(quantity) AS qty
  FROM read_parquet('orders.parquet')
  GROUP BY customer_id, CAST(order_ts AS DATE)
) t;
)sql"},
    {"W06_join_agg", R"sql(-- Star join (N orders x N/100 customers) + aggregate to 250 groups.
SELECT c.segment, c.country, count(*) AS n, sum(o.quantity * o.unit_price) AS gross
FROM read_parquet('orders.parquet') o
JOIN read_parquet('customers.parquet') c ON o.customer_id = c.customer_id
GROUP BY c.segment, c.country
ORDER BY c.segment, c.country;
)sql"},
    {"W07_etl_pipeline",
     R"sql(-- The canonical ETL job: CSV in, join, filter, derive, cast, Parquet out.
COPY (
  SELECT o.*, c.segment, c.country,
         o.quantity * o.unit_price * (1 - coalesce(o.discount, 0)) AS revenue,
         CAST(o.order_ts AS DATE) AS order_date
  FROM read_csv('orders.csv') o
  JOIN read_csv('customers.csv') c ON o.customer_id = c.customer_id
  WHERE o.status <> 'cancelled'
) TO 'w07_out.parquet' (FORMAT parquet);
)sql"},
    {"W08_dedup_window",
     R"sql(-- Dedup / "latest record per key" with a window function (classic SCD / CDC step).
COPY (
  SELECT order_id, customer_id, order_ts, status, region, quantity, unit_price, discount, comment
  FROM (
    SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY order_ts DESC, order_id DESC) AS rn
    FROM read_parquet('orders.parquet')
  ) t
  WHERE rn = 1
) TO 'w08_latest.parquet' (FORMAT parquet);
)sql"},
    {"W09_sort_write",
     R"sql(-- Full sort of all columns (clustering before load); exercises wide-row / string sort.
COPY (
  SELECT * FROM read_parquet('orders.parquet') ORDER BY customer_id, order_ts, order_id
) TO 'w09_sorted.parquet' (FORMAT parquet);
)sql"},
    {"W10_validate",
     R"sql(-- Data-quality checks (validate step): null counts, range checks, key uniqueness, domain checks.
SELECT count(*) AS n_rows,
       sum(CASE WHEN discount IS NULL THEN 1 ELSE 0 END) AS null_discount,
       sum(CASE WHEN quantity < 1 OR quantity > 100 THEN 1 ELSE 0 END) AS bad_quantity,
       sum(CASE WHEN unit_price <= 0 THEN 1 ELSE 0 END) AS bad_price,
       sum(CASE WHEN status NOT IN ('delivered','shipped','processing','pending','cancelled') THEN 1 ELSE 0 END) AS bad_status,
       sum(CASE WHEN length(comment) > 200 THEN 1 ELSE 0 END) AS long_comment,
       count(*) - count(DISTINCT order_id) AS dup_order_id,
       min(order_ts) AS min_ts, max(order_ts) AS max_ts
FROM read_parquet('orders.parquet');
)sql"},
    {"W11_json_scan_agg", R"sql(-- NDJSON ingest: parse newline-delimited JSON objects, aggregate.
SELECT status, count(*) AS n, sum(quantity * unit_price) AS gross
FROM read_json('orders.json')
GROUP BY status
ORDER BY status;
)sql"},
    {"prep", R"sql(-- Untimed reference preparation (run by bench.sh with DuckDB once per scale).
COPY (SELECT * FROM read_csv('orders.csv')) TO 'orders.parquet' (FORMAT parquet);
COPY (SELECT * FROM read_csv('customers.csv')) TO 'customers.parquet' (FORMAT parquet);
COPY (SELECT * FROM read_csv('orders.csv')) TO 'orders.json' (FORMAT json);
SELECT 'prepared' AS status;
)sql"},
};

TEST(WorkloadSqlTest, EveryWorkloadParsesAndRoundTrips) {
  for (const auto& workload : kWorkloads) {
    SCOPED_TRACE(workload.name);
    auto statements = ParseSql(workload.sql);
    ASSERT_FALSE(statements.empty());
    for (const auto& statement : statements) {
      std::string text = statement->ToString();
      auto again = ParseSql(text);
      ASSERT_EQ(again.size(), 1u) << text;
      EXPECT_EQ(again[0]->ToString(), text);
    }
  }
}

TEST(WorkloadSqlTest, PrepHasFourStatements) {
  for (const auto& workload : kWorkloads) {
    if (std::string(workload.name) != "prep") continue;
    auto statements = ParseSql(workload.sql);
    ASSERT_EQ(statements.size(), 4u);
    EXPECT_EQ(statements[0]->kind, StatementKind::kCopy);
    EXPECT_EQ(statements[2]->As<CopyStatement>().path, "orders.json");
    EXPECT_EQ(statements[3]->kind, StatementKind::kSelect);
  }
}

TEST(WorkloadSqlTest, ValidateQueryShape) {
  for (const auto& workload : kWorkloads) {
    if (std::string(workload.name) != "W10_validate") continue;
    auto statements = ParseSql(workload.sql);
    ASSERT_EQ(statements.size(), 1u);
    const auto& select = statements[0]->As<SelectStatement>().query->As<SelectNode>();
    ASSERT_EQ(select.select_list.size(), 9u);
    EXPECT_EQ(select.select_list[6].alias, "dup_order_id");
    EXPECT_EQ(select.select_list[6].expr->ToString(), "count(*) - count(DISTINCT order_id)");
    EXPECT_EQ(select.from->As<TableFunctionRef>().function_name(), "read_parquet");
  }
}

}  // namespace
}  // namespace sluice::sql
