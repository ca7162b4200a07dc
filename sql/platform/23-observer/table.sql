--------------------------------------------------------------------------------
-- observer module: publishers (NOTIFY channels) and per-connection listeners
--------------------------------------------------------------------------------

CREATE TABLE db.publisher (
  code          text PRIMARY KEY,
  name          text NOT NULL,
  description   text
);

COMMENT ON TABLE db.publisher IS 'Publisher: a NOTIFY channel the WebSocket service listens to.';

-- The session's own delete trigger (admin module) also removes listeners;
-- the cascade keeps that true when rows are deleted in bulk.
CREATE TABLE db.listener (
  publisher     text NOT NULL REFERENCES db.publisher (code) ON DELETE RESTRICT,
  session       varchar(40) NOT NULL REFERENCES db.session (code) ON DELETE CASCADE,
  identity      text NOT NULL DEFAULT 'main',
  filter        jsonb NOT NULL DEFAULT '{}',
  params        jsonb NOT NULL DEFAULT '{"type": "notify"}',
  PRIMARY KEY (publisher, session, identity)
);

COMMENT ON TABLE db.listener IS 'Subscription of one connection (session, identity) to a publisher.';

-- Closing a session deletes by session alone.
CREATE INDEX ON db.listener (session);
