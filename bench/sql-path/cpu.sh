#!/usr/bin/env bash
# CPU cost of one pgbench transaction, server and client side together, in µs:
# the throughput a machine reaches when the CPU is the limit, without the
# scheduling noise of a shared machine (wall-clock calls/s there swing 2-3x
# between runs; CPU per call does not).
#
#   bench/sql-path/cpu.sh SCRIPT CLIENTS DB [pgbench -D definitions…]
#   MODE=simple bench/sql-path/cpu.sh /abs/path/script.sql 8 DB rt=none
#
# SCRIPT is a file of this folder or an absolute path; MODE is pgbench's
# query protocol (default prepared).
# Runs pgbench for DURATION seconds (default 10). Between 25 % and 80 % of the
# run it reads the CPU time (/proc/PID/schedstat, nanoseconds on a CPU) of the
# pgbench process and of every backend pgbench opened, and divides the CPU
# rate by the run's transaction rate. Needs to run on the database host, as a
# user that may read those /proc entries, and psql access as postgres.
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
PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" pgbench -h "$host" -p "$port" -U daemon -n -M "${MODE:-prepared}" \
  -c "$clients" -j "$jobs" -T "$duration" -f "$file" "${defs[@]}" "$db" >"$out" 2>&1 &
bench=$!

cpu_of() { # pids… → total ns on a CPU
  local total=0 pid v
  for pid in "$@"; do
    v="$(cut -d' ' -f1 "/proc/$pid/schedstat" 2>/dev/null || echo 0)"
    total=$(( total + v ))
  done
  echo "$total"
}

t1=$(awk -v d="$duration" 'BEGIN { print d * 0.25 }')
t2=$(awk -v d="$duration" 'BEGIN { print d * 0.55 }')
sleep "$t1"
mapfile -t pids < <(psql -h "$host" -p "$port" -U postgres -d "$db" -Atc \
  "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgbench' AND pid <> pg_backend_pid()")
pids+=("$bench")
c1=$(cpu_of "${pids[@]}"); s1=$(date +%s%N)
sleep "$t2"
c2=$(cpu_of "${pids[@]}"); s2=$(date +%s%N)
wait "$bench" || { cat "$out" >&2; exit 1; }

tps="$(awk '/^tps/ { print $3 }' "$out")"
awk -v c="$(( c2 - c1 ))" -v s="$(( s2 - s1 ))" -v tps="$tps" -v name="$(basename "$script")" -v n="$clients" \
  'BEGIN { cpu = c / s; printf "%-20s %2s clients  %8.0f calls/s  %5.2f cores busy  %7.1f µs CPU per call\n", name, n, tps, cpu, cpu * 1e6 / tps }'
