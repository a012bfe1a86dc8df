-- Aggregates, GROUP BY, HAVING, DISTINCT.

-- name: agg_count_all
SELECT count(*), count(customer_id), count(discount), count(DISTINCT customer_id), count(DISTINCT status) FROM read_csv('__DATA__/orders.csv')

-- name: agg_sum_avg_min_max
SELECT sum(quantity), avg(quantity), min(quantity), max(quantity), sum(unit_price), avg(unit_price), min(unit_price), max(unit_price) FROM read_csv('__DATA__/orders.csv')

-- name: agg_group_status
SELECT status, count(*), sum(quantity), avg(unit_price), min(order_ts), max(order_ts) FROM read_csv('__DATA__/orders.csv') GROUP BY status

-- name: agg_group_two_keys
SELECT status, quantity < 0 AS is_return, count(*), sum(quantity * unit_price) FROM read_csv('__DATA__/orders.csv') GROUP BY status, quantity < 0

-- name: agg_group_ordinal
SELECT region, segment, count(*) FROM read_csv('__DATA__/customers.csv') GROUP BY 1, 2

-- name: agg_group_all
SELECT region, segment, count(*) AS n, max(credit_limit) FROM read_csv('__DATA__/customers.csv') GROUP BY ALL

-- name: agg_having
SELECT customer_id, count(*) AS n, sum(quantity) FROM read_csv('__DATA__/orders.csv') GROUP BY customer_id HAVING count(*) >= 10

-- name: agg_having_on_non_selected
SELECT product_id FROM read_csv('__DATA__/orders.csv') GROUP BY product_id HAVING sum(quantity) > 250 AND min(unit_price) < 50

-- name: agg_having_without_group
SELECT count(*) FROM read_csv('__DATA__/orders.csv') HAVING count(*) > 100

-- name: agg_having_false_without_group
SELECT count(*) FROM read_csv('__DATA__/orders.csv') HAVING count(*) > 1000000

-- name: agg_empty_input
SELECT count(*), count(quantity), sum(quantity), avg(unit_price), min(status), max(order_ts) FROM read_csv('__DATA__/orders.csv') WHERE order_id < 0

-- name: agg_empty_input_grouped
SELECT status, count(*) FROM read_csv('__DATA__/orders.csv') WHERE order_id < 0 GROUP BY status

-- name: agg_null_group_key
SELECT region, count(*), count(region), count(name) FROM read_csv('__DATA__/customers.csv') GROUP BY region

-- name: agg_count_distinct_grouped
SELECT status, count(DISTINCT customer_id), count(DISTINCT product_id) FROM read_csv('__DATA__/orders.csv') GROUP BY status

-- name: agg_sum_distinct
SELECT sum(DISTINCT quantity), avg(DISTINCT quantity), count(DISTINCT quantity) FROM read_csv('__DATA__/orders.csv')

-- name: agg_expressions_of_aggregates
SELECT status, sum(quantity) * 2 + 1, max(unit_price) - min(unit_price), sum(quantity) / count(*) FROM read_csv('__DATA__/orders.csv') GROUP BY status

-- name: agg_group_by_expression
SELECT year(order_ts) AS y, month(order_ts) AS m, count(*), sum(quantity) FROM read_csv('__DATA__/orders.csv') GROUP BY year(order_ts), month(order_ts)

-- name: agg_group_by_alias
SELECT CASE WHEN quantity < 0 THEN 'return' WHEN quantity < 10 THEN 'small' ELSE 'large' END AS bucket, count(*) FROM read_csv('__DATA__/orders.csv') GROUP BY bucket

-- name: agg_stddev_variance
SELECT stddev(unit_price), stddev_pop(unit_price), variance(unit_price), var_pop(unit_price), stddev_samp(quantity), var_samp(quantity) FROM read_csv('__DATA__/orders.csv')

-- name: agg_stddev_grouped
SELECT status, stddev_samp(unit_price), var_pop(quantity) FROM read_csv('__DATA__/orders.csv') GROUP BY status

-- name: agg_median_quantile
SELECT median(unit_price), quantile_cont(unit_price, 0.25), quantile_disc(unit_price, 0.75), median(quantity) FROM read_csv('__DATA__/orders.csv')

-- name: agg_median_grouped
SELECT category, median(price), quantile_disc(weight, 0.5) FROM read_csv('__DATA__/products.csv') GROUP BY category

-- name: agg_bool_and_or
SELECT segment, bool_and(is_active), bool_or(is_active), count(*) FILTER (WHERE is_active) FROM read_csv('__DATA__/customers.csv') GROUP BY segment

-- name: agg_filter_clause
SELECT count(*) FILTER (WHERE status = 'paid'), sum(quantity) FILTER (WHERE quantity > 0), avg(unit_price) FILTER (WHERE discount IS NOT NULL) FROM read_csv('__DATA__/orders.csv')

-- name: agg_arg_min_max
SELECT arg_min(order_id, unit_price), arg_max(order_id, unit_price), min_by(order_id, order_ts), max_by(order_id, order_ts) FROM read_csv('__DATA__/orders.csv')

-- name: agg_arg_max_grouped
SELECT customer_id, arg_max(order_id, order_ts), count(*) FROM read_csv('__DATA__/orders.csv') WHERE customer_id IS NOT NULL GROUP BY customer_id

-- name: agg_string_agg_count_lengths
SELECT category, length(string_agg(CAST(product_id AS VARCHAR), ',')), count(*) FROM read_csv('__DATA__/products.csv') GROUP BY category

-- name: agg_product_bounded
SELECT status, product(CASE WHEN quantity > 0 THEN 1.0 ELSE -1.0 END) FROM read_csv('__DATA__/orders.csv') GROUP BY status

-- name: agg_min_max_strings_dates
SELECT segment, min(name), max(name), min(signup_date), max(signup_date) FROM read_csv('__DATA__/customers.csv') GROUP BY segment

-- name: agg_min_max_bool
SELECT region, min(is_active), max(is_active) FROM read_csv('__DATA__/customers.csv') GROUP BY region

-- name: agg_distinct_select
SELECT DISTINCT status FROM read_csv('__DATA__/orders.csv')

-- name: agg_distinct_multi
SELECT DISTINCT region, segment, is_active FROM read_csv('__DATA__/customers.csv')

-- name: agg_distinct_expression
SELECT DISTINCT quantity % 5, quantity < 0 FROM read_csv('__DATA__/orders.csv')

-- name: agg_count_star_group_many
SELECT customer_id, product_id, count(*) FROM read_csv('__DATA__/orders.csv') GROUP BY customer_id, product_id HAVING count(*) > 1

-- name: agg_avg_of_nulls
SELECT kind, avg(value), sum(value), count(value), count(*) FROM read_csv('__DATA__/events.csv') GROUP BY kind

-- name: agg_first_any_value_single_group
SELECT category, any_value(category), count(*) FROM read_csv('__DATA__/products.csv') GROUP BY category

-- name: agg_sum_negative
SELECT user_id % 10 AS b, sum(value), min(value), max(value) FROM read_csv('__DATA__/events.csv') WHERE user_id IS NOT NULL GROUP BY b

-- name: agg_nested_group_via_derived
SELECT n, count(*) FROM (SELECT customer_id, count(*) AS n FROM read_csv('__DATA__/orders.csv') GROUP BY customer_id) t GROUP BY n

-- name: agg_group_by_bool_and_date
SELECT is_active, year(signup_date), count(*) FROM read_csv('__DATA__/customers.csv') GROUP BY ALL

-- name: agg_count_distinct_null_only
SELECT count(DISTINCT discount), count(DISTINCT CASE WHEN discount > 1 THEN discount END) FROM read_csv('__DATA__/orders.csv')
