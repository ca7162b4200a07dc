--------------------------------------------------------------------------------
-- workflow module: metadata tables of the state machine (create only)
--------------------------------------------------------------------------------

-- Entities ------------------------------------------------------------------

CREATE TABLE db.entity (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('b'),
  code          text NOT NULL
);

CREATE UNIQUE INDEX ON db.entity (code);

CREATE TABLE db.entity_text (
  entity        uuid NOT NULL REFERENCES db.entity (id) ON DELETE CASCADE,
  locale        uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  name          text NOT NULL,
  description   text,
  PRIMARY KEY (entity, locale)
);

CREATE INDEX ON db.entity_text (entity);
CREATE INDEX ON db.entity_text (locale);

-- Classes -------------------------------------------------------------------

CREATE TABLE db.class_tree (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('b'),
  parent        uuid REFERENCES db.class_tree (id),
  entity        uuid NOT NULL REFERENCES db.entity (id),
  level         integer NOT NULL,
  code          text NOT NULL,
  abstract      boolean NOT NULL DEFAULT true
);

CREATE UNIQUE INDEX ON db.class_tree (code);
CREATE INDEX ON db.class_tree (parent);
CREATE INDEX ON db.class_tree (entity);

CREATE TABLE db.class_text (
  class         uuid NOT NULL REFERENCES db.class_tree (id) ON DELETE CASCADE,
  locale        uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  label         text NOT NULL,
  PRIMARY KEY (class, locale)
);

CREATE INDEX ON db.class_text (class);
CREATE INDEX ON db.class_text (locale);

-- Types ---------------------------------------------------------------------

CREATE TABLE db.type (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('b'),
  class         uuid NOT NULL REFERENCES db.class_tree (id),
  code          text NOT NULL,
  UNIQUE (class, code)
);

CREATE INDEX ON db.type (class);
CREATE INDEX ON db.type (code);

CREATE TABLE db.type_text (
  type          uuid NOT NULL REFERENCES db.type (id) ON DELETE CASCADE,
  locale        uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  name          text NOT NULL,
  description   text,
  PRIMARY KEY (type, locale)
);

CREATE INDEX ON db.type_text (type);
CREATE INDEX ON db.type_text (locale);

-- State types and states ------------------------------------------------------

CREATE TABLE db.state_type (
  id            uuid PRIMARY KEY,
  code          text NOT NULL
);

CREATE UNIQUE INDEX ON db.state_type (code);

CREATE TABLE db.state_type_text (
  type          uuid NOT NULL REFERENCES db.state_type (id) ON DELETE CASCADE,
  locale        uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  name          text NOT NULL,
  description   text,
  PRIMARY KEY (type, locale)
);

CREATE TABLE db.state (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('b'),
  class         uuid NOT NULL REFERENCES db.class_tree (id),
  type          uuid NOT NULL REFERENCES db.state_type (id),
  code          text NOT NULL,
  sequence      integer NOT NULL,
  UNIQUE (class, code)
);

CREATE INDEX ON db.state (class);
CREATE INDEX ON db.state (type);
CREATE INDEX ON db.state (code);

CREATE TABLE db.state_text (
  state         uuid NOT NULL REFERENCES db.state (id) ON DELETE CASCADE,
  locale        uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  label         text NOT NULL,
  PRIMARY KEY (state, locale)
);

CREATE INDEX ON db.state_text (state);
CREATE INDEX ON db.state_text (locale);

-- Actions -------------------------------------------------------------------

CREATE TABLE db.action (
  id            uuid PRIMARY KEY,
  code          text NOT NULL
);

CREATE UNIQUE INDEX ON db.action (code);

CREATE TABLE db.action_text (
  action        uuid NOT NULL REFERENCES db.action (id) ON DELETE CASCADE,
  locale        uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  name          text NOT NULL,
  description   text,
  PRIMARY KEY (action, locale)
);

CREATE INDEX ON db.action_text (action);
CREATE INDEX ON db.action_text (locale);

-- Methods -------------------------------------------------------------------

CREATE TABLE db.method (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('b'),
  parent        uuid REFERENCES db.method (id),
  class         uuid NOT NULL REFERENCES db.class_tree (id),
  state         uuid REFERENCES db.state (id),
  action        uuid NOT NULL REFERENCES db.action (id),
  code          text NOT NULL,
  sequence      integer NOT NULL,
  visible       boolean DEFAULT true,
  UNIQUE (class, code)
);

CREATE INDEX ON db.method (parent);
-- GetMethod looks methods up by (class, action, state) on every execution.
CREATE INDEX ON db.method (class, action, state);
CREATE INDEX ON db.method (state);
CREATE INDEX ON db.method (action);

CREATE TABLE db.method_text (
  method        uuid NOT NULL REFERENCES db.method (id) ON DELETE CASCADE,
  locale        uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  label         text NOT NULL,
  PRIMARY KEY (method, locale)
);

CREATE INDEX ON db.method_text (method);
CREATE INDEX ON db.method_text (locale);

-- Transitions -----------------------------------------------------------------

CREATE TABLE db.transition (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('b'),
  state         uuid REFERENCES db.state (id),
  method        uuid NOT NULL REFERENCES db.method (id),
  newstate      uuid NOT NULL REFERENCES db.state (id),
  UNIQUE (method)
);

CREATE INDEX ON db.transition (state);
CREATE INDEX ON db.transition (newstate);

-- Events --------------------------------------------------------------------

CREATE TABLE db.event_type (
  id            uuid PRIMARY KEY,
  code          text NOT NULL
);

CREATE UNIQUE INDEX ON db.event_type (code);

CREATE TABLE db.event_type_text (
  type          uuid NOT NULL REFERENCES db.event_type (id) ON DELETE CASCADE,
  locale        uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  name          text NOT NULL,
  description   text,
  PRIMARY KEY (type, locale)
);

CREATE TABLE db.event (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('b'),
  class         uuid NOT NULL REFERENCES db.class_tree (id),
  type          uuid NOT NULL REFERENCES db.event_type (id),
  action        uuid NOT NULL REFERENCES db.action (id),
  text          text,
  sequence      integer NOT NULL,
  enabled       boolean NOT NULL DEFAULT true
);

CREATE INDEX ON db.event (class, action, sequence);
CREATE INDEX ON db.event (type);
CREATE INDEX ON db.event (action);

CREATE TABLE db.event_text (
  event         uuid NOT NULL REFERENCES db.event (id) ON DELETE CASCADE,
  locale        uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  label         text NOT NULL,
  PRIMARY KEY (event, locale)
);

CREATE INDEX ON db.event_text (event);
CREATE INDEX ON db.event_text (locale);

-- Priorities ----------------------------------------------------------------

CREATE TABLE db.priority (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('b'),
  code          text NOT NULL
);

CREATE UNIQUE INDEX ON db.priority (code);

CREATE TABLE db.priority_text (
  priority      uuid NOT NULL REFERENCES db.priority (id) ON DELETE CASCADE,
  locale        uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  name          text NOT NULL,
  description   text,
  PRIMARY KEY (priority, locale)
);

-- Class and method ACL templates (90-access-control §3–§4) --------------------

CREATE TABLE db.acu (
  class         uuid NOT NULL REFERENCES db.class_tree (id) ON DELETE CASCADE,
  userid        uuid NOT NULL REFERENCES db.user (id) ON DELETE CASCADE,
  deny          bit(5) NOT NULL,
  allow         bit(5) NOT NULL,
  mask          bit(5) NOT NULL DEFAULT B'00000',
  PRIMARY KEY (class, userid)
);

CREATE INDEX ON db.acu (class);
CREATE INDEX ON db.acu (userid);

CREATE TABLE db.amu (
  method        uuid NOT NULL REFERENCES db.method (id) ON DELETE CASCADE,
  userid        uuid NOT NULL REFERENCES db.user (id) ON DELETE CASCADE,
  deny          bit(3) NOT NULL,
  allow         bit(3) NOT NULL,
  mask          bit(3) NOT NULL DEFAULT B'000',
  PRIMARY KEY (method, userid)
);

CREATE INDEX ON db.amu (method);
CREATE INDEX ON db.amu (userid);

--------------------------------------------------------------------------------
-- Triggers ------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION db.ft_acu_mask ()
RETURNS trigger AS $$
BEGIN
  NEW.mask := NEW.allow & ~NEW.deny;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE TRIGGER t_acu_mask BEFORE INSERT OR UPDATE ON db.acu
  FOR EACH ROW EXECUTE PROCEDURE db.ft_acu_mask();

CREATE TRIGGER t_amu_mask BEFORE INSERT OR UPDATE ON db.amu
  FOR EACH ROW EXECUTE PROCEDURE db.ft_acu_mask();

-- Seeds the class ACL: the root gets the administrators and apibot, a child a
-- verbatim copy of its parent plus the extras its code calls for.
CREATE OR REPLACE FUNCTION db.ft_class_tree_after_insert ()
RETURNS trigger AS $$
BEGIN
  IF NEW.parent IS NULL THEN
    INSERT INTO db.acu (class, userid, deny, allow)
    SELECT NEW.id, u.id, B'00000', p.allow
      FROM (VALUES ('00000000-0000-4000-a000-000000000001'::uuid, B'11111'),
                   ('00000000-0000-4000-a002-000000000001'::uuid, B'01110')) AS p(userid, allow)
      JOIN db.user u ON u.id = p.userid;
  ELSE
    INSERT INTO db.acu (class, userid, deny, allow)
    SELECT NEW.id, a.userid, a.deny, a.allow FROM db.acu a WHERE a.class = NEW.parent;
  END IF;

  INSERT INTO db.acu (class, userid, deny, allow)
  SELECT NEW.id, u.id, B'00000', p.allow
    FROM (VALUES ('document', '00000000-0000-4000-a000-000000000002'::uuid, B'11000'),
                 ('reference', '00000000-0000-4000-a000-000000000002'::uuid, B'10100'),
                 ('message', '00000000-0000-4000-a002-000000000002'::uuid, B'01110'),
                 ('agent', '00000000-0000-4000-a002-000000000002'::uuid, B'01100')) AS p(code, userid, allow)
    JOIN db.user u ON u.id = p.userid
   WHERE p.code = NEW.code
  ON CONFLICT (class, userid) DO UPDATE SET deny = EXCLUDED.deny, allow = EXCLUDED.allow;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE TRIGGER t_class_tree_after_insert AFTER INSERT ON db.class_tree
  FOR EACH ROW EXECUTE PROCEDURE db.ft_class_tree_after_insert();

CREATE OR REPLACE FUNCTION db.ft_class_tree_before_delete ()
RETURNS trigger AS $$
BEGIN
  DELETE FROM db.acu WHERE class = OLD.id;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE TRIGGER t_class_tree_before_delete BEFORE DELETE ON db.class_tree
  FOR EACH ROW EXECUTE PROCEDURE db.ft_class_tree_before_delete();

CREATE OR REPLACE FUNCTION db.ft_method_before_insert ()
RETURNS trigger AS $$
BEGIN
  IF NEW.code IS NULL THEN
    NEW.code := concat(coalesce((SELECT code FROM db.state WHERE id = NEW.state), 'null'), ':',
                       (SELECT code FROM db.action WHERE id = NEW.action));
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE TRIGGER t_method_before_insert BEFORE INSERT ON db.method
  FOR EACH ROW EXECUTE PROCEDURE db.ft_method_before_insert();

-- Every principal holding any ACU row on the class may use the new method:
-- the ACU bits are deliberately not consulted (90 §4).
CREATE OR REPLACE FUNCTION db.ft_method_after_insert ()
RETURNS trigger AS $$
BEGIN
  INSERT INTO db.amu (method, userid, deny, allow)
  SELECT NEW.id, a.userid, B'000', CASE WHEN coalesce(NEW.visible, true) THEN B'111' ELSE B'101' END
    FROM db.acu a
   WHERE a.class = NEW.class;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE TRIGGER t_method_after_insert AFTER INSERT ON db.method
  FOR EACH ROW EXECUTE PROCEDURE db.ft_method_after_insert();

CREATE OR REPLACE FUNCTION db.ft_method_before_delete ()
RETURNS trigger AS $$
BEGIN
  DELETE FROM db.transition WHERE method = OLD.id;
  DELETE FROM db.amu WHERE method = OLD.id;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE TRIGGER t_method_before_delete BEFORE DELETE ON db.method
  FOR EACH ROW EXECUTE PROCEDURE db.ft_method_before_delete();
