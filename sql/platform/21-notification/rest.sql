--------------------------------------------------------------------------------
-- notification module: REST dispatcher rest.notification (spec 21 §7; the
-- route is registered by the api module)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.notification (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
  j             json;
  n             bigint;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/notification' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['point', 'fields'])
    LOOP
      IF e ? 'point' AND jsonb_typeof(e->'point') NOT IN ('number', 'null') THEN
        PERFORM IncorrectJsonType(jsonb_typeof(e->'point'), 'number');
      END IF;

      FOR x IN SELECT to_jsonb(r) FROM api.notification(coalesce(to_timestamp((e->>'point')::double precision), now())) AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/notification/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true, true)
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.get_notification((e->>'id')::uuid) AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/notification/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_notification(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/notification/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby', 'groupby'])
    LOOP
      IF e->'groupby' IS NOT NULL AND e->'groupby' NOT IN ('null'::jsonb, '[]'::jsonb) THEN
        FOR j IN SELECT * FROM api.group_notification(e->'fields', e->'groupby', e->'search', e->'filter',
                                                      (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby')
        LOOP
          RETURN NEXT j;
        END LOOP;
      ELSE
        FOR x IN SELECT to_jsonb(r) FROM api.list_notification(e->'search', e->'filter', (e->>'reclimit')::integer,
                                                               (e->>'recoffset')::integer, e->'orderby') AS r
        LOOP
          RETURN NEXT RestFields(x, e->'fields');
        END LOOP;
      END IF;
    END LOOP;

  WHEN '/notification/changed/objects' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['objects', 'fromdate', 'todate'])
    LOOP
      IF e ? 'objects' AND jsonb_typeof(e->'objects') NOT IN ('array', 'null') THEN
        PERFORM IncorrectJsonType(jsonb_typeof(e->'objects'), 'array');
      END IF;

      FOR j IN SELECT * FROM api.changed_objects(CASE WHEN jsonb_typeof(e->'objects') = 'array' THEN JsonbToUUIDArray(e->'objects') END, (e->>'fromdate')::timestamptz, (e->>'todate')::timestamptz)
      LOOP
        RETURN NEXT j;
      END LOOP;
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
