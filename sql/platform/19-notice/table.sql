--------------------------------------------------------------------------------
-- notice module: db.notice (spec 19 §2)
--------------------------------------------------------------------------------

CREATE TABLE db.notice (
  id          uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  userid      uuid NOT NULL REFERENCES db.user (id),
  object      uuid REFERENCES db.object (id),
  text        text NOT NULL,
  category    text NOT NULL,
  status      integer NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 4),
  created     timestamp NOT NULL DEFAULT now(),
  updated     timestamp NOT NULL DEFAULT now(),
  data        jsonb
);

COMMENT ON TABLE db.notice IS 'Per-user notices; status 0 created, 1 delivered, 2 read, 3 accepted, 4 refused.';

CREATE INDEX ON db.notice (userid);
CREATE INDEX ON db.notice (object);
CREATE INDEX ON db.notice (category);
CREATE INDEX ON db.notice (status);

CREATE TRIGGER t_notice_after_insert
  AFTER INSERT ON db.notice
  FOR EACH ROW EXECUTE PROCEDURE db.ft_notice_after_insert();
