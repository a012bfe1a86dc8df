#!/usr/bin/env bash
# ctest entry point of the differential test: installs DuckDB's node package if missing,
# then runs the corpus.   run_ctest.sh SLUICE_BINARY [run.mjs options...]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SLUICE=${1:?usage: run_ctest.sh SLUICE_BINARY [run.mjs options...]}
shift
command -v node >/dev/null 2>&1 || { echo "FAIL: differential test needs Node.js ('node' not on PATH)" >&2; exit 1; }
DUCKDIR=$("$HERE/setup_duckdb.sh") || { echo "FAIL: could not set up DuckDB for the differential test" >&2; exit 1; }
exec node "$HERE/run.mjs" --sluice "$SLUICE" --duckdb "$DUCKDIR" "$@"
