-- Retail report: an example ETL job over the data that `sluice generate retail` writes.
-- Run from the repository root:  sluice query --file examples/retail_report.sql
--
-- Extract: read the raw CSV extracts once into session tables.
CREATE TABLE orders AS
SELECT * FROM read_csv('examples/data/orders.csv');

CREATE TABLE customers AS
SELECT * FROM read_csv('examples/data/customers.csv');

-- Transform: derive revenue and the order month, drop cancelled orders.
-- JOIN: once joins land, enrich with the customer's segment and country here:
--   FROM orders o JOIN customers c ON o.customer_id = c.customer_id
-- and add c.segment, c.country to the select list and to the report below.
CREATE TABLE enriched AS
SELECT order_id, customer_id, order_ts, status, region, quantity, unit_price, discount,
       quantity * unit_price * (1 - coalesce(discount, 0)) AS revenue,
       CAST(order_ts AS DATE) AS order_date,
       substr(CAST(CAST(order_ts AS DATE) AS VARCHAR), 1, 7) AS order_month
FROM orders
WHERE status <> 'cancelled';

-- Load: the enriched rows as Parquet (for the lake) and CSV (for people).
COPY (SELECT * FROM enriched) TO 'out/orders_enriched.parquet' (FORMAT parquet);
COPY (SELECT * FROM enriched) TO 'out/orders_enriched.csv' (FORMAT csv);

-- Report: revenue per region and month (per segment once the join is in).
COPY (
  SELECT region, order_month, count(*) AS orders, sum(quantity) AS units,
         round(sum(revenue), 2) AS revenue
  FROM enriched
  GROUP BY ALL
  ORDER BY region, order_month
) TO 'out/revenue_by_region_month.csv' (FORMAT csv);

-- The result printed: the top regions over the whole period.
SELECT region, count(*) AS orders, round(sum(revenue), 2) AS revenue,
       round(avg(revenue), 2) AS avg_order_value
FROM enriched
GROUP BY region
ORDER BY revenue DESC
LIMIT 10;
