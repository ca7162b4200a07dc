-- One row per message waiting in a queue. A row leaves the table when its
-- consumer acknowledges it; a row whose retries are exhausted stays behind in
-- state 'dead' for an operator to inspect or revive.
CREATE TABLE pgfleet_bus.message (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue       text        NOT NULL,
  message_id  text        NOT NULL,
  -- The topic of a fan-out event; the queue name for work messages.
  routing_key text        NOT NULL,
  payload     jsonb       NOT NULL,
  headers     jsonb       NOT NULL DEFAULT '{}'::jsonb,
  state       text        NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'dead')),
  -- Deliveries so far, including those lost to a consumer that died.
  attempts    integer     NOT NULL DEFAULT 0,
  -- Deliveries whose handler failed; only these count towards the retry limit,
  -- as with RabbitMQ, where a consumer that dies leaves no trace on the message.
  failures    integer     NOT NULL DEFAULT 0,
  -- A ready row is claimable from this moment on; a claim pushes it forward by
  -- the visibility timeout, a retry by the retry delay.
  visible_at  timestamptz NOT NULL DEFAULT now(),
  -- Changes on every claim: only the current holder's ack/retry takes effect.
  lease       uuid,
  last_error  text,
  created     timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE pgfleet_bus.message IS 'pgfleet bus: queued messages (ready) and dead letters (dead)';

-- Serves the claim: ready rows of one queue in visibility order.
CREATE INDEX message_claim_idx ON pgfleet_bus.message (queue, visible_at, id) WHERE state = 'ready';

-- The fan-out subscribers: each is a private queue that receives a copy of every
-- event whose topic matches one of its patterns (AMQP topic binding keys,
-- translated to regular expressions by the client). A subscriber that stops
-- sending heartbeats is removed with its messages, like an auto-delete queue.
CREATE TABLE pgfleet_bus.subscriber (
  queue     text        PRIMARY KEY,
  patterns  text[]      NOT NULL,
  ttl_ms    integer     NOT NULL CHECK (ttl_ms > 0),
  seen_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE pgfleet_bus.subscriber IS 'pgfleet bus: live fan-out subscribers and their binding patterns';
