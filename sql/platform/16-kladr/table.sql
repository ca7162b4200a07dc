-- Tables of the kladr module: the raw Russian address classifier (KLADR and
-- STREET, filled by the loader, see README.md) and the tree built from it.

CREATE TABLE db.kladr (
  code        varchar(13) PRIMARY KEY,
  name        varchar(40) NOT NULL,
  socr        varchar(10),
  index       varchar(6),
  gninmb      varchar(4),
  uno         varchar(4),
  ocatd       varchar(11),
  status      varchar(1)
);

COMMENT ON TABLE db.kladr IS 'KLADR objects down to settlement level (code SS RRR GGG PPP AA).';

CREATE TABLE db.street (
  code        varchar(17) PRIMARY KEY,
  name        varchar(40) NOT NULL,
  socr        varchar(10),
  index       varchar(6),
  gninmb      varchar(4),
  uno         varchar(4),
  ocatd       varchar(11)
);

COMMENT ON TABLE db.street IS 'KLADR streets (code SS RRR GGG PPP UUUU AA).';

GRANT SELECT ON db.kladr, db.street TO administrator;

CREATE TABLE db.address_tree (
  id          serial PRIMARY KEY,
  parent      integer REFERENCES db.address_tree (id),
  code        varchar(17) NOT NULL,
  name        text NOT NULL,
  short       text,
  index       varchar(6),
  level       integer NOT NULL
);

COMMENT ON TABLE db.address_tree IS 'Address tree built from KLADR (code FF SS RRR GGG PPP UUUU).';
COMMENT ON COLUMN db.address_tree.level IS 'Position of the last non-zero code component: 0 country, 1 region, 2 district, 3 city, 4 settlement, 5 street.';

CREATE UNIQUE INDEX ON db.address_tree (code);
CREATE INDEX ON db.address_tree (parent);
