#!/usr/bin/env bash
# CPU cost of one grant, in µs: database backends and pgbench together (the
# pgbench client's share is small), measured by bench/sql-path/cpu.sh on the
# grant scripts of pgbench/. Wall-clock grants/s on the shared machines swing
# 2-3x; CPU per grant does not.
#
#   bench/auth-token/cpu.sh DB [CLIENTS]          # both grants, DURATION=10 s each
#   GRANTS=refresh_token bench/auth-token/cpu.sh DB 8
#
# DB is installed with `pnpm db install` (role daemon, password daemon). Run it
# on the database host as a user who may read /proc/PID/schedstat of the
# backends.
set -euo pipefail

db="$1"; clients="${2:-1}"
here="$(cd "$(dirname "$0")" && pwd)"
for grant in ${GRANTS:-client_credentials refresh_token}; do
  if [ "$grant" = refresh_token ]; then
    # the refresh script substitutes :rt into a literal: simple protocol
    MODE=simple "$here/../sql-path/cpu.sh" "$here/pgbench/$grant.sql" "$clients" "$db" rt=none
  else
    "$here/../sql-path/cpu.sh" "$here/pgbench/$grant.sql" "$clients" "$db"
  fi
done
