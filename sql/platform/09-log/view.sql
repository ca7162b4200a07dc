CREATE OR REPLACE VIEW kernel.EventLog AS
  SELECT id, type,
         CASE type
           WHEN 'M' THEN 'Message'
           WHEN 'W' THEN 'Warning'
           WHEN 'E' THEN 'Error'
           WHEN 'D' THEN 'Debug'
         END AS typename,
         datetime, timestamp, username, session, code, scope, event, text, category, object
    FROM db.log;

GRANT SELECT ON kernel.EventLog TO administrator;

CREATE OR REPLACE VIEW api.event_log AS
  SELECT * FROM kernel.EventLog;

CREATE OR REPLACE VIEW api.user_log AS
  SELECT * FROM kernel.EventLog
   WHERE username = kernel.current_username();

GRANT SELECT ON api.event_log, api.user_log TO administrator;
