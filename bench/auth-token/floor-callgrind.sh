#!/usr/bin/env bash
# Instructions per grant of the grant floors (floor.sql) next to the real
# daemon.token, counted by callgrind.sh in the database cg of the private
# cluster bench/sql-path/floor-callgrind.sh leaves with KEEP=1 (pgfleet
# installed, 300 sessions, analysed): floor.sql is installed there first.
#
#   KEEP=1 bench/sql-path/floor-callgrind.sh && bench/auth-token/floor-callgrind.sh
#   N=200 FUNCS=floor_token GRANTS=client_credentials bench/auth-token/floor-callgrind.sh
#
# FUNCS: token (the real daemon.token), floor_token, floor_token_log
# (floor_token with the sign-in's event log row, client_credentials only).
# Needs valgrind, PostgreSQL 15 server binaries and root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
export CG_DIR="${CG_DIR:-/tmp/pgfleet-floor-callgrind}"
port="${CG_PORT:-5741}"
export FUNCS="${FUNCS:-token floor_token floor_token_log}"

as_pg() { su postgres -c "$*"; }
[ -f "$CG_DIR/data/PG_VERSION" ] || { echo "no cluster in $CG_DIR: run KEEP=1 bench/sql-path/floor-callgrind.sh first" >&2; exit 1; }
as_pg "$bin/pg_ctl -D $CG_DIR/data -o '-p $port -k $CG_DIR' -l $CG_DIR/log -w start" >/dev/null
psql -h 127.0.0.1 -p "$port" -U postgres -d cg -q -v ON_ERROR_STOP=1 -f "$here/floor.sql" 2>&1 | grep -v NOTICE || true
as_pg "$bin/pg_ctl -D $CG_DIR/data -w stop" >/dev/null
exec "$here/callgrind.sh" cg
