#!/usr/bin/env bash
# Instructions per grant, counted by callgrind: the measure of this folder that
# does not move with the machine's load (see bench/sql-path/callgrind.sh).
#
#   CG_DIR=/tmp/cluster bench/auth-token/callgrind.sh DB [DB…]    # N=100 per grant
#   GRANTS=refresh_token N=300 CG_DIR=… bench/auth-token/callgrind.sh DB
#   FUNCS="token floor_token" CG_DIR=… bench/auth-token/callgrind.sh DB   # other daemon.*
#        functions of daemon.token's signature (floor_token_log: floor_token with
#        its sign-in event log row; floor-callgrind.sh)
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
funcs="${FUNCS:-token}"
client="'service-pgfleet.local', 'dev-service-secret-change-me-Hw9Lp3Vz6'"

as_pg() { su postgres -c "$*"; }
if as_pg "$bin/pg_ctl -D $dir/data status" >/dev/null 2>&1; then as_pg "$bin/pg_ctl -D $dir/data -w stop" >/dev/null; fi

# total instructions of one single-user run of GRANT in DB with CALLS measured
# grants through FUNCTION (run DB GRANT CALLS FUNCTION)
run() {
  local grant="$2" calls="$3" f="daemon.$4" extra="" cc body
  if [ "$4" = floor_token_log ]; then f=daemon.floor_token; extra=", true"; fi
  cc="$f($client, '{\"grant_type\":\"client_credentials\",\"scope\":\"pgfleet\"}', 'bench', '127.0.0.1'$extra)"
  if [ "$grant" = refresh_token ]; then
    body="rt := $cc->>'refresh_token'; COMMIT;
  FOR i IN 1..30 + $calls LOOP
    j := $f($client, jsonb_build_object('grant_type', 'refresh_token', 'refresh_token', rt), 'bench', '127.0.0.1');
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
  for f in $funcs; do
    for grant in $grants; do
      # the refresh floor has no sign-in: floor_token_log only differs on client_credentials
      if [ "$f" = floor_token_log ] && [ "$grant" = refresh_token ]; then continue; fi
      out="$dir/cg.$db.$grant"; [ "$f" = token ] || out="$out.$f"
      base="$(run "$db" "$grant" 0 "$f")"
      cp "$dir/cg.out" "$out.0.out"
      total="$(run "$db" "$grant" "$n" "$f")"
      cp "$dir/cg.out" "$out.out"
      printf '%-16s %-16s %-20s %12s instructions per grant\n' "$db" "$f" "$grant" "$(( (total - base) / n ))"
    done
  done
done
