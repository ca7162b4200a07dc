-- http.fetch: the queueing API of SQL code. Three overloads differ by the
-- type of content; always cast the content argument, or PostgreSQL cannot
-- choose between them. Arguments after `stream` are pgfleet additions.

-- Raises unless pName names an existing function as schema.function. The
-- name folds to lower case, as the unquoted call the worker makes does.
CREATE OR REPLACE FUNCTION http.check_callback (
  pName         text
) RETURNS       void
AS $$
DECLARE
  vSchema       text;
  vFunction     text;
BEGIN
  IF pName IS NULL THEN
    RETURN;
  END IF;

  IF strpos(pName, '.') > 0 THEN
    vSchema := lower(left(pName, strpos(pName, '.') - 1));
    vFunction := lower(substr(pName, strpos(pName, '.') + 1));
  ELSE
    vSchema := lower(pName);
    vFunction := '';
  END IF;

  IF NOT EXISTS (SELECT FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = vSchema AND p.proname = vFunction) THEN
    RAISE EXCEPTION 'Not found function: %', pName USING ERRCODE = 'undefined_function';
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = http, pg_temp;

CREATE OR REPLACE FUNCTION http.fetch (
  resource      text,
  method        text DEFAULT 'GET',
  headers       jsonb DEFAULT null,
  content       bytea DEFAULT null,
  done          text DEFAULT null,
  fail          text DEFAULT null,
  agent         text DEFAULT null,
  profile       text DEFAULT null,
  command       text DEFAULT null,
  message       text DEFAULT null,
  type          text DEFAULT null,
  data          jsonb DEFAULT null,
  stream        text DEFAULT null,
  retries       integer DEFAULT 0,
  timeout       interval DEFAULT null,
  backoff       interval DEFAULT null,
  traceparent   text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  PERFORM http.check_callback($5);
  PERFORM http.check_callback($6);
  PERFORM http.check_callback($13);

  RETURN http.create_request($1, $11, $2, $3, $4, $5, $6, $13, $7, $8, $9, $10, $12, $14, $15, $16, $17);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

CREATE OR REPLACE FUNCTION http.fetch (
  resource      text,
  method        text DEFAULT 'POST',
  headers       jsonb DEFAULT null,
  content       text DEFAULT null,
  done          text DEFAULT null,
  fail          text DEFAULT null,
  agent         text DEFAULT null,
  profile       text DEFAULT null,
  command       text DEFAULT null,
  message       text DEFAULT null,
  type          text DEFAULT null,
  data          jsonb DEFAULT null,
  stream        text DEFAULT null,
  retries       integer DEFAULT 0,
  timeout       interval DEFAULT null,
  backoff       interval DEFAULT null,
  traceparent   text DEFAULT null
) RETURNS       uuid
AS $$
  SELECT http.create_request($1, $11, $2, $3, convert_to($4, 'UTF8'), $5, $6, $13, $7, $8, $9, $10, $12, $14, $15, $16, $17);
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

CREATE OR REPLACE FUNCTION http.fetch (
  resource      text,
  method        text DEFAULT 'POST',
  headers       jsonb DEFAULT null,
  content       jsonb DEFAULT null,
  done          text DEFAULT null,
  fail          text DEFAULT null,
  agent         text DEFAULT null,
  profile       text DEFAULT null,
  command       text DEFAULT null,
  message       text DEFAULT null,
  type          text DEFAULT null,
  data          jsonb DEFAULT null,
  stream        text DEFAULT null,
  retries       integer DEFAULT 0,
  timeout       interval DEFAULT null,
  backoff       interval DEFAULT null,
  traceparent   text DEFAULT null
) RETURNS       uuid
AS $$
  SELECT http.create_request($1, $11, $2,
           coalesce($3, jsonb_build_object('Content-Type', 'application/json', 'Accept', 'application/json')),
           convert_to($4::text, 'UTF8'), $5, $6, $13, $7, $8, $9, $10, $12, $14, $15, $16, $17);
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;
