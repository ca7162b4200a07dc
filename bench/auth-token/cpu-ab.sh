#!/usr/bin/env bash
# Two databases side by side: CPU µs per grant of each, measured at the same time, so
# that both see the same machine load (on a shared machine the load drifts between
# runs more than two versions of the SQL core differ).
#
#   bench/auth-token/cpu-ab.sh DB_A DB_B [CLIENTS_EACH]      # client_credentials
#   GRANT=refresh_token bench/auth-token/cpu-ab.sh DB_A DB_B 2
#
# Runs pgbench on both databases at once (CLIENTS_EACH clients each, default 1) for
# DURATION seconds (default 12), reads the CPU time of each database's backends
# (/proc/PID/schedstat) at 25 % and 70 % of the run, and divides each one's CPU rate by
# its pgbench grant rate. Alternate the order (A B, then B A) between rounds.
set -euo pipefail
a="$1"; b="$2"; clients="${3:-1}"; grant="${GRANT:-client_credentials}"
here="$(cd "$(dirname "$0")" && pwd)"
host="${PGHOST:-127.0.0.1}"; port="${PGPORT:-5432}"; duration="${DURATION:-12}"
q() { psql -h "$host" -p "$port" -U postgres -d "$1" -Atc "$2"; }
run() {
  local mode=prepared defs=()
  if [ "$grant" = refresh_token ]; then mode=simple; defs=(-D rt=none); fi
  PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" pgbench -h "$host" -p "$port" -U daemon -n -M "$mode" -c "$clients" -j 1 \
    -T "$duration" "${defs[@]}" -f "$here/pgbench/$grant.sql" "$1"
}
pids_of() { q "$1" "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgbench'"; }
cpu_of() { local total=0 pid v; for pid in "$@"; do v="$(cut -d' ' -f1 "/proc/$pid/schedstat" 2>/dev/null || echo 0)"; total=$(( total + v )); done; echo "$total"; }
oa="$(mktemp)"; ob="$(mktemp)"
trap 'rm -f "$oa" "$ob"' EXIT
for db in "$a" "$b"; do
  for i in $(seq 1 50); do [ -z "$(pids_of "$db")" ] && break; sleep 0.2; done
done
run "$a" >"$oa" 2>&1 & ra=$!
run "$b" >"$ob" 2>&1 & rb=$!
sleep "$(awk -v d="$duration" 'BEGIN { print d * 0.25 }')"
mapfile -t pa < <(pids_of "$a"); mapfile -t pb < <(pids_of "$b")
ca1=$(cpu_of "${pa[@]}"); cb1=$(cpu_of "${pb[@]}"); s1=$(date +%s%N)
sleep "$(awk -v d="$duration" 'BEGIN { print d * 0.45 }')"
ca2=$(cpu_of "${pa[@]}"); cb2=$(cpu_of "${pb[@]}"); s2=$(date +%s%N)
wait "$ra" || { cat "$oa" >&2; exit 1; }
wait "$rb" || { cat "$ob" >&2; exit 1; }
if [ "$ca2" -le "$ca1" ] || [ "$cb2" -le "$cb1" ]; then echo "a run ended before the second sample: raise DURATION" >&2; exit 1; fi
for x in "$a $(( ca2 - ca1 )) $(awk '/^tps/ { print $3 }' "$oa")" "$b $(( cb2 - cb1 )) $(awk '/^tps/ { print $3 }' "$ob")"; do
  set -- $x
  awk -v db="$1" -v c="$2" -v tps="$3" -v s="$(( s2 - s1 ))" -v k="$clients" -v g="$grant" \
    'BEGIN { cpu = c / s; printf "%-12s %-18s %s clients  %6.0f grants/s  %4.2f cores  %7.1f µs backend CPU per grant\n", db, g, k, tps, cpu, cpu * 1e6 / tps }'
done
