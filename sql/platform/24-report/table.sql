-- Tables of the report module (install only). Every id equals the id of its
-- reference (or document): a BEFORE INSERT trigger fills it when NULL.

CREATE OR REPLACE FUNCTION db.ft_report_reference_id()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.reference;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- db.report_tree
--------------------------------------------------------------------------------

CREATE TABLE db.report_tree (
  id          uuid PRIMARY KEY,
  reference   uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE,
  root        uuid NOT NULL REFERENCES db.report_tree (id),
  node        uuid REFERENCES db.report_tree (id),
  level       integer NOT NULL,
  sequence    integer NOT NULL
);

COMMENT ON TABLE db.report_tree IS 'Report tree: sections and nodes in which reports are presented.';
COMMENT ON COLUMN db.report_tree.root IS 'Root of the tree (a root points to itself).';
COMMENT ON COLUMN db.report_tree.node IS 'Parent node; NULL for a root.';

CREATE INDEX ON db.report_tree (reference);
CREATE INDEX ON db.report_tree (root);
CREATE INDEX ON db.report_tree (node);

CREATE OR REPLACE FUNCTION db.ft_report_tree_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.reference;
  END IF;
  -- A root is its own root: the NOT NULL self-reference can only be filled here.
  IF NEW.root IS NULL THEN
    NEW.root := NEW.id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_report_tree_before_insert
  BEFORE INSERT ON db.report_tree
  FOR EACH ROW EXECUTE FUNCTION db.ft_report_tree_before_insert();

--------------------------------------------------------------------------------
-- db.report_form
--------------------------------------------------------------------------------

CREATE TABLE db.report_form (
  id          uuid PRIMARY KEY,
  reference   uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE,
  definition  text
);

COMMENT ON TABLE db.report_form IS 'Report form: names the form function report.<definition>(uuid, json).';

CREATE INDEX ON db.report_form (reference);

CREATE TRIGGER t_report_form_before_insert
  BEFORE INSERT ON db.report_form
  FOR EACH ROW EXECUTE FUNCTION db.ft_report_reference_id();

--------------------------------------------------------------------------------
-- db.report
--------------------------------------------------------------------------------

CREATE TABLE db.report (
  id          uuid PRIMARY KEY,
  reference   uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE,
  tree        uuid NOT NULL REFERENCES db.report_tree (id),
  form        uuid REFERENCES db.report_form (id),
  binding     uuid REFERENCES db.class_tree (id),
  info        jsonb
);

COMMENT ON TABLE db.report IS 'Report: tree node, input form, optional class binding.';
COMMENT ON COLUMN db.report.binding IS 'Class the report applies to (object-context report); NULL for a global report.';

CREATE INDEX ON db.report (reference);
CREATE INDEX ON db.report (tree);
CREATE INDEX ON db.report (form);
CREATE INDEX ON db.report (binding);

CREATE TRIGGER t_report_before_insert
  BEFORE INSERT ON db.report
  FOR EACH ROW EXECUTE FUNCTION db.ft_report_reference_id();

--------------------------------------------------------------------------------
-- db.report_routine
--------------------------------------------------------------------------------

CREATE TABLE db.report_routine (
  id          uuid PRIMARY KEY,
  reference   uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE,
  report      uuid NOT NULL REFERENCES db.report (id) ON DELETE RESTRICT,
  definition  text NOT NULL,
  sequence    integer NOT NULL,
  UNIQUE (report, definition)
);

COMMENT ON TABLE db.report_routine IS 'Report routine: names the function report.<definition>(uuid, jsonb) that builds the output.';

CREATE INDEX ON db.report_routine (reference);
CREATE INDEX ON db.report_routine (report);

CREATE TRIGGER t_report_routine_before_insert
  BEFORE INSERT ON db.report_routine
  FOR EACH ROW EXECUTE FUNCTION db.ft_report_reference_id();

--------------------------------------------------------------------------------
-- db.report_ready
--------------------------------------------------------------------------------

CREATE TABLE db.report_ready (
  id          uuid PRIMARY KEY,
  document    uuid NOT NULL REFERENCES db.document (id) ON DELETE CASCADE,
  report      uuid NOT NULL REFERENCES db.report (id) ON DELETE RESTRICT,
  form        jsonb,
  traceparent text,
  CONSTRAINT ch_report_ready_traceparent CHECK (traceparent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$')
);

COMMENT ON TABLE db.report_ready IS 'Ready report: one execution of a report (submitted form, output files on the document).';
COMMENT ON COLUMN db.report_ready.traceparent IS 'W3C trace context of the request that last executed it; carried into NOTIFY report.';

CREATE INDEX ON db.report_ready (document);
CREATE INDEX ON db.report_ready (report);

CREATE OR REPLACE FUNCTION db.ft_report_ready_before_insert()
RETURNS trigger AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := NEW.document;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

CREATE TRIGGER t_report_ready_before_insert
  BEFORE INSERT ON db.report_ready
  FOR EACH ROW EXECUTE FUNCTION db.ft_report_ready_before_insert();
