-- Arithmetic and math functions.

-- name: math_arith
SELECT order_id, quantity * unit_price, quantity + order_id, unit_price - quantity, -quantity, unit_price / quantity FROM read_csv('__DATA__/orders.csv') WHERE quantity <> 0

-- name: math_integer_division_mod
SELECT order_id, order_id // 7, order_id % 7, -order_id % 7, quantity % 3, mod(order_id, 11) FROM read_csv('__DATA__/orders.csv')

-- name: math_abs_sign
SELECT event_id, abs(value), sign(value), abs(user_id - 300) FROM read_csv('__DATA__/events.csv')

-- name: math_round_floor_ceil
SELECT event_id, round(value), round(value, 1), round(value, -1), floor(value), ceil(value), trunc(value) FROM read_csv('__DATA__/events.csv')

-- name: math_round_half
SELECT order_id, round(unit_price, 1), round(unit_price * 10) / 10 FROM read_csv('__DATA__/orders.csv')

-- name: math_sqrt_pow_exp
SELECT product_id, sqrt(price), power(price, 2), pow(weight, 0.5), exp(price / 100), cbrt(price) FROM read_csv('__DATA__/products.csv')

-- name: math_logs
SELECT product_id, ln(price), log10(price), log2(price), log(price) FROM read_csv('__DATA__/products.csv')

-- name: math_trig
SELECT event_id, sin(value), cos(value), tan(value / 100), atan(value), atan2(value, 3.0) FROM read_csv('__DATA__/events.csv') WHERE value IS NOT NULL

-- name: math_inverse_trig_degrees
SELECT event_id, asin(value / 100), acos(value / 100), degrees(value), radians(value), pi() FROM read_csv('__DATA__/events.csv') WHERE abs(value) <= 100

-- name: math_aggregate_expressions
SELECT category, round(sum(price * weight) / sum(weight), 6), max(price) / min(price) FROM read_csv('__DATA__/products.csv') GROUP BY category

-- name: math_int_overflow_to_double
SELECT sum(CAST(order_id AS DOUBLE) * order_id * order_id) FROM read_csv('__DATA__/orders.csv')

-- name: math_bigint_products
SELECT sum(order_id * order_id * order_id) FROM read_csv('__DATA__/orders.csv')

-- name: math_comparisons_mixed
SELECT count(*) FILTER (WHERE unit_price > quantity), count(*) FILTER (WHERE quantity = 5.0), count(*) FILTER (WHERE unit_price <> 10) FROM read_csv('__DATA__/orders.csv')

-- name: math_operator_precedence
SELECT order_id, 2 + quantity * 3 - 1, (2 + quantity) * (3 - 1), quantity * 2 % 5, -quantity * -2 FROM read_csv('__DATA__/orders.csv')

-- name: math_sum_avg_double_negative
SELECT sum(credit_limit), avg(credit_limit), min(credit_limit), max(credit_limit) FROM read_csv('__DATA__/customers.csv')

-- name: math_isnan_isinf
SELECT count(*) FILTER (WHERE isnan(value)), count(*) FILTER (WHERE isinf(value)) FROM read_csv('__DATA__/events.csv')

-- name: math_literal_arith
SELECT 7 / 2, 7 // 2, 7 % 3, -7 % 3, 2 * 3 + 4, 1.0 / 4, 10 - 2 - 3, power(2, 10)
