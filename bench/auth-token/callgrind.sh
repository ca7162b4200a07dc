#!/usr/bin/env bash
# Instructions per grant, counted by callgrind: the measure of this folder that
# does not move with the machine's load (see bench/sql-path/callgrind.sh).
#
#   CG_DIR=/tmp/cluster bench/auth-token/callgrind.sh DB [DB…]    # N=100 per grant
#   GRANTS=refresh_token N=300 CG_DIR=… bench/auth-token/callgrind.sh DB
#
# CG_DIR holds a PostgreSQL 15 cluster ($CG_DIR/data, stopped or started by
# pg_ctl: it is stopped for the count and left stopped) whose databases DB were
# installed with `pnpm db install` (or restored from such a database and patched):
# comparing two versions of the SQL core means two databases of one cluster.
# Per database and grant, the database runs in single-user mode under
# `valgrind --tool=callgrind` twice: 30 warm-up grants, then 0 or N more, each
# committed, in a PL/pgSQL loop as the role daemon, exactly as the service calls
# daemon.token (agent and host set). The difference of the two totals over N
# is the database side of one grant, commit included, without the protocol.
# A refresh grant rotates the token the previous one returned. Both outputs are
# kept, $CG_DIR/cg.DB.GRANT.0.out (0 grants) and cg.DB.GRANT.out (N grants):
# `cgdiff.sh` of the two splits one grant by function.
# Needs valgrind, PostgreSQL 15 server binaries and root (runs as postgres).
set -euo pipefail

bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
dir="${CG_DIR:?CG_DIR: the cluster directory}"
n="${N:-100}"
grants="${GRANTS:-client_credentials refresh_token}"
client="'service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6'"
cc="daemon.token($client, '{\"grant_type\":\"client_credentials\",\"scope\":\"pgfleet\"}', 'bench', '127.0.0.1')"

as_pg() { su postgres -c "$*"; }
if as_pg "$bin/pg_ctl -D $dir/data status" >/dev/null 2>&1; then as_pg "$bin/pg_ctl -D $dir/data -w stop" >/dev/null; fi

# total instructions of one single-user run of GRANT in DB with CALLS measured grants
run() {
  local grant="$2" calls="$3" body
  if [ "$grant" = refresh_token ]; then
    body="rt := $cc->>'refresh_token'; COMMIT;
  FOR i IN 1..30 + $calls LOOP
    j := daemon.token($client, jsonb_build_object('grant_type', 'refresh_token', 'refresh_token', rt), 'bench', '127.0.0.1');
    rt := j->>'refresh_token'; COMMIT;
  END LOOP;"
  else
    body="FOR i IN 1..30 + $calls LOOP j := $cc; COMMIT; END LOOP;"
  fi
  cat > "$dir/in.sql" <<SQL
SET ROLE daemon;

DO \$\$ DECLARE j json; rt text; BEGIN
  $body
  IF j->'error' IS NOT NULL THEN RAISE EXCEPTION 'grant failed: %', j; END IF;
END \$\$;

SQL
  chown postgres "$dir/in.sql"
  as_pg "valgrind --tool=callgrind --callgrind-out-file=$dir/cg.out $bin/postgres --single -j -D $dir/data $1 < $dir/in.sql" > "$dir/single.log" 2>&1
  if grep -q 'ERROR' "$dir/single.log"; then grep 'ERROR' "$dir/single.log" >&2; exit 1; fi
  awk '/^totals:/ { print $2 }' "$dir/cg.out"
}

for db in "$@"; do
  for grant in $grants; do
    base="$(run "$db" "$grant" 0)"
    cp "$dir/cg.out" "$dir/cg.$db.$grant.0.out"
    total="$(run "$db" "$grant" "$n")"
    cp "$dir/cg.out" "$dir/cg.$db.$grant.out"
    printf '%-16s %-20s %12s instructions per grant\n' "$db" "$grant" "$(( (total - base) / n ))"
  done
done
