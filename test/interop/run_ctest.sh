#!/usr/bin/env bash
# ctest entry point of the interop test: installs DuckDB's node package if missing (with
# the differential test's setup script), then runs interop.mjs.
#   run_ctest.sh SLUICE_BINARY [interop.mjs options...]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SLUICE=${1:?usage: run_ctest.sh SLUICE_BINARY [interop.mjs options...]}
shift
command -v node >/dev/null 2>&1 || { echo "FAIL: interop test needs Node.js ('node' not on PATH)" >&2; exit 1; }
DUCKDIR=$("$HERE/../differential/setup_duckdb.sh") || { echo "FAIL: could not set up DuckDB for the interop test" >&2; exit 1; }
exec node "$HERE/interop.mjs" --sluice "$SLUICE" --duckdb "$DUCKDIR" "$@"
