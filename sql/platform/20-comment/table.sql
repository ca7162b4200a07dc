--------------------------------------------------------------------------------
-- comment module: db.comment (spec 20 §2)
--------------------------------------------------------------------------------

CREATE TABLE db.comment (
  id          uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  parent      uuid REFERENCES db.comment (id),
  object      uuid NOT NULL REFERENCES db.object (id),
  owner       uuid NOT NULL REFERENCES db.user (id),
  created     timestamptz NOT NULL DEFAULT now(),
  updated     timestamptz NOT NULL DEFAULT now(),
  priority    integer NOT NULL DEFAULT 0,
  text        text NOT NULL,
  data        jsonb
);

COMMENT ON TABLE db.comment IS 'Threaded comments on objects; replies point to their parent comment.';

CREATE INDEX ON db.comment (parent);
CREATE INDEX ON db.comment (object);
CREATE INDEX ON db.comment (owner);

CREATE TRIGGER t_comment_before_update
  BEFORE UPDATE ON db.comment
  FOR EACH ROW EXECUTE PROCEDURE db.ft_comment_before_update();
