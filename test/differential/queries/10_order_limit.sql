-- ORDER BY (ASC/DESC, NULLS FIRST/LAST, expressions, ordinals) and LIMIT/OFFSET. Every
-- ordering is total (ties broken by a unique key) so the order is defined.

-- name: order_desc_limit
SELECT order_id, unit_price FROM read_csv('__DATA__/orders.csv') ORDER BY unit_price DESC, order_id LIMIT 20

-- name: order_nulls_default
SELECT customer_id, region FROM read_csv('__DATA__/customers.csv') ORDER BY region, customer_id, name LIMIT 60

-- name: order_nulls_first_desc
SELECT order_id, discount FROM read_csv('__DATA__/orders.csv') ORDER BY discount DESC NULLS FIRST, order_id LIMIT 50

-- name: order_nulls_last_desc
SELECT order_id, discount FROM read_csv('__DATA__/orders.csv') ORDER BY discount DESC NULLS LAST, order_id DESC LIMIT 50

-- name: order_offset
SELECT order_id FROM read_csv('__DATA__/orders.csv') ORDER BY order_id LIMIT 10 OFFSET 100

-- name: order_by_expression
SELECT order_id, quantity * unit_price AS total FROM read_csv('__DATA__/orders.csv') ORDER BY quantity * unit_price, order_id LIMIT 30

-- name: order_by_alias_and_ordinal
SELECT status, count(*) AS n FROM read_csv('__DATA__/orders.csv') GROUP BY status ORDER BY n DESC, 1

-- name: order_by_non_selected
SELECT name FROM read_csv('__DATA__/products.csv') ORDER BY price DESC, product_id LIMIT 15

-- name: order_by_string
SELECT customer_id, name FROM read_csv('__DATA__/customers.csv') WHERE name IS NOT NULL ORDER BY name, customer_id LIMIT 100

-- name: order_by_date_timestamp
SELECT order_id, ship_date, order_ts FROM read_csv('__DATA__/orders.csv') ORDER BY ship_date NULLS FIRST, order_ts DESC, order_id LIMIT 40

-- name: order_by_bool
SELECT customer_id, is_active FROM read_csv('__DATA__/customers.csv') ORDER BY is_active, customer_id DESC, name LIMIT 25

-- name: order_limit_zero
SELECT order_id FROM read_csv('__DATA__/orders.csv') ORDER BY order_id LIMIT 0

-- name: order_limit_larger_than_input
SELECT product_id FROM read_csv('__DATA__/products.csv') WHERE product_id < 5 ORDER BY product_id DESC LIMIT 1000

-- name: order_by_aggregate
SELECT customer_id, sum(quantity) FROM read_csv('__DATA__/orders.csv') GROUP BY customer_id ORDER BY sum(quantity) DESC, customer_id NULLS LAST LIMIT 10

-- name: order_top_per_group_via_join
SELECT c.region, o.order_id, o.unit_price FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id WHERE o.unit_price > 495 ORDER BY c.region NULLS LAST, o.unit_price DESC, o.order_id, c.name

-- name: order_distinct
SELECT DISTINCT category FROM read_csv('__DATA__/products.csv') ORDER BY category NULLS FIRST

-- name: order_double_negative
SELECT event_id, value FROM read_csv('__DATA__/events.csv') WHERE value IS NOT NULL ORDER BY value, event_id LIMIT 25

-- name: limit_without_order_count
SELECT count(*) FROM (SELECT * FROM read_csv('__DATA__/orders.csv') LIMIT 123) t
