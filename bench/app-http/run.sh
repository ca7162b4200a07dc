#!/usr/bin/env bash
# HTTP benchmark of the app service, in one run on this machine:
#   nginx `return 200` (the ceiling) · GET /api/v1/ping (fast path, no DB)
#   POST /api/v1/whoami with a Bearer token · pgbench running the same daemon.fetch call
#
#   bench/app-http/run.sh
#   DURATION=20 CONNECTIONS=100 APP_WORKERS=2 bench/app-http/run.sh
#
# Needs wrk, nginx (Debian nginx-light), pgbench, and PostgreSQL reachable as postgres.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
db="${BENCH_DB:-app_http_bench}"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-100}"
threads="${THREADS:-2}"
pool="${PG_POOL_MAX:-10}"
workers="${APP_WORKERS:-1}"
nginx_port="${NGINX_PORT:-4190}"
app_port="${APP_PORT:-4191}"
client_id="${BENCH_CLIENT_ID:-web-pgfleet.local}"
client_secret="${BENCH_CLIENT_SECRET:-dev-web-secret-change-me-5Yk2Qm8Rt1}"
daemon_password="${PG_DAEMON_PASSWORD:-daemon}"

work="$(mktemp -d)"
nginx_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== installing ${db} (SKIP_INSTALL=1 reuses it)"
[ "${SKIP_INSTALL:-}" = 1 ] || (cd "$root" && DATABASE_URL="postgres://postgres@${host}:${port}/${db}" pnpm -s db install --force >/dev/null)

daemon_psql() {
  PGPASSWORD="$daemon_password" psql -h "$host" -p "$port" -U daemon -d "$db" -Atq -v ON_ERROR_STOP=1 "$@"
}
tokens="$(daemon_psql -c "SELECT daemon.token('${client_id}', '${client_secret}', jsonb_build_object('grant_type', 'password', 'username', 'admin', 'password', 'admin'))")"
token="$(node -e 'const t=JSON.parse(process.argv[1]); if(!t.access_token){console.error(JSON.stringify(t)); process.exit(1)} console.log(t.access_token)' "$tokens")"
export BENCH_TOKEN="$token"

echo "== starting nginx on ${nginx_port} and the app service on ${app_port} (workers ${workers}, pool ${pool})"
sed -e "s#@DIR@#${work}#g" -e "s#@PORT@#${nginx_port}#g" "$here/nginx.conf.in" > "$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
# The database gets the same number of connections whatever the worker count.
(cd "$root/services/app" && PORT="$app_port" HOST=127.0.0.1 LOG_LEVEL=warn PG_POOL_MAX="$(( (pool + workers - 1) / workers ))" APP_WORKERS="$workers" \
  PG_DAEMON_URL="postgres://daemon:${daemon_password}@${host}:${port}/${db}" exec node --import tsx src/main.ts) &
app_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:${app_port}/readyz" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:${nginx_port}/" >/dev/null 2>&1 && break
  sleep 0.2
done
check="$(curl -s -X POST -H "Authorization: Bearer ${token}" "http://127.0.0.1:${app_port}/api/v1/whoami")"
case "$check" in *'"error"'*|'') echo "whoami check failed: $check" >&2; exit 1;; esac

# rss_kb: resident memory of the app (all its processes when clustered).
rss_kb() {
  local total=0 pid
  for pid in $(pgrep -P "$app_pid" 2>/dev/null) "$app_pid"; do
    total=$(( total + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

results="$work/results"
: > "$results"
http_run() { # name url [script]
  local name="$1" url="$2" script="${3:-}" out
  # A short warm-up: JIT, pool connections, prepared statements.
  wrk -t"$threads" -c"$connections" -d2s ${script:+-s "$script"} "$url" >/dev/null
  out="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency ${script:+-s "$script"} "$url")"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec/ {printf "%d", $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errors="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  echo "$name $rps" >> "$results"
  printf '%-34s %9s req/s   p50 %-9s p99 %-9s non-2xx %-6s app RSS %s MiB\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}" "$(( $(rss_kb) / 1024 ))"
}

echo "== wrk -t${threads} -c${connections} -d${duration}s, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "app RSS idle: $(( $(rss_kb) / 1024 )) MiB"
http_run 'nginx return 200' "http://127.0.0.1:${nginx_port}/"
http_run 'app GET /api/v1/ping' "http://127.0.0.1:${app_port}/api/v1/ping"
http_run 'app POST /api/v1/whoami (Bearer)' "http://127.0.0.1:${app_port}/api/v1/whoami" "$here/post.lua"

pg_out="$(PGPASSWORD="$daemon_password" pgbench -h "$host" -p "$port" -U daemon -n -M prepared -c "$pool" -j 2 -T "$duration" \
  -f "$here/whoami.sql" -D token="$token" "$db" 2>/dev/null)"
pg_tps="$(awk '/^tps/ {printf "%d", $3}' <<<"$pg_out")"
pg_lat="$(awk '/^latency average/ {print $4 " " $5}' <<<"$pg_out")"
echo "pgbench $pg_tps" >> "$results"
printf '%-34s %9s calls/s (%s clients, latency average %s)\n' 'pgbench daemon.fetch /whoami' "$pg_tps" "$pool" "$pg_lat"

nginx_rps="$(awk '$1=="nginx" {print $NF}' "$results")"
ping_rps="$(awk '$1=="app" && $3=="/api/v1/ping" {print $NF}' "$results")"
whoami_rps="$(awk '$1=="app" && $3=="/api/v1/whoami" {print $NF}' "$results")"
echo "== ratios"
awk -v n="$nginx_rps" -v p="$ping_rps" -v w="$whoami_rps" -v g="$pg_tps" 'BEGIN {
  printf "ping   / nginx   = %5.1f%%  (target >= 35%%)\n", 100 * p / n
  printf "whoami / pgbench = %5.1f%%  (target >= 80%%)\n", 100 * w / g
}'
