#!/usr/bin/env bash
# Runs the tests of a configured and built build directory: every GoogleTest case and
# every SQL logic test file (ctest names them sql/<path below test/sql>).
#
#   scripts/test.sh [BUILD_DIR] [extra ctest arguments, e.g. -R '^sql/' or -E '^sql/']
set -euo pipefail
BUILD=${1:-build/release}
shift || true
[ -f "$BUILD/CTestTestfile.cmake" ] || { echo "test: $BUILD is not a configured build directory (run 'make build')" >&2; exit 1; }
cd "$BUILD"
start=$(date +%s)
status=0
ctest --output-on-failure --no-tests=error -j "$(nproc)" --timeout 900 "$@" || status=$?
echo "test: finished in $(( $(date +%s) - start )) s"
exit $status
