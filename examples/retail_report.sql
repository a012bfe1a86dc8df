-- Retail report: an example ETL job over the data that `sluice generate retail` writes.
-- Run from the repository root:  sluice query --file examples/retail_report.sql
--
-- Extract: read the raw CSV extracts once into session tables.
CREATE TABLE orders AS
SELECT * FROM read_csv('examples/data/orders.csv');

CREATE TABLE customers AS
SELECT * FROM read_csv('examples/data/customers.csv');

-- Transform: enrich each order with its customer's segment and country, derive the
-- revenue and the order month, and drop cancelled orders.
CREATE TABLE enriched AS
SELECT o.order_id, o.customer_id, o.order_ts, o.status, o.region, o.quantity, o.unit_price,
       o.discount, c.segment, c.country,
       o.quantity * o.unit_price * (1 - coalesce(o.discount, 0)) AS revenue,
       CAST(o.order_ts AS DATE) AS order_date,
       strftime(o.order_ts, '%Y-%m') AS order_month
FROM orders o
JOIN customers c ON o.customer_id = c.customer_id
WHERE o.status <> 'cancelled';

-- Load: the enriched rows as Parquet (for the lake) and CSV (for people).
COPY (SELECT * FROM enriched) TO 'out/orders_enriched.parquet' (FORMAT parquet);
COPY (SELECT * FROM enriched) TO 'out/orders_enriched.csv' (FORMAT csv);

-- Report: revenue per segment, region and month.
COPY (
  SELECT segment, region, order_month, count(*) AS orders, sum(quantity) AS units,
         round(sum(revenue), 2) AS revenue
  FROM enriched
  GROUP BY ALL
  ORDER BY segment, region, order_month
) TO 'out/revenue_by_segment_region_month.csv' (FORMAT csv);

-- The result printed: revenue per segment, with its best region.
WITH by_region AS (
  SELECT segment, region, sum(revenue) AS revenue
  FROM enriched
  GROUP BY ALL
),
ranked AS (
  SELECT segment, region,
         row_number() OVER (PARTITION BY segment ORDER BY revenue DESC) AS rank
  FROM by_region
)
SELECT e.segment, count(*) AS orders, count(DISTINCT e.customer_id) AS customers,
       round(sum(e.revenue), 2) AS revenue, round(avg(e.revenue), 2) AS avg_order_value,
       r.region AS top_region
FROM enriched e
JOIN ranked r ON r.segment = e.segment AND r.rank = 1
GROUP BY e.segment, r.region
ORDER BY revenue DESC;
