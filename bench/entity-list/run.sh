#!/usr/bin/env bash
# Entity-list benchmark: calls/s of object/list, document/list, invoice
# create (through the workflow) and workflow actions, inside PostgreSQL
# (daemon.fetch, as the app service calls it), for an administrator and for an
# ordinary user, at 1,000 and at 100,000 invoices. See README.md.
#
#   bench/entity-list/run.sh
#   SIZES="1000 100000" DURATION=15 DURATION_SINGLE=8 KEEP_DB=1 bench/entity-list/run.sh
#   BUILD_ONLY=1 KEEP_DB=1 SIZES=1000 BENCH_DB=mine bench/entity-list/run.sh   # only the database
#
# Needs pgbench, psql and node, and a PostgreSQL reachable as postgres
# (PGHOST/PGPORT) with the installer's roles (kernel, daemon) on it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
db="${BENCH_DB:-pgfleet_bench_entity}"
sizes="${SIZES:-1000 100000}"
duration="${DURATION:-15}"
duration_single="${DURATION_SINGLE:-8}"
clone_jobs="${CLONE_JOBS:-4}"
client_id="${BENCH_CLIENT_ID:-web-pgfleet.local}"
client_secret="${BENCH_CLIENT_SECRET:-dev-web-secret-change-me-5Yk2Qm8Rt1}"
admin_password="${PGFLEET_ADMIN_PASSWORD:-admin}"
user_password='Bench-pass-1'
admin_id='00000000-0000-4000-a001-000000000001'
main_area='00000000-0000-4003-a001-000000000001'
user_group='00000000-0000-4000-a000-000000000002'
pool_size=8   # one object per pgbench client (-c 8)
results="${RESULTS:-$(mktemp /tmp/pgfleet-bench-entity.XXXXXX)}"

export DATABASE_URL="postgres://postgres@${host}:${port}/${db}"

kernel_psql() { PGPASSWORD="${PG_KERNEL_PASSWORD:-kernel}" psql -h "$host" -p "$port" -U kernel -d "$db" -Atq -v ON_ERROR_STOP=1 "$@"; }
daemon_psql() { PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" psql -h "$host" -p "$port" -U daemon -d "$db" -Atq -v ON_ERROR_STOP=1 "$@"; }
super_psql() { psql -h "$host" -p "$port" -U postgres -d "$db" -Atq -v ON_ERROR_STOP=1 "$@"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

cleanup() {
  if [ -z "${KEEP_DB:-}" ]; then
    psql -h "$host" -p "$port" -U postgres -d postgres -Atq -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

started=$(date +%s)
echo "== $(date -u '+%F %T') UTC, $(nproc) cores, load average $(load)"
echo "== installing ${db}"
(cd "$root" && pnpm -s db install --force >/dev/null)
PGOPTIONS="-c client_min_messages=warning" kernel_psql -f "$here/seed.sql" >/dev/null

# An ordinary user: group `user`, working in the project's main area (where
# the seeded documents live). `viewer` owns a handful of invoices and reads
# lists and runs actions; `writer` makes the create workload, so the viewer's
# handful stays a handful in the 100,000 phase.
make_user() { # username -> id
  local id
  id="$(kernel_psql -c "SELECT kernel.CreateUser('$1', '${user_password}', 'Bench $1', null, null, null, false, false)")"
  kernel_psql -c "SELECT kernel.AddMemberToGroup('$id', '${user_group}'::uuid)" \
              -c "SELECT kernel.AddMemberToArea('$id', '${main_area}'::uuid)" \
              -c "SELECT kernel.SetDefaultArea('${main_area}'::uuid, '$id')" >/dev/null
  echo "$id"
}
viewer_id="$(make_user benchviewer)"
make_user benchwriter >/dev/null

token_of() { # username password -> access token (password grant of the web client)
  local answer
  answer="$(daemon_psql -c "SELECT daemon.token('${client_id}', '${client_secret}', jsonb_build_object('grant_type', 'password', 'username', '$1', 'password', '$2'))")"
  node -e 'const t = JSON.parse(process.argv[1]); if (!t.access_token) { console.error(JSON.stringify(t)); process.exit(1); } console.log(t.access_token)' "$answer"
}

# The action pool: per user, one issued invoice per pgbench client. The
# viewer's pool is also the handful of invoices the viewer can see.
fill_pool() { # who user-id
  kernel_psql -c "INSERT INTO bench.pool (who, n, obj)
                  SELECT '$1', row_number() OVER () - 1, id FROM bench.create_invoices('$2', ${pool_size}, 'pool $1') id" \
              -c "SELECT bench.act_as('$2')" \
              -c "SELECT kernel.ExecuteObjectAction(obj, kernel.GetAction('enable')) FROM bench.pool WHERE who = '$1'" >/dev/null
}
fill_pool admin "$admin_id"
fill_pool user "$viewer_id"

admin_token="$(token_of admin "$admin_password")"
viewer_token="$(token_of benchviewer "$user_password")"
writer_token="$(token_of benchwriter "$user_password")"

invoices() { kernel_psql -c "SELECT count(*) FROM db.invoice"; }

# Grows the database to $1 invoices. Up to 1,000 (and for the prototypes)
# every invoice is made by CreateInvoice; beyond, invoices are copies of
# those, in parallel sessions (see bench.clone_invoices).
grow_to() {
  local target="$1" have missing per
  have="$(invoices)"
  missing=$(( target - have ))
  [ "$missing" -gt 0 ] || return 0
  if [ "$have" -lt 1000 ]; then
    local through=$(( missing < 1000 - have ? missing : 1000 - have ))
    kernel_psql -c "SELECT count(*) FROM bench.create_invoices('${admin_id}', ${through})" >/dev/null
    missing=$(( missing - through ))
  fi
  if [ "$missing" -gt 0 ]; then
    per=$(( (missing + clone_jobs - 1) / clone_jobs ))
    local pids=() left="$missing" n
    while [ "$left" -gt 0 ]; do
      n=$(( left < per ? left : per ))
      super_psql -c "BEGIN" -c "SET LOCAL session_replication_role = replica" \
        -c "SELECT bench.clone_invoices(ARRAY(SELECT i.id FROM db.invoice i INNER JOIN db.object o ON o.id = i.id
                                               WHERE o.owner = '${admin_id}' AND i.id NOT IN (SELECT obj FROM bench.pool)), $n)" \
        -c "COMMIT" >/dev/null &
      pids+=($!)
      left=$(( left - n ))
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
  fi
  super_psql -c "VACUUM ANALYZE" >/dev/null
}

# One call of a workload, checked before it is timed: an error envelope
# would otherwise be counted as a fast successful call.
check_call() { # token path payload
  local out
  out="$(daemon_psql -c "SELECT * FROM daemon.fetch('$1', 'POST', '$2', '$3')")"
  case "$out" in
    *'"error"'*|'') echo "check of $2 failed: $out" >&2; exit 1;;
  esac
  printf '%s\n' "$out" | wc -l
}

pool_enabled() { # who -> number of pool objects in state enabled
  kernel_psql -c "SELECT count(*) FROM bench.pool p INNER JOIN db.object o ON o.id = p.obj INNER JOIN db.state s ON s.id = o.state
                   WHERE p.who = '$1' AND s.code = 'enabled'"
}

created() { kernel_psql -c "SELECT count(*) FROM db.object_text t WHERE t.label = 'bench-create' AND t.locale = (SELECT id FROM db.locale WHERE code = 'en')"; }

# pgbench as the services connect (role daemon, prepared statements). Prints
# "tps processed failed".
bench() { # script clients token who
  local c="$2" jobs t out
  jobs=$(( c < 2 ? 1 : 2 ))
  t=$(( c < 2 ? duration_single : duration ))
  out="$(PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" pgbench -h "$host" -p "$port" -U daemon -n -M prepared \
           -c "$c" -j "$jobs" -T "$t" -f "$here/$1" -D token="$3" -D who="$4" "$db" 2>&1)" || { echo "$out" >&2; exit 1; }
  awk '/^number of transactions actually processed/ { split($0, a, ": "); p = a[2] + 0 }
       /^number of failed transactions/ { split($0, a, ": "); f = a[2] + 0 }
       /^tps/ { tps = $3 }
       END { printf "%s %d %d\n", tps, p, f }' <<<"$out"
}

row() { # size workload user calls/s(c=1) calls/s(c=8) note
  printf '%-8s %-22s %-6s %10s %10s   %s\n' "$@" | tee -a "$results"
}

rate() { # "tps processed failed" [calls per transaction] -> calls/s
  awk -v k="${2:-1}" '{ printf "%.1f", k * $1 }' <<<"$1"
}

token_for() { # who -> the token of its list and action calls
  if [ "$1" = admin ]; then echo "$admin_token"; else echo "$viewer_token"; fi
}

for size in $sizes; do
  grow_to "$size"
  # BUILD_ONLY: just the database at this size (callgrind.sh builds its copies so)
  if [ -n "${BUILD_ONLY:-}" ]; then echo "== $(invoices) invoices in ${db}"; continue; fi
  echo
  echo "== $(invoices) invoices ($(kernel_psql -c 'SELECT count(*) FROM db.object') objects), load average $(load), ${duration_single} s at -c 1, ${duration} s at -c 8 -j 2"
  printf '%-8s %-22s %-6s %10s %10s   %s\n' invoices workload user 'c=1 /s' 'c=8 /s' note

  # Reads and actions first, so every one of them sees exactly $size invoices.
  for who in admin user; do
    token="$(token_for "$who")"
    for list in object document; do
      rows="$(check_call "$token" "/api/v1/${list}/list" '{"reclimit":10}')"
      r1="$(bench "${list}-list.sql" 1 "$token" "$who")"
      r8="$(bench "${list}-list.sql" 8 "$token" "$who")"
      row "$size" "/${list}/list" "$who" "$(rate "$r1")" "$(rate "$r8")" "${rows} rows per call"
    done

    # Each transaction is two actions (disable, enable).
    r1="$(bench action.sql 1 "$token" "$who")"
    r8="$(bench action.sql 8 "$token" "$who")"
    enabled="$(pool_enabled "$who")"
    [ "$enabled" = "$pool_size" ] || { echo "action check failed: ${enabled}/${pool_size} pool objects of ${who} enabled" >&2; exit 1; }
    row "$size" "/object/method/execute" "$who" "$(rate "$r1" 2)" "$(rate "$r8" 2)" "disable+enable, pool intact"
  done

  # The in-database breakdown, also before the creates add invoices.
  if [ -z "${NO_BREAKDOWN:-}" ]; then
    for who in admin user; do
      if [ "$who" = admin ]; then id="$admin_id"; else id="$viewer_id"; fi
      echo "-- per call inside the database, ${who}, µs (min of rounds; breakdown.sql)"
      kernel_psql -F '|' -v user="$id" -f "$here/breakdown.sql" | awk -F'|' '{ printf "   %-26s %-12s %8s\n", $1, $2, $3 }'
    done
  fi

  # Creates last: they add invoices (the ordinary user's go to the writer, so
  # the viewer's handful stays a handful).
  for who in admin user; do
    if [ "$who" = admin ]; then token="$admin_token"; else token="$writer_token"; fi
    before="$(created)"
    r1="$(bench invoice-set.sql 1 "$token" "$who")"
    r8="$(bench invoice-set.sql 8 "$token" "$who")"
    made=$(( $(created) - before ))
    expected=$(( $(cut -d' ' -f2 <<<"$r1") + $(cut -d' ' -f2 <<<"$r8") ))
    [ "$made" = "$expected" ] || { echo "create check failed: ${made} invoices made, ${expected} calls" >&2; exit 1; }
    row "$size" "/invoice/set" "$who" "$(rate "$r1")" "$(rate "$r8")" "${made} invoices made"
  done
done

echo
echo "== done in $(( $(date +%s) - started )) s, load average $(load); rows also in ${results}"
