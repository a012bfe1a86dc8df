#!/usr/bin/env bash
# Runs every test (unit tests and SQL logic tests) of a configured build directory.
set -euo pipefail
BUILD=${1:-build/release}
cd "$BUILD"
ctest --output-on-failure -j "$(nproc)" --timeout 900
