-- Common table expressions.

-- name: cte_single
WITH o AS (SELECT * FROM read_csv('__DATA__/orders.csv')) SELECT status, count(*) FROM o GROUP BY status

-- name: cte_two_joined
WITH o AS (SELECT * FROM read_csv('__DATA__/orders.csv')), c AS (SELECT * FROM read_csv('__DATA__/customers.csv')) SELECT c.region, sum(o.quantity) FROM o JOIN c ON o.customer_id = c.customer_id GROUP BY c.region

-- name: cte_chain
WITH o AS (SELECT * FROM read_csv('__DATA__/orders.csv')), per_cust AS (SELECT customer_id, sum(quantity * unit_price) AS rev FROM o GROUP BY customer_id), top AS (SELECT * FROM per_cust WHERE rev > 20000) SELECT count(*), sum(rev), min(rev) FROM top

-- name: cte_used_twice
WITH s AS (SELECT product_id, sum(quantity) AS q FROM read_csv('__DATA__/orders.csv') GROUP BY product_id) SELECT a.product_id, a.q, b.q FROM s a JOIN s b ON a.q = b.q AND a.product_id < b.product_id

-- name: cte_with_column_names
WITH t(k, v) AS (SELECT customer_id, credit_limit FROM read_csv('__DATA__/customers.csv')) SELECT k, v FROM t WHERE v < 0

-- name: cte_in_subquery
WITH big AS (SELECT customer_id FROM read_csv('__DATA__/orders.csv') WHERE unit_price > 480) SELECT name FROM read_csv('__DATA__/customers.csv') WHERE customer_id IN (SELECT customer_id FROM big)

-- name: cte_values
WITH m(status, label) AS (VALUES ('new', 'N'), ('paid', 'P'), ('shipped', 'S')) SELECT o.order_id, m.label FROM read_csv('__DATA__/orders.csv') o LEFT JOIN m ON o.status = m.status WHERE o.order_id <= 100

-- name: cte_setop_body
WITH ids AS (SELECT customer_id AS id FROM read_csv('__DATA__/customers.csv') UNION SELECT user_id FROM read_csv('__DATA__/events.csv')) SELECT count(*), count(id), min(id), max(id) FROM ids

-- name: cte_nested_with
WITH a AS (WITH b AS (SELECT * FROM read_csv('__DATA__/products.csv') WHERE price > 100) SELECT category, count(*) AS n FROM b GROUP BY category) SELECT * FROM a

-- name: cte_shadows_nothing_order
WITH r AS (SELECT region, count(*) AS n FROM read_csv('__DATA__/customers.csv') GROUP BY region) SELECT * FROM r ORDER BY n DESC, region NULLS FIRST

-- name: cte_aggregate_of_join_of_ctes
WITH o AS (SELECT * FROM read_csv('__DATA__/orders.csv') WHERE quantity > 0), p AS (SELECT * FROM read_csv('__DATA__/products.csv')), j AS (SELECT p.category, o.quantity, o.unit_price FROM o JOIN p USING (product_id)) SELECT category, sum(quantity), avg(unit_price) FROM j GROUP BY category

-- name: cte_distinct_count
WITH d AS (SELECT DISTINCT customer_id, status FROM read_csv('__DATA__/orders.csv')) SELECT status, count(*) FROM d GROUP BY status

-- name: cte_correlated_exists
WITH c AS (SELECT * FROM read_csv('__DATA__/customers.csv')), o AS (SELECT * FROM read_csv('__DATA__/orders.csv')) SELECT c.segment, count(*) FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.customer_id = c.customer_id AND o.quantity < 0) GROUP BY c.segment

-- name: cte_cross_join_stats
WITH stats AS (SELECT avg(price) AS ap, stddev_pop(price) AS sp FROM read_csv('__DATA__/products.csv')) SELECT p.product_id, (p.price - s.ap) / s.sp AS z FROM read_csv('__DATA__/products.csv') p CROSS JOIN stats s

-- name: cte_unused
WITH unused AS (SELECT * FROM read_csv('__DATA__/events.csv')) SELECT count(*) FROM read_csv('__DATA__/products.csv')

-- name: cte_limit_inside
WITH top AS (SELECT order_id, unit_price FROM read_csv('__DATA__/orders.csv') ORDER BY unit_price DESC, order_id LIMIT 10) SELECT sum(unit_price), count(*) FROM top

-- name: cte_group_having
WITH x AS (SELECT user_id, count(*) AS n FROM read_csv('__DATA__/events.csv') WHERE user_id IS NOT NULL GROUP BY user_id HAVING count(*) > 5) SELECT n, count(*) FROM x GROUP BY n
