-- Subqueries: scalar, IN, NOT IN (with NULLs), EXISTS, NOT EXISTS, correlated forms.

-- name: sub_scalar_in_where
SELECT order_id, unit_price FROM read_csv('__DATA__/orders.csv') WHERE unit_price > (SELECT avg(unit_price) * 1.8 FROM read_csv('__DATA__/orders.csv'))

-- name: sub_scalar_in_select
SELECT product_id, price, price - (SELECT avg(price) FROM read_csv('__DATA__/products.csv')) AS diff FROM read_csv('__DATA__/products.csv')

-- name: sub_scalar_empty_is_null
SELECT count(*), (SELECT max(order_id) FROM read_csv('__DATA__/orders.csv') WHERE order_id < 0) FROM read_csv('__DATA__/products.csv')

-- name: sub_scalar_in_having
SELECT status, count(*) FROM read_csv('__DATA__/orders.csv') GROUP BY status HAVING count(*) > (SELECT count(*) / 6 FROM read_csv('__DATA__/orders.csv'))

-- name: sub_in_list_subquery
SELECT customer_id, name FROM read_csv('__DATA__/customers.csv') WHERE customer_id IN (SELECT customer_id FROM read_csv('__DATA__/orders.csv') WHERE quantity > 19)

-- name: sub_not_in_no_nulls
SELECT product_id FROM read_csv('__DATA__/products.csv') WHERE product_id NOT IN (SELECT product_id FROM read_csv('__DATA__/orders.csv') WHERE status = 'paid')

-- name: sub_not_in_with_nulls_is_empty
SELECT count(*) FROM read_csv('__DATA__/customers.csv') WHERE customer_id NOT IN (SELECT customer_id FROM read_csv('__DATA__/orders.csv'))

-- name: sub_not_in_filtered_nulls
SELECT count(*) FROM read_csv('__DATA__/customers.csv') WHERE customer_id NOT IN (SELECT customer_id FROM read_csv('__DATA__/orders.csv') WHERE customer_id IS NOT NULL)

-- name: sub_in_empty_subquery
SELECT count(*) FROM read_csv('__DATA__/customers.csv') WHERE customer_id IN (SELECT customer_id FROM read_csv('__DATA__/orders.csv') WHERE order_id < 0)

-- name: sub_not_in_empty_subquery
SELECT count(*) FROM read_csv('__DATA__/customers.csv') WHERE customer_id NOT IN (SELECT customer_id FROM read_csv('__DATA__/orders.csv') WHERE order_id < 0)

-- name: sub_in_select_list_with_nulls
SELECT customer_id, customer_id IN (SELECT user_id FROM read_csv('__DATA__/events.csv') WHERE kind = 'buy') AS bought FROM read_csv('__DATA__/customers.csv')

-- name: sub_not_in_select_list_with_nulls
SELECT product_id, product_id NOT IN (SELECT product_id FROM read_csv('__DATA__/orders.csv') WHERE quantity < 0 UNION ALL SELECT NULL) AS x FROM read_csv('__DATA__/products.csv')

-- name: sub_null_in_subquery_lhs
SELECT order_id, customer_id IN (SELECT customer_id FROM read_csv('__DATA__/customers.csv')) FROM read_csv('__DATA__/orders.csv') WHERE customer_id IS NULL

-- name: sub_exists_uncorrelated
SELECT count(*) FROM read_csv('__DATA__/products.csv') WHERE EXISTS (SELECT 1 FROM read_csv('__DATA__/orders.csv') WHERE quantity > 19)

-- name: sub_exists_uncorrelated_empty
SELECT count(*) FROM read_csv('__DATA__/products.csv') WHERE EXISTS (SELECT 1 FROM read_csv('__DATA__/orders.csv') WHERE quantity > 100)

-- name: sub_not_exists_uncorrelated_empty
SELECT count(*) FROM read_csv('__DATA__/products.csv') WHERE NOT EXISTS (SELECT 1 FROM read_csv('__DATA__/orders.csv') WHERE quantity > 100)

-- name: sub_exists_correlated
SELECT c.customer_id FROM read_csv('__DATA__/customers.csv') c WHERE EXISTS (SELECT 1 FROM read_csv('__DATA__/orders.csv') o WHERE o.customer_id = c.customer_id AND o.status = 'returned')

-- name: sub_not_exists_correlated
SELECT c.customer_id, c.name FROM read_csv('__DATA__/customers.csv') c WHERE NOT EXISTS (SELECT 1 FROM read_csv('__DATA__/orders.csv') o WHERE o.customer_id = c.customer_id)

-- name: sub_exists_correlated_extra_condition
SELECT p.product_id FROM read_csv('__DATA__/products.csv') p WHERE EXISTS (SELECT * FROM read_csv('__DATA__/orders.csv') o WHERE o.product_id = p.product_id AND o.unit_price > p.price * 1.5)

-- name: sub_in_correlated
SELECT c.customer_id FROM read_csv('__DATA__/customers.csv') c WHERE c.customer_id IN (SELECT o.customer_id FROM read_csv('__DATA__/orders.csv') o WHERE o.quantity > c.customer_id % 20)

-- name: sub_correlated_scalar_max
SELECT c.customer_id, (SELECT max(o.unit_price) FROM read_csv('__DATA__/orders.csv') o WHERE o.customer_id = c.customer_id) AS top FROM read_csv('__DATA__/customers.csv') c

-- name: sub_correlated_scalar_count_zero
SELECT c.customer_id, (SELECT count(*) FROM read_csv('__DATA__/orders.csv') o WHERE o.customer_id = c.customer_id) AS n FROM read_csv('__DATA__/customers.csv') c

-- name: sub_correlated_scalar_in_where
SELECT o.order_id FROM read_csv('__DATA__/orders.csv') o WHERE o.unit_price = (SELECT max(o2.unit_price) FROM read_csv('__DATA__/orders.csv') o2 WHERE o2.customer_id = o.customer_id)

-- name: sub_correlated_scalar_avg_compare
SELECT p.product_id, p.price FROM read_csv('__DATA__/products.csv') p WHERE p.price > (SELECT avg(p2.price) FROM read_csv('__DATA__/products.csv') p2 WHERE p2.category = p.category)

-- name: sub_correlated_count_compare
SELECT c.customer_id FROM read_csv('__DATA__/customers.csv') c WHERE (SELECT count(*) FROM read_csv('__DATA__/orders.csv') o WHERE o.customer_id = c.customer_id) >= 12

-- name: sub_correlated_sum_in_expression
SELECT c.customer_id, coalesce((SELECT sum(o.quantity) FROM read_csv('__DATA__/orders.csv') o WHERE o.customer_id = c.customer_id), 0) + 1 FROM read_csv('__DATA__/customers.csv') c

-- name: sub_derived_table
SELECT t.status, t.n FROM (SELECT status, count(*) AS n FROM read_csv('__DATA__/orders.csv') GROUP BY status) t WHERE t.n > 700

-- name: sub_derived_nested
SELECT max(n), min(n) FROM (SELECT customer_id, n FROM (SELECT customer_id, count(*) AS n FROM read_csv('__DATA__/orders.csv') GROUP BY customer_id) a WHERE customer_id IS NOT NULL) b

-- name: sub_in_value_list
SELECT order_id FROM read_csv('__DATA__/orders.csv') WHERE status IN ('paid', 'NEW') AND customer_id NOT IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)

-- name: sub_not_in_value_list_with_null
SELECT count(*) FROM read_csv('__DATA__/orders.csv') WHERE quantity NOT IN (1, 2, NULL)

-- name: sub_in_value_list_with_null
SELECT count(*) FROM read_csv('__DATA__/orders.csv') WHERE quantity IN (1, 2, NULL)

-- name: sub_exists_or_condition
SELECT count(*) FROM read_csv('__DATA__/customers.csv') c WHERE c.region = 'North' OR EXISTS (SELECT 1 FROM read_csv('__DATA__/orders.csv') WHERE quantity > 19)

-- name: sub_scalar_string
SELECT order_id FROM read_csv('__DATA__/orders.csv') WHERE status = (SELECT min(status) FROM read_csv('__DATA__/orders.csv'))

-- name: sub_in_with_derived_aggregate
SELECT customer_id FROM read_csv('__DATA__/customers.csv') WHERE customer_id IN (SELECT customer_id FROM read_csv('__DATA__/orders.csv') GROUP BY customer_id HAVING sum(quantity) > 120)

-- name: sub_exists_and_not_exists
SELECT c.customer_id FROM read_csv('__DATA__/customers.csv') c WHERE EXISTS (SELECT 1 FROM read_csv('__DATA__/orders.csv') o WHERE o.customer_id = c.customer_id) AND NOT EXISTS (SELECT 1 FROM read_csv('__DATA__/events.csv') e WHERE e.user_id = c.customer_id)
