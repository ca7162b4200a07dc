#!/usr/bin/env bash
# CPU cost of one grant, in µs: database backends and pgbench together (the
# pgbench client's share is small), as bench/sql-path/cpu.sh measures a call.
# Wall-clock grants/s on the shared machines swing 2-3x; CPU per grant does not.
#
#   bench/auth-token/cpu.sh DB [CLIENTS]          # both grants, DURATION=10 s each
#   GRANTS=refresh_token bench/auth-token/cpu.sh DB 8
#
# DB is installed with `pnpm db install` (role daemon, password daemon). Between
# 25 % and 90 % of each run it reads /proc/PID/schedstat (ns on a CPU) of pgbench
# and of every backend pgbench opened, and divides by the grants done meanwhile.
# Run it on the database host as a user who may read those entries.
set -euo pipefail

db="$1"; clients="${2:-1}"
here="$(cd "$(dirname "$0")" && pwd)"
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
duration="${DURATION:-10}"
grants="${GRANTS:-client_credentials refresh_token}"
jobs=$(( clients < 2 ? 1 : 2 ))

cpu_of() { # pids… → total ns on a CPU
  local total=0 pid v
  for pid in "$@"; do
    v="$(cut -d' ' -f1 "/proc/$pid/schedstat" 2>/dev/null || echo 0)"
    total=$(( total + v ))
  done
  echo "$total"
}

for grant in $grants; do
  out="$(mktemp)"
  # the refresh script substitutes :rt into a literal: simple protocol
  mode=prepared; defs=()
  if [ "$grant" = refresh_token ]; then mode=simple; defs=(-D rt=none); fi
  PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" pgbench -h "$host" -p "$port" -U daemon -n -M "$mode" \
    -c "$clients" -j "$jobs" -T "$duration" -f "$here/pgbench/$grant.sql" "${defs[@]}" "$db" >"$out" 2>&1 &
  bench=$!
  sleep "$(awk -v d="$duration" 'BEGIN { print d * 0.25 }')"
  mapfile -t pids < <(psql -h "$host" -p "$port" -U postgres -d "$db" -Atc \
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgbench' AND pid <> pg_backend_pid()")
  pids+=("$bench")
  c1=$(cpu_of "${pids[@]}"); s1=$(date +%s%N)
  sleep "$(awk -v d="$duration" 'BEGIN { print d * 0.65 }')"
  c2=$(cpu_of "${pids[@]}"); s2=$(date +%s%N)
  wait "$bench" || { cat "$out" >&2; exit 1; }
  tps="$(awk '/^tps/ { print $3 }' "$out")"
  awk -v c="$(( c2 - c1 ))" -v s="$(( s2 - s1 ))" -v tps="$tps" -v name="$grant" -v n="$clients" \
    'BEGIN { cpu = c / s; printf "%-20s %2s clients  %7.0f grants/s  %5.2f cores busy  %7.1f µs CPU per grant\n", name, n, tps, cpu, cpu * 1e6 / tps }'
  rm -f "$out"
done
