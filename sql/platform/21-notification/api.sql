--------------------------------------------------------------------------------
-- notification module: api functions (spec 21 §6)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.notification (
  pDateFrom     timestamptz,
  pUserId       uuid DEFAULT current_userid()
) RETURNS       SETOF api.notification
AS $$
  SELECT * FROM Notification(pDateFrom, pUserId);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_notification (
  pId           uuid
) RETURNS       SETOF api.notification
AS $$
  SELECT * FROM api.notification WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_notification (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'notification', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_notification (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.notification
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'notification', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- /notification/list with `groupby`. Upstream splices fields and groupby into
-- the statement unchecked; api.sql admits only columns of the view, JSON
-- accessors of them and count/sum/min/max/avg over a column or *, and
-- quotes every identifier it emits.
CREATE OR REPLACE FUNCTION api.group_notification (
  pFields       jsonb,
  pGroupBy      jsonb,
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
BEGIN
  IF pFields IS NULL OR jsonb_typeof(pFields) <> 'array' OR jsonb_array_length(pFields) = 0 THEN
    PERFORM JsonKeyNotFound('/notification/list', 'fields');
  END IF;

  RETURN QUERY EXECUTE 'SELECT row_to_json(g) FROM (' ||
    api.sql('api', 'notification', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '{}'::jsonb), pFields, pGroupBy) || ') g';
EXCEPTION
  -- A plain field outside the grouping: the caller's query is wrong, not us.
  WHEN grouping_error THEN
    PERFORM IncorrectValueInArray(pFields::text, 'groupby', api_relation_columns('api', 'notification'));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- For every distinct (entity, object) among the notifications of the given
-- objects in [pDateFrom, pDateTo): the object's row from api.get_<entity>,
-- for objects the caller may select.
CREATE OR REPLACE FUNCTION api.changed_objects (
  pObjects      uuid[],
  pDateFrom     timestamptz DEFAULT null,
  pDateTo       timestamptz DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  r             record;
  x             json;
BEGIN
  FOR r IN
    SELECT DISTINCT n.entity, e.code, n.object
      FROM db.notification n INNER JOIN db.entity e ON e.id = n.entity
     WHERE (pObjects IS NULL OR n.object = ANY (pObjects))
       AND (pDateFrom IS NULL OR n.datetime >= pDateFrom)
       AND (pDateTo IS NULL OR n.datetime < pDateTo)
       AND CanReadObject(n.object)
     ORDER BY e.code, n.object
  LOOP
    -- The function name comes from the entity catalogue, never from the payload.
    CONTINUE WHEN to_regprocedure(format('api.%I(uuid)', 'get_' || r.code)) IS NULL;

    FOR x IN EXECUTE format('SELECT row_to_json(t) FROM api.%I($1) AS t', 'get_' || r.code) USING r.object
    LOOP
      CONTINUE WHEN x->>'id' IS NULL;
      RETURN NEXT x;
    END LOOP;
  END LOOP;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
