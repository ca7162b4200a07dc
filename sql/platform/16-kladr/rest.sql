-- REST dispatcher of /kladr/*. No session check here: authentication is the
-- outer dispatcher's.

CREATE OR REPLACE FUNCTION rest.kladr (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
  n             bigint;
  nId           integer;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  CASE pPath
  WHEN '/kladr/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true, true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_address_tree((e->>'id')::integer) AS t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/kladr/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_address_tree(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/kladr/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.list_address_tree(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') AS t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/kladr/history' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code'], null, false, false, ARRAY['code'])
    LOOP
      nId := coalesce((e->>'id')::integer, GetAddressTreeId(e->>'code'));
      FOR x IN SELECT to_jsonb(t) FROM api.get_address_tree_history(nId) AS t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/kladr/string' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['code', 'short', 'level'], ARRAY['code'], true, true, ARRAY['code'])
    LOOP
      RETURN NEXT json_build_object('address', api.get_address_tree_string(e->>'code', coalesce((e->>'short')::integer, 0), coalesce((e->>'level')::integer, 0)));
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
