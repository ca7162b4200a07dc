#!/usr/bin/env bash
# Instructions per grant of the grant floors (floor.sql) next to the real
# daemon.token, counted as callgrind.sh counts them: per function and grant,
# two single-user runs under valgrind --tool=callgrind of the database cg in
# the private cluster of bench/sql-path/floor-callgrind.sh (CG_DIR, made by
# that script with KEEP=1: pgfleet installed, 300 sessions, analysed), 30
# warm-up grants then 0 or N more, each committed, as daemon, agent and host
# set as the service sets them; a refresh rotates the token the previous
# grant returned. (total(N) - total(0)) / N is one grant, commit included.
#
#   KEEP=1 bench/sql-path/floor-callgrind.sh && bench/auth-token/floor-callgrind.sh
#   N=200 CALLS="floor_token:client_credentials" bench/auth-token/floor-callgrind.sh
#
# CALLS: function:grant pairs; function token (the real daemon.token),
# floor_token, or floor_token_log (floor_token with the event log row).
# Needs valgrind, PostgreSQL 15 server binaries and root.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
dir="${CG_DIR:-/tmp/hf-floor-callgrind}"
port="${CG_PORT:-5741}"
n="${N:-100}"
calls="${CALLS:-token:client_credentials floor_token:client_credentials floor_token_log:client_credentials token:refresh_token floor_token:refresh_token}"
client="'service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6'"

as_pg() { su postgres -c "$*"; }
[ -f "$dir/data/PG_VERSION" ] || { echo "no cluster in $dir: run KEEP=1 bench/sql-path/floor-callgrind.sh first" >&2; exit 1; }
as_pg "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir' -l $dir/log -w start" >/dev/null
psql -h 127.0.0.1 -p "$port" -U postgres -d cg -q -v ON_ERROR_STOP=1 -f "$here/floor.sql" 2>&1 | grep -v NOTICE || true
as_pg "$bin/pg_ctl -D $dir/data -w stop" >/dev/null

run() { # function grant calls → total instructions
  local f="daemon.$1" extra="" body cc
  if [ "$1" = floor_token_log ]; then f=daemon.floor_token; extra=", true"; fi
  cc="$f($client, '{\"grant_type\":\"client_credentials\",\"scope\":\"pgfleet\"}', 'bench', '127.0.0.1'$extra)"
  if [ "$2" = refresh_token ]; then
    body="rt := $cc->>'refresh_token'; COMMIT;
  FOR i IN 1..30 + $3 LOOP
    j := $f($client, jsonb_build_object('grant_type', 'refresh_token', 'refresh_token', rt), 'bench', '127.0.0.1');
    rt := j->>'refresh_token'; COMMIT;
  END LOOP;"
  else
    body="FOR i IN 1..30 + $3 LOOP j := $cc; COMMIT; END LOOP;"
  fi
  cat > "$dir/in.sql" <<SQL
SET ROLE daemon;

DO \$\$ DECLARE j json; rt text; BEGIN
  $body
  IF j->'error' IS NOT NULL THEN RAISE EXCEPTION 'grant failed: %', j; END IF;
END \$\$;

SQL
  chown postgres "$dir/in.sql"
  as_pg "valgrind --tool=callgrind --callgrind-out-file=$dir/cg.out $bin/postgres --single -j -D $dir/data cg < $dir/in.sql" > "$dir/single.log" 2>&1
  if grep -q 'ERROR' "$dir/single.log"; then grep 'ERROR' "$dir/single.log" >&2; exit 1; fi
  awk '/^totals:/ { print $2 }' "$dir/cg.out"
}

for c in $calls; do
  f="${c%%:*}"; g="${c#*:}"
  base="$(run "$f" "$g" 0)"
  total="$(run "$f" "$g" "$n")"
  printf '%-18s %-20s %12s instructions per grant\n' "$f" "$g" "$(( (total - base) / n ))"
done
