--------------------------------------------------------------------------------
-- file module: REST dispatcher rest.file (spec 17 §10)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.file (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
  n             bigint;
  uId           uuid;
  aColumns      text[];
  vField        text;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  -- Tighter than upstream (which has no session check here): the mask is
  -- judged for a user, so an anonymous caller has nothing to do here.
  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/file/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload,
               ARRAY['id', 'type', 'mask', 'owner', 'root', 'parent', 'link', 'name', 'path', 'size', 'date', 'data', 'mime', 'text', 'hash', 'done', 'fail'],
               null, true, true, ARRAY['type', 'name', 'path', 'data', 'mime', 'text', 'hash', 'done', 'fail'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.set_file((e->>'id')::uuid, (e->>'type')::char, (e->>'mask')::integer, (e->>'owner')::uuid,
                                                    (e->>'root')::uuid, (e->>'parent')::uuid, (e->>'link')::uuid, e->>'name', e->>'path',
                                                    (e->>'size')::integer, (e->>'date')::timestamptz, e->>'data', e->>'mime', e->>'text',
                                                    e->>'hash', e->>'done', e->>'fail') AS r
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/file/register' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload,
               ARRAY['path', 'name', 'size', 'hash', 'mime', 'storage', 'text', 'done', 'fail'],
               ARRAY['name', 'size', 'hash'], true, true, ARRAY['path', 'name', 'hash', 'mime', 'storage', 'text', 'done', 'fail'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.register_file(e->>'path', e->>'name', (e->>'size')::integer, e->>'hash', e->>'mime',
                                                         e->>'storage', e->>'text', e->>'done', e->>'fail') AS r
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/file/get' THEN
    aColumns := api_relation_columns('api', 'file');
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'path', 'name', 'fields'], null, true, false, ARRAY['path', 'name'])
    LOOP
      -- Fields are judged against api.file, so `data` comes only with the whole row.
      IF jsonb_typeof(e->'fields') = 'array' THEN
        FOR vField IN SELECT f #>> '{}' FROM jsonb_array_elements(e->'fields') AS f
        LOOP
          IF vField IS NULL OR NOT lower(vField) = ANY (aColumns) THEN
            PERFORM IncorrectValueInArray(coalesce(vField, 'null'), 'fields', aColumns);
          END IF;
        END LOOP;
      END IF;

      uId := coalesce((e->>'id')::uuid, api.get_file_id(e->>'name', e->>'path'));

      FOR x IN SELECT to_jsonb(r) FROM api.get_file(uId) AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/file/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_file(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/file/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.list_file(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/file/delete' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'path', 'name'], null, true, true, ARRAY['path', 'name'])
    LOOP
      -- The stored path form (with trailing slash) is expected here, as upstream.
      uId := coalesce((e->>'id')::uuid, GetFile(e->>'name', e->>'path'));
      RETURN NEXT json_build_object('success', coalesce(api.delete_file(uId), false));
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
  WHEN unique_violation THEN
    PERFORM AlreadyExists('File');
  WHEN foreign_key_violation THEN
    IF pPath = '/file/delete' THEN
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
