#!/usr/bin/env bash
# The demo: generates example retail data (once), runs the example ETL job
# examples/retail_report.sql with sluice, and shows where the outputs are.
#
#   scripts/demo.sh [SLUICE_BINARY]      (default: build/release/sluice)
#   DEMO_ROWS=100000 scripts/demo.sh     (rows of orders.csv; default 1000000)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/release/sluice}
[ -x "$BIN" ] || { echo "demo: no sluice binary at $BIN (run 'make build' first)" >&2; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
cd "$ROOT"

DATA=examples/data
ROWS=${DEMO_ROWS:-1000000}
if [ -f "$DATA/orders.csv" ] && [ -f "$DATA/customers.csv" ]; then
  echo "demo: using the example data in $DATA/ (delete it to regenerate)"
else
  echo "demo: generating example retail data ($ROWS orders) into $DATA/"
  "$BIN" generate retail --rows "$ROWS" --out "$DATA"
fi

mkdir -p out
echo
echo "demo: running examples/retail_report.sql"
echo
start=$(date +%s%N)
"$BIN" query --format table --file examples/retail_report.sql
end=$(date +%s%N)
echo
elapsed_ms=$(( (end - start) / 1000000 ))
printf 'demo: finished in %d.%01d s. Outputs:\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))
for f in out/orders_enriched.parquet out/orders_enriched.csv out/revenue_by_segment_region_month.csv; do
  if [ -e "$f" ]; then
    printf '  %-42s %s\n' "$f" "$(du -h "$f" | cut -f1)"
  else
    printf '  %-42s (missing)\n' "$f"
  fi
done
echo
echo "Try:  ${BIN#"$ROOT"/} query \"SELECT * FROM read_csv('out/revenue_by_segment_region_month.csv') LIMIT 5\""
