#!/usr/bin/env bash
# Installs the Debian packages sluice needs to build and test. Idempotent: a fast no-op
# when everything is present. Run as root (or with sudo available).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config time
  libfmt-dev libgtest-dev libgmock-dev
  libzstd-dev libsnappy-dev liblz4-dev zlib1g-dev
  libsimdjson-dev nlohmann-json3-dev libyaml-cpp-dev libre2-dev libxxhash-dev
  libssl-dev libcurl4-openssl-dev libpq-dev libsqlite3-dev
  postgresql
  nodejs npm
)

# A package also counts as present when the command it provides is already installed
# another way (e.g. a nodejs build that bundles npm and conflicts with Debian's npm).
provided_command() {
  case "$1" in
    nodejs) echo node ;;
    npm) echo npm ;;
    *) echo "" ;;
  esac
}

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
  cmd=$(provided_command "$p")
  [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1 && continue
  missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
    --no-install-recommends "${missing[@]}"
fi
