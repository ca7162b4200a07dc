#!/usr/bin/env bash
# Instructions per call of the SQL path, counted by callgrind: the one measure
# of this folder that does not move with the machine's load.
#
#   bench/sql-path/callgrind.sh                 # ping and whoami, 100 calls each
#   N=300 PATHS="/api/v1/ping" bench/sql-path/callgrind.sh
#   KEEP=1 bench/sql-path/callgrind.sh          # keep the cluster for the next run
#   PATHS=/api/v1/object/list PAYLOAD='{"reclimit":10}' bench/sql-path/callgrind.sh
#   SESSION=1 PATHS=/api/v1/whoami bench/sql-path/callgrind.sh   # daemon.session_fetch
#   SETUP_SQL=FILE FUNCS="fetch f1 f2" bench/sql-path/callgrind.sh   # other daemon.* functions
#                                   # of fetch's signature, FILE installed first (floor-callgrind.sh)
#
# It builds a private PostgreSQL cluster (initdb, its own port, trust auth),
# installs pgfleet there with the installer, opens SESSIONS sessions (so the
# token and session tables are big enough for the planner to choose the index
# plans a real installation gets), runs VACUUM ANALYZE, and stops the server.
# Then, per path, the database runs in single-user mode under
# `valgrind --tool=callgrind` twice, each run with a session signed in just
# before it: 30 warm-up calls, then 0 or N more calls
# of `daemon.fetch(token, 'POST', path)` as `daemon`, each committed, in a
# PL/pgSQL loop. The difference of the two totals divided by N is the cost of
# one call: the whole database side of a request, commit included, without
# the client protocol. `callgrind_annotate --inclusive=yes` on the kept
# output (`$dir/cg.out`) splits it by function.
#
# Needs valgrind, PostgreSQL 15 server binaries and root (to run the server
# as the postgres user).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
dir="${CG_DIR:-/tmp/pgfleet-callgrind}"
port="${CG_PORT:-5734}"
n="${N:-100}"
sessions="${SESSIONS:-300}"
paths="${PATHS:-/api/v1/ping /api/v1/whoami}"
funcs="${FUNCS:-fetch}"
payload="${PAYLOAD:-null}"
client_id="${BENCH_CLIENT_ID:-web-pgfleet.local}"
client_secret="${BENCH_CLIENT_SECRET:-dev-web-secret-change-me-5Yk2Qm8Rt1}"

as_pg() { su postgres -c "$*"; }
pg_start() { as_pg "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir' -l $dir/log -w start" >/dev/null; }
pg_stop() { as_pg "$bin/pg_ctl -D $dir/data -w stop" >/dev/null; }
grant() {
  psql -h 127.0.0.1 -p "$port" -U daemon -d cg -Atc \
    "SELECT daemon.token('$client_id', '$client_secret', jsonb_build_object('grant_type', 'password', 'username', 'admin', 'password', 'admin'))"
}

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
if [ -n "${SETUP_SQL:-}" ]; then
  pg_start
  psql -h 127.0.0.1 -p "$port" -U postgres -d cg -q -v ON_ERROR_STOP=1 -f "$SETUP_SQL"
  pg_stop
fi

# total instructions of one single-user run with CALLS measured calls of PATH
# through FUNCTION (run PATH CALLS FUNCTION)
run() {
  # A session of its own, signed in just before: a run then ends well within
  # the minute after which a call writes the session's statistics (~30 ms
  # with 300 sessions of the user, and it outdates the session's kept /whoami
  # answer), which would otherwise land in some runs and not in others,
  # depending on how long the runs before took.
  pg_start
  grant > "$dir/grant.json"
  token="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).access_token)' "$dir/grant.json")"
  pg_stop
  if [ -n "${SESSION:-}" ]; then
    # the session and its secret, through daemon.session_fetch
    call="daemon.session_fetch($(node -e 'const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`'"'"'${t.session}'"'"', '"'"'${t.secret}'"'"'`)' "$dir/grant.json"), 'POST', '$1', '$payload'::jsonb)"
  else
    call="daemon.$3('$token', 'POST', '$1', '$payload'::jsonb)"
  fi
  cat > "$dir/in.sql" <<SQL
SET ROLE daemon;

DO \$\$ DECLARE j json; BEGIN
  FOR i IN 1..30 LOOP SELECT * INTO j FROM $call; COMMIT; END LOOP;
  IF j::text LIKE '%"error"%' AND j::text NOT LIKE '%"code" : 200%' THEN RAISE EXCEPTION 'call failed: %', j; END IF;
  FOR i IN 1..$2 LOOP SELECT * INTO j FROM $call; COMMIT; END LOOP;
END \$\$;

SQL
  chown postgres "$dir/in.sql"
  as_pg "valgrind --tool=callgrind --callgrind-out-file=$dir/cg.out $bin/postgres --single -j -D $dir/data cg < $dir/in.sql" > "$dir/single.log" 2>&1
  if grep -q 'ERROR' "$dir/single.log"; then grep 'ERROR' "$dir/single.log" >&2; exit 1; fi
  awk '/^totals:/ { print $2 }' "$dir/cg.out"
}

for f in $funcs; do
  for path in $paths; do
    base="$(run "$path" 0 "$f")"
    total="$(run "$path" "$n" "$f")"
    printf '%-36s %12s instructions per call\n' "daemon.${SESSION:+session_}$f $path" "$(( (total - base) / n ))"
  done
done

if [ -z "${KEEP:-}" ]; then rm -rf "$dir"; fi
