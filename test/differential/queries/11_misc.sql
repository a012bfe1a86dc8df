-- Combinations: VALUES, nested derived tables, joins over aggregates, NULL-heavy keys.

-- name: misc_values_join
SELECT v.label, count(o.order_id) FROM (VALUES ('new', 'N'), ('paid', 'P'), ('gone', 'G')) v(status, label) LEFT JOIN read_csv('__DATA__/orders.csv') o ON o.status = v.status GROUP BY v.label

-- name: misc_join_on_coalesce_key
SELECT count(*) FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c ON coalesce(o.customer_id, 1) = c.customer_id

-- name: misc_join_aggregates_both_sides
SELECT a.customer_id, a.n_orders, b.n_events FROM (SELECT customer_id, count(*) AS n_orders FROM read_csv('__DATA__/orders.csv') GROUP BY customer_id) a FULL JOIN (SELECT user_id, count(*) AS n_events FROM read_csv('__DATA__/events.csv') GROUP BY user_id) b ON a.customer_id = b.user_id

-- name: misc_count_distinct_after_join
SELECT c.segment, count(DISTINCT o.product_id), count(DISTINCT o.customer_id) FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c USING (customer_id) GROUP BY c.segment

-- name: misc_having_alias_expression
SELECT category, avg(price) AS ap FROM read_csv('__DATA__/products.csv') GROUP BY category HAVING avg(price) > 140 AND count(*) > 5

-- name: misc_triple_nested_derived
SELECT bucket, count(*) FROM (SELECT CASE WHEN total > 5000 THEN 'high' WHEN total > 1000 THEN 'mid' ELSE 'low' END AS bucket FROM (SELECT customer_id, sum(quantity * unit_price) AS total FROM (SELECT * FROM read_csv('__DATA__/orders.csv') WHERE quantity > 0) x GROUP BY customer_id) y) z GROUP BY bucket

-- name: misc_in_string_list
SELECT status, count(*) FROM read_csv('__DATA__/orders.csv') WHERE status IN ('paid', 'shipped', 'nope') GROUP BY status

-- name: misc_exists_with_aggregate_outer
SELECT p.category, count(*) FROM read_csv('__DATA__/products.csv') p WHERE EXISTS (SELECT 1 FROM read_csv('__DATA__/orders.csv') o WHERE o.product_id = p.product_id AND o.status = 'returned') GROUP BY p.category

-- name: misc_union_then_join
SELECT u.id, c.segment FROM (SELECT customer_id AS id FROM read_csv('__DATA__/orders.csv') WHERE quantity < 0 UNION SELECT user_id FROM read_csv('__DATA__/events.csv') WHERE kind = 'refund') u JOIN read_csv('__DATA__/customers.csv') c ON c.customer_id = u.id

-- name: misc_correlated_count_with_join_outer
SELECT region, sum(n), max(n) FROM (SELECT c.region, (SELECT count(*) FROM read_csv('__DATA__/events.csv') e WHERE e.user_id = c.customer_id) AS n FROM read_csv('__DATA__/customers.csv') c) t GROUP BY region

-- name: misc_distinct_on_join_result
SELECT DISTINCT c.region, p.category FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c USING (customer_id) JOIN read_csv('__DATA__/products.csv') p USING (product_id)

-- name: misc_group_by_case_bool
SELECT discount IS NULL, quantity > 10, count(*), round(avg(unit_price), 4) FROM read_csv('__DATA__/orders.csv') GROUP BY 1, 2

-- name: misc_limit_in_in_subquery
SELECT count(*) FROM read_csv('__DATA__/orders.csv') WHERE product_id IN (SELECT product_id FROM read_csv('__DATA__/products.csv') ORDER BY price DESC, product_id LIMIT 10)

-- name: misc_order_by_case
SELECT product_id, category FROM read_csv('__DATA__/products.csv') ORDER BY CASE WHEN category IS NULL THEN 0 ELSE 1 END, category, product_id LIMIT 40

-- name: misc_null_literal_columns
SELECT NULL AS n, order_id FROM read_csv('__DATA__/orders.csv') WHERE order_id < 4

-- name: misc_constant_select
SELECT 1 AS one, 'two' AS two, 3.5 AS three, true AS four, NULL AS five, DATE '2024-01-01' AS six
