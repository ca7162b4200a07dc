-- Queue and journal primitives of the http module. Everything here runs as
-- the owner (kernel): callers (platform code, the fetch and app services)
-- only need USAGE on the schema and EXECUTE.

CREATE OR REPLACE FUNCTION http.write_to_log (
  pPath         text,
  pHeaders      jsonb,
  pParams       jsonb DEFAULT null,
  pBody         jsonb DEFAULT null,
  pMethod       text DEFAULT 'GET',
  pMessage      text DEFAULT null,
  pContext      text DEFAULT null
) RETURNS       bigint
AS $$
  INSERT INTO http.log (method, path, headers, params, body, message, context)
  VALUES (coalesce(pMethod, 'GET'), pPath, pHeaders, pParams, pBody, pMessage, pContext)
  RETURNING id;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

-- A trace context arrives either as an argument or from the session setting
-- pgfleet.traceparent (a service sets it per request); a malformed one is
-- dropped rather than failing the business transaction.
CREATE OR REPLACE FUNCTION http.trace_context (
  pTraceParent  text DEFAULT null
) RETURNS       text
AS $$
  SELECT CASE WHEN t ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' THEN t END
    FROM (SELECT lower(coalesce(pTraceParent, nullif(current_setting('pgfleet.traceparent', true), ''))) AS t) AS s;
$$ LANGUAGE sql STABLE
   SET search_path = http, pg_temp;

CREATE OR REPLACE FUNCTION http.create_request (
  pResource     text,
  pType         text DEFAULT null,
  pMethod       text DEFAULT 'GET',
  pHeaders      jsonb DEFAULT null,
  pContent      bytea DEFAULT null,
  pDone         text DEFAULT null,
  pFail         text DEFAULT null,
  pStream       text DEFAULT null,
  pAgent        text DEFAULT null,
  pProfile      text DEFAULT null,
  pCommand      text DEFAULT null,
  pMessage      text DEFAULT null,
  pData         jsonb DEFAULT null,
  pRetries      integer DEFAULT 0,
  pTimeout      interval DEFAULT null,
  pBackoff      interval DEFAULT null,
  pTraceParent  text DEFAULT null
) RETURNS       uuid
AS $$
  INSERT INTO http.request (state, type, method, resource, headers, content, done, fail, stream,
                            agent, profile, command, message, data, retries, timeout, backoff, traceparent)
  VALUES (1, coalesce(pType, 'curl'), coalesce(pMethod, 'GET'), pResource, pHeaders, pContent, pDone, pFail, pStream,
          pAgent, pProfile, pCommand, pMessage, pData, coalesce(pRetries, 0), pTimeout,
          coalesce(pBackoff, interval '1 second'), http.trace_context(pTraceParent))
  RETURNING id;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

CREATE OR REPLACE FUNCTION http.request (
  pId           uuid
) RETURNS       SETOF http.request
AS $$
  SELECT * FROM http.request WHERE id = pId;
$$ LANGUAGE sql STABLE STRICT
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

CREATE OR REPLACE FUNCTION http.done (
  pRequest      uuid
) RETURNS       void
AS $$
  UPDATE http.request SET state = 2, lease_until = null WHERE id = pRequest;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

-- Any HTTP status is an outcome (a remote 500 included); runtime is measured
-- from the creation of the request, not from its dispatch. An unknown id
-- fails on the foreign key, a second response on the primary key.
CREATE OR REPLACE FUNCTION http.create_response (
  pRequest      uuid,
  pStatus       integer,
  pStatusText   text,
  pHeaders      jsonb,
  pContent      bytea DEFAULT null
) RETURNS       uuid
AS $$
  INSERT INTO http.response (id, request, status, status_text, headers, content, runtime)
  SELECT pRequest, pRequest, pStatus, pStatusText, pHeaders, pContent,
         clock_timestamp() - (SELECT datetime FROM http.request WHERE id = pRequest);
  SELECT http.done(pRequest);
  SELECT pRequest;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

-- A transport failure. While retries remain the request goes back to the
-- queue (state 1) with an exponentially growing delay and the answer is
-- false: the worker must not call the fail callback yet. The last failure is
-- terminal (state 3) and answers true. Requests queued without retries behave
-- as upstream: the first failure is final. Unlike upstream, a request that
-- already has its outcome (state 2 or 3) is left as it is.
CREATE OR REPLACE FUNCTION http.fail (
  pRequest      uuid,
  pError        text
) RETURNS       boolean
AS $$
DECLARE
  r             record;
BEGIN
  SELECT state, attempts, retries, backoff INTO r FROM http.request WHERE id = pRequest FOR UPDATE;

  -- A late failure (a watchdog firing after the answer was stored, a second
  -- worker) must not undo an outcome or run the fail callback twice.
  IF NOT FOUND OR r.state NOT IN (0, 1) THEN
    RETURN false;
  END IF;

  -- A worker that never claimed (the upstream protocol) still made one attempt.
  IF greatest(r.attempts, 1) <= r.retries THEN
    UPDATE http.request
       SET state = 1,
           error = pError,
           lease_until = null,
           not_before = now() + least(r.backoff * power(2, greatest(r.attempts, 1) - 1), interval '1 hour')
     WHERE id = pRequest;
    RETURN false;
  END IF;

  UPDATE http.request SET state = 3, error = pError, lease_until = null WHERE id = pRequest;
  RETURN true;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

-- Claims one request for an attempt (the fetch service calls it on NOTIFY):
-- the row comes back only when it is open, due and not leased by another
-- worker, so a duplicate notification or delivery never runs it twice.
CREATE OR REPLACE FUNCTION http.claim (
  pId           uuid,
  pLease        interval DEFAULT interval '5 minutes'
) RETURNS       SETOF http.request
AS $$
  UPDATE http.request q
     SET state = 1, attempts = q.attempts + 1, lease_until = now() + coalesce(pLease, interval '5 minutes')
   WHERE q.id = (SELECT p.id
                   FROM http.request p
                  WHERE p.id = pId
                    AND p.state IN (0, 1)
                    AND (p.not_before IS NULL OR p.not_before <= now())
                    AND (p.lease_until IS NULL OR p.lease_until <= now())
                    AND NOT EXISTS (SELECT FROM http.response r WHERE r.id = p.id)
                    FOR UPDATE SKIP LOCKED)
  RETURNING q.*;
$$ LANGUAGE sql VOLATILE STRICT
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

-- Claims up to pLimit due requests in queue order (a worker's start-up scan
-- and its periodic sweep for rescheduled requests). Requests older than
-- pMaxAge are left alone so that a long outage does not replay stale calls.
CREATE OR REPLACE FUNCTION http.claim_pending (
  pLimit        integer DEFAULT 100,
  pLease        interval DEFAULT interval '5 minutes',
  pMaxAge       interval DEFAULT null
) RETURNS       SETOF http.request
AS $$
  WITH due AS (
    SELECT p.id
      FROM http.request p
     WHERE p.state IN (0, 1)
       AND (p.not_before IS NULL OR p.not_before <= now())
       AND (p.lease_until IS NULL OR p.lease_until <= now())
       AND (pMaxAge IS NULL OR p.datetime >= now() - pMaxAge)
       AND NOT EXISTS (SELECT FROM http.response r WHERE r.id = p.id)
     ORDER BY p.datetime
     LIMIT greatest(coalesce(pLimit, 100), 0)
       FOR UPDATE SKIP LOCKED
  )
  UPDATE http.request q
     SET state = 1, attempts = q.attempts + 1, lease_until = now() + coalesce(pLease, interval '5 minutes')
    FROM due
   WHERE q.id = due.id
  RETURNING q.*;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

-- Ids of due, unclaimed requests older than pGrace: what the relay's sweep
-- republishes when a NOTIFY was missed. Claiming stays with the consumer.
CREATE OR REPLACE FUNCTION http.pending (
  pGrace        interval DEFAULT interval '5 seconds',
  pLimit        integer DEFAULT 100
) RETURNS       SETOF uuid
AS $$
  SELECT p.id
    FROM http.request p
   WHERE p.state IN (0, 1)
     AND p.datetime <= now() - coalesce(pGrace, interval '0')
     AND (p.not_before IS NULL OR p.not_before <= now())
     AND (p.lease_until IS NULL OR p.lease_until <= now())
     AND NOT EXISTS (SELECT FROM http.response r WHERE r.id = p.id)
   ORDER BY p.datetime
   LIMIT greatest(coalesce(pLimit, 100), 0);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;
