-- Event log: messages, warnings, errors and debug entries.
CREATE TABLE db.log (
  id          bigserial PRIMARY KEY,
  type        char NOT NULL DEFAULT 'M' CHECK (type IN ('M', 'W', 'E', 'D')),
  datetime    timestamptz NOT NULL DEFAULT clock_timestamp(),
  timestamp   timestamptz NOT NULL DEFAULT now(),
  username    text NOT NULL,
  session     char(40),
  scope       text,
  code        integer NOT NULL,
  event       text NOT NULL,
  text        text NOT NULL,
  category    text,
  object      uuid
);

COMMENT ON TABLE db.log IS 'Event log (M message, W warning, E error, D debug).';
COMMENT ON COLUMN db.log.datetime IS 'Wall-clock time of the insert.';
COMMENT ON COLUMN db.log.timestamp IS 'Start time of the writing transaction.';
COMMENT ON COLUMN db.log.scope IS 'Subsystem: auth, admin, exception, debug, workflow, ...';

CREATE INDEX ON db.log (type);
CREATE INDEX ON db.log (datetime);
CREATE INDEX ON db.log (timestamp);
CREATE INDEX ON db.log (username);
CREATE INDEX ON db.log (code);
CREATE INDEX ON db.log (event);
CREATE INDEX ON db.log (category);
CREATE INDEX ON db.log (scope);
CREATE INDEX ON db.log (scope, event);
CREATE INDEX ON db.log (type, datetime);
CREATE INDEX ON db.log (type, scope, datetime);

--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION db.ft_log_insert()
RETURNS trigger
AS $$
BEGIN
  NEW.datetime := clock_timestamp();

  IF nullif(NEW.username, '') IS NULL THEN
    NEW.username := coalesce(current_username(), session_user);
  END IF;

  IF NEW.session IS NULL THEN
    NEW.session := current_session();
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_log_insert
  BEFORE INSERT ON db.log
  FOR EACH ROW
  EXECUTE PROCEDURE db.ft_log_insert();

-- Delivered at commit: rolled-back rows are never announced. No text and no
-- object in the payload (services/00-overview.md §5).
CREATE OR REPLACE FUNCTION db.ft_log_after_insert()
RETURNS trigger
AS $$
BEGIN
  PERFORM pg_notify('log', json_build_object('id', NEW.id, 'type', NEW.type, 'code', NEW.code,
    'username', NEW.username, 'scope', NEW.scope, 'event', NEW.event, 'category', NEW.category)::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = db, kernel, pg_temp;

CREATE TRIGGER t_log_after_insert
  AFTER INSERT ON db.log
  FOR EACH ROW
  EXECUTE PROCEDURE db.ft_log_after_insert();
