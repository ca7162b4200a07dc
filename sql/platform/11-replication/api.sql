--------------------------------------------------------------------------------
-- replication module: api.* (after view.sql: these return its row types)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.replication_log (
  pFrom         bigint,
  pSource       text,
  pLimit        integer DEFAULT 500
) RETURNS       SETOF api.replication_log
AS $$
  SELECT id, datetime, action, schema, name, key, data, source
    FROM replication.log(pFrom, pSource, coalesce(pLimit, 500));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_max_log_id ()
RETURNS         bigint
AS $$
  SELECT max(id) FROM replication.log;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_max_relay_id (
  pSource       text
) RETURNS       bigint
AS $$
  SELECT max(id) FROM replication.relay WHERE source = pSource;
$$ LANGUAGE sql STABLE STRICT
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_to_relay_log (
  pSource       text,
  pId           bigint,
  pDateTime     timestamptz,
  pAction       char,
  pSchema       text,
  pName         text,
  pKey          jsonb,
  pData         jsonb,
  pProxy        boolean DEFAULT false
) RETURNS       bigint
AS $$
  SELECT replication.add_relay(pSource, pId, pDateTime, pAction, pSchema, pName, pKey, pData, pProxy);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_replication_log (
  pId           bigint
) RETURNS       SETOF api.replication_log
AS $$
  SELECT * FROM api.replication_log WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_replication_log (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'replication_log', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_replication_log (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.replication_log
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'replication_log', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["id"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_relay_log (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'relay_log', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_relay_log (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.relay_log
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'relay_log', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["source", "id"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The session message after the attempt: `Success` or the error text.
CREATE OR REPLACE FUNCTION api.replication_apply_relay (
  pSource       text,
  pId           bigint
) RETURNS       text
AS $$
BEGIN
  PERFORM replication.apply_relay(pSource, pId);
  RETURN GetErrorMessage();
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.replication_apply (
  pSource       text
) RETURNS       integer
AS $$
  SELECT replication.apply(pSource);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
