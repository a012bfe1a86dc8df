-- UNION [ALL], INTERSECT, EXCEPT (set semantics, NULLs compare equal).

-- name: set_union_all
SELECT customer_id FROM read_csv('__DATA__/orders.csv') WHERE quantity > 18 UNION ALL SELECT user_id FROM read_csv('__DATA__/events.csv') WHERE kind = 'buy'

-- name: set_union_distinct
SELECT customer_id FROM read_csv('__DATA__/orders.csv') UNION SELECT user_id FROM read_csv('__DATA__/events.csv')

-- name: set_union_null_dedup
SELECT region FROM read_csv('__DATA__/customers.csv') UNION SELECT category FROM read_csv('__DATA__/products.csv')

-- name: set_intersect
SELECT customer_id FROM read_csv('__DATA__/orders.csv') INTERSECT SELECT user_id FROM read_csv('__DATA__/events.csv')

-- name: set_except
SELECT customer_id FROM read_csv('__DATA__/customers.csv') EXCEPT SELECT customer_id FROM read_csv('__DATA__/orders.csv')

-- name: set_except_nulls
SELECT user_id FROM read_csv('__DATA__/events.csv') EXCEPT SELECT customer_id FROM read_csv('__DATA__/customers.csv')

-- name: set_intersect_multi_column
SELECT region, segment FROM read_csv('__DATA__/customers.csv') WHERE is_active INTERSECT SELECT region, segment FROM read_csv('__DATA__/customers.csv') WHERE NOT is_active

-- name: set_except_multi_column_nulls
SELECT region, is_active FROM read_csv('__DATA__/customers.csv') EXCEPT SELECT region, true FROM read_csv('__DATA__/customers.csv') WHERE segment = 'smb'

-- name: set_union_all_three
SELECT 'o' AS src, count(*) FROM read_csv('__DATA__/orders.csv') UNION ALL SELECT 'c', count(*) FROM read_csv('__DATA__/customers.csv') UNION ALL SELECT 'p', count(*) FROM read_csv('__DATA__/products.csv')

-- name: set_mixed_chain_left_assoc
SELECT customer_id FROM read_csv('__DATA__/customers.csv') WHERE customer_id <= 100 UNION SELECT customer_id FROM read_csv('__DATA__/customers.csv') WHERE customer_id BETWEEN 300 AND 350 EXCEPT SELECT customer_id FROM read_csv('__DATA__/orders.csv')

-- name: set_intersect_precedence
SELECT product_id FROM read_csv('__DATA__/products.csv') WHERE product_id <= 50 UNION SELECT product_id FROM read_csv('__DATA__/products.csv') WHERE product_id > 150 INTERSECT SELECT product_id FROM read_csv('__DATA__/orders.csv') WHERE quantity > 15

-- name: set_union_order_limit
SELECT customer_id AS id FROM read_csv('__DATA__/customers.csv') WHERE customer_id < 5 UNION SELECT product_id FROM read_csv('__DATA__/products.csv') WHERE product_id > 195 ORDER BY id DESC LIMIT 6

-- name: set_union_type_widening
SELECT order_id AS v FROM read_csv('__DATA__/orders.csv') WHERE order_id <= 3 UNION ALL SELECT unit_price FROM read_csv('__DATA__/orders.csv') WHERE order_id <= 3

-- name: set_union_in_derived
SELECT kind, count(*) FROM (SELECT kind FROM read_csv('__DATA__/events.csv') UNION ALL SELECT status FROM read_csv('__DATA__/orders.csv')) t GROUP BY kind

-- name: set_except_empty_right
SELECT DISTINCT segment FROM read_csv('__DATA__/customers.csv') EXCEPT SELECT segment FROM read_csv('__DATA__/customers.csv') WHERE customer_id < 0

-- name: set_intersect_empty
SELECT segment FROM read_csv('__DATA__/customers.csv') INTERSECT SELECT segment FROM read_csv('__DATA__/customers.csv') WHERE customer_id < 0

-- name: set_union_dates
SELECT signup_date AS d FROM read_csv('__DATA__/customers.csv') UNION SELECT ship_date FROM read_csv('__DATA__/orders.csv')

-- name: set_parenthesized
(SELECT product_id FROM read_csv('__DATA__/products.csv') WHERE product_id < 10 UNION SELECT product_id FROM read_csv('__DATA__/products.csv') WHERE product_id > 190) EXCEPT SELECT product_id FROM read_csv('__DATA__/products.csv') WHERE product_id % 2 = 0

-- name: set_union_values
SELECT * FROM (VALUES (1, 'a'), (2, NULL)) v(x, y) UNION SELECT * FROM (VALUES (2, NULL), (3, 'c')) w(x, y)

-- name: set_count_union_distinct_with_null
SELECT count(*) FROM (SELECT discount FROM read_csv('__DATA__/orders.csv') UNION SELECT discount FROM read_csv('__DATA__/orders.csv')) t

-- name: set_except_subquery_in_where
SELECT count(*) FROM read_csv('__DATA__/customers.csv') WHERE customer_id IN (SELECT customer_id FROM read_csv('__DATA__/customers.csv') EXCEPT SELECT customer_id FROM read_csv('__DATA__/orders.csv'))
