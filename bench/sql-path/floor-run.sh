#!/usr/bin/env bash
# The request-path floor next to the real thing (README.md, "## Floors"):
# pgbench at CLIENTS clients, alternating within each round SELECT 1, the real
# daemon.fetch /ping and the floor functions of floor-spec.sql, each run
# through cpu.sh (calls/s and CPU µs per call, pgbench and backends).
#
#   bench/sql-path/floor-run.sh DB                     # DB installed by run.sh
#   ROUNDS=3 CLIENTS=8 DURATION=10 VARIANTS="floor_ping floor_ping_nolog" bench/sql-path/floor-run.sh DB
#
# Installs floor-spec.sql into DB (as postgres) and takes a token set with
# the password grant of the committed web client for admin, as run.sh does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
db="${1:?database installed by run.sh}"
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
rounds="${ROUNDS:-3}"
clients="${CLIENTS:-8}"
variants="${VARIANTS:-floor_ping floor_ping_nolog floor_ping_noroute floor_ping_noexc floor_ping_noset floor_ping_token}"
client_id="${BENCH_CLIENT_ID:-web-pgfleet.local}"
client_secret="${BENCH_CLIENT_SECRET:-dev-web-secret-change-me-5Yk2Qm8Rt1}"
admin_password="${PGFLEET_ADMIN_PASSWORD:-admin}"

psql -h "$host" -p "$port" -U postgres -d "$db" -q -v ON_ERROR_STOP=1 -f "$here/floor-spec.sql"
token="$(PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" psql -h "$host" -p "$port" -U daemon -d "$db" -Atc \
  "SELECT daemon.token('${client_id}', '${client_secret}', jsonb_build_object('grant_type', 'password', 'username', 'admin', 'password', '${admin_password}'))->>'access_token'")"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for v in $variants; do
  echo "SELECT * FROM daemon.${v}(:token, 'POST', '/api/v1/ping');" > "$tmp/$v.sql"
  check="$(PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" psql -h "$host" -p "$port" -U daemon -d "$db" -Atc \
    "SELECT * FROM daemon.${v}('${token}', 'POST', '/api/v1/ping')")"
  case "$check" in *'"code" : 200'*) ;; *) echo "$v check failed: $check" >&2; exit 1;; esac
done

echo "== ${clients} clients, ${DURATION:-10} s per run, ${rounds} rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  echo "-- round $r, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  "$here/cpu.sh" select1.sql "$clients" "$db"
  "$here/cpu.sh" ping.sql "$clients" "$db" token="$token"
  for v in $variants; do
    "$here/cpu.sh" "$tmp/$v.sql" "$clients" "$db" token="$token"
  done
done
