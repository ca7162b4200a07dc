#!/usr/bin/env bash
# CPU µs per grant (backends and pgbench, bench/sql-path/cpu.sh) of the
# grant floors (floor.sql) alternated with the real daemon.token grants of
# pgbench/, at each of CLIENTS, ROUNDS times (README.md, "## Floors").
#
#   bench/auth-token/cpu.sh DB                 # installs floor.sql into DB first
#   ROUNDS=2 CLIENTS="1 2 8" DURATION=10 bench/auth-token/cpu.sh DB
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
db="${1:?an installed database}"
cpu="$here/../sql-path/cpu.sh"
psql -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U postgres -d "$db" -q -v ON_ERROR_STOP=1 -f "$here/floor.sql" 2>&1 | grep -v NOTICE || true
echo "== ${DURATION:-10} s per run, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "${ROUNDS:-2}"); do
  for c in ${CLIENTS:-1 2 8}; do
    echo "-- round $r, $c clients, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    "$cpu" "$here/pgbench/client_credentials.sql" "$c" "$db"
    "$cpu" "$here/floor-cc.sql" "$c" "$db"
    MODE=simple "$cpu" "$here/pgbench/refresh_token.sql" "$c" "$db" rt=none
    MODE=simple "$cpu" "$here/floor-refresh.sql" "$c" "$db" rt=none
  done
done
