-- String functions and pattern matching.

-- name: str_upper_lower_length
SELECT customer_id, upper(name), lower(name), length(name), strlen(name) FROM read_csv('__DATA__/customers.csv')

-- name: str_concat_ops
SELECT customer_id, name || '/' || region, concat(name, '/', region), concat_ws('-', name, region, segment) FROM read_csv('__DATA__/customers.csv')

-- name: str_substr
SELECT product_id, substr(name, 1, 4), substr(name, 3), substring(name, 2, 3), left(name, 5), right(name, 3) FROM read_csv('__DATA__/products.csv')

-- name: str_substr_edge
SELECT product_id, substr(name, 0, 3), substr(name, 100), substr(name, -3), substr(name, 2, 0) FROM read_csv('__DATA__/products.csv')

-- name: str_trim
SELECT event_id, trim(note), ltrim(note), rtrim(note), length(note) - length(trim(note)) FROM read_csv('__DATA__/events.csv')

-- name: str_trim_chars
SELECT product_id, trim(name, 'dr'), ltrim(name, 'abdeilrtu'), rtrim(name, '0123456789') FROM read_csv('__DATA__/products.csv')

-- name: str_like
SELECT product_id, name FROM read_csv('__DATA__/products.csv') WHERE name LIKE '%ball%' OR name LIKE 'tiny _ove%'

-- name: str_not_like_ilike
SELECT count(*) FILTER (WHERE name NOT LIKE '%a%'), count(*) FILTER (WHERE name ILIKE 'EVE%'), count(*) FILTER (WHERE name NOT ILIKE '%b%') FROM read_csv('__DATA__/customers.csv')

-- name: str_like_quotes
SELECT product_id FROM read_csv('__DATA__/products.csv') WHERE name LIKE '%"%' OR name LIKE '%,%'

-- name: str_replace_reverse_repeat
SELECT product_id, replace(name, ' ', '_'), reverse(name), repeat(left(name, 2), 3) FROM read_csv('__DATA__/products.csv')

-- name: str_position
SELECT product_id, strpos(name, 'a'), position('e' IN name), instr(name, 'o') FROM read_csv('__DATA__/products.csv')

-- name: str_starts_ends_contains
SELECT product_id, starts_with(name, 'red'), ends_with(name, '0'), contains(name, 'saw'), prefix(name, 'b'), suffix(name, '5') FROM read_csv('__DATA__/products.csv')

-- name: str_pad
SELECT product_id, lpad(CAST(product_id AS VARCHAR), 5, '0'), rpad(category, 8, '.'), lpad(name, 3, ' ') FROM read_csv('__DATA__/products.csv')

-- name: str_split_part
SELECT product_id, split_part(name, ' ', 1), split_part(name, ' ', 2), split_part(name, ' ', 5), split_part(name, ' ', -1) FROM read_csv('__DATA__/products.csv')

-- name: str_regexp_matches
SELECT product_id, regexp_matches(name, '^(red|blue) '), regexp_full_match(name, '[a-z]+ [a-z]+ [0-9]+') FROM read_csv('__DATA__/products.csv')

-- name: str_regexp_replace
SELECT product_id, regexp_replace(name, '[0-9]+', '#'), regexp_replace(name, '[aeiou]', '', 'g') FROM read_csv('__DATA__/products.csv')

-- name: str_regexp_extract
SELECT product_id, regexp_extract(name, '[0-9]+'), regexp_extract(name, '([a-z]+) ([a-z]+)', 2) FROM read_csv('__DATA__/products.csv')

-- name: str_ascii_chr
SELECT customer_id, ascii(name), chr(65 + CAST(customer_id % 26 AS INTEGER)) FROM read_csv('__DATA__/customers.csv')

-- name: str_md5
SELECT product_id, md5(name) FROM read_csv('__DATA__/products.csv')

-- name: str_group_by_lower
SELECT lower(status), count(*) FROM read_csv('__DATA__/orders.csv') GROUP BY lower(status)

-- name: str_compare_ordering
SELECT count(*) FILTER (WHERE name < 'M'), count(*) FILTER (WHERE name >= 'kim'), min(upper(name)), max(lower(name)) FROM read_csv('__DATA__/customers.csv')

-- name: str_string_agg_length
SELECT segment, length(string_agg(region, '|')), count(region) FROM read_csv('__DATA__/customers.csv') GROUP BY segment

-- name: str_empty_string_functions
SELECT length(''), upper(''), '' || 'x', concat('', NULL, 'y'), substr('', 1, 2), trim('   '), split_part('', ',', 1)

-- name: str_null_propagation
SELECT customer_id, name || 'x', upper(region), length(region), replace(region, 'o', '0') FROM read_csv('__DATA__/customers.csv') WHERE region IS NULL OR name IS NULL

-- name: str_quotes_in_data
SELECT product_id, name, length(name) FROM read_csv('__DATA__/products.csv') WHERE product_id % 37 = 0
