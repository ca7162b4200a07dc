--------------------------------------------------------------------------------
-- comment module: REST dispatcher rest.comment (spec 20 §6)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.comment (
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
  WHEN '/comment/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_comment(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/comment/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'object', 'priority', 'text', 'data'],
                                       null, true, true, ARRAY['text'])
    LOOP
      IF e ? 'data' AND jsonb_typeof(e->'data') NOT IN ('object', 'array', 'null') THEN
        PERFORM IncorrectJsonType(jsonb_typeof(e->'data'), 'object');
      END IF;

      FOR x IN SELECT to_jsonb(r) FROM api.set_comment((e->>'id')::uuid, (e->>'parent')::uuid, (e->>'object')::uuid,
                                                       (e->>'priority')::integer, e->>'text', nullif(e->'data', 'null'::jsonb)) AS r
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/comment/delete' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'], true, true)
    LOOP
      RETURN NEXT json_build_object('id', (e->>'id')::uuid, 'deleted', api.delete_comment((e->>'id')::uuid));
    END LOOP;

  WHEN '/comment/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true, true)
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.get_comment((e->>'id')::uuid) AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/comment/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.list_comment(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') AS r
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
  WHEN foreign_key_violation THEN
    IF pPath = '/comment/delete' THEN
      PERFORM OperationNotPossible();
    ELSE
      PERFORM NotFound();
    END IF;
  WHEN not_null_violation OR check_violation THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
