#!/usr/bin/env bash
# In-database cost of one call, in µs: each statement runs N times in a
# PL/pgSQL loop as the daemon role, ROUNDS interleaved rounds, the minimum kept.
#
#   bench/sql-path/percall.sh TOKEN [DB]         # N=2000 ROUNDS=3 by default
#
# TOKEN is an access token of the database (run.sh shows how it gets one).
#
# Two clocks per round: wall time, and the backend's own CPU time read from
# /proc/self/schedstat (nanoseconds on a CPU). On a shared, loaded machine the
# wall time includes whatever time the process spent waiting for a core; the
# CPU time does not, so it is the number to compare between runs. Reading
# /proc needs a superuser, so the runner installs a tiny SECURITY DEFINER
# reader (schema bench) into the benchmark database.
#
# Every call commits, as a service's call does: one long transaction would
# pile up subtransactions and log rows and slow itself down, and the
# per-transaction work (first use of each cached plan, expression states) is
# part of the real cost. The client round trip is not included: pgbench
# measures that.
set -euo pipefail

token="$1"
db="${2:-${BENCH_DB:-pgfleet_bench}}"
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
n="${N:-2000}"
rounds="${ROUNDS:-3}"

psql -h "$host" -p "$port" -U postgres -d "$db" -Atq -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS bench;
CREATE OR REPLACE FUNCTION bench.cpu_ns() RETURNS bigint
AS $$ SELECT split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint $$
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog;
GRANT USAGE ON SCHEMA bench TO daemon;
GRANT EXECUTE ON FUNCTION bench.cpu_ns() TO daemon;
SQL

PGPASSWORD="${PG_DAEMON_PASSWORD:-daemon}" psql -h "$host" -p "$port" -U daemon -d "$db" -Atq -v ON_ERROR_STOP=1 \
  -v token="$token" -v n="$n" -v rounds="$rounds" <<'SQL'
SELECT set_config('bench.token', :'token', false), set_config('bench.n', :'n', false),
       set_config('bench.rounds', :'rounds', false) \gset
DO $$
DECLARE
  vToken  text := current_setting('bench.token');
  nCalls  integer := current_setting('bench.n')::integer;
  nRounds integer := current_setting('bench.rounds')::integer;
  aWall   double precision[] := ARRAY[1e9, 1e9, 1e9];
  aCpu    double precision[] := ARRAY[1e9, 1e9, 1e9];
  aName   text[] := ARRAY['SELECT 1', 'daemon.fetch /ping', 'daemon.fetch /whoami'];
  aPath   text[] := ARRAY[null, '/api/v1/ping', '/api/v1/whoami'];
  tStart  timestamptz;
  nCpu    bigint;
  j       json;
  x       integer;
BEGIN
  -- warm-up: plans and caches of the connection
  FOR i IN 1..50 LOOP
    SELECT * INTO j FROM daemon.fetch(vToken, 'POST', '/api/v1/ping');
    SELECT * INTO j FROM daemon.fetch(vToken, 'POST', '/api/v1/whoami');
    COMMIT;
  END LOOP;
  IF j::text LIKE '%"error"%' THEN
    RAISE EXCEPTION 'whoami failed: %', j;
  END IF;

  FOR r IN 1..nRounds LOOP
    FOR k IN 1..3 LOOP
      nCpu := bench.cpu_ns();
      tStart := clock_timestamp();
      IF k = 1 THEN
        FOR i IN 1..nCalls LOOP
          SELECT 1 INTO x;
          COMMIT;
        END LOOP;
      ELSE
        FOR i IN 1..nCalls LOOP
          SELECT * INTO j FROM daemon.fetch(vToken, 'POST', aPath[k]);
          COMMIT;
        END LOOP;
      END IF;
      aWall[k] := least(aWall[k], extract(epoch FROM clock_timestamp() - tStart) * 1e6 / nCalls);
      aCpu[k] := least(aCpu[k], (bench.cpu_ns() - nCpu) / 1e3 / nCalls);
    END LOOP;
  END LOOP;

  FOR k IN 1..3 LOOP
    RAISE NOTICE '%', format('%-22s wall %7s µs/call   cpu %7s µs/call   (min of %s rounds of %s)',
                             aName[k], round(aWall[k]::numeric, 1), round(aCpu[k]::numeric, 1), nRounds, nCalls);
  END LOOP;
END;
$$;
SQL
