-- REST dispatcher of /resource/*. No session check here: authentication is
-- the outer dispatcher's.

CREATE OR REPLACE FUNCTION rest.resource (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
  n             bigint;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  CASE pPath
  WHEN '/resource/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_resource(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/resource/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload,
               ARRAY['id', 'root', 'node', 'type', 'name', 'description', 'encoding', 'data', 'sequence', 'localecode'],
               null, true, true, ARRAY['type', 'name', 'description', 'encoding', 'data', 'localecode'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.set_resource((e->>'id')::uuid, (e->>'root')::uuid, (e->>'node')::uuid, e->>'type',
                                                        e->>'name', e->>'description', e->>'encoding', e->>'data',
                                                        (e->>'sequence')::integer, e->>'localecode') AS r
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/resource/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true, true)
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.get_resource((e->>'id')::uuid) AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/resource/delete' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], null, true, true)
    LOOP
      PERFORM api.delete_resource((e->>'id')::uuid);
      RETURN NEXT json_build_object('success', true);
    END LOOP;

  WHEN '/resource/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.list_resource(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
  -- Constraint failures are the caller's mistake: 400s, not 500s.
  WHEN unique_violation THEN
    PERFORM AlreadyExists('Resource');
  WHEN foreign_key_violation THEN
    IF pPath = '/resource/delete' THEN
      PERFORM OperationNotPossible();
    ELSE
      PERFORM NotFound();
    END IF;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
