#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks (the warehouse's real server).
#
#   scripts/pg.sh start DIR [PORT]   initdb in DIR/data (if new), start on 127.0.0.1:PORT (default
#                                    55432, or the next free port), create database "sluice",
#                                    write DIR/env (SLUICE_TEST_PG=postgresql://...) and print
#                                    the URI
#   scripts/pg.sh stop DIR           stop the server of DIR (and only that one)
#
# With PG_OWNER_PID set, start also leaves a watchdog that stops the server when that
# process ends (a test program that crashed before its tear-down leaks no server).
#
# As root the server runs as the postgres user (PostgreSQL refuses root). Trust
# authentication on 127.0.0.1 and a socket in DIR; fsync off: for tests only.
set -euo pipefail

usage() { echo "usage: scripts/pg.sh start DIR [PORT] | scripts/pg.sh stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
command=$1
dir=$2

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

BIN=$(pg_bin)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  [ "$command" = start ] || { echo "pg.sh: PostgreSQL is not installed" >&2; exit 1; }
  echo "pg.sh: installing postgresql" >&2
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
    --no-install-recommends postgresql >&2
  BIN=$(pg_bin)
fi

as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "$command" in
  start)
    port=${3:-55432}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_server_user "$BIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 \
        --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    started=""
    for _ in $(seq 1 50); do
      if ! port_in_use "$port"; then
        # Another process may take the port between the probe and the start: try the next.
        if as_server_user "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 -o \
          "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
          start > "$dir/pg_ctl.log" 2>&1; then
          started=yes
          break
        fi
      fi
      port=$((port + 1))
    done
    [ -n "$started" ] || { echo "pg.sh: the server did not start (see $dir/log)" >&2; cat "$dir/log" >&2 || true; exit 1; }
    "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
      -c "SELECT 1 FROM pg_database WHERE datname = 'sluice'" | grep -q 1 ||
      "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE sluice" > /dev/null
    if [ -n "${PG_OWNER_PID:-}" ]; then
      setsid bash "$0" watch "$dir" "$PG_OWNER_PID" </dev/null >/dev/null 2>&1 &
    fi
    uri="postgresql://postgres@127.0.0.1:$port/sluice"
    echo "SLUICE_TEST_PG=$uri" > "$dir/env"
    echo "$uri"
    ;;
  stop)
    [ -f "$dir/data/PG_VERSION" ] || { echo "pg.sh: no server in $dir" >&2; exit 1; }
    as_server_user "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
    ;;
  watch)
    owner=${3:?}
    while kill -0 "$owner" 2>/dev/null && [ -f "$dir/data/postmaster.pid" ]; do sleep 1; done
    [ -f "$dir/data/postmaster.pid" ] &&
      as_server_user "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
    ;;
  *) usage ;;
esac
