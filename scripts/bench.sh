#!/usr/bin/env bash
# Runs the side-by-side benchmark (sluice vs DuckDB on the same SQL and data) with the
# release binary. Extra arguments pass through to the benchmark script, e.g.
#   scripts/bench.sh -w "W01 W03" -n 1e6 -r 3
# Needs the shared benchmark kit in ../shared/bench next to this repository.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIT=$ROOT/../shared/bench/bench.sh
if [ ! -x "$KIT" ] && [ ! -f "$KIT" ]; then
  echo "bench: the benchmark kit is missing: expected ../shared/bench/bench.sh next to this" >&2
  echo "bench: repository (it generates the data, installs DuckDB and compares results)." >&2
  exit 1
fi
BIN=$ROOT/build/release/sluice
[ -x "$BIN" ] || { echo "bench: no release binary at build/release/sluice (run 'make build')" >&2; exit 1; }
exec bash "$KIT" -P "$@" -e sluice "$BIN query --format csv --threads {threads} --file {sql}"
