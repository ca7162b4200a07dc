#!/usr/bin/env bash
# Instructions per list call, counted by callgrind (deterministic; the measure
# to compare versions by on the shared machine).
#
#   bench/entity-list/callgrind.sh                       # build (once) and measure
#   KEEP=1 bench/entity-list/callgrind.sh                # keep the cluster for the next run
#   CASES="1000:admin:/api/v1/object/list" N=10 KEEP=1 bench/entity-list/callgrind.sh
#   UPDATE=1 KEEP=1 bench/entity-list/callgrind.sh       # re-apply the working tree's code first
#
# A private PostgreSQL cluster (own port, trust auth) holds one database per
# size (cg1000, cg100000), each built by run.sh with BUILD_ONLY=1: the same
# invoices, users and pool as a benchmark run, nothing timed. A copy of the
# built cluster ($dir/snap) is restored before every later run (NO_RESET=1
# keeps the data as it is), so two versions of the code are measured on the
# same rows. UPDATE=1 then runs `pnpm db update` on each database (the working
# tree's functions and views): build once with the old code, then
# `UPDATE=1 KEEP=1` measures the new code on the same databases. Per case (size:user:path), the
# database runs in single-user mode under `valgrind --tool=callgrind` twice:
# WARM warm-up calls, then 0 or N more calls of daemon.fetch(token, 'POST',
# path, PAYLOAD) as `daemon`, each committed. The difference of the totals
# divided by N is the whole database side of one request (token, session,
# api.run, the list, commit), without the client protocol. The output of the
# runs stay in $dir/cg-<size>-<user>-<calls>.out for callgrind_annotate
# (--inclusive=yes; the difference of the two is the N calls).
#
# Needs valgrind, PostgreSQL 15 server binaries and root (to run the server as
# the postgres user).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
dir="${CG_DIR:-/tmp/pgfleet-entity-callgrind}"
port="${CG_PORT:-5736}"
n="${N:-10}"
warm="${WARM:-30}"
payload='{"reclimit":10}'; payload="${PAYLOAD:-$payload}"
sizes="${SIZES:-1000 100000}"
cases="${CASES:-}"
client_id="${BENCH_CLIENT_ID:-web-pgfleet.local}"
client_secret="${BENCH_CLIENT_SECRET:-dev-web-secret-change-me-5Yk2Qm8Rt1}"

as_pg() { su postgres -c "$*"; }
pg_start() { as_pg "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir' -l $dir/log -w start" >/dev/null; }
pg_stop() { as_pg "$bin/pg_ctl -D $dir/data -w stop" >/dev/null; }
token_of() { # db username password
  psql -h 127.0.0.1 -p "$port" -U daemon -d "$1" -Atc \
    "SELECT daemon.token('$client_id', '$client_secret', jsonb_build_object('grant_type', 'password', 'username', '$2', 'password', '$3'))" |
    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).access_token))'
}

# Every measurement starts from the databases as built (each one adds
# sessions, tokens and log rows): the first run keeps a copy in $dir/snap.
if [ -d "$dir/snap" ] && [ -z "${NO_RESET:-}" ]; then
  rm -rf "$dir/data" && cp -a "$dir/snap" "$dir/data"
fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
  echo "== new cluster in $dir (port $port)"
  rm -rf "$dir" && mkdir -p "$dir" && chown postgres "$dir"
  as_pg "$bin/initdb -D $dir/data -A trust -U postgres" >/dev/null
  pg_start
  for size in $sizes; do
    echo "== building cg$size"
    PGPORT="$port" BENCH_DB="cg$size" SIZES="$size" BUILD_ONLY=1 KEEP_DB=1 RESULTS=/dev/null "$here/run.sh" | grep '^== .* invoices'
  done
  pg_stop
  cp -a "$dir/data" "$dir/snap"
  pg_start
else
  pg_start
fi
if [ -n "${UPDATE:-}" ]; then
  for size in $sizes; do
    (cd "$root" && DATABASE_URL="postgres://postgres@127.0.0.1:$port/cg$size" pnpm -s db update >/dev/null)
  done
fi
if [ -z "$cases" ]; then
  for size in $sizes; do
    for who in admin user; do
      for path in /api/v1/object/list /api/v1/document/list; do cases="$cases $size:$who:$path"; done
    done
  done
fi
declare -A tokens
for size in $sizes; do
  tokens[$size:admin]="$(token_of "cg$size" admin "${PGFLEET_ADMIN_PASSWORD:-admin}")"
  tokens[$size:user]="$(token_of "cg$size" benchviewer Bench-pass-1)"
done
pg_stop

# total instructions of one single-user run: size who path calls
run() {
  local token="${tokens[$1:$2]}"
  cat > "$dir/in.sql" <<SQL
SET ROLE daemon;

DO \$\$ DECLARE j json; BEGIN
  FOR i IN 1..$warm LOOP SELECT * INTO j FROM daemon.fetch('$token', 'POST', '$3', '$payload'::jsonb); COMMIT; END LOOP;
  IF j::text LIKE '%"error"%' THEN RAISE EXCEPTION 'call failed: %', j; END IF;
  FOR i IN 1..$4 LOOP SELECT * INTO j FROM daemon.fetch('$token', 'POST', '$3', '$payload'::jsonb); COMMIT; END LOOP;
END \$\$;

SQL
  chown postgres "$dir/in.sql"
  local out="$dir/cg-$1-$2-$4.out"
  as_pg "valgrind --tool=callgrind --callgrind-out-file=$out $bin/postgres --single -j -D $dir/data cg$1 < $dir/in.sql" > "$dir/single.log" 2>&1
  if grep -q 'ERROR' "$dir/single.log"; then grep 'ERROR' "$dir/single.log" >&2; exit 1; fi
  awk '/^totals:/ { print $2 }' "$out"
}

for c in $cases; do
  IFS=: read -r size who path <<<"$c"
  base="$(run "$size" "$who" "$path" 0)"
  total="$(run "$size" "$who" "$path" "$n")"
  printf '%-8s %-6s %-24s %12s instructions per call\n' "$size" "$who" "$path" "$(( (total - base) / n ))"
done

if [ -z "${KEEP:-}" ]; then rm -rf "$dir"; fi
