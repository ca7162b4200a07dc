#!/usr/bin/env bash
# Instructions per call of the request-path floor (floor-spec.sql) next to the
# real daemon.fetch /ping, counted by callgrind.sh in a private cluster of
# their own (callgrind.sh's method: single-user runs under valgrind, 30
# warm-up calls, then 0 or N committed calls as daemon, the difference over N).
#
#   bench/sql-path/floor-callgrind.sh
#   N=200 FUNCS="fetch floor_ping" KEEP=1 bench/sql-path/floor-callgrind.sh
#
# KEEP=1 keeps the cluster: bench/auth-token/floor-callgrind.sh counts the grant
# floors in it. Needs valgrind, PostgreSQL 15 server binaries and root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export SETUP_SQL="$here/floor-spec.sql"
export PATHS="${PATHS:-/api/v1/ping}"
export FUNCS="${FUNCS:-fetch floor_ping floor_ping_cached floor_ping_cached_nolog floor_ping_nolog floor_ping_noroute floor_ping_noexc floor_ping_noset floor_ping_token}"
export CG_DIR="${CG_DIR:-/tmp/pgfleet-floor-callgrind}"
export CG_PORT="${CG_PORT:-5741}"
exec "$here/callgrind.sh"
