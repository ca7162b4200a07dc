#!/usr/bin/env bash
# Instructions per call of the request-path floor (floor-spec.sql) next to the
# real daemon.fetch /ping, counted as callgrind.sh counts them: a private
# cluster (initdb, port CG_PORT), pgfleet installed with the installer,
# SESSIONS sessions opened, VACUUM ANALYZE, floor-spec.sql installed; then per
# function two single-user runs under valgrind --tool=callgrind, each with a
# session signed in just before it: 30 warm-up calls, then 0 or N more, each
# committed, in a PL/pgSQL loop as daemon. (total(N) - total(0)) / N is one
# call, commit included, without the client protocol.
#
#   bench/sql-path/floor-callgrind.sh
#   N=200 FUNCS="fetch floor_ping" KEEP=1 bench/sql-path/floor-callgrind.sh
#
# Needs valgrind, PostgreSQL 15 server binaries and root.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
dir="${CG_DIR:-/tmp/hf-floor-callgrind}"
port="${CG_PORT:-5741}"
n="${N:-100}"
sessions="${SESSIONS:-300}"
funcs="${FUNCS:-fetch floor_ping floor_ping_cached floor_ping_cached_nolog floor_ping_nolog floor_ping_noroute floor_ping_noexc floor_ping_noset floor_ping_token}"
client_id="${BENCH_CLIENT_ID:-web-pgfleet.local}"
client_secret="${BENCH_CLIENT_SECRET:-dev-web-secret-change-me-5Yk2Qm8Rt1}"

as_pg() { su postgres -c "$*"; }
pg_start() { as_pg "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir' -l $dir/log -w start" >/dev/null; }
pg_stop() { as_pg "$bin/pg_ctl -D $dir/data -w stop" >/dev/null; }

if [ ! -f "$dir/data/PG_VERSION" ]; then
  echo "== new cluster in $dir (port $port)"
  rm -rf "$dir" && mkdir -p "$dir" && chown postgres "$dir"
  as_pg "$bin/initdb -D $dir/data -A trust -U postgres" >/dev/null
  pg_start
  (cd "$root" && DATABASE_URL="postgres://postgres@127.0.0.1:$port/cg" pnpm -s db install --force >/dev/null)
  psql -h 127.0.0.1 -p "$port" -U daemon -d cg -q -v sessions="$sessions" -v client_id="$client_id" \
    -v client_secret="$client_secret" -v admin_password=admin -f "$here/sessions.sql"
  psql -h 127.0.0.1 -p "$port" -U postgres -d cg -qc "VACUUM ANALYZE"
  pg_stop
fi
pg_start
psql -h 127.0.0.1 -p "$port" -U postgres -d cg -q -v ON_ERROR_STOP=1 -f "$here/floor-spec.sql"
pg_stop

run() { # function calls → total instructions
  pg_start
  token="$(psql -h 127.0.0.1 -p "$port" -U daemon -d cg -Atc \
    "SELECT daemon.token('$client_id', '$client_secret', jsonb_build_object('grant_type', 'password', 'username', 'admin', 'password', 'admin'))->>'access_token'")"
  pg_stop
  call="daemon.$1('$token', 'POST', '/api/v1/ping', 'null'::jsonb)"
  cat > "$dir/in.sql" <<SQL
SET ROLE daemon;

DO \$\$ DECLARE j json; BEGIN
  FOR i IN 1..30 LOOP SELECT * INTO j FROM $call; COMMIT; END LOOP;
  IF j::text NOT LIKE '%"code" : 200%' THEN RAISE EXCEPTION 'call failed: %', j; END IF;
  FOR i IN 1..$2 LOOP SELECT * INTO j FROM $call; COMMIT; END LOOP;
END \$\$;

SQL
  chown postgres "$dir/in.sql"
  as_pg "valgrind --tool=callgrind --callgrind-out-file=$dir/cg.out $bin/postgres --single -j -D $dir/data cg < $dir/in.sql" > "$dir/single.log" 2>&1
  if grep -q 'ERROR' "$dir/single.log"; then grep 'ERROR' "$dir/single.log" >&2; exit 1; fi
  awk '/^totals:/ { print $2 }' "$dir/cg.out"
}

for f in $funcs; do
  base="$(run "$f" 0)"
  total="$(run "$f" "$n")"
  printf '%-28s %12s instructions per call\n' "daemon.$f /ping" "$(( (total - base) / n ))"
done

if [ -z "${KEEP:-}" ]; then rm -rf "$dir"; fi
