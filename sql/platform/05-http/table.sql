-- Tables of the http module: the journal of inbound handler calls and the
-- outbound request queue served by the fetch service. The schema itself is
-- created by the kernel module so that its grants can name it early.

CREATE TABLE http.log (
  id          bigserial PRIMARY KEY,
  datetime    timestamptz NOT NULL DEFAULT clock_timestamp(),
  username    text NOT NULL DEFAULT session_user,
  method      text NOT NULL DEFAULT 'GET',
  path        text NOT NULL,
  headers     jsonb,
  params      jsonb,
  body        jsonb,
  message     text,
  context     text,
  runtime     interval,
  CONSTRAINT ch_log_method CHECK (method IN ('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE'))
);

COMMENT ON TABLE http.log IS 'Journal of inbound calls of the http.get/http.post handlers.';

CREATE INDEX ON http.log (method);
CREATE INDEX ON http.log (path);

CREATE TABLE http.request (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  datetime    timestamptz NOT NULL DEFAULT clock_timestamp(),
  state       integer NOT NULL DEFAULT 0,
  type        text NOT NULL DEFAULT 'native',
  method      text NOT NULL DEFAULT 'GET',
  resource    text NOT NULL,
  headers     jsonb,
  content     bytea,
  done        text,
  fail        text,
  stream      text,
  agent       text,
  profile     text,
  command     text,
  message     text,
  error       text,
  data        jsonb,
  -- Beyond upstream: delivery control. Upstream attempts a request once and
  -- forgets requests queued while no worker listened.
  timeout     interval,
  retries     integer NOT NULL DEFAULT 0,
  backoff     interval NOT NULL DEFAULT interval '1 second',
  attempts    integer NOT NULL DEFAULT 0,
  not_before  timestamptz,
  lease_until timestamptz,
  traceparent text,
  CONSTRAINT ch_request_state CHECK (state BETWEEN 0 AND 3),
  CONSTRAINT ch_request_type CHECK (type IN ('native', 'curl')),
  CONSTRAINT ch_request_method CHECK (method IN ('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE')),
  -- The worker interpolates callback names into SQL: only schema.function shapes may be stored.
  CONSTRAINT ch_request_done CHECK (done ~ '^[A-Za-z_][A-Za-z0-9_$]*\.[A-Za-z_][A-Za-z0-9_$]*$'),
  CONSTRAINT ch_request_fail CHECK (fail ~ '^[A-Za-z_][A-Za-z0-9_$]*\.[A-Za-z_][A-Za-z0-9_$]*$'),
  CONSTRAINT ch_request_stream CHECK (stream ~ '^[A-Za-z_][A-Za-z0-9_$]*\.[A-Za-z_][A-Za-z0-9_$]*$'),
  CONSTRAINT ch_request_timeout CHECK (timeout > interval '0'),
  CONSTRAINT ch_request_retries CHECK (retries BETWEEN 0 AND 100),
  CONSTRAINT ch_request_backoff CHECK (backoff >= interval '0'),
  CONSTRAINT ch_request_traceparent CHECK (traceparent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$')
);

COMMENT ON TABLE http.request IS 'Outbound HTTP requests queued from SQL; performed by the fetch service.';
COMMENT ON COLUMN http.request.state IS '0 created, 1 queued/executing, 2 done, 3 failed.';
COMMENT ON COLUMN http.request.timeout IS 'Per-request transport timeout; NULL = the worker default.';
COMMENT ON COLUMN http.request.retries IS 'Further attempts allowed after a failed one.';
COMMENT ON COLUMN http.request.backoff IS 'Delay before the first retry; doubled for each later one.';
COMMENT ON COLUMN http.request.attempts IS 'Attempts started (claims).';
COMMENT ON COLUMN http.request.not_before IS 'A rescheduled request is not claimed before this time.';
COMMENT ON COLUMN http.request.lease_until IS 'A claimed request is not claimed again before this time.';
COMMENT ON COLUMN http.request.traceparent IS 'W3C trace context of the transaction that queued the request.';

CREATE INDEX ON http.request (state);
CREATE INDEX ON http.request (method);
CREATE INDEX ON http.request (resource);
CREATE INDEX ON http.request (agent);
CREATE INDEX ON http.request (command);
-- The sweep after a restart reads only the open part of the queue.
CREATE INDEX request_pending_idx ON http.request (datetime) WHERE state IN (0, 1);

CREATE TABLE http.response (
  id          uuid PRIMARY KEY,
  request     uuid REFERENCES http.request (id) ON DELETE CASCADE,
  datetime    timestamptz NOT NULL DEFAULT clock_timestamp(),
  status      integer NOT NULL,
  status_text text NOT NULL,
  headers     jsonb NOT NULL,
  content     bytea,
  runtime     interval
);

COMMENT ON TABLE http.response IS 'The answer to an outbound request (id = request id).';

CREATE INDEX ON http.response (request);
CREATE INDEX ON http.response (status);
