#!/usr/bin/env bash
# A throwaway single-node Ceph cluster with a RADOS Gateway (the S3-compatible object
# store) for the tests and demos.
#
#   scripts/rgw.sh start DIR   install what is missing, start mon + memstore OSD + RGW
#                              under DIR, create the test user, write DIR/env and print it
#   scripts/rgw.sh stop DIR    stop exactly the processes `start` recorded in DIR/pids
#
# DIR/env holds `export AWS_ENDPOINT_URL=… AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…
# AWS_REGION=…` lines. Everything lives in memory (memstore) and under DIR; nothing is
# left behind after `stop` but DIR itself. Needs root (it installs Debian packages and
# Ceph daemons want it). Exit status 3 means "cannot run on this machine" (not root, or
# the packages are missing and cannot be installed): callers may skip instead of fail.
#
# Environment: RGW_PORT (default: 7480 if free, else another free port),
# RGW_MEMSTORE_BYTES (size of the in-memory OSD, default 2 GiB), RGW_OWNER_PID (stop the
# cluster by itself once that process is gone, e.g. a test binary that crashed).
#
# Starts are serialized on this machine (a lock file): two starting at once would both
# find the same ports free, and the second cluster's OSD would join the first one's
# monitor. Running clusters do not hold the lock.
set -euo pipefail

STARTED=0
ACCESS_KEY=SLUICETESTACCESSKEY0
SECRET_KEY=sluice-test-secret-key-0123456789abcdef
PACKAGES=(ceph-mon ceph-osd radosgw ceph-common)

die() { echo "rgw: $*" >&2; exit 1; }
unavailable() { echo "rgw: $*" >&2; exit 3; }

# Plain bash (/dev/tcp), so that neither ss nor curl need be installed.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# First free port among the preferred one and a range of fallbacks.
free_port() {
  local preferred=$1 p
  if ! port_in_use "$preferred"; then echo "$preferred"; return; fi
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 20000 ))
    if ! port_in_use "$p"; then echo "$p"; return; fi
  done
  die "no free TCP port found"
}

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || unavailable "needs root to install ${missing[*]}"
  command -v apt-get >/dev/null || unavailable "no apt-get to install ${missing[*]}"
  echo "rgw: installing ${missing[*]}" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
      --no-install-recommends "${missing[@]}" >&2; then
    apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
      --no-install-recommends "${missing[@]}" >&2 || unavailable "cannot install ${missing[*]}"
  fi
}

# Starts a daemon in the foreground mode of Ceph, detached from our stdio, and records
# its pid (the daemon itself, not a wrapper) in DIR/pids.
launch() {
  local name=$1; shift
  "$@" </dev/null >"$DIR/log/$name.out" 2>&1 9>&- &
  echo "$! $name" >>"$DIR/pids"
}

wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 20 "$DIR"/log/*.log >&2 || true; die "timed out waiting for $what"; }
    sleep 0.3
  done
}

osd_up() { ceph -c "$CONF" --connect-timeout 5 osd stat 2>/dev/null | grep -q '1 up'; }
rgw_up() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET / HTTP/1.0\r\n\r\n" >&3 &&
    read -r line <&3 && [[ $line == HTTP/1.* ]]' _ "$RGW_PORT"
}

start() {
  [ "$(id -u)" = 0 ] || unavailable "needs root (Ceph daemons and package installs)"
  install_packages
  exec 9>"${RGW_START_LOCK:-/tmp/sluice-rgw-start.lock}"
  flock -w 300 9 || die "another cluster has been starting for 5 minutes (lock file busy)"
  [ -e "$DIR/pids" ] && die "$DIR/pids exists: already started? (run '$0 stop $DIR' first)"
  mkdir -p "$DIR"/{mon,osd,rgw,run,log}
  DIR=$(cd "$DIR" && pwd)
  CONF=$DIR/ceph.conf
  : >"$DIR/pids"
  # A failed start leaves nothing running.
  trap '[ "$STARTED" = 1 ] || stop' EXIT
  local fsid osd_uuid mon_port
  fsid=$(cat /proc/sys/kernel/random/uuid)
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  mon_port=$(free_port 3300)
  RGW_PORT=$(free_port "${RGW_PORT:-7480}")
  cat >"$CONF" <<EOF
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$mon_port]
mon initial members = a
public addr = 127.0.0.1
ms bind msgr1 = false
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = true
ms client mode = crc
ms mon client mode = crc
ms cluster mode = crc
ms service mode = crc
osd objectstore = memstore
memstore device bytes = ${RGW_MEMSTORE_BYTES:-2147483648}
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon allow pool delete = true
osd pool default pg num = 8
osd pool default pgp num = 8
mon max pg per osd = 1000
osd crush chooseleaf type = 0
mon warn on pool no redundancy = false
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
mon data = $DIR/mon
osd data = $DIR/osd
keyring = $DIR/keyring
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT tcp_nodelay=1
rgw data = $DIR/rgw
rgw dns name = 127.0.0.1
EOF
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" >"$DIR/log/mkfs-mon.out" 2>&1 \
    || die "ceph-mon --mkfs failed (see $DIR/log)"
  launch mon ceph-mon -c "$CONF" -i a -f
  local id
  id=$(ceph -c "$CONF" --connect-timeout 30 osd new "$osd_uuid") || die "ceph osd new failed"
  ceph-osd -c "$CONF" -i "$id" --mkfs --osd-uuid "$osd_uuid" >"$DIR/log/mkfs-osd.out" 2>&1 \
    || die "ceph-osd --mkfs failed (see $DIR/log)"
  launch osd ceph-osd -c "$CONF" -i "$id" -f
  wait_for "the OSD to come up" 60 osd_up
  launch rgw radosgw -c "$CONF" -n client.rgw.a -f
  wait_for "the RADOS Gateway on port $RGW_PORT" 90 rgw_up
  radosgw-admin -c "$CONF" -n client.rgw.a user create --uid=sluice --display-name=sluice \
    --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >"$DIR/log/user.out" 2>&1 \
    || die "radosgw-admin user create failed (see $DIR/log/user.out)"
  cat >"$DIR/env" <<EOF
export AWS_ENDPOINT_URL=http://127.0.0.1:$RGW_PORT
export AWS_ACCESS_KEY_ID=$ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$SECRET_KEY
export AWS_REGION=us-east-1
EOF
  if [ -n "${RGW_OWNER_PID:-}" ]; then
    setsid bash "$0" watch "$DIR" "$RGW_OWNER_PID" </dev/null >/dev/null 2>&1 9>&- &
    echo "$! watchdog" >>"$DIR/pids"
  fi
  STARTED=1
  exec 9>&-  # the ports are bound: the next start may probe
  cat "$DIR/env"
}

# Kills the recorded pids, newest first, if they still are the processes we started
# (their command line names this run's config), and waits for them to exit.
stop() {
  [ -f "$DIR/pids" ] || { echo "rgw: nothing recorded in $DIR/pids" >&2; return 0; }
  local pid name alive=()
  while read -r pid name; do
    [ "$pid" = "$$" ] && continue  # the watchdog stopping the cluster itself
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$DIR"; then
      kill "$pid" 2>/dev/null && alive+=("$pid")
    fi
  done < <(tac "$DIR/pids")
  local deadline=$(( $(date +%s) + 15 ))
  for pid in "${alive[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$(date +%s)" -ge "$deadline" ]; then kill -9 "$pid" 2>/dev/null || true; break; fi
      sleep 0.2
    done
  done
  rm -f "$DIR/pids"
}

# Internal: `watch DIR PID` waits for PID to exit, then stops the cluster in DIR.
if [ "${1:-}" = watch ] && [ $# -eq 3 ]; then
  DIR=$2
  while kill -0 "$3" 2>/dev/null && [ -f "$DIR/pids" ]; do sleep 1; done
  [ -f "$DIR/pids" ] && stop
  exit 0
fi

[ $# -eq 2 ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
DIR=$2
case "$1" in
  start) start ;;
  stop) DIR=$(cd "$DIR" 2>/dev/null && pwd) || { echo "rgw: no directory $2" >&2; exit 0; }; stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
