-- API of the event log (after view.sql: functions return its row types).

CREATE OR REPLACE FUNCTION api.event_log (
  pUserName text DEFAULT null,
  pType     char DEFAULT null,
  pCode     integer DEFAULT null,
  pScope    text DEFAULT null,
  pDateFrom timestamptz DEFAULT null,
  pDateTo   timestamptz DEFAULT null
) RETURNS   SETOF api.event_log
AS $$
  SELECT *
    FROM api.event_log
   WHERE (pUserName IS NULL OR username = pUserName)
     AND (pType IS NULL OR type = pType)
     AND (pCode IS NULL OR code = pCode)
     AND (pScope IS NULL OR scope = pScope)
     AND datetime >= coalesce(pDateFrom, kernel.MINDATE()::timestamptz)
     AND datetime < coalesce(pDateTo, kernel.MAXDATE()::timestamptz)
   ORDER BY datetime DESC, id
   LIMIT 500;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_event_log (pId bigint)
RETURNS SETOF api.event_log
AS $$
  SELECT * FROM api.event_log WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream's call here is ambiguous between the AddEventLog overloads and
-- always fails; named parameters pick the scoped insert that was intended.
CREATE OR REPLACE FUNCTION api.write_to_log (
  pType     text,
  pCode     integer,
  pScope    text,
  pText     text
) RETURNS   SETOF api.event_log
AS $$
DECLARE
  nId       bigint;
BEGIN
  IF pType IS NULL OR pType NOT IN ('M', 'W', 'E', 'D') THEN
    PERFORM IncorrectCode(coalesce(pType, '<null>'), ARRAY['M', 'W', 'E', 'D']);
  END IF;

  IF pText IS NULL THEN
    PERFORM JsonKeyNotFound('/event/log/set', 'text');
  END IF;

  nId := AddEventLog(pType => pType::char, pCode => pCode, pScope => coalesce(pScope, 'api'),
                     pEvent => 'manual'::text, pText => pText);

  RETURN QUERY SELECT * FROM api.get_event_log(nId);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_event_log (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'event_log', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_event_log (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.event_log
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'event_log', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["datetime desc"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Current user's log ---------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.user_log (
  pType     char DEFAULT null,
  pCode     integer DEFAULT null,
  pScope    text DEFAULT null,
  pDateFrom timestamptz DEFAULT null,
  pDateTo   timestamptz DEFAULT null
) RETURNS   SETOF api.user_log
AS $$
  SELECT *
    FROM api.user_log
   WHERE (pType IS NULL OR type = pType)
     AND (pCode IS NULL OR code = pCode)
     AND (pScope IS NULL OR scope = pScope)
     AND datetime >= coalesce(pDateFrom, kernel.MINDATE()::timestamptz)
     AND datetime < coalesce(pDateTo, kernel.MAXDATE()::timestamptz)
   ORDER BY datetime DESC, id
   LIMIT 500;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_user_log (pId bigint)
RETURNS SETOF api.user_log
AS $$
  SELECT * FROM api.user_log WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_user_log (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'user_log', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_user_log (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.user_log
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'user_log', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["datetime desc"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
