--------------------------------------------------------------------------------
-- notification module: db.notification (spec 21 §2)
--
-- The entity module's method executor writes this table, so that module
-- already creates it (with the NOTIFY trigger t_notification_after_insert and
-- its routing function db.ft_notification_after_insert) when it loads first.
-- This file stands on its own when it does not, and adds the indexes of the
-- spec the entity module leaves out.
--------------------------------------------------------------------------------

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
  datetime    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE db.notification IS 'One row per workflow method executed on an object: the audit trail and the source of NOTIFY notify.';

CREATE INDEX IF NOT EXISTS notification_entity_idx ON db.notification (entity);
CREATE INDEX IF NOT EXISTS notification_class_idx ON db.notification (class);
CREATE INDEX IF NOT EXISTS notification_action_idx ON db.notification (action);
CREATE INDEX IF NOT EXISTS notification_method_idx ON db.notification (method);
CREATE INDEX IF NOT EXISTS notification_object_idx ON db.notification (object, datetime);
CREATE INDEX IF NOT EXISTS notification_userid_idx ON db.notification (userid);
CREATE INDEX IF NOT EXISTS notification_datetime_idx ON db.notification (datetime);
