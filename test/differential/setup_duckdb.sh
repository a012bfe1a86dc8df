#!/usr/bin/env bash
# Installs the DuckDB reference engine (npm @duckdb/node-api, pinned) into a cache directory
# outside the source tree, once. Prints the directory holding node_modules on stdout.
#   setup_duckdb.sh [CACHE_DIR]     default: $SLUICE_TEST_CACHE or $HOME/.cache/sluice-test/duckdb
# Fails (exit 1, message on stderr) if node or npm is missing or the install fails: the
# differential test must never pass without its oracle.
set -euo pipefail
VERSION=${DUCKDB_NODE_API_VERSION:-1.5.6-r.1}
DIR=${1:-${SLUICE_TEST_CACHE:-${HOME:-/tmp}/.cache/sluice-test}/duckdb}

command -v node >/dev/null 2>&1 || { echo "differential test: 'node' not found; install Node.js (>= 18)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "differential test: 'npm' not found; install npm" >&2; exit 1; }

PKG=$DIR/node_modules/@duckdb/node-api/package.json
if [ -f "$PKG" ] && grep -q "\"version\": *\"$VERSION\"" "$PKG"; then
  echo "$DIR"; exit 0
fi

mkdir -p "$DIR"
# Serialize concurrent installs (ctest -j) with a lock directory.
LOCK=$DIR/.install.lock
for _ in $(seq 1 600); do mkdir "$LOCK" 2>/dev/null && break; sleep 1; done
trap 'rmdir "$LOCK" 2>/dev/null || true' EXIT
if ! { [ -f "$PKG" ] && grep -q "\"version\": *\"$VERSION\"" "$PKG"; }; then
  echo "installing @duckdb/node-api@$VERSION into $DIR" >&2
  ( cd "$DIR" && { [ -f package.json ] || npm init -y >/dev/null; } \
      && npm install --no-audit --no-fund --no-save "@duckdb/node-api@$VERSION" >&2 ) \
    || { echo "differential test: npm install of @duckdb/node-api@$VERSION failed" >&2; exit 1; }
fi
[ -f "$PKG" ] || { echo "differential test: @duckdb/node-api missing after install" >&2; exit 1; }
echo "$DIR"
