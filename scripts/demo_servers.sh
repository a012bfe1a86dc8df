#!/usr/bin/env bash
# The demo against real servers: the example pipeline reads its generated sources from an
# S3-compatible object store (a throwaway single-node Ceph RADOS Gateway), keeps its lake
# there too, its catalog and run store in PostgreSQL (a throwaway server), and loads its
# warehouse table into the same PostgreSQL; then reads the lake table and the warehouse
# table back with sluice. Both servers are started here and stopped at the end.
#
#   scripts/demo_servers.sh [SLUICE_BINARY]     (default: build/release/sluice; root or sudo)
#   DEMO_ROWS=100000 scripts/demo_servers.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/release/sluice}
[ -x "$BIN" ] || { echo "demo-servers: no sluice binary at $BIN (run 'make build' first)" >&2; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
cd "$ROOT"

if ! command -v curl > /dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
    --no-install-recommends curl > /dev/null
fi

DATA=examples/data
ROWS=${DEMO_ROWS:-1000000}
if [ ! -f "$DATA/orders.csv" ] || [ ! -f "$DATA/customers.csv" ]; then
  echo "demo-servers: generating example retail data ($ROWS orders) into $DATA/"
  "$BIN" generate retail --rows "$ROWS" --out "$DATA"
fi

WORK=$(mktemp -d)
chmod 755 "$WORK"  # the PostgreSQL server runs as the postgres user
stop_servers() {
  echo "demo-servers: stopping the servers"
  bash scripts/rgw.sh stop "$WORK/rgw" > /dev/null 2>&1 || true
  bash scripts/pg.sh stop "$WORK/pg" > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop_servers EXIT

echo "demo-servers: starting PostgreSQL and Ceph RGW (about 20 s)"
bash scripts/pg.sh start "$WORK/pg" > /dev/null
bash scripts/rgw.sh start "$WORK/rgw" > /dev/null
# shellcheck disable=SC1091
source "$WORK/pg/env"
# shellcheck disable=SC1091
source "$WORK/rgw/env"
PG=$SLUICE_TEST_PG
BUCKET=sluice-demo
curl -sf -X PUT --aws-sigv4 "aws:amz:${AWS_REGION:-us-east-1}:s3" \
  --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$AWS_ENDPOINT_URL/$BUCKET" > /dev/null \
  || { echo "demo-servers: could not create bucket $BUCKET" >&2; exit 1; }

echo "demo-servers: uploading the sources to s3://$BUCKET/raw/"
for f in orders customers; do
  "$BIN" query "COPY (SELECT * FROM read_csv('$DATA/$f.csv')) TO 's3://$BUCKET/raw/$f.csv' (FORMAT csv)" > /dev/null
done

echo
echo "demo-servers: sluice run examples/retail/pipeline.yaml --lake s3://$BUCKET/lake --param data=s3://$BUCKET/raw --param warehouse=<postgresql>"
echo "              (SLUICE_CATALOG=<postgresql>: the catalog and run store in PostgreSQL too)"
LAKE="s3://$BUCKET/lake"
export SLUICE_CATALOG=$PG
"$BIN" run examples/retail/pipeline.yaml --lake "$LAKE" \
  --param "data=s3://$BUCKET/raw" --param "warehouse=$PG"

echo
echo "demo-servers: the lake table on S3, read through the PostgreSQL catalog"
"$BIN" query --lake "$LAKE" --format table "SELECT count(*) AS orders, round(sum(revenue), 2) AS revenue FROM sales.orders_enriched"
"$BIN" catalog ls --lake "$LAKE"

echo
echo "demo-servers: the warehouse table, read back from PostgreSQL with sluice"
"$BIN" query --format table "SELECT count(*) AS days_regions, sum(orders) AS orders, round(sum(revenue), 2) AS revenue FROM read_postgres('$PG', 'analytics.daily_revenue')"
echo
echo "demo-servers: and the load ledger (a rerun of the same run never loads twice)"
"$BIN" query --format table "SELECT pipeline, run_id, sink, \"rows\" FROM read_postgres('$PG', '_sluice_load_ledger')" \
  || psql "$PG" -c "SELECT * FROM _sluice_load_ledger"
