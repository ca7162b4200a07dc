--------------------------------------------------------------------------------
-- replication module: captured log, received relay, enrolled tables, PK cache
--------------------------------------------------------------------------------

CREATE TABLE replication.log (
  id            bigserial PRIMARY KEY,
  datetime      timestamptz NOT NULL DEFAULT now(),
  action        char NOT NULL CHECK (action IN ('I', 'U', 'D')),
  schema        text NOT NULL,
  name          text NOT NULL,
  key           jsonb,
  data          jsonb,
  source        text
);

COMMENT ON TABLE replication.log IS 'Captured changes; source NULL = captured on this instance.';

CREATE INDEX ON replication.log (action);
CREATE INDEX ON replication.log (schema);
CREATE INDEX ON replication.log (name);
CREATE INDEX ON replication.log (source);

CREATE TRIGGER t_replication_log
  AFTER INSERT ON replication.log
  FOR EACH ROW
  EXECUTE PROCEDURE replication.ft_log_after_insert();

CREATE TABLE replication.relay (
  source        text NOT NULL,
  id            bigint NOT NULL,
  state         integer NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 2),
  created       timestamptz NOT NULL DEFAULT now(),
  datetime      timestamptz NOT NULL,
  action        char NOT NULL CHECK (action IN ('I', 'U', 'D')),
  schema        text NOT NULL,
  name          text NOT NULL,
  key           jsonb,
  data          jsonb,
  message       text,
  proxy         boolean NOT NULL DEFAULT false,
  PRIMARY KEY (source, id)
);

COMMENT ON TABLE replication.relay IS 'Changes pulled from peers: state 0 pending, 1 applied, 2 failed.';

CREATE INDEX ON replication.relay (source);
CREATE INDEX ON replication.relay (state);

CREATE TABLE replication.list (
  schema        text NOT NULL,
  name          text NOT NULL,
  updated       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (schema, name)
);

CREATE TABLE replication.pkey (
  schema        text NOT NULL,
  name          text NOT NULL,
  field         text NOT NULL,
  PRIMARY KEY (schema, name, field)
);
