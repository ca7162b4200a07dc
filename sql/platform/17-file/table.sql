--------------------------------------------------------------------------------
-- file module: the virtual file system (spec 17 §2)
--------------------------------------------------------------------------------

CREATE TABLE db.file (
  id          uuid PRIMARY KEY DEFAULT gen_kernel_uuid('8'),
  root        uuid NOT NULL REFERENCES db.file (id),
  parent      uuid REFERENCES db.file (id),
  link        uuid REFERENCES db.file (id),
  owner       uuid NOT NULL REFERENCES db.user (id),
  type        char NOT NULL CHECK (type IN ('-', 'd', 'l', 's')),
  mask        bit(9) NOT NULL DEFAULT B'111110100',
  level       integer NOT NULL,
  path        text NOT NULL,
  name        text NOT NULL,
  size        integer DEFAULT 0,
  date        timestamptz,
  data        bytea,
  mime        text,
  text        text,
  hash        text,
  url         text,
  done        text,
  fail        text
);

COMMENT ON TABLE db.file IS 'Virtual file system: directories, files with inline bytes, links and storage (S3) entries.';
COMMENT ON COLUMN db.file.path IS 'Path of the containing directory, with leading and trailing slash.';
COMMENT ON COLUMN db.file.mask IS 'rwx for owner, group (members of an owning group) and others; enforced by the api layer.';

CREATE UNIQUE INDEX ON db.file (root, parent, name);
CREATE UNIQUE INDEX ON db.file (path, name);

CREATE INDEX ON db.file (type);
CREATE INDEX ON db.file (owner);
CREATE INDEX ON db.file (root);
CREATE INDEX ON db.file (parent);
CREATE INDEX ON db.file (link);
CREATE INDEX ON db.file (path);
CREATE INDEX ON db.file (name);
CREATE INDEX ON db.file (hash);
