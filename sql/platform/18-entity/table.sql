--------------------------------------------------------------------------------
-- entity module: tables (install only). Trigger functions live in trigger.sql,
-- which both `create` and `code` run, so `update` can replace their bodies.
--------------------------------------------------------------------------------

CREATE TABLE db.object (
  id          uuid PRIMARY KEY,
  parent      uuid REFERENCES db.object (id),
  scope       uuid NOT NULL REFERENCES db.scope (id),
  entity      uuid NOT NULL REFERENCES db.entity (id),
  class       uuid NOT NULL REFERENCES db.class_tree (id),
  type        uuid NOT NULL REFERENCES db.type (id),
  state_type  uuid REFERENCES db.state_type (id),
  state       uuid REFERENCES db.state (id),
  suid        uuid NOT NULL REFERENCES db.user (id),
  owner       uuid NOT NULL REFERENCES db.user (id),
  oper        uuid NOT NULL REFERENCES db.user (id),
  pdate       timestamptz NOT NULL DEFAULT now(),
  ldate       timestamptz NOT NULL DEFAULT now(),
  udate       timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE db.object IS 'One row per business object: identity, classification, state, owner, scope.';

CREATE INDEX ON db.object (parent);
CREATE INDEX ON db.object (scope);
CREATE INDEX ON db.object (entity);
CREATE INDEX ON db.object (class);
CREATE INDEX ON db.object (type);
CREATE INDEX ON db.object (state_type);
CREATE INDEX ON db.object (state);
CREATE INDEX ON db.object (suid);
CREATE INDEX ON db.object (owner);
CREATE INDEX ON db.object (oper);
CREATE INDEX ON db.object (pdate);
CREATE INDEX ON db.object (ldate);
CREATE INDEX ON db.object (udate);

CREATE TRIGGER t_object_before_insert BEFORE INSERT ON db.object
  FOR EACH ROW EXECUTE PROCEDURE db.ft_object_before_insert();
CREATE TRIGGER t_object_after_insert AFTER INSERT ON db.object
  FOR EACH ROW EXECUTE PROCEDURE db.ft_object_after_insert();
CREATE TRIGGER t_object_before_update BEFORE UPDATE ON db.object
  FOR EACH ROW EXECUTE PROCEDURE db.ft_object_before_update();
CREATE TRIGGER t_object_before_delete BEFORE DELETE ON db.object
  FOR EACH ROW EXECUTE PROCEDURE db.ft_object_before_delete();

--------------------------------------------------------------------------------

CREATE TABLE db.object_text (
  object      uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  locale      uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  label       text,
  text        text,
  searchable_en tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(label, '') || ' ' || coalesce(text, ''))) STORED,
  searchable_ru tsvector GENERATED ALWAYS AS (to_tsvector('russian', coalesce(label, '') || ' ' || coalesce(text, ''))) STORED,
  PRIMARY KEY (object, locale)
);

CREATE INDEX ON db.object_text (locale);
CREATE INDEX ON db.object_text (label);
CREATE INDEX ON db.object_text (label text_pattern_ops);
CREATE INDEX ON db.object_text USING GIN (searchable_en);
CREATE INDEX ON db.object_text USING GIN (searchable_ru);

--------------------------------------------------------------------------------
-- Object access control (spec 90 §5–§7)
--------------------------------------------------------------------------------

CREATE TABLE db.aom (
  object      uuid PRIMARY KEY REFERENCES db.object (id) ON DELETE CASCADE,
  mask        bit(9) NOT NULL DEFAULT B'111100000'
);

CREATE TABLE db.aou (
  object      uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  userid      uuid NOT NULL REFERENCES db.user (id) ON DELETE CASCADE,
  deny        bit(3) NOT NULL,
  allow       bit(3) NOT NULL,
  mask        bit(3) NOT NULL DEFAULT B'000',
  entity      uuid NOT NULL REFERENCES db.entity (id) ON DELETE RESTRICT,
  PRIMARY KEY (object, userid)
);

CREATE INDEX ON db.aou (object);
CREATE INDEX ON db.aou (userid);
CREATE INDEX ON db.aou (entity);
CREATE INDEX ON db.aou (entity, userid, mask);
-- The two probes every access-filtered list makes per candidate row: "does a
-- principal allow select?" and "does a principal deny it?".
CREATE INDEX aou_select_allow ON db.aou (object, userid) WHERE allow & B'100' = B'100';
CREATE INDEX aou_select_deny ON db.aou (object, userid) WHERE deny & B'100' = B'100';
-- Drives lists from the user's side when they can see few objects.
CREATE INDEX aou_userid_select ON db.aou (userid, object) WHERE allow & B'100' = B'100';
-- EntityListView's bounded count per entity kind: with (userid, entity) it
-- stops after its threshold instead of reading every readable row of the
-- caller and filtering on entity (P00000002 for installed databases).
CREATE INDEX aou_userid_entity_select ON db.aou (userid, entity) WHERE allow & B'100' = B'100';

CREATE TRIGGER t_aou_before BEFORE INSERT OR UPDATE ON db.aou
  FOR EACH ROW EXECUTE PROCEDURE db.ft_aou_before();

CREATE TABLE db.oma (
  object      uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  method      uuid NOT NULL REFERENCES db.method (id) ON DELETE CASCADE,
  userid      uuid NOT NULL REFERENCES db.user (id) ON DELETE CASCADE,
  mask        bit(3) NOT NULL DEFAULT B'000',
  PRIMARY KEY (object, method, userid)
);

CREATE INDEX ON db.oma (method);
CREATE INDEX ON db.oma (userid);

--------------------------------------------------------------------------------
-- Workflow runtime (spec 15 §2.13, §7)
--------------------------------------------------------------------------------

CREATE TABLE db.object_state (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  object        uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  state         uuid NOT NULL REFERENCES db.state (id),
  validFromDate timestamptz NOT NULL DEFAULT now(),
  validToDate   timestamptz NOT NULL DEFAULT '4433-12-31'
);

CREATE UNIQUE INDEX ON db.object_state (object, state, validFromDate, validToDate);
CREATE INDEX ON db.object_state (object, validFromDate, validToDate);
CREATE INDEX ON db.object_state (state);

CREATE TRIGGER t_object_state_before BEFORE INSERT OR UPDATE ON db.object_state
  FOR EACH ROW EXECUTE PROCEDURE db.ft_object_state_before();
CREATE TRIGGER t_object_state_after_delete AFTER DELETE ON db.object_state
  FOR EACH ROW EXECUTE PROCEDURE db.ft_object_state_after_delete();

CREATE TABLE db.method_stack (
  object      uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  method      uuid NOT NULL REFERENCES db.method (id) ON DELETE CASCADE,
  result      jsonb,
  PRIMARY KEY (object, method)
);

-- Method history. The spec gives this table to the later `notification`
-- module; the engine writes it on every method, so it is created here when
-- nobody created it before.
CREATE TABLE IF NOT EXISTS db.notification (
  id          uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  entity      uuid NOT NULL REFERENCES db.entity (id) ON DELETE CASCADE,
  class       uuid NOT NULL REFERENCES db.class_tree (id) ON DELETE CASCADE,
  action      uuid NOT NULL REFERENCES db.action (id) ON DELETE CASCADE,
  method      uuid NOT NULL REFERENCES db.method (id) ON DELETE CASCADE,
  state_old   uuid REFERENCES db.state (id) ON DELETE CASCADE,
  state_new   uuid REFERENCES db.state (id) ON DELETE CASCADE,
  object      uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  userid      uuid NOT NULL REFERENCES db.user (id) ON DELETE CASCADE,
  datetime    timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX IF NOT EXISTS notification_object_idx ON db.notification (object, datetime);
CREATE INDEX IF NOT EXISTS notification_datetime_idx ON db.notification (datetime);
CREATE INDEX IF NOT EXISTS notification_method_idx ON db.notification (method);
CREATE INDEX IF NOT EXISTS notification_userid_idx ON db.notification (userid);

DROP TRIGGER IF EXISTS t_notification_after_insert ON db.notification;
CREATE TRIGGER t_notification_after_insert AFTER INSERT ON db.notification
  FOR EACH ROW EXECUTE PROCEDURE db.ft_notification_after_insert();

--------------------------------------------------------------------------------
-- Things attached to an object
--------------------------------------------------------------------------------

-- db.file belongs to the later `file` module; the foreign key is added there
-- when that table exists (see the DO block at the end of this file).
CREATE TABLE db.object_file (
  object      uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  file        uuid NOT NULL,
  updated     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (object, file)
);

CREATE INDEX ON db.object_file (file);

CREATE TABLE db.object_data (
  object      uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  type        text NOT NULL DEFAULT 'text' CHECK (type IN ('text', 'json', 'xml', 'base64')),
  code        text NOT NULL,
  data        text,
  PRIMARY KEY (object, type, code)
);

CREATE TABLE db.object_link (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  object        uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  linked        uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  key           text NOT NULL,
  validFromDate timestamptz NOT NULL DEFAULT now(),
  validToDate   timestamptz NOT NULL DEFAULT '4433-12-31'
);

CREATE UNIQUE INDEX ON db.object_link (object, key, validFromDate, validToDate);
CREATE UNIQUE INDEX ON db.object_link (object, linked, validFromDate, validToDate);
CREATE INDEX ON db.object_link (linked);

CREATE TRIGGER t_object_link_before BEFORE INSERT OR UPDATE ON db.object_link
  FOR EACH ROW EXECUTE PROCEDURE db.ft_validity_before();

CREATE TABLE db.object_reference (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  object        uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  key           text NOT NULL,
  reference     text NOT NULL,
  validFromDate timestamptz NOT NULL DEFAULT now(),
  validToDate   timestamptz NOT NULL DEFAULT '4433-12-31'
);

CREATE UNIQUE INDEX ON db.object_reference (object, key, validFromDate, validToDate);
CREATE UNIQUE INDEX ON db.object_reference (reference, key, validFromDate, validToDate);

CREATE TRIGGER t_object_reference_before BEFORE INSERT OR UPDATE ON db.object_reference
  FOR EACH ROW EXECUTE PROCEDURE db.ft_validity_before();

CREATE TABLE db.object_coordinates (
  id            uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  object        uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  code          text NOT NULL,
  latitude      numeric NOT NULL,
  longitude     numeric NOT NULL,
  accuracy      numeric NOT NULL DEFAULT 0,
  label         text,
  description   text,
  data          jsonb,
  validFromDate timestamptz NOT NULL DEFAULT now(),
  validToDate   timestamptz NOT NULL DEFAULT '4433-12-31'
);

CREATE UNIQUE INDEX ON db.object_coordinates (object, code, validFromDate, validToDate);

CREATE TRIGGER t_object_coordinates_before BEFORE INSERT OR UPDATE ON db.object_coordinates
  FOR EACH ROW EXECUTE PROCEDURE db.ft_validity_before();
CREATE TRIGGER t_object_coordinates_after_insert AFTER INSERT ON db.object_coordinates
  FOR EACH ROW EXECUTE PROCEDURE db.ft_object_coordinates_after_insert();

CREATE TABLE db.object_group (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner       uuid NOT NULL REFERENCES db.user (id) ON DELETE CASCADE,
  code        text NOT NULL DEFAULT encode(gen_random_bytes(12), 'hex'),
  name        text NOT NULL,
  description text
);

CREATE UNIQUE INDEX ON db.object_group (owner, code);

CREATE TRIGGER t_object_group_before_insert BEFORE INSERT ON db.object_group
  FOR EACH ROW EXECUTE PROCEDURE db.ft_object_group_before_insert();

CREATE TABLE db.object_group_member (
  gid         uuid NOT NULL REFERENCES db.object_group (id) ON DELETE CASCADE,
  object      uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  PRIMARY KEY (gid, object)
);

CREATE INDEX ON db.object_group_member (object);

--------------------------------------------------------------------------------
-- Reference and document bases
--------------------------------------------------------------------------------

CREATE TABLE db.reference (
  id          uuid PRIMARY KEY,
  object      uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  scope       uuid NOT NULL REFERENCES db.scope (id),
  entity      uuid NOT NULL REFERENCES db.entity (id),
  class       uuid NOT NULL REFERENCES db.class_tree (id),
  type        uuid NOT NULL REFERENCES db.type (id),
  code        text NOT NULL
);

CREATE UNIQUE INDEX ON db.reference (scope, entity, code);
CREATE INDEX ON db.reference (object);
CREATE INDEX ON db.reference (entity);
CREATE INDEX ON db.reference (class);
CREATE INDEX ON db.reference (type);
CREATE INDEX ON db.reference (code text_pattern_ops);

CREATE TRIGGER t_reference_before_insert BEFORE INSERT ON db.reference
  FOR EACH ROW EXECUTE PROCEDURE db.ft_reference_before_insert();
CREATE TRIGGER t_reference_before_update BEFORE UPDATE ON db.reference
  FOR EACH ROW EXECUTE PROCEDURE db.ft_reference_before_update();

CREATE TABLE db.reference_text (
  reference   uuid NOT NULL REFERENCES db.reference (id) ON DELETE CASCADE,
  locale      uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  name        text,
  description text,
  PRIMARY KEY (reference, locale)
);

CREATE INDEX ON db.reference_text (name);
CREATE INDEX ON db.reference_text (name text_pattern_ops);

CREATE TRIGGER t_reference_text_after_update AFTER UPDATE ON db.reference_text
  FOR EACH ROW EXECUTE PROCEDURE db.ft_reference_text_after_update();

CREATE TABLE db.document (
  id          uuid PRIMARY KEY,
  object      uuid NOT NULL REFERENCES db.object (id) ON DELETE CASCADE,
  entity      uuid NOT NULL REFERENCES db.entity (id),
  class       uuid NOT NULL REFERENCES db.class_tree (id),
  type        uuid NOT NULL REFERENCES db.type (id),
  priority    uuid NOT NULL REFERENCES db.priority (id),
  area        uuid NOT NULL REFERENCES db.area (id),
  scope       uuid NOT NULL REFERENCES db.scope (id)
);

CREATE INDEX ON db.document (object);
CREATE INDEX ON db.document (entity);
CREATE INDEX ON db.document (class);
CREATE INDEX ON db.document (type);
CREATE INDEX ON db.document (priority);
CREATE INDEX ON db.document (area);
CREATE INDEX ON db.document (scope);

CREATE TRIGGER t_document_before_insert BEFORE INSERT ON db.document
  FOR EACH ROW EXECUTE PROCEDURE db.ft_document_before_insert();
CREATE TRIGGER t_document_before_update BEFORE UPDATE ON db.document
  FOR EACH ROW EXECUTE PROCEDURE db.ft_document_before_update();

CREATE TABLE db.document_text (
  document    uuid NOT NULL REFERENCES db.document (id) ON DELETE CASCADE,
  locale      uuid NOT NULL REFERENCES db.locale (id) ON DELETE RESTRICT,
  description text,
  PRIMARY KEY (document, locale)
);

CREATE INDEX ON db.document_text (description);
CREATE INDEX ON db.document_text (description text_pattern_ops);

DO $$
BEGIN
  IF to_regclass('db.file') IS NOT NULL THEN
    ALTER TABLE db.object_file ADD FOREIGN KEY (file) REFERENCES db.file (id) ON DELETE RESTRICT;
  END IF;
END;
$$;
