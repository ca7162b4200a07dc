#!/usr/bin/env bash
# SQL-path benchmark: the cost of one authenticated REST call inside
# PostgreSQL (daemon.fetch → api.run → rest.*), next to a bare SELECT 1.
#
#   bench/sql-path/run.sh                 # installs pgfleet_bench, 10 s per run
#   DURATION=30 BENCH_DB=mybench bench/sql-path/run.sh
#   NO_INSTALL=1 BENCH_DB=mybench bench/sql-path/run.sh   # reuse an installed database
#
# Every daemon.fetch figure is printed with its ratio to the SELECT 1 run just
# before it (the machine is shared: only ratios from the same run compare).
# Afterwards percall.sh prints the in-database cost per call.
# Needs pgbench and a PostgreSQL reachable as postgres (PGHOST/PGPORT).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
db="${BENCH_DB:-pgfleet_bench}"
duration="${DURATION:-10}"
clients="${CLIENTS:-1 8}"
client_id="${BENCH_CLIENT_ID:-web-pgfleet.local}"
client_secret="${BENCH_CLIENT_SECRET:-dev-web-secret-change-me-5Yk2Qm8Rt1}"
admin_password="${PGFLEET_ADMIN_PASSWORD:-admin}"

export DATABASE_URL="postgres://postgres@${host}:${port}/${db}"

daemon_psql() {
  PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" psql -h "$host" -p "$port" -U daemon -d "$db" -Atq -v ON_ERROR_STOP=1 "$@"
}

if [ -z "${NO_INSTALL:-}" ]; then
  echo "== installing ${db}, opening ${SESSIONS:-300} sessions"
  (cd "$root" && pnpm -s db install --force >/dev/null)
  daemon_psql -v sessions="${SESSIONS:-300}" -v client_id="$client_id" -v client_secret="$client_secret" \
    -v admin_password="$admin_password" -f "$here/sessions.sql" >/dev/null
  psql -h "$host" -p "$port" -U postgres -d "$db" -qc 'VACUUM ANALYZE'
fi

# One token set for the whole run: the password grant of the web client.
tokens="$(daemon_psql -c "SELECT daemon.token('${client_id}', '${client_secret}', jsonb_build_object('grant_type', 'password', 'username', 'admin', 'password', '${admin_password}'))")"
token="$(node -e 'const t=JSON.parse(process.argv[1]); if(!t.access_token){console.error(JSON.stringify(t)); process.exit(1)} console.log(t.access_token)' "$tokens")"
session="$(node -e 'console.log(JSON.parse(process.argv[1]).session)' "$tokens")"
secret="$(node -e 'console.log(JSON.parse(process.argv[1]).secret)' "$tokens")"

check="$(daemon_psql -c "SELECT * FROM daemon.fetch('${token}', 'POST', '/api/v1/whoami')")"
case "$check" in *'"error"'*) echo "whoami check failed: $check" >&2; exit 1;; esac

select1=1
run() { # name script clients
  local name="$1" script="$2" c="$3" jobs
  jobs=$(( c < 2 ? 1 : 2 ))
  local tps ratio=''
  tps="$(PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" pgbench -h "$host" -p "$port" -U daemon -n -M prepared \
          -c "$c" -j "$jobs" -T "$duration" -f "$here/$script" \
          -D token="$token" -D session="$session" -D secret="$secret" "$db" 2>/dev/null \
        | awk '/^tps/ { print int($3) }')"
  if [ "$script" = select1.sql ]; then
    select1="${tps:-1}"
  else
    ratio="$(awk -v a="${tps:-0}" -v b="$select1" 'BEGIN { printf "%5.1f %% of SELECT 1", 100 * a / b }')"
  fi
  printf '%-30s %3s clients  %8s calls/s  %s\n' "$name" "$c" "$tps" "$ratio"
}

echo "== ${duration} s per run, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for c in $clients; do
  run 'SELECT 1' select1.sql "$c"
  run 'daemon.fetch /ping' ping.sql "$c"
  run 'SELECT 1' select1.sql "$c"
  run 'daemon.fetch /whoami' whoami.sql "$c"
  if [ -z "${NO_SESSION_FETCH:-}" ]; then
    run 'SELECT 1' select1.sql "$c"
    run 'daemon.session_fetch /whoami' session-whoami.sql "$c"
  fi
done

if [ -z "${NO_PERCALL:-}" ]; then
  echo "== in-database cost per call, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  "$here/percall.sh" "$token" "$db" 2>&1 | sed 's/^NOTICE:  //'
fi
