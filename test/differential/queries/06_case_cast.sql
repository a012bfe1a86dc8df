-- CASE, COALESCE/NULLIF/IF, casts, boolean logic with NULLs.

-- name: case_searched
SELECT order_id, CASE WHEN quantity < 0 THEN 'return' WHEN discount IS NULL THEN 'full' WHEN discount >= 0.2 THEN 'deep' ELSE 'some' END FROM read_csv('__DATA__/orders.csv')

-- name: case_simple
SELECT customer_id, CASE region WHEN 'North' THEN 1 WHEN 'South' THEN 2 ELSE 0 END FROM read_csv('__DATA__/customers.csv')

-- name: case_no_else_null
SELECT event_id, CASE WHEN value > 50 THEN value END FROM read_csv('__DATA__/events.csv')

-- name: case_in_aggregate
SELECT region, sum(CASE WHEN is_active THEN 1 ELSE 0 END), sum(CASE WHEN credit_limit < 0 THEN credit_limit END) FROM read_csv('__DATA__/customers.csv') GROUP BY region

-- name: case_mixed_numeric_types
SELECT order_id, CASE WHEN quantity > 10 THEN quantity ELSE unit_price END FROM read_csv('__DATA__/orders.csv') WHERE order_id <= 200

-- name: case_nested
SELECT product_id, CASE WHEN category IS NULL THEN 'none' ELSE CASE WHEN price > 150 THEN category || '-hi' ELSE category || '-lo' END END FROM read_csv('__DATA__/products.csv')

-- name: coalesce_nullif
SELECT order_id, coalesce(discount, 0), nullif(quantity, 1), coalesce(customer_id, product_id, -1) FROM read_csv('__DATA__/orders.csv')

-- name: coalesce_strings
SELECT customer_id, coalesce(name, region, 'anon') FROM read_csv('__DATA__/customers.csv')

-- name: if_function
SELECT order_id, if(quantity > 5, 'many', 'few'), if(discount IS NULL, 0.0, discount) FROM read_csv('__DATA__/orders.csv') WHERE order_id % 7 = 0

-- name: greatest_least
SELECT order_id, greatest(quantity, 5), least(unit_price, 100.0), greatest(order_id, customer_id, product_id) FROM read_csv('__DATA__/orders.csv')

-- name: cast_int_to_varchar_concat
SELECT CAST(order_id AS VARCHAR) || '-' || CAST(quantity AS VARCHAR) FROM read_csv('__DATA__/orders.csv')

-- name: cast_double_to_varchar
SELECT product_id, CAST(price AS VARCHAR) FROM read_csv('__DATA__/products.csv')

-- name: cast_varchar_to_int_roundtrip
SELECT CAST(CAST(order_id AS VARCHAR) AS INTEGER) = order_id FROM read_csv('__DATA__/orders.csv') GROUP BY 1

-- name: cast_timestamp_to_date_and_varchar
SELECT order_id, CAST(order_ts AS DATE), CAST(order_ts AS VARCHAR), CAST(ship_date AS VARCHAR) FROM read_csv('__DATA__/orders.csv')

-- name: cast_date_to_timestamp
SELECT customer_id, CAST(signup_date AS TIMESTAMP) FROM read_csv('__DATA__/customers.csv')

-- name: cast_bool
SELECT customer_id, CAST(is_active AS INTEGER), CAST(is_active AS VARCHAR), CAST(customer_id % 2 AS BOOLEAN) FROM read_csv('__DATA__/customers.csv')

-- name: cast_int_to_double_division
SELECT order_id, quantity / 4, CAST(quantity AS DOUBLE) / 3, quantity // 4, quantity % 4 FROM read_csv('__DATA__/orders.csv')

-- name: try_cast_strings
SELECT name, TRY_CAST(name AS INTEGER), TRY_CAST(split_part(name, ' ', 2) AS INTEGER) FROM read_csv('__DATA__/customers.csv')

-- name: bool_three_valued
SELECT region, is_active, region = 'North' AND is_active, region = 'North' OR is_active, NOT (region = 'North') FROM read_csv('__DATA__/customers.csv')

-- name: is_distinct_from
SELECT count(*) FILTER (WHERE customer_id IS DISTINCT FROM product_id), count(*) FILTER (WHERE customer_id IS NOT DISTINCT FROM NULL) FROM read_csv('__DATA__/orders.csv')

-- name: between_and_not_between
SELECT count(*) FILTER (WHERE unit_price BETWEEN 100 AND 200), count(*) FILTER (WHERE quantity NOT BETWEEN 0 AND 10), count(*) FILTER (WHERE order_ts BETWEEN TIMESTAMP '2023-06-01 00:00:00' AND TIMESTAMP '2023-06-30 23:59:59') FROM read_csv('__DATA__/orders.csv')

-- name: is_null_checks
SELECT count(*) FILTER (WHERE discount IS NULL), count(*) FILTER (WHERE ship_date IS NOT NULL), count(*) FILTER (WHERE status IS NULL) FROM read_csv('__DATA__/orders.csv')

-- name: case_empty_string_from_query
SELECT event_id, CASE WHEN note IS NULL THEN '' ELSE note END AS n, length(coalesce(note, '')) FROM read_csv('__DATA__/events.csv')

-- Exact .5 ties are left out: DuckDB rounds DOUBLE -> integer casts half to even.
-- name: cast_double_to_int_no_ties
SELECT order_id, CAST(unit_price AS INTEGER), CAST(unit_price AS BIGINT), unit_price::INTEGER FROM read_csv('__DATA__/orders.csv') WHERE unit_price - floor(unit_price) <> 0.5
