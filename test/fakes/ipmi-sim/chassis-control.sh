#!/bin/sh
# ipmi_sim's chassis_control hook. Called as: SCRIPT STATEDIR get ITEM... | SCRIPT STATEDIR set ITEM VALUE...
# "The server" is a real process (pid in STATEDIR/server.pid). It also ends by itself when ipmi_sim
# (pid in STATEDIR/sim.pid) is gone, so a crashed test leaves nothing running.
dir=$1
op=$2
shift 2
pidfile="$dir/server.pid"

running() {
  [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

start_server() {
  running && return 0
  tail -f /dev/null --pid="$(cat "$dir/sim.pid")" </dev/null >/dev/null 2>&1 &
  echo $! >"$pidfile"
}

stop_server() {
  if running; then kill "$(cat "$pidfile")" 2>/dev/null; fi
  rm -f "$pidfile"
}

case "$op" in
get)
  for item in "$@"; do
    case "$item" in
    power) if running; then echo "power:1"; else echo "power:0"; fi ;;
    boot) if [ -s "$dir/boot" ]; then echo "boot:$(cat "$dir/boot")"; else echo "boot:default"; fi ;;
    esac
  done
  ;;
set)
  while [ $# -ge 2 ]; do
    item=$1 value=$2
    shift 2
    case "$item" in
    power) if [ "$value" = 1 ]; then start_server; else stop_server; fi ;;
    reset) stop_server; start_server ;;
    # Like an OS shutting down on ACPI request: the process ends a moment later.
    shutdown) (sleep 0.3; "$0" "$dir" set power 0) </dev/null >/dev/null 2>&1 & ;;
    boot) echo "$value" >"$dir/boot" ;;
    esac
  done
  ;;
esac
exit 0
