#!/usr/bin/env bash
# The pipeline benchmark: the example ETL job as a pipeline (bench/etl_checks.yaml: CSV in,
# join, derive, W10-style quality checks, a lake table out) against DuckDB running the
# equivalent SQL alone (the benchmark kit's W07 + W10), and the same pipeline without its
# checks (bench/etl_nochecks.yaml) to show what the checks cost, and with --no-checkpoint
# to show what the stage checkpoints (for --resume) cost.
#
#   scripts/bench_pipeline.sh [-n 1e7] [-r 3] [-t 2]
#
# Uses the benchmark kit's data and DuckDB (../shared/bench; run `make bench` once with the
# same scale so that the data and DuckDB are in place). Prints a markdown table: best wall
# time of -r runs and peak RSS.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCALE=1e7
REPS=3
THREADS=2
while getopts "n:r:t:" opt; do
  case $opt in
    n) SCALE=$OPTARG ;;
    r) REPS=$OPTARG ;;
    t) THREADS=$OPTARG ;;
    *) echo "usage: $0 [-n SCALE] [-r REPS] [-t THREADS]" >&2; exit 2 ;;
  esac
done
KIT=$ROOT/../shared/bench
CACHE=${SLUICE_BENCH_CACHE:-$HOME/.cache/sluice-bench}
DATA=$CACHE/data/$SCALE
DUCK=$CACHE/duckdb/run_sql.mjs
BIN=${SLUICE_BIN:-$ROOT/build/release/sluice}
for need in "$DATA/orders.csv" "$DATA/orders.parquet" "$DUCK" "$BIN"; do
  [ -e "$need" ] || { echo "bench_pipeline: missing $need (run 'make bench BENCH_ARGS=\"-n $SCALE\"' first)" >&2; exit 1; }
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$BIN" "$WORK/sluice"

# measure NAME COMMAND...: best wall seconds and max RSS (MB) over REPS runs, in $DATA.
measure() {
  local name=$1; shift
  local best="" rss=0
  for _ in $(seq "$REPS"); do
    rm -rf "$WORK/lake" "$DATA/w07_out.parquet"
    local start end s m
    start=$(date +%s.%N)
    (cd "$DATA" && /usr/bin/time -f "%M" -o "$WORK/rss" "$@" > "$WORK/out" 2> "$WORK/err") \
      || { echo "bench_pipeline: $name failed:" >&2; cat "$WORK/err" >&2; exit 1; }
    end=$(date +%s.%N)
    s=$(echo "$end - $start" | bc)
    m=$(( $(tail -1 "$WORK/rss") / 1024 ))
    if [ -z "$best" ] || [ "$(echo "$s < $best" | bc)" = 1 ]; then best=$s; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%s %.2f %d\n' "$name" "$best" "$rss"
}

echo "bench_pipeline: scale $SCALE, $REPS runs each, $THREADS threads" >&2
{
  measure duckdb_w07 env DUCKDB_THREADS=$THREADS node "$DUCK" "$KIT/workloads/W07_etl_pipeline.sql"
  measure duckdb_w10 env DUCKDB_THREADS=$THREADS node "$DUCK" "$KIT/workloads/W10_validate.sql"
  measure sluice_nochecks "$WORK/sluice" run "$ROOT/bench/etl_nochecks.yaml" --quiet \
    --threads "$THREADS" --lake "$WORK/lake" --param "data=$DATA"
  measure sluice_checks "$WORK/sluice" run "$ROOT/bench/etl_checks.yaml" --quiet \
    --threads "$THREADS" --lake "$WORK/lake" --param "data=$DATA"
  measure sluice_nocheckpoint "$WORK/sluice" run "$ROOT/bench/etl_checks.yaml" --quiet \
    --threads "$THREADS" --lake "$WORK/lake" --param "data=$DATA" --no-checkpoint
} > "$WORK/results"
rm -f "$DATA/w07_out.parquet"
read -r _ w07 w07m < <(grep duckdb_w07 "$WORK/results")
read -r _ w10 w10m < <(grep duckdb_w10 "$WORK/results")
read -r _ nc ncm < <(grep sluice_nochecks "$WORK/results")
read -r _ ck ckm < <(grep sluice_checks "$WORK/results")
read -r _ np npm < <(grep sluice_nocheckpoint "$WORK/results")
duck=$(echo "$w07 + $w10" | bc)
echo "| run | wall s | peak MB | ratio |"
echo "| --- | ---: | ---: | ---: |"
printf '| DuckDB W07 (ETL SQL) | %.2f | %d | |\n' "$w07" "$w07m"
printf '| DuckDB W10 (validation SQL) | %.2f | %d | |\n' "$w10" "$w10m"
printf '| DuckDB W07 + W10 | %.2f | | 1.00 |\n' "$duck"
printf '| sluice pipeline without checks | %.2f | %d | %.2f |\n' "$nc" "$ncm" "$(echo "$nc / $duck" | bc -l)"
printf '| sluice pipeline with checks | %.2f | %d | %.2f |\n' "$ck" "$ckm" "$(echo "$ck / $duck" | bc -l)"
printf '| sluice pipeline with checks, --no-checkpoint | %.2f | %d | %.2f |\n' "$np" "$npm" "$(echo "$np / $duck" | bc -l)"
printf '| checks cost (with / without) | | | %.2f |\n' "$(echo "$ck / $nc" | bc -l)"
printf '| stage checkpoints cost (with / without) | | | %.2f |\n' "$(echo "$ck / $np" | bc -l)"
