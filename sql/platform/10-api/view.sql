--------------------------------------------------------------------------------
-- api module: views
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW Routs (method, path, definition)
AS
  SELECT r.method, CollectPath(r.path), e.definition
    FROM db.route r INNER JOIN db.endpoint e ON e.id = r.endpoint;

CREATE OR REPLACE VIEW apiLog
AS
  SELECT id, datetime, su, session, username, path, json, nonce,
         to_timestamp(nonce / 1000000) AS noncetime, signature,
         round(extract(second FROM runtime)::numeric, 3) AS runtime,
         eventid, null::text AS error
    FROM db.api_log;

CREATE OR REPLACE VIEW api.log
AS
  SELECT * FROM apiLog;
