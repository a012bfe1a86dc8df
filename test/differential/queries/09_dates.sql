-- Dates and timestamps.

-- name: date_parts_timestamp
SELECT order_id, year(order_ts), month(order_ts), day(order_ts), hour(order_ts), minute(order_ts), second(order_ts) FROM read_csv('__DATA__/orders.csv')

-- name: date_parts_date
SELECT customer_id, year(signup_date), quarter(signup_date), dayofweek(signup_date), dayofyear(signup_date), week(signup_date), isodow(signup_date) FROM read_csv('__DATA__/customers.csv')

-- name: date_extract
SELECT order_id, extract(year FROM order_ts), extract(month FROM ship_date), extract(dow FROM order_ts), date_part('day', ship_date) FROM read_csv('__DATA__/orders.csv')

-- name: date_epoch
SELECT order_id, epoch(order_ts), epoch_ms(order_ts) FROM read_csv('__DATA__/orders.csv')

-- name: date_trunc_timestamp
SELECT date_trunc('month', order_ts), count(*) FROM read_csv('__DATA__/orders.csv') GROUP BY 1

-- name: date_trunc_parts
SELECT order_id, date_trunc('year', order_ts), date_trunc('day', order_ts), date_trunc('hour', order_ts), date_trunc('week', order_ts) FROM read_csv('__DATA__/orders.csv') WHERE order_id <= 500

-- name: date_diff_days
SELECT order_id, date_diff('day', CAST(order_ts AS DATE), ship_date), ship_date - CAST(order_ts AS DATE) FROM read_csv('__DATA__/orders.csv') WHERE ship_date IS NOT NULL

-- name: date_diff_units
SELECT order_id, date_diff('month', c.signup_date, CAST(o.order_ts AS DATE)), date_diff('year', c.signup_date, CAST(o.order_ts AS DATE)), datediff('hour', CAST(c.signup_date AS TIMESTAMP), o.order_ts) FROM read_csv('__DATA__/orders.csv') o JOIN read_csv('__DATA__/customers.csv') c USING (customer_id)

-- name: date_add_integer
SELECT customer_id, signup_date + 30, signup_date - 1 FROM read_csv('__DATA__/customers.csv')

-- name: date_compare_literals
SELECT count(*) FROM read_csv('__DATA__/orders.csv') WHERE order_ts >= TIMESTAMP '2024-01-01 00:00:00' AND ship_date < DATE '2024-07-01'

-- name: date_compare_string_literal
SELECT count(*) FROM read_csv('__DATA__/customers.csv') WHERE signup_date > '2023-06-15'

-- name: date_group_by_month
SELECT year(ship_date) AS y, month(ship_date) AS m, count(*), min(ship_date), max(ship_date) FROM read_csv('__DATA__/orders.csv') GROUP BY ALL

-- name: date_strftime
SELECT order_id, strftime(order_ts, '%Y/%m/%d %H:%M'), strftime(ship_date, '%d.%m.%Y') FROM read_csv('__DATA__/orders.csv')

-- name: date_strptime
SELECT order_id, strptime(strftime(order_ts, '%d/%m/%Y %H:%M:%S'), '%d/%m/%Y %H:%M:%S') = order_ts FROM read_csv('__DATA__/orders.csv') WHERE order_id <= 100

-- name: date_make_date
SELECT customer_id, make_date(year(signup_date), month(signup_date), 1), last_day(signup_date) FROM read_csv('__DATA__/customers.csv')

-- name: date_cast_from_string
SELECT CAST('2024-02-29' AS DATE) + 1, CAST('2023-12-31 23:59:59' AS TIMESTAMP), DATE '2024-03-01' - DATE '2024-02-01'

-- name: date_min_max_grouped
SELECT status, min(ship_date), max(ship_date), min(order_ts), max(order_ts) FROM read_csv('__DATA__/orders.csv') GROUP BY status

-- name: date_timestamp_vs_date_compare
SELECT count(*) FROM read_csv('__DATA__/orders.csv') WHERE order_ts < ship_date

-- name: date_year_boundary
SELECT CAST(order_ts AS DATE) AS d, count(*) FROM read_csv('__DATA__/orders.csv') WHERE order_ts BETWEEN TIMESTAMP '2023-12-25 00:00:00' AND TIMESTAMP '2024-01-05 00:00:00' GROUP BY d
