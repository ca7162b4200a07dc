--------------------------------------------------------------------------------
-- observer module: api.* (after view.sql: these return its row types)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.publisher (
  pCode         text
) RETURNS       SETOF api.publisher
AS $$
  SELECT * FROM api.publisher WHERE code = pCode;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_publisher (
  pCode         text
) RETURNS       SETOF api.publisher
AS $$
  SELECT * FROM api.publisher WHERE code = pCode;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream counted `id`, a column these views do not have, so its count
-- endpoints always failed; count(*) is what was meant.
CREATE OR REPLACE FUNCTION api.count_publisher (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'publisher', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(*)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_publisher (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.publisher
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'publisher', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["code"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.listener (
  pPublisher    text,
  pSession      varchar DEFAULT current_session(),
  pIdentity     text DEFAULT 'main'
) RETURNS       SETOF api.listener
AS $$
  SELECT * FROM api.listener WHERE publisher = pPublisher AND session = pSession AND identity = pIdentity;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_listener (
  pPublisher    text,
  pSession      varchar DEFAULT current_session(),
  pIdentity     text DEFAULT 'main'
) RETURNS       SETOF api.listener
AS $$
  SELECT * FROM api.listener WHERE publisher = pPublisher AND session = pSession AND identity = pIdentity;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_listener (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text,
  pFilter       jsonb,
  pParams       jsonb
) RETURNS       void
AS $$
  SELECT CreateListener(pPublisher, pSession, pIdentity, pFilter, pParams);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_listener (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text,
  pFilter       jsonb,
  pParams       jsonb
) RETURNS       boolean
AS $$
  SELECT EditListener(pPublisher, pSession, pIdentity, pFilter, pParams);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream looked the row up with the raw identity, so a call without one
-- stored the listener under `main` and answered nothing; we answer the row stored.
CREATE OR REPLACE FUNCTION api.set_listener (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text,
  pFilter       jsonb,
  pParams       jsonb
) RETURNS       SETOF api.listener
AS $$
BEGIN
  pIdentity := coalesce(nullif(pIdentity, ''), 'main');
  IF pSession IS NULL OR NOT EditListener(pPublisher, pSession, pIdentity, pFilter, pParams) THEN
    PERFORM CreateListener(pPublisher, pSession, pIdentity, pFilter, pParams);
  END IF;
  RETURN QUERY SELECT * FROM api.listener WHERE publisher = pPublisher AND session = pSession AND identity = pIdentity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_listener (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'listener', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(*)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_listener (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.listener
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'listener', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["publisher", "session", "identity"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.subscribe_observer (
  pPublisher    text,
  pSession      varchar DEFAULT current_session(),
  pIdentity     text DEFAULT 'main',
  pFilter       jsonb DEFAULT null,
  pParams       jsonb DEFAULT null
) RETURNS       SETOF api.listener
AS $$
  SELECT * FROM api.set_listener(pPublisher, coalesce(pSession, current_session()), pIdentity, pFilter, pParams);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.unsubscribe_observer (
  pPublisher    text,
  pSession      varchar DEFAULT current_session(),
  pIdentity     text DEFAULT 'main'
) RETURNS       boolean
AS $$
  SELECT DeleteListener(pPublisher, coalesce(pSession, current_session()), pIdentity);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
