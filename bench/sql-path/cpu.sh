#!/usr/bin/env bash
# CPU cost of one pgbench transaction, server and client side together, in µs:
# the throughput a machine reaches when the CPU is the limit, without the
# scheduling noise of a shared machine (wall-clock calls/s there swing 2-3x
# between runs; CPU per call does not). It reads the CPU time
# (/proc/PID/schedstat) of pgbench and of every backend pgbench opened, at 25 %
# and at 80 % of the run (timed from pgbench's start: under load a slow psql
# could otherwise push the second read past the run's end), and divides by the
# transaction rate; a sample in which any process had gone is refused.
#
#   bench/sql-path/cpu.sh SCRIPT CLIENTS DB [pgbench -D definitions…]
#   MODE=simple DURATION=10 bench/sql-path/cpu.sh /abs/script.sql 8 DB rt=none
#
# SCRIPT is a file of this folder or an absolute path; MODE is pgbench's query
# protocol (default prepared). Needs to run on the database host, as a user that
# may read those /proc entries, and psql access as postgres.
set -euo pipefail

script="$1"; clients="$2"; db="$3"; shift 3
here="$(cd "$(dirname "$0")" && pwd)"
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
duration="${DURATION:-10}"
jobs=$(( clients < 2 ? 1 : 2 ))
defs=()
for d in "$@"; do defs+=(-D "$d"); done

out="$(mktemp)"
trap 'rm -f "$out"' EXIT

case "$script" in /*) file="$script" ;; *) file="$here/$script" ;; esac
start=$(date +%s%N)
PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" pgbench -h "$host" -p "$port" -U daemon -n -M "${MODE:-prepared}" \
  -c "$clients" -j "$jobs" -T "$duration" -f "$file" "${defs[@]}" "$db" >"$out" 2>&1 &
bench=$!

sample() { # pids… → "processes-read total-ns"
  local files=()
  for pid in "$@"; do files+=("/proc/$pid/schedstat"); done
  cat "${files[@]}" 2>/dev/null | awk '{ n++; s += $1 } END { printf "%d %d\n", n, s }'
}

sleep "$(awk -v d="$duration" 'BEGIN { print d * 0.25 }')"
mapfile -t pids < <(psql -h "$host" -p "$port" -U postgres -d "$db" -Atc \
  "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgbench' AND pid <> pg_backend_pid()")
pids+=("$bench")
read -r n1 c1 < <(sample "${pids[@]}"); s1=$(date +%s%N)
left=$(awk -v st="$start" -v now="$s1" -v d="$duration" 'BEGIN { l = (st + d * 0.8e9 - now) / 1e9; print (l > 0 ? l : 0) }')
sleep "$left"
read -r n2 c2 < <(sample "${pids[@]}"); s2=$(date +%s%N)
wait "$bench" || { cat "$out" >&2; exit 1; }

tps="$(awk '/^tps/ { print $3 }' "$out")"
if [ "$n1" != "${#pids[@]}" ] || [ "$n2" != "$n1" ] || [ "$(( s2 - s1 ))" -lt "$(( duration * 200000000 ))" ]; then
  printf '%-24s %2s clients  %8.0f calls/s  (no CPU sample: %s of %s processes, %s ms)\n' \
    "$(basename "$script")" "$clients" "$tps" "$n2" "${#pids[@]}" "$(( (s2 - s1) / 1000000 ))"
  exit 0
fi
awk -v c="$(( c2 - c1 ))" -v s="$(( s2 - s1 ))" -v tps="$tps" -v name="$(basename "$script")" -v n="$clients" \
  'BEGIN { cpu = c / s; printf "%-24s %2s clients  %8.0f calls/s  %5.2f cores busy  %7.1f µs CPU per call\n", name, n, tps, cpu, cpu * 1e6 / tps }'
