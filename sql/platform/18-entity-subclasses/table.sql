-- Tables of the reference subclasses (install only). Job and message are in document.sql.

--------------------------------------------------------------------------------
-- db.vendor
--------------------------------------------------------------------------------

CREATE TABLE db.vendor (
  id         uuid PRIMARY KEY,
  reference  uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE
);

COMMENT ON TABLE db.vendor IS 'Vendor (reference subclass).';

CREATE INDEX ON db.vendor (reference);

CREATE OR REPLACE FUNCTION db.ft_vendor_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.reference;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_vendor_before_insert
  BEFORE INSERT ON db.vendor
  FOR EACH ROW EXECUTE FUNCTION db.ft_vendor_before_insert();

--------------------------------------------------------------------------------
-- db.agent
--------------------------------------------------------------------------------

CREATE TABLE db.agent (
  id         uuid PRIMARY KEY,
  reference  uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE,
  vendor     uuid NOT NULL REFERENCES db.vendor (id) ON DELETE RESTRICT
);

COMMENT ON TABLE db.agent IS 'Agent (reference subclass).';

CREATE INDEX ON db.agent (reference);
CREATE INDEX ON db.agent (vendor);

CREATE OR REPLACE FUNCTION db.ft_agent_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.reference;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_agent_before_insert
  BEFORE INSERT ON db.agent
  FOR EACH ROW EXECUTE FUNCTION db.ft_agent_before_insert();

-- mailbot must read every agent to route the outbox (90-access-control §5.2).
CREATE OR REPLACE FUNCTION db.ft_agent_after_insert()
RETURNS trigger AS $$
BEGIN
  INSERT INTO db.aou (object, userid, deny, allow)
  VALUES (NEW.reference, '00000000-0000-4000-a002-000000000002'::uuid, B'000', B'100')
  ON CONFLICT (object, userid) DO UPDATE SET deny = B'000', allow = B'100';
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE TRIGGER t_agent_after_insert
  AFTER INSERT ON db.agent
  FOR EACH ROW EXECUTE FUNCTION db.ft_agent_after_insert();

--------------------------------------------------------------------------------
-- db.form
--------------------------------------------------------------------------------

CREATE TABLE db.form (
  id         uuid PRIMARY KEY,
  reference  uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE
);

COMMENT ON TABLE db.form IS 'Form (reference subclass).';

CREATE INDEX ON db.form (reference);

CREATE OR REPLACE FUNCTION db.ft_form_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.reference;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_form_before_insert
  BEFORE INSERT ON db.form
  FOR EACH ROW EXECUTE FUNCTION db.ft_form_before_insert();

--------------------------------------------------------------------------------
-- db.program
--------------------------------------------------------------------------------

CREATE TABLE db.program (
  id         uuid PRIMARY KEY,
  reference  uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE,
  body       text NOT NULL
);

COMMENT ON TABLE db.program IS 'Program (reference subclass).';

CREATE INDEX ON db.program (reference);

CREATE OR REPLACE FUNCTION db.ft_program_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.reference;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_program_before_insert
  BEFORE INSERT ON db.program
  FOR EACH ROW EXECUTE FUNCTION db.ft_program_before_insert();

--------------------------------------------------------------------------------
-- db.scheduler
--------------------------------------------------------------------------------

CREATE TABLE db.scheduler (
  id         uuid PRIMARY KEY,
  reference  uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE,
  period     interval,
  dateStart  timestamptz NOT NULL DEFAULT now(),
  dateStop   timestamptz NOT NULL DEFAULT TIMESTAMPTZ '4433-12-31 00:00:00+00'
);

COMMENT ON TABLE db.scheduler IS 'Scheduler (reference subclass).';

CREATE INDEX ON db.scheduler (reference);

CREATE OR REPLACE FUNCTION db.ft_scheduler_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.reference;
  END IF;
  NEW.dateStart := coalesce(NEW.dateStart, now());
  NEW.dateStop := coalesce(NEW.dateStop, TIMESTAMPTZ '4433-12-31 00:00:00+00');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_scheduler_before_insert
  BEFORE INSERT ON db.scheduler
  FOR EACH ROW EXECUTE FUNCTION db.ft_scheduler_before_insert();

--------------------------------------------------------------------------------
-- db.version
--------------------------------------------------------------------------------

CREATE TABLE db.version (
  id         uuid PRIMARY KEY,
  reference  uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE
);

COMMENT ON TABLE db.version IS 'Version (reference subclass).';

CREATE INDEX ON db.version (reference);

CREATE OR REPLACE FUNCTION db.ft_version_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.reference;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_version_before_insert
  BEFORE INSERT ON db.version
  FOR EACH ROW EXECUTE FUNCTION db.ft_version_before_insert();

