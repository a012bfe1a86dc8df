#!/usr/bin/env bash
# Builds the libFuzzer targets (Parquet and JSON readers) with clang, ASan and UBSan, and
# runs each for a bounded time. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]  (default 60)
# Long campaigns: FUZZ_SECONDS=3600 make fuzz. Corpora persist under build/fuzz/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-${FUZZ_SECONDS:-60}}

need=()
command -v clang++ >/dev/null || need+=(clang)
dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed" ||
  need+=(libclang-rt-14-dev)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${need[@]}"
fi

BUILD=build/fuzz
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DSLUICE_FUZZ=ON > /dev/null
cmake --build "$BUILD" -j "$(nproc)" --target parquet_fuzz json_fuzz

status=0
for target in parquet_fuzz json_fuzz; do
  binary=$(find "$BUILD" -name "$target" -type f -perm -u+x | head -n 1)
  corpus="$BUILD/corpus/$target"
  mkdir -p "$corpus"
  echo "fuzz: $target for ${SECONDS_PER_TARGET}s (corpus $corpus)"
  if ! "$binary" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=4096 \
       -artifact_prefix="$BUILD/" "$corpus" > "$BUILD/$target.log" 2>&1; then
    echo "fuzz: $target found a failure; see $BUILD/$target.log and the crash-* file in $BUILD/"
    status=1
  else
    tail -n 2 "$BUILD/$target.log"
  fi
done
exit $status
