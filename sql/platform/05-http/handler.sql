-- Inbound handlers (PGHTTP): the app service routes /api/* (other than the
-- REST API), /callback/* and /import/* here. The platform ships a demo
-- router; a configuration replaces these functions (and may add http.put,
-- http.patch, http.delete with the http.post signature). A handler never lets
-- an exception out: failures come back as {"error": {...}} rows.

CREATE OR REPLACE FUNCTION http.get (
  path          text,
  headers       jsonb,
  params        jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  nId           bigint;
  r             record;
  vRoute        text;
  vMessage      text;
  vContext      text;
BEGIN
  -- The journal is not worth an fsync on a read.
  PERFORM set_config('synchronous_commit', 'off', true);

  nId := http.write_to_log($1, $2, $3, null, 'GET');

  BEGIN
    IF split_part($1, '/', 3) <> 'v1' THEN
      RAISE EXCEPTION 'Invalid API version.';
    END IF;

    vRoute := split_part($1, '/', 4);

    CASE vRoute
    WHEN 'ping' THEN
      RETURN NEXT json_build_object('code', 200, 'message', 'OK');
    WHEN 'time' THEN
      RETURN NEXT json_build_object('serverTime', trunc(extract(epoch FROM clock_timestamp()))::bigint);
    WHEN 'headers' THEN
      RETURN NEXT coalesce($2, '{}'::jsonb)::json;
    WHEN 'params' THEN
      RETURN NEXT coalesce($3, '{}'::jsonb)::json;
    WHEN 'log' THEN
      FOR r IN SELECT * FROM http.log ORDER BY id DESC
      LOOP
        RETURN NEXT row_to_json(r);
      END LOOP;
    ELSE
      RETURN NEXT json_build_object('error', json_build_object('code', 404, 'message', format('Path "%s" not found.', $1)));
    END CASE;

    UPDATE http.log SET runtime = clock_timestamp() - datetime WHERE id = nId;
  EXCEPTION
  WHEN others THEN
    GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
    PERFORM http.write_to_log($1, $2, $3, null, 'GET', vMessage, vContext);
    RETURN NEXT json_build_object('error', json_build_object('code', 400, 'message', vMessage));
  END;

  RETURN;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;

CREATE OR REPLACE FUNCTION http.post (
  path          text,
  headers       jsonb,
  params        jsonb DEFAULT null,
  body          json DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  nId           bigint;
  vRoute        text;
  vMessage      text;
  vContext      text;
BEGIN
  nId := http.write_to_log($1, $2, $3, $4::jsonb, 'POST');

  BEGIN
    IF split_part($1, '/', 3) <> 'v1' THEN
      RAISE EXCEPTION 'Invalid API version.';
    END IF;

    vRoute := split_part($1, '/', 4);

    CASE vRoute
    WHEN 'ping' THEN
      RETURN NEXT json_build_object('code', 200, 'message', 'OK');
    WHEN 'time' THEN
      RETURN NEXT json_build_object('serverTime', trunc(extract(epoch FROM clock_timestamp()))::bigint);
    WHEN 'headers' THEN
      RETURN NEXT coalesce($2, '{}'::jsonb)::json;
    WHEN 'params' THEN
      RETURN NEXT coalesce($3, '{}'::jsonb)::json;
    WHEN 'body' THEN
      RETURN NEXT coalesce($4, '{}'::json);
    ELSE
      RAISE EXCEPTION 'Path "%" not found.', $1;
    END CASE;

    UPDATE http.log SET runtime = clock_timestamp() - datetime WHERE id = nId;
  EXCEPTION
  WHEN others THEN
    GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
    PERFORM http.write_to_log($1, $2, $3, $4::jsonb, 'POST', vMessage, vContext);
    RETURN NEXT json_build_object('error', json_build_object('code', 400, 'message', vMessage));
  END;

  RETURN;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = http, kernel, pg_temp;
