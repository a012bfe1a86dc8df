#!/usr/bin/env bash
# The object-store benchmark: W03 (Parquet scan + group by) and W07 (CSV join -> Parquet)
# (the benchmark kit's SQL) with their files on a throwaway Ceph RADOS Gateway
# (scripts/rgw.sh) against the same files on the local disk, `sluice query --threads 2`,
# best wall time of -r interleaved runs.
#
#   scripts/bench_s3.sh [-n 1e7] [-r 3]
#
# Uses the benchmark kit's data (run `make bench BENCH_ARGS="-n SCALE"` once). The files are
# copied to RGW byte for byte (a COPY through sluice would rewrite them), so both sides
# read the very same bytes; W07 writes its output next to its input (RGW: a multipart upload).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCALE=1e7
REPS=3
while getopts "n:r:" opt; do
  case $opt in
    n) SCALE=$OPTARG ;;
    r) REPS=$OPTARG ;;
    *) echo "usage: $0 [-n SCALE] [-r REPS]" >&2; exit 2 ;;
  esac
done
CACHE=${SLUICE_BENCH_CACHE:-$HOME/.cache/sluice-bench}
DATA=$CACHE/data/$SCALE
BIN=${SLUICE_BIN:-$ROOT/build/release/sluice}
for need in "$DATA/orders.csv" "$DATA/orders.parquet" "$DATA/customers.csv" "$BIN"; do
  [ -e "$need" ] || { echo "bench_s3: missing $need (run 'make bench BENCH_ARGS=\"-n $SCALE\"' first)" >&2; exit 1; }
done
WORK=$(mktemp -d)
cleanup() { bash "$ROOT/scripts/rgw.sh" stop "$WORK/rgw" > /dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
RGW_MEMSTORE_BYTES=$((6 * 1024 * 1024 * 1024)) bash "$ROOT/scripts/rgw.sh" start "$WORK/rgw" > /dev/null
# shellcheck disable=SC1091
source "$WORK/rgw/env"

# Uploads byte for byte (curl signs with SigV4).
upload() {
  curl -sS -f --aws-sigv4 "aws:amz:${AWS_REGION}:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    -X PUT -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" --upload-file "$1" "$AWS_ENDPOINT_URL/$2" > /dev/null
}
curl -sS -f --aws-sigv4 "aws:amz:${AWS_REGION}:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
  -X PUT -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$AWS_ENDPOINT_URL/bench" > /dev/null
for f in orders.parquet orders.csv customers.csv; do upload "$DATA/$f" "bench/$f"; done

KIT=$ROOT/../shared/bench/workloads
# The kit's SQL with its relative file names pointed at a prefix.
sql_at() {
  sed -e "s#'orders.parquet'#'$2/orders.parquet'#g" -e "s#'orders.csv'#'$2/orders.csv'#g" \
      -e "s#'customers.csv'#'$2/customers.csv'#g" -e "s#'w07_out.parquet'#'$2/w07_out.parquet'#g" "$1"
}
time_query() {
  local start end
  start=$(date +%s.%N)
  "$BIN" query --threads 2 --format csv "$1" > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
best() { sort -n | head -1; }

echo "| workload | rows | local s | RGW s | RGW / local |"
echo "| --- | ---: | ---: | ---: | ---: |"
for w in W03_groupby_low_card W07_etl_pipeline; do
  : > "$WORK/local"; : > "$WORK/s3"
  for _ in $(seq "$REPS"); do
    time_query "$(sql_at "$KIT/$w.sql" "$DATA")" >> "$WORK/local"
    time_query "$(sql_at "$KIT/$w.sql" s3://bench)" >> "$WORK/s3"
  done
  rm -f "$DATA/w07_out.parquet"
  l=$(best < "$WORK/local"); s=$(best < "$WORK/s3")
  printf '| %s | %s | %.2f | %.2f | %.2f |\n' "$w" "$SCALE" "$l" "$s" "$(echo "$s / $l" | bc -l)"
done
