#!/usr/bin/env bash
# HTTP benchmark of the app service, in one run on this machine:
#   nginx `return 200` (the ceiling) · GET /api/v1/ping (fast path, no DB)
#   POST /api/v1/whoami with a Bearer token · pgbench running the same daemon.fetch call
#
#   bench/app-http/run.sh
#   DURATION=20 WARMUP=10 CONNECTIONS=100 APP_WORKERS=1 bench/app-http/run.sh
#   PGHOST=/var/run/postgresql bench/app-http/run.sh     # app and pgbench over the Unix socket
#
# Needs wrk, nginx (Debian nginx-light), pgbench, and PostgreSQL reachable as postgres.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
db="${BENCH_DB:-app_http_bench}"
duration="${DURATION:-10}"
warmup="${WARMUP:-10}"
rounds="${ROUNDS:-3}"
connections="${CONNECTIONS:-100}"
threads="${THREADS:-2}"
pool="${PG_POOL_MAX:-10}"
# As nginx's `worker_processes auto`: one app process per usable CPU, unless told otherwise.
workers="${APP_WORKERS:-auto}"
[ "$workers" = auto ] && workers="$(cd "$root/packages/config" && node --import tsx -e "import('./src/cpus.ts').then((m) => console.log(m.usableCpus()))")"
nginx_port="${NGINX_PORT:-4190}"
app_port="${APP_PORT:-4191}"
client_id="${BENCH_CLIENT_ID:-web-pgfleet.local}"
client_secret="${BENCH_CLIENT_SECRET:-dev-web-secret-change-me-5Yk2Qm8Rt1}"
daemon_password="${PG_DAEMON_PASSWORD:-daemon}"

# PGHOST may be a socket directory (pgbench's own default): then both the app and pgbench use it.
role_url() { # role password
  case "$host" in
    /*) echo "postgres://$1${2:+:$2}@localhost/${db}?host=${host}&port=${port}";;
    *) echo "postgres://$1${2:+:$2}@${host}:${port}/${db}";;
  esac
}

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
[ "${SKIP_INSTALL:-}" = 1 ] || (cd "$root" && DATABASE_URL="$(role_url postgres)" pnpm -s db install --force >/dev/null)

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
(cd "${APP_DIR:-$root/services/app}" && PORT="$app_port" HOST=127.0.0.1 LOG_LEVEL=warn PG_POOL_MAX="$(( (pool + workers - 1) / workers ))" APP_WORKERS="$workers" \
  PG_DAEMON_URL="$(role_url daemon "$daemon_password")" exec node --import tsx src/main.ts) &
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

# app_cpu_ticks: user + system CPU of the app (all its processes), in clock ticks.
app_cpu_ticks() {
  local total=0 pid
  for pid in $(pgrep -P "$app_pid" 2>/dev/null) "$app_pid"; do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
ticks_per_second="$(getconf CLK_TCK)"

results="$work/results"
: > "$results"
http_run() { # round name url [script]
  local round="$1" name="$2" url="$3" script="${4:-}" out before after
  before="$(app_cpu_ticks)"
  out="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency ${script:+-s "$script"} "$url")"
  after="$(app_cpu_ticks)"
  local rps requests p50 p99 errors cpu=''
  rps="$(awk '/^Requests\/sec/ {printf "%d", $2}' <<<"$out")"
  requests="$(awk '/ requests in / {print $1}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errors="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  echo "$round $name $rps" >> "$results"
  case "$name" in app*)
    # The app's own CPU per answered request: the measure that does not move with the machine's load.
    cpu="$(awk -v t=$(( after - before )) -v n="$requests" -v hz="$ticks_per_second" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}') µs CPU/req";;
  esac
  printf '%-36s %9s req/s   p50 %-9s p99 %-9s non-2xx %-6s %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}" "$cpu"
}

echo "== wrk -t${threads} -c${connections}, ${rounds} rounds of ${duration}s after ${warmup}s of warm-up each, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "app RSS idle: $(( $(rss_kb) / 1024 )) MiB"
# Warm-up: pool connections, prepared statements, and V8's optimising JIT, which needs some
# thousands of requests on a path before it runs at its steady-state cost (a DB-bound path at a
# few hundred req/s is still partly interpreted after 2 s).
wrk -t"$threads" -c"$connections" -d"${warmup}s" "http://127.0.0.1:${nginx_port}/" >/dev/null
wrk -t"$threads" -c"$connections" -d"${warmup}s" "http://127.0.0.1:${app_port}/api/v1/ping" >/dev/null
wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$here/post.lua" "http://127.0.0.1:${app_port}/api/v1/whoami" >/dev/null

# Others share this machine and its load swings within seconds, so the pairs whose ratio is the
# target run back to back, several times; the median round is the result.
for round in $(seq 1 "$rounds"); do
  echo "-- round ${round} (load average $(cut -d' ' -f1 /proc/loadavg))"
  http_run "$round" 'nginx return 200' "http://127.0.0.1:${nginx_port}/"
  http_run "$round" 'app GET /api/v1/ping' "http://127.0.0.1:${app_port}/api/v1/ping"
  http_run "$round" 'app POST /api/v1/whoami (Bearer)' "http://127.0.0.1:${app_port}/api/v1/whoami" "$here/post.lua"
  pg_out="$(PGPASSWORD="$daemon_password" pgbench -h "$host" -p "$port" -U daemon -n -M prepared -c "$pool" -j 2 -T "$duration" \
    -f "$here/whoami.sql" -D token="$token" "$db" 2>/dev/null)"
  pg_tps="$(awk '/^tps/ {printf "%d", $3}' <<<"$pg_out")"
  pg_lat="$(awk '/^latency average/ {print $4 " " $5}' <<<"$pg_out")"
  echo "$round pgbench $pg_tps" >> "$results"
  printf '%-36s %9s calls/s (%s clients, latency average %s)\n' 'pgbench daemon.fetch /whoami' "$pg_tps" "$pool" "$pg_lat"
  echo "   app RSS $(( $(rss_kb) / 1024 )) MiB"
done

echo "== ratios per round, then the median (targets: ping/nginx >= 35%, whoami/pgbench >= 80%)"
awk '
  { rate[$1, $2 == "pgbench" ? "pgbench" : $2 == "nginx" ? "nginx" : $4] = $NF; if ($1 > rounds) rounds = $1 }
  END {
    for (r = 1; r <= rounds; r++) {
      ping[r] = 100 * rate[r, "/api/v1/ping"] / rate[r, "nginx"]
      whoami[r] = 100 * rate[r, "/api/v1/whoami"] / rate[r, "pgbench"]
      printf "round %d: ping / nginx = %5.1f%%   whoami / pgbench = %5.1f%%\n", r, ping[r], whoami[r]
    }
    printf "median : ping / nginx = %5.1f%%   whoami / pgbench = %5.1f%%\n", median(ping, rounds), median(whoami, rounds)
  }
  function median(values, n,    sorted, i, j, t) {
    for (i = 1; i <= n; i++) sorted[i] = values[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (sorted[j] < sorted[i]) { t = sorted[i]; sorted[i] = sorted[j]; sorted[j] = t }
    return n % 2 ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
  }
' "$results"
