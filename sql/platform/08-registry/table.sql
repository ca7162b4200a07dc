-- Keys form trees: one global tree (root "kernel", alias CURRENT_CONFIG) and
-- one per application user (root = username, alias CURRENT_USER).
CREATE TABLE registry.key (
  id          uuid PRIMARY KEY DEFAULT kernel.gen_kernel_uuid('8'),
  root        uuid REFERENCES registry.key (id),
  parent      uuid REFERENCES registry.key (id),
  key         text NOT NULL,
  level       integer NOT NULL
);

COMMENT ON TABLE registry.key IS 'Registry keys; root and parent are NULL for root keys.';

CREATE INDEX ON registry.key (root);
CREATE INDEX ON registry.key (parent);
CREATE INDEX ON registry.key (key);
CREATE UNIQUE INDEX ON registry.key (root, parent, key);
-- Upstream keeps root names unique by convention only; concurrent
-- RegCreateKey calls could then create two roots of one tree.
CREATE UNIQUE INDEX registry_key_root_name ON registry.key (key) WHERE level = 0;

CREATE TABLE registry.value (
  id          uuid PRIMARY KEY DEFAULT kernel.gen_kernel_uuid('8'),
  key         uuid NOT NULL REFERENCES registry.key (id) ON DELETE CASCADE,
  vname       text NOT NULL,
  vtype       integer NOT NULL CHECK (vtype BETWEEN 0 AND 4),
  vinteger    integer,
  vnumeric    numeric,
  vdatetime   timestamp,
  vstring     text,
  vboolean    boolean
);

COMMENT ON TABLE registry.value IS 'Named values of a key; vtype 0 integer, 1 numeric, 2 datetime, 3 string, 4 boolean.';

CREATE INDEX ON registry.value (key);
CREATE INDEX ON registry.value (vname);
CREATE UNIQUE INDEX ON registry.value (key, vname);
