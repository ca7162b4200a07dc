--------------------------------------------------------------------------------
-- replication module: REST dispatcher /replication/* (group replication only)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.replication (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
  n             bigint;
  aList         text[] := ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'];
  aRelay        text[] := ARRAY['source', 'id', 'datetime', 'action', 'schema', 'name', 'key', 'data', 'proxy'];
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  IF current_session() IS NULL THEN
    PERFORM LoginFailed();
  END IF;

  IF session_user <> 'kernel' AND NOT IsUserRole('00000000-0000-4000-a000-000000000005'::uuid, current_userid()) THEN
    PERFORM AccessDenied();
  END IF;

  CASE pPath
  WHEN '/replication/apply' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['source'], ARRAY['source'], true, true, ARRAY['source'])
    LOOP
      RETURN NEXT json_build_object('count', api.replication_apply(e->>'source'));
    END LOOP;

  WHEN '/replication/log' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'source', 'reclimit'], null, false, false, ARRAY['source'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.replication_log((e->>'id')::bigint, e->>'source', coalesce((e->>'reclimit')::integer, 500)) AS r
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/replication/log/max' THEN
    RETURN NEXT json_build_object('id', api.get_max_log_id());

  WHEN '/replication/log/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true, true)
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.get_replication_log((e->>'id')::bigint) AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/replication/log/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aList, null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_replication_log(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/replication/log/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aList)
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.list_replication_log(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/replication/relay/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aList, null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_relay_log(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/replication/relay/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aList)
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.list_relay_log(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/replication/relay/add' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aRelay, ARRAY['source', 'id', 'datetime', 'action', 'schema', 'name'], true, true,
                                       ARRAY['source', 'action', 'schema', 'name'])
    LOOP
      IF NOT e->>'action' = ANY (ARRAY['I', 'U', 'D']) THEN
        PERFORM IncorrectValueInArray(e->>'action', 'action', ARRAY['I', 'U', 'D']);
      END IF;
      FOREACH x IN ARRAY ARRAY[e->'key', e->'data']
      LOOP
        IF jsonb_typeof(x) NOT IN ('object', 'null') THEN
          PERFORM IncorrectJsonType(jsonb_typeof(x), 'object');
        END IF;
      END LOOP;
      PERFORM api.add_to_relay_log(e->>'source', (e->>'id')::bigint, (e->>'datetime')::timestamptz, (e->>'action')::char,
                                   e->>'schema', e->>'name', nullif(e->'key', 'null'::jsonb), nullif(e->'data', 'null'::jsonb),
                                   coalesce((e->>'proxy')::boolean, false));
      RETURN NEXT json_build_object('source', e->>'source', 'id', (e->>'id')::bigint, 'status', 'Accepted');
    END LOOP;

  WHEN '/replication/relay/max' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['source'], ARRAY['source'], true, true, ARRAY['source'])
    LOOP
      RETURN NEXT json_build_object('source', e->>'source', 'id', api.get_max_relay_id(e->>'source'));
    END LOOP;

  WHEN '/replication/relay/apply' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['source', 'id'], ARRAY['source', 'id'], true, true, ARRAY['source'])
    LOOP
      RETURN NEXT json_build_object('source', e->>'source', 'id', (e->>'id')::bigint,
                                    'message', api.replication_apply_relay(e->>'source', (e->>'id')::bigint));
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
