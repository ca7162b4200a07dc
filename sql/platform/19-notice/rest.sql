--------------------------------------------------------------------------------
-- notice module: REST dispatcher rest.notice (spec 19 §6)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.notice (
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

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/notice/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_notice(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/notice/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'userid', 'object', 'text', 'category', 'status', 'data'],
                                       null, true, true, ARRAY['text', 'category'])
    LOOP
      IF e ? 'data' AND jsonb_typeof(e->'data') NOT IN ('object', 'array', 'null') THEN
        PERFORM IncorrectJsonType(jsonb_typeof(e->'data'), 'object');
      END IF;

      FOR x IN SELECT to_jsonb(r) FROM api.set_notice((e->>'id')::uuid, (e->>'userid')::uuid, (e->>'object')::uuid, e->>'text',
                                                      e->>'category', (e->>'status')::integer, nullif(e->'data', 'null'::jsonb)) AS r
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/notice/delete' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'], true, true)
    LOOP
      RETURN NEXT json_build_object('id', (e->>'id')::uuid, 'deleted', api.delete_notice((e->>'id')::uuid));
    END LOOP;

  WHEN '/notice/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true, true)
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.get_notice((e->>'id')::uuid) AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/notice/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.list_notice(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/notice/mark' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], null, true, true)
    LOOP
      RETURN NEXT json_build_object('id', (e->>'id')::uuid, 'marked', api.mark_notice((e->>'id')::uuid));
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
  WHEN foreign_key_violation THEN
    PERFORM NotFound();
  WHEN check_violation OR not_null_violation THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
