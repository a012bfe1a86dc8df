#!/usr/bin/env bash
# End-to-end checks of the `sluice` binary: output formats, stdin, files, exit codes and
# error messages.   cli_smoke_test.sh SLUICE_BINARY
set -uo pipefail
SLUICE=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0

# check NAME EXPECTED ACTUAL
check() {
  if [ "$2" != "$3" ]; then
    printf 'FAIL %s\n  expected: %q\n  actual:   %q\n' "$1" "$2" "$3"
    failures=$((failures + 1))
  fi
}
# contains NAME NEEDLE HAYSTACK
contains() {
  case "$3" in
    *"$2"*) ;;
    *) printf 'FAIL %s\n  expected to contain: %q\n  actual: %q\n' "$1" "$2" "$3"; failures=$((failures + 1)) ;;
  esac
}

out=$("$SLUICE" --version); check "version exit" 0 $?; contains "version text" "sluice " "$out"
out=$("$SLUICE" help query); contains "help query" "--format" "$out"
out=$("$SLUICE" query --help); contains "query --help" "--memory-limit" "$out"

out=$("$SLUICE" query "SELECT 1 AS a, 'x,y' AS b, NULL AS c" < /dev/null)
check "csv is the default off a terminal" $'a,b,c\n1,"x,y",' "$out"
out=$(echo "SELECT 2 AS b" | "$SLUICE" query)
check "sql from stdin" $'b\n2' "$out"
out=$("$SLUICE" query --format json "SELECT 1 AS a, 'q\"' AS b")
check "json" '[{"a":1,"b":"q\""}]' "$out"
out=$("$SLUICE" query "SELECT 1 AS one; SELECT 2 AS two")
check "last statement" $'two\n2' "$out"

echo "SELECT 40 + 2 AS answer;" > "$WORK/q.sql"
out=$("$SLUICE" query -f "$WORK/q.sql" --output "$WORK/out.json")
check "--output prints nothing" "" "$out"
check "--output json by extension" '[{"answer":42}]' "$(cat "$WORK/out.json")"
out=$("$SLUICE" query --format table --file "$WORK/q.sql")
contains "table format" "│      42 │" "$out"

err=$("$SLUICE" query "SELEC 1" 2>&1 >/dev/null); check "bad SQL exit" 1 $?
contains "bad SQL message" "Error: SQL 1:1" "$err"
err=$("$SLUICE" query "SELECT * FROM read_csv('$WORK/missing.csv')" 2>&1); check "missing file exit" 1 $?
contains "missing file named" "missing.csv" "$err"
err=$("$SLUICE" query -f "$WORK/nope.sql" 2>&1); check "missing SQL file exit" 1 $?
contains "missing SQL file named" "nope.sql" "$err"
err=$("$SLUICE" qurey 2>&1); check "unknown command exit" 2 $?
contains "unknown command suggestion" "did you mean 'query'?" "$err"
err=$("$SLUICE" query --fromat csv "SELECT 1" 2>&1); check "unknown flag exit" 2 $?
contains "unknown flag suggestion" "did you mean '--format'?" "$err"
err=$(echo "   " | "$SLUICE" query 2>&1); check "empty SQL exit" 2 $?
err=$("$SLUICE" 2>&1); check "no command exit" 2 $?

out=$("$SLUICE" generate retail --rows 1000 --out "$WORK/data" --seed 3); check "generate exit" 0 $?
check "orders header" "order_id,customer_id,order_ts,status,region,quantity,unit_price,discount,comment" \
  "$(head -n 1 "$WORK/data/orders.csv")"
check "orders rows" 1001 "$(wc -l < "$WORK/data/orders.csv" | tr -d ' ')"
check "customers rows" 11 "$(wc -l < "$WORK/data/customers.csv" | tr -d ' ')"
out=$("$SLUICE" query "SELECT count(*) AS n, count(DISTINCT order_id) AS ids FROM read_csv('$WORK/data/orders.csv')")
check "generated orders read back" $'n,ids\n1000,1000' "$out"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
