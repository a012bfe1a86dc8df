-- Joins: inner/left/right/full/cross, multi-key, residual conditions, USING, NATURAL,
-- comma joins, self joins, NULL keys, duplicate keys.

-- name: join_inner_basic
SELECT o.order_id, c.name, c.region FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id

-- name: join_inner_count_dupkeys
SELECT count(*), count(DISTINCT o.order_id) FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id

-- name: join_left_unmatched
SELECT o.order_id, o.customer_id, c.name FROM read_csv('__DATA__/orders.csv') o LEFT JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id WHERE c.customer_id IS NULL

-- name: join_left_all
SELECT o.order_id, c.customer_id, c.segment FROM read_csv('__DATA__/orders.csv') o LEFT JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id

-- name: join_right
SELECT o.order_id, c.customer_id FROM read_csv('__DATA__/orders.csv') o RIGHT JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id

-- name: join_right_unmatched_count
SELECT count(*) FROM read_csv('__DATA__/orders.csv') o RIGHT JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id WHERE o.order_id IS NULL

-- name: join_full
SELECT o.order_id, o.customer_id, c.customer_id, c.name FROM read_csv('__DATA__/orders.csv') o FULL JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id

-- name: join_full_outer_counts
SELECT count(*), count(o.order_id), count(c.customer_id) FROM read_csv('__DATA__/orders.csv') o FULL OUTER JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id

-- name: join_three_way
SELECT o.order_id, c.region, p.category, o.quantity * p.price FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id JOIN read_csv('__DATA__/products.csv') p ON o.product_id = p.product_id

-- name: join_three_way_left_chain
SELECT o.order_id, c.name, p.name FROM read_csv('__DATA__/orders.csv') o LEFT JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id LEFT JOIN read_csv('__DATA__/products.csv') p ON o.product_id = p.product_id

-- name: join_aggregate_by_region
SELECT c.region, count(*), sum(o.quantity * o.unit_price), avg(o.quantity) FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id GROUP BY c.region

-- name: join_aggregate_category_region
SELECT p.category, c.region, count(*), max(o.unit_price) FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id JOIN read_csv('__DATA__/products.csv') p ON p.product_id = o.product_id GROUP BY ALL

-- name: join_residual_inner
SELECT o.order_id, p.product_id FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/products.csv') p ON o.product_id = p.product_id AND o.unit_price > p.price

-- name: join_residual_left
SELECT o.order_id, p.product_id, p.price FROM read_csv('__DATA__/orders.csv') o LEFT JOIN read_csv('__DATA__/products.csv') p ON o.product_id = p.product_id AND o.unit_price > p.price

-- name: join_residual_right
SELECT o.order_id, p.product_id FROM read_csv('__DATA__/orders.csv') o RIGHT JOIN read_csv('__DATA__/products.csv') p ON o.product_id = p.product_id AND o.quantity > 18

-- name: join_residual_full
SELECT o.order_id, p.product_id FROM read_csv('__DATA__/orders.csv') o FULL JOIN read_csv('__DATA__/products.csv') p ON o.product_id = p.product_id AND o.quantity > 18

-- name: join_left_on_constant_filter_right_side
SELECT c.customer_id, o.order_id FROM read_csv('__DATA__/customers.csv') c LEFT JOIN read_csv('__DATA__/orders.csv') o ON c.customer_id = o.customer_id AND o.status = 'returned'

-- name: join_left_on_left_side_condition
SELECT c.customer_id, o.order_id FROM read_csv('__DATA__/customers.csv') c LEFT JOIN read_csv('__DATA__/orders.csv') o ON c.customer_id = o.customer_id AND c.region = 'North'

-- name: join_left_where_vs_on
SELECT c.customer_id, o.order_id FROM read_csv('__DATA__/customers.csv') c LEFT JOIN read_csv('__DATA__/orders.csv') o ON c.customer_id = o.customer_id WHERE o.status = 'returned' OR o.status IS NULL

-- name: join_multi_key
SELECT a.order_id, b.order_id FROM read_csv('__DATA__/orders.csv') a JOIN read_csv('__DATA__/orders.csv') b ON a.customer_id = b.customer_id AND a.product_id = b.product_id AND a.order_id < b.order_id

-- name: join_multi_key_left
SELECT a.order_id, b.order_id FROM read_csv('__DATA__/orders.csv') a LEFT JOIN read_csv('__DATA__/orders.csv') b ON a.customer_id = b.customer_id AND a.status = b.status AND a.order_id <> b.order_id WHERE a.order_id <= 300

-- name: join_self_same_day
SELECT a.event_id, b.event_id FROM read_csv('__DATA__/events.csv') a JOIN read_csv('__DATA__/events.csv') b ON CAST(a.ts AS DATE) = CAST(b.ts AS DATE) AND a.user_id = b.user_id AND a.event_id < b.event_id

-- name: join_self_count_per_user
SELECT a.user_id, count(*) FROM read_csv('__DATA__/events.csv') a JOIN read_csv('__DATA__/events.csv') b ON a.user_id = b.user_id GROUP BY a.user_id

-- name: join_using
SELECT customer_id, o.order_id, c.segment FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c USING (customer_id)

-- name: join_using_star
SELECT * FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c USING (customer_id)

-- name: join_using_left_star
SELECT * FROM read_csv('__DATA__/products.csv') p LEFT JOIN (SELECT product_id, count(*) AS n FROM read_csv('__DATA__/orders.csv') GROUP BY product_id) s USING (product_id)

-- name: join_using_two_keys
SELECT * FROM (SELECT customer_id, product_id, count(*) AS n FROM read_csv('__DATA__/orders.csv') GROUP BY ALL) a JOIN (SELECT customer_id, product_id, max(order_id) AS m FROM read_csv('__DATA__/orders.csv') WHERE quantity > 5 GROUP BY ALL) b USING (customer_id, product_id)

-- name: join_natural
SELECT * FROM (SELECT customer_id, region FROM read_csv('__DATA__/customers.csv')) a NATURAL JOIN (SELECT customer_id, order_id FROM read_csv('__DATA__/orders.csv')) b

-- name: join_natural_two_columns
SELECT * FROM (SELECT customer_id, region, segment FROM read_csv('__DATA__/customers.csv')) a NATURAL JOIN (SELECT customer_id AS customer_id, 'North' AS region, 1 AS flag FROM read_csv('__DATA__/customers.csv') WHERE customer_id % 3 = 0) b

-- name: join_comma_where
SELECT o.order_id, c.region FROM read_csv('__DATA__/orders.csv') o, read_csv('__DATA__/customers.csv') c WHERE o.customer_id = c.customer_id AND o.quantity > 15

-- name: join_comma_three
SELECT count(*), sum(p.price) FROM read_csv('__DATA__/orders.csv') o, read_csv('__DATA__/customers.csv') c, read_csv('__DATA__/products.csv') p WHERE o.customer_id = c.customer_id AND o.product_id = p.product_id AND c.is_active

-- name: join_cross_small
SELECT a.category, b.segment FROM (SELECT DISTINCT category FROM read_csv('__DATA__/products.csv')) a CROSS JOIN (SELECT DISTINCT segment FROM read_csv('__DATA__/customers.csv')) b

-- name: join_cross_count
SELECT count(*) FROM read_csv('__DATA__/products.csv') a CROSS JOIN (SELECT * FROM read_csv('__DATA__/customers.csv') WHERE customer_id <= 20) b

-- name: join_null_keys_never_match
SELECT count(*) FROM read_csv('__DATA__/orders.csv') a JOIN read_csv('__DATA__/events.csv') b ON a.customer_id = b.user_id WHERE a.customer_id IS NULL OR b.user_id IS NULL

-- name: join_on_expression_keys
SELECT o.order_id, e.event_id FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/events.csv') e ON o.order_id * 3 = e.event_id + 1

-- name: join_on_string_key
SELECT a.name, count(*) FROM read_csv('__DATA__/customers.csv') a JOIN read_csv('__DATA__/customers.csv') b ON a.name = b.name GROUP BY a.name HAVING count(*) > 1

-- name: join_on_date_key
SELECT c.customer_id, o.order_id FROM read_csv('__DATA__/customers.csv') c JOIN read_csv('__DATA__/orders.csv') o ON c.signup_date = o.ship_date

-- name: join_non_equi_only
SELECT a.product_id, b.product_id FROM (SELECT * FROM read_csv('__DATA__/products.csv') WHERE product_id <= 30) a JOIN (SELECT * FROM read_csv('__DATA__/products.csv') WHERE product_id <= 30) b ON a.price < b.price AND b.price < a.price + 20

-- name: join_left_non_equi_only
SELECT a.product_id, b.product_id FROM (SELECT * FROM read_csv('__DATA__/products.csv') WHERE product_id <= 30) a LEFT JOIN (SELECT * FROM read_csv('__DATA__/products.csv') WHERE product_id <= 30) b ON b.price > a.price * 1.9

-- name: join_with_derived_aggregates
SELECT c.segment, s.total FROM read_csv('__DATA__/customers.csv') c JOIN (SELECT customer_id, sum(quantity) AS total FROM read_csv('__DATA__/orders.csv') GROUP BY customer_id) s ON s.customer_id = c.customer_id WHERE s.total > 100

-- name: join_mixed_types_int_double
SELECT p.product_id, o.order_id FROM read_csv('__DATA__/products.csv') p JOIN read_csv('__DATA__/orders.csv') o ON p.price = o.unit_price

-- name: join_left_then_inner
SELECT o.order_id, c.region, p.category FROM read_csv('__DATA__/orders.csv') o LEFT JOIN read_csv('__DATA__/customers.csv') c ON o.customer_id = c.customer_id JOIN read_csv('__DATA__/products.csv') p ON p.product_id = o.product_id WHERE o.quantity < 0

-- name: join_parenthesized
SELECT count(*) FROM read_csv('__DATA__/orders.csv') o JOIN (read_csv('__DATA__/customers.csv') c JOIN read_csv('__DATA__/events.csv') e ON e.user_id = c.customer_id) ON o.customer_id = c.customer_id AND o.order_id = e.event_id
