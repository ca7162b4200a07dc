-- Every entry point runs as the schema's owner (SECURITY DEFINER) so the
-- service role needs EXECUTE only, never direct table access. The fixed
-- search_path keeps a caller's path from redirecting the definer's queries.

-- Wakes consumers: the payload is the queue name, so a LISTENing client can
-- skip notifications for queues it does not consume.
CREATE OR REPLACE FUNCTION pgfleet_bus.send(p_queue text, p_message_id text, p_payload jsonb, p_headers jsonb DEFAULT '{}'::jsonb)
RETURNS bigint
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  WITH stored AS (
    INSERT INTO pgfleet_bus.message (queue, message_id, routing_key, payload, headers)
    VALUES (p_queue, p_message_id, p_queue, coalesce(p_payload, 'null'::jsonb), coalesce(p_headers, '{}'::jsonb))
    RETURNING id
  )
  SELECT stored.id FROM stored, LATERAL (SELECT pg_notify('pgfleet_bus', p_queue)) AS woken;
$$;

-- Fan-out: one copy per live subscriber whose pattern matches the topic. The
-- patterns match against '.' || topic (see bindingKeyPattern in @pgfleet/bus).
CREATE OR REPLACE FUNCTION pgfleet_bus.send_event(p_topic text, p_message_id text, p_payload jsonb, p_headers jsonb DEFAULT '{}'::jsonb)
RETURNS integer
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  WITH target AS (
    SELECT s.queue
      FROM pgfleet_bus.subscriber s
     WHERE s.seen_at > now() - s.ttl_ms * interval '1 millisecond'
       AND EXISTS (SELECT 1 FROM unnest(s.patterns) AS p(pattern) WHERE '.' || p_topic ~ p.pattern)
  ), stored AS (
    INSERT INTO pgfleet_bus.message (queue, message_id, routing_key, payload, headers)
    SELECT target.queue, p_message_id, p_topic, coalesce(p_payload, 'null'::jsonb), coalesce(p_headers, '{}'::jsonb)
      FROM target
    RETURNING queue
  )
  SELECT count(*)::integer FROM stored, LATERAL (SELECT pg_notify('pgfleet_bus', stored.queue)) AS woken;
$$;

-- Takes up to p_limit visible messages. SKIP LOCKED lets competing consumers
-- claim side by side without waiting on each other; the new lease and the
-- pushed-back visible_at hide the rows until the holder settles them or the
-- visibility timeout passes (the holder died), whichever comes first.
CREATE OR REPLACE FUNCTION pgfleet_bus.claim(p_queue text, p_limit integer, p_visibility_ms integer)
RETURNS TABLE (id bigint, lease uuid, message_id text, routing_key text, payload jsonb, headers jsonb, attempt integer, redelivered boolean)
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  WITH picked AS (
    SELECT m.id
      FROM pgfleet_bus.message m
     WHERE m.queue = p_queue AND m.state = 'ready' AND m.visible_at <= clock_timestamp()
     ORDER BY m.visible_at, m.id
     LIMIT p_limit
       FOR UPDATE SKIP LOCKED
  )
  UPDATE pgfleet_bus.message m
     SET attempts = m.attempts + 1,
         lease = gen_random_uuid(),
         visible_at = clock_timestamp() + p_visibility_ms * interval '1 millisecond'
    FROM picked
   WHERE m.id = picked.id
  RETURNING m.id, m.lease, m.message_id, m.routing_key, m.payload, m.headers,
            m.failures + 1,
            m.attempts > m.failures + 1;
$$;

-- A handler still at work keeps its lease by pushing visible_at forward.
CREATE OR REPLACE FUNCTION pgfleet_bus.extend(p_id bigint, p_lease uuid, p_visibility_ms integer)
RETURNS boolean
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  WITH kept AS (
    UPDATE pgfleet_bus.message
       SET visible_at = clock_timestamp() + p_visibility_ms * interval '1 millisecond'
     WHERE id = p_id AND lease = p_lease AND state = 'ready'
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM kept);
$$;

-- False when the lease was lost (the visibility timeout passed and another
-- consumer claimed the message): the caller's outcome is then not recorded.
CREATE OR REPLACE FUNCTION pgfleet_bus.ack(p_id bigint, p_lease uuid)
RETURNS boolean
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  WITH done AS (
    DELETE FROM pgfleet_bus.message WHERE id = p_id AND lease = p_lease RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM done);
$$;

CREATE OR REPLACE FUNCTION pgfleet_bus.retry(p_id bigint, p_lease uuid, p_delay_ms integer, p_error text)
RETURNS boolean
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  WITH failed AS (
    UPDATE pgfleet_bus.message
       SET failures = failures + 1,
           lease = NULL,
           last_error = p_error,
           visible_at = clock_timestamp() + p_delay_ms * interval '1 millisecond'
     WHERE id = p_id AND lease = p_lease AND state = 'ready'
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM failed);
$$;

CREATE OR REPLACE FUNCTION pgfleet_bus.bury(p_id bigint, p_lease uuid, p_error text)
RETURNS boolean
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  WITH buried AS (
    UPDATE pgfleet_bus.message
       SET failures = failures + 1,
           state = 'dead',
           lease = NULL,
           last_error = p_error
     WHERE id = p_id AND lease = p_lease AND state = 'ready'
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM buried);
$$;

-- Dead letters of a queue, oldest first (operators and tests).
CREATE OR REPLACE FUNCTION pgfleet_bus.dead_letters(p_queue text, p_limit integer DEFAULT 100)
RETURNS TABLE (id bigint, message_id text, payload jsonb, headers jsonb, failures integer, last_error text, created timestamptz)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  SELECT m.id, m.message_id, m.payload, m.headers, m.failures, m.last_error, m.created
    FROM pgfleet_bus.message m
   WHERE m.queue = p_queue AND m.state = 'dead'
   ORDER BY m.id
   LIMIT p_limit;
$$;

-- Puts a queue's dead letters back in line with a fresh retry budget.
CREATE OR REPLACE FUNCTION pgfleet_bus.revive(p_queue text)
RETURNS integer
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  WITH revived AS (
    UPDATE pgfleet_bus.message
       SET state = 'ready', failures = 0, attempts = 0, visible_at = clock_timestamp(), last_error = NULL
     WHERE queue = p_queue AND state = 'dead'
    RETURNING 1
  )
  SELECT count(*)::integer FROM revived, LATERAL (SELECT pg_notify('pgfleet_bus', p_queue)) AS woken;
$$;

-- Removes subscribers whose heartbeats stopped, and their undelivered copies.
CREATE OR REPLACE FUNCTION pgfleet_bus.reap_subscribers()
RETURNS integer
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  WITH gone AS (
    DELETE FROM pgfleet_bus.subscriber
     WHERE seen_at < now() - ttl_ms * interval '1 millisecond'
    RETURNING queue
  ), dropped AS (
    DELETE FROM pgfleet_bus.message m USING gone WHERE m.queue = gone.queue RETURNING 1
  )
  -- A data-modifying CTE runs even when unreferenced, so `dropped` needs no reader.
  SELECT count(*)::integer FROM gone;
$$;

CREATE OR REPLACE FUNCTION pgfleet_bus.subscribe(p_queue text, p_patterns text[], p_ttl_ms integer)
RETURNS void
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  SELECT pgfleet_bus.reap_subscribers();
  INSERT INTO pgfleet_bus.subscriber (queue, patterns, ttl_ms, seen_at)
  VALUES (p_queue, p_patterns, p_ttl_ms, now())
  ON CONFLICT (queue) DO UPDATE SET patterns = excluded.patterns, ttl_ms = excluded.ttl_ms, seen_at = excluded.seen_at;
$$;

-- The heartbeat. False when the subscriber was already reaped (a long
-- disconnection): the client then subscribes again.
CREATE OR REPLACE FUNCTION pgfleet_bus.touch(p_queue text)
RETURNS boolean
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  SELECT pgfleet_bus.reap_subscribers();
  WITH seen AS (
    UPDATE pgfleet_bus.subscriber SET seen_at = now() WHERE queue = p_queue RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM seen);
$$;

CREATE OR REPLACE FUNCTION pgfleet_bus.unsubscribe(p_queue text)
RETURNS void
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pgfleet_bus
AS $$
  DELETE FROM pgfleet_bus.subscriber WHERE queue = p_queue;
  DELETE FROM pgfleet_bus.message WHERE queue = p_queue;
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA pgfleet_bus FROM PUBLIC;
