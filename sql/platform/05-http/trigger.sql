-- Trigger functions of the http module (listed in create, for the trigger
-- definitions, and in code, so that update refreshes them).

-- The payload is the bare request id, as the fetch contract says; only a
-- request carrying trace context gets a JSON payload, so that the worker can
-- continue the trace (a worker tells them apart by the leading '{').
CREATE OR REPLACE FUNCTION http.ft_request_after_insert()
RETURNS     trigger
AS $$
BEGIN
  IF NEW.traceparent IS NULL THEN
    PERFORM pg_notify(TG_TABLE_SCHEMA, NEW.id::text);
  ELSE
    PERFORM pg_notify(TG_TABLE_SCHEMA, json_build_object('id', NEW.id, 'traceparent', NEW.traceparent)::text);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
   SET search_path = http, pg_temp;
