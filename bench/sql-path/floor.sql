-- The floor the README compares with: what a minimal authenticated call costs
-- (a SECURITY DEFINER PL/pgSQL function: one HMAC, one index probe of a
-- 10,000-row token table, one log insert with an asynchronous commit).
-- psql -c 'CREATE DATABASE floor'; psql -d floor -f bench/sql-path/floor.sql
-- pgbench -n -M prepared -c 8 -j 2 -T 10 -f <(echo "SELECT * FROM floor_call('42', '/ping');") floor
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TABLE tok (hash text PRIMARY KEY, session text, userid uuid, valid_to timestamptz);
INSERT INTO tok
SELECT encode(hmac(g::text, 'k', 'sha256'), 'hex'), md5(g::text), gen_random_uuid(), now() + interval '1 day'
  FROM generate_series(1, 10000) g;
CREATE TABLE log (id bigserial PRIMARY KEY, session text, path text, json jsonb, runtime interval, ts timestamptz DEFAULT now());
ANALYZE;

CREATE FUNCTION floor_call(pToken text, pPath text) RETURNS SETOF json AS $$
DECLARE
  r record;
  v text;
BEGIN
  SELECT t.session, t.userid INTO r FROM tok t
   WHERE t.hash = encode(hmac(pToken, 'k', 'sha256'), 'hex') AND t.valid_to > now();
  v := set_config('synchronous_commit', 'off', true);
  INSERT INTO log (session, path, json, runtime) VALUES (r.session, pPath, null, interval '1 ms');
  RETURN NEXT json_build_object('session', r.session);
END
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp;
