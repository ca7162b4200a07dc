-- Tables of the resource module: an ordered tree of nodes whose content is
-- kept once per locale.

CREATE TABLE db.resource (
  id          uuid PRIMARY KEY,
  root        uuid NOT NULL REFERENCES db.resource (id),
  node        uuid REFERENCES db.resource (id),
  type        text NOT NULL DEFAULT 'text/plain',
  level       integer NOT NULL,
  sequence    integer NOT NULL
);

COMMENT ON TABLE db.resource IS 'Locale-aware content tree: structure of the nodes.';
COMMENT ON COLUMN db.resource.root IS 'Root of the tree (a root points to itself).';
COMMENT ON COLUMN db.resource.node IS 'Parent node; NULL for a top-level node.';
COMMENT ON COLUMN db.resource.type IS 'MIME type of the payload.';
COMMENT ON COLUMN db.resource.level IS 'Depth (0 for a top-level node).';
COMMENT ON COLUMN db.resource.sequence IS '1-based order among siblings.';

CREATE INDEX ON db.resource (root);
CREATE INDEX ON db.resource (node);

CREATE TABLE db.resource_data (
  resource    uuid NOT NULL REFERENCES db.resource (id) ON DELETE CASCADE,
  locale      uuid NOT NULL REFERENCES db.locale (id),
  name        text,
  description text,
  encoding    text,
  data        text,
  updated     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (resource, locale)
);

COMMENT ON TABLE db.resource_data IS 'Locale-aware content tree: content of a node per locale.';

CREATE INDEX ON db.resource_data (resource);
CREATE INDEX ON db.resource_data (locale);
CREATE INDEX ON db.resource_data (name);
CREATE INDEX ON db.resource_data (name text_pattern_ops);
-- A name is unique per locale across every tree.
CREATE UNIQUE INDEX ON db.resource_data (name, locale);
