--------------------------------------------------------------------------------
-- replication module: views
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW ReplicationLog AS
  SELECT id, datetime, action, schema, name, key, data, source FROM replication.log;

GRANT SELECT ON ReplicationLog TO administrator;

CREATE OR REPLACE VIEW RelayLog AS
  SELECT source, id, state, created, datetime, action, schema, name, key, data, message, proxy FROM replication.relay;

GRANT SELECT ON RelayLog TO administrator;

-- Enrolled tables, and every other base table of schema db as a candidate.
CREATE OR REPLACE VIEW ReplicationTable AS
  SELECT schema, name, true AS active, updated FROM replication.list
  UNION ALL
  SELECT t.schemaname::text, t.tablename::text, false, null::timestamptz
    FROM pg_tables t
   WHERE t.schemaname = 'db'
     AND NOT EXISTS (SELECT FROM replication.list l WHERE l.schema = t.schemaname AND l.name = t.tablename);

GRANT SELECT ON ReplicationTable TO administrator;

CREATE OR REPLACE VIEW api.replication_log AS
  SELECT * FROM ReplicationLog;

GRANT SELECT ON api.replication_log TO administrator, apibot;

CREATE OR REPLACE VIEW api.relay_log AS
  SELECT * FROM RelayLog;

GRANT SELECT ON api.relay_log TO administrator, apibot;
