--------------------------------------------------------------------------------
-- api module: workflow dispatchers rest.state, rest.action, rest.method
-- (10-api §8). The api.* functions they call belong to the workflow module
-- and are resolved when a request reaches them.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.state (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
BEGIN
  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/state' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.state t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/state/type' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.state_type t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/state/class' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'class', 'code'], null, true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.state(coalesce((e->>'class')::uuid, GetClass(e->>'code'))) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/state/by/type' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['type', 'fields'], ARRAY['type'], false, true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.state_by_type((e->>'type')::uuid) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION rest.action (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
BEGIN
  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/action' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.action t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/action/execute' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['object', 'action', 'code', 'params'], ARRAY['object'], true, true)
    LOOP
      RETURN NEXT api.execute_object_action((e->>'object')::uuid, coalesce((e->>'action')::uuid, GetAction(e->>'code')), e->'params');
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION rest.method (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
  uObject       uuid;
BEGIN
  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/method' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.method t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/method/run' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'method', 'code', 'params'], ARRAY['id'], true, true)
    LOOP
      uObject := (e->>'id')::uuid;
      RETURN NEXT api.execute_method(uObject, coalesce((e->>'method')::uuid, GetObjectMethod(uObject, GetAction(e->>'code'))), e->'params');
    END LOOP;

  WHEN '/method/execute' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['object', 'method', 'code', 'params'], ARRAY['object'], true, true)
    LOOP
      uObject := (e->>'object')::uuid;
      RETURN NEXT api.execute_method(uObject, coalesce((e->>'method')::uuid, GetObjectMethod(uObject, GetAction(e->>'code'))), e->'params');
    END LOOP;

  WHEN '/method/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['object', 'class', 'classcode', 'state', 'statecode', 'action', 'actioncode'], null, false, true)
    LOOP
      uObject := (e->>'object')::uuid;
      FOR x IN
        SELECT to_jsonb(t)
          FROM api.get_methods(
                 coalesce((e->>'class')::uuid, GetClass(e->>'classcode'), (SELECT o.class FROM db.object o WHERE o.id = uObject)),
                 coalesce((e->>'state')::uuid, (SELECT o.state FROM db.object o WHERE o.id = uObject)),
                 coalesce((e->>'action')::uuid, GetAction(e->>'actioncode'))) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/method/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.list_method(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
