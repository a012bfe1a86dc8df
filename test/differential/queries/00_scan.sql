-- Whole tables and simple projections: the two engines must read the CSVs identically.

-- name: scan_customers
SELECT * FROM read_csv('__DATA__/customers.csv')

-- name: scan_products
SELECT * FROM read_csv('__DATA__/products.csv')

-- name: scan_orders
SELECT * FROM read_csv('__DATA__/orders.csv')

-- name: scan_events
SELECT * FROM read_csv('__DATA__/events.csv')

-- name: scan_orders_ordered_limit
SELECT order_id, customer_id, unit_price FROM read_csv('__DATA__/orders.csv') ORDER BY order_id DESC LIMIT 25
