-- REST dispatcher of /category/* (registered in routes.sql).

--------------------------------------------------------------------------------
-- rest.category
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.category (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/category/type' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.type(GetEntity('category')) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/category/method' THEN

    RETURN QUERY SELECT * FROM SubclassMethods(pPath, pPayload);

  WHEN '/category/count' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR x IN SELECT to_jsonb(c) FROM api.count_category(e->'search', e->'filter') AS c
      LOOP
        RETURN NEXT json_build_object('count', x);
      END LOOP;
    END LOOP;

  WHEN '/category/set' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'code', 'name', 'description'], null, true, true, ARRAY['code', 'name', 'description', 'type'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, code text, name text, description text);
      FOR x IN SELECT to_jsonb(t) FROM api.set_category(r.id, r.parent, SubclassType(r.type, 'category'), r.code, r.name, r.description) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/category/get' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_category((e->>'id')::uuid) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/category/list' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.list_category(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  ELSE

    RETURN NEXT ExecuteDynamicMethod(pPath, pPayload)::json;

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

