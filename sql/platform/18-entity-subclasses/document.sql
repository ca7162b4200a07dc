-- Tables of the document subclasses (job, message) and of the form fields (install only).

--------------------------------------------------------------------------------
-- db.form_field
--------------------------------------------------------------------------------

CREATE TABLE db.form_field (
  form       uuid NOT NULL REFERENCES db.form (id) ON DELETE CASCADE,
  key        text NOT NULL,
  type       text NOT NULL,
  label      text NOT NULL,
  format     text,
  value      text,
  data       jsonb,
  mutable    boolean NOT NULL DEFAULT false,
  sequence   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (form, key)
);

COMMENT ON TABLE db.form_field IS 'Fields of a form (not a workflow entity).';

CREATE INDEX ON db.form_field (form);
CREATE INDEX ON db.form_field (form, key, sequence);

--------------------------------------------------------------------------------
-- db.job
--------------------------------------------------------------------------------

CREATE TABLE db.job (
  id         uuid PRIMARY KEY,
  document   uuid NOT NULL REFERENCES db.document (id) ON DELETE CASCADE,
  scope      uuid NOT NULL REFERENCES db.scope (id) ON DELETE RESTRICT,
  code       text NOT NULL,
  scheduler  uuid NOT NULL REFERENCES db.scheduler (id),
  program    uuid NOT NULL REFERENCES db.program (id),
  dateRun    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE db.job IS 'Scheduled work item (document subclass).';

CREATE UNIQUE INDEX ON db.job (scope, code);
CREATE INDEX ON db.job (document);
CREATE INDEX ON db.job (scope);
CREATE INDEX ON db.job (scheduler);
CREATE INDEX ON db.job (program);
CREATE INDEX ON db.job (dateRun);

CREATE OR REPLACE FUNCTION db.ft_job_before_insert()
RETURNS trigger AS $$
DECLARE
  iPeriod   interval;
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.document;
  END IF;

  IF NULLIF(NEW.code, '') IS NULL THEN
    NEW.code := encode(public.gen_random_bytes(12), 'hex');
  END IF;

  -- The first run is one period away whatever the caller asked (18-subclasses §7.1).
  IF NEW.scheduler IS NOT NULL THEN
    SELECT period INTO iPeriod FROM db.scheduler WHERE id = NEW.scheduler;
    NEW.dateRun := now() + coalesce(iPeriod, interval '0');
  ELSIF NEW.dateRun IS NULL THEN
    NEW.dateRun := now();
  END IF;

  IF NEW.scope IS NULL THEN
    NEW.scope := current_scope();
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE TRIGGER t_job_before_insert
  BEFORE INSERT ON db.job
  FOR EACH ROW EXECUTE FUNCTION db.ft_job_before_insert();

--------------------------------------------------------------------------------
-- db.message
--------------------------------------------------------------------------------

CREATE TABLE db.message (
  id         uuid PRIMARY KEY,
  document   uuid NOT NULL REFERENCES db.document (id) ON DELETE CASCADE,
  agent      uuid NOT NULL REFERENCES db.agent (id) ON DELETE RESTRICT,
  code       text NOT NULL,
  profile    text NOT NULL,
  address    text NOT NULL,
  subject    text,
  content    text,
  traceparent text CONSTRAINT ch_message_traceparent CHECK (traceparent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$')
);

COMMENT ON TABLE db.message IS 'Inbound/outbound message (document subclass).';
COMMENT ON COLUMN db.message.traceparent IS 'W3C trace context of the request that created or last queued it; carried into NOTIFY outbox.';

CREATE INDEX ON db.message (document);
CREATE INDEX ON db.message (agent);
CREATE INDEX ON db.message (code);
CREATE INDEX ON db.message (profile);
CREATE INDEX ON db.message (address);
CREATE INDEX ON db.message (subject);
CREATE INDEX ON db.message (subject text_pattern_ops);

CREATE OR REPLACE FUNCTION db.ft_message_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.document;
  END IF;

  IF NULLIF(NEW.code, '') IS NULL THEN
    NEW.code := encode(public.gen_random_bytes(32), 'hex');
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE TRIGGER t_message_before_insert
  BEFORE INSERT ON db.message
  FOR EACH ROW EXECUTE FUNCTION db.ft_message_before_insert();

-- Payload of channel `message` (services/00-overview §5).
CREATE OR REPLACE FUNCTION db.ft_message_after_insert()
RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('message', json_build_object(
    'id', NEW.id,
    'class', (SELECT c.code FROM db.object o JOIN db.class_tree c ON c.id = o.class WHERE o.id = NEW.document),
    'type', (SELECT t.code FROM db.reference r JOIN db.type t ON t.id = r.type WHERE r.id = NEW.agent),
    'agent', (SELECT r.code FROM db.reference r WHERE r.id = NEW.agent),
    'code', NEW.code,
    'profile', NEW.profile,
    'address', NEW.address,
    'subject', NEW.subject)::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE TRIGGER t_message_after_insert
  AFTER INSERT ON db.message
  FOR EACH ROW EXECUTE FUNCTION db.ft_message_after_insert();

-- The message id (code) is immutable: an update that changes it is dropped whole, as upstream does.
CREATE OR REPLACE FUNCTION db.ft_message_before_update()
RETURNS trigger AS $$
BEGIN
  IF NEW.code IS DISTINCT FROM OLD.code THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_message_before_update
  BEFORE UPDATE ON db.message
  FOR EACH ROW EXECUTE FUNCTION db.ft_message_before_update();
