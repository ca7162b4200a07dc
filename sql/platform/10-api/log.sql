--------------------------------------------------------------------------------
-- api module: API request log (install only)
--------------------------------------------------------------------------------

-- Unlogged would lose audit rows on a crash; instead writers use an
-- asynchronous commit for read-only calls, and a bigserial never serialises.
CREATE TABLE db.api_log (
  id          bigserial PRIMARY KEY,
  datetime    timestamptz NOT NULL DEFAULT clock_timestamp(),
  su          text NOT NULL DEFAULT session_user,
  session     char(40),
  username    text,
  path        text NOT NULL,
  nonce       double precision,
  signature   text,
  json        jsonb,
  eventid     bigint REFERENCES db.log(id) ON DELETE SET NULL,
  runtime     interval
);

-- Every request inserts here, so each index is paid for per call: the
-- append-only datetime gets a BRIN, and eventid (set on failures only) a
-- partial index that successful calls never touch.
CREATE INDEX ON db.api_log USING brin (datetime);
CREATE INDEX ON db.api_log (username);
CREATE INDEX ON db.api_log (path);
CREATE INDEX ON db.api_log (eventid) WHERE eventid IS NOT NULL;
