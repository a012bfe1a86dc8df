#!/usr/bin/env bash
# The demo: generates example retail data (once) and runs the example pipeline
# examples/retail/pipeline.yaml end to end on the embedded defaults (a lake under ./lake
# with its SQLite catalog, a SQLite warehouse ./warehouse.db), then shows where to look.
#
#   scripts/demo.sh [SLUICE_BINARY]      (default: build/release/sluice)
#   DEMO_ROWS=100000 scripts/demo.sh     (rows of orders.csv; default 1000000)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/release/sluice}
[ -x "$BIN" ] || { echo "demo: no sluice binary at $BIN (run 'make build' first)" >&2; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
cd "$ROOT"
SLUICE=${BIN#"$ROOT"/}

DATA=examples/data
ROWS=${DEMO_ROWS:-1000000}
if [ -f "$DATA/orders.csv" ] && [ -f "$DATA/customers.csv" ]; then
  echo "demo: using the example data in $DATA/ (delete it to regenerate)"
else
  echo "demo: generating example retail data ($ROWS orders) into $DATA/"
  "$BIN" generate retail --rows "$ROWS" --out "$DATA"
fi
export SLUICE_LAKE=lake

echo
echo "demo: $SLUICE validate examples/retail/pipeline.yaml"
"$BIN" validate examples/retail/pipeline.yaml
echo
echo "demo: $SLUICE run examples/retail/pipeline.yaml"
status=0
"$BIN" run examples/retail/pipeline.yaml || status=$?
if [ "$status" -ne 0 ]; then
  echo "demo: the pipeline run failed (exit $status)" >&2
  exit "$status"
fi

mkdir -p out
if "$BIN" help report > /dev/null 2>&1 && "$BIN" report latest -o out/report.html > /dev/null 2>&1; then
  report="out/report.html"
else
  report="(not available in this build)"
fi

echo
echo "demo: done. Where to look:"
echo "  lake tables       $SLUICE catalog ls                      (files under lake/)"
echo "  enriched orders   $SLUICE query \"SELECT * FROM sales.orders_enriched LIMIT 5\""
echo "  quarantined rows  $SLUICE query \"SELECT order_id, status, quantity, _failed_rules FROM _quarantine.retail_daily__all_orders\""
echo "  warehouse         warehouse.db (SQLite), table analytics.daily_revenue"
echo "  file sink         out/daily_revenue.csv"
echo "  run history       $SLUICE runs   and   $SLUICE runs show <RUN_ID>"
echo "  quality report    $report"
