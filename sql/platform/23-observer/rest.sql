--------------------------------------------------------------------------------
-- observer module: REST dispatcher /observer/*
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.observer (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
  n             bigint;
  aList         text[] := ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'];
  aListener     text[] := ARRAY['publisher', 'session', 'identity', 'filter', 'params'];
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  IF current_session() IS NULL THEN
    PERFORM LoginFailed();
  END IF;

  CASE pPath
  WHEN '/observer/subscribe' THEN
    -- `session` is accepted for compatibility and ignored: a caller subscribes
    -- its own session only.
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aListener, ARRAY['publisher'], true, true, ARRAY['publisher', 'session', 'identity'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.subscribe_observer(e->>'publisher', current_session(), coalesce(e->>'identity', 'main'), e->'filter', e->'params') AS r
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/observer/unsubscribe' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['publisher', 'session', 'identity'], ARRAY['publisher'], true, true, ARRAY['publisher', 'session', 'identity'])
    LOOP
      RETURN NEXT json_build_object('publisher', e->>'publisher',
                                    'unsubscribe', api.unsubscribe_observer(e->>'publisher', current_session(), coalesce(e->>'identity', 'main')));
    END LOOP;

  WHEN '/observer/publisher' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['code', 'fields'], null, false, false, ARRAY['code'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.publisher(e->>'code') AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/observer/publisher/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['code', 'fields'], ARRAY['code'], true, true, ARRAY['code'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.get_publisher(e->>'code') AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/observer/publisher/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aList, null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_publisher(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/observer/publisher/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aList)
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.list_publisher(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/observer/listener' THEN
    -- Spec'd asymmetry: the identity is not defaulted here (no identity, no row).
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['publisher', 'session', 'identity', 'fields'], null, false, false, ARRAY['publisher', 'session', 'identity'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.listener(e->>'publisher', coalesce(e->>'session', current_session()), e->>'identity') AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/observer/listener/set' THEN
    -- The session is not defaulted: it must name a valid session (ERR-40000 otherwise).
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aListener, ARRAY['publisher'], true, true, ARRAY['publisher', 'session', 'identity'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.set_listener(e->>'publisher', e->>'session', e->>'identity', e->'filter', e->'params') AS r
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/observer/listener/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['publisher', 'session', 'identity', 'fields'], ARRAY['publisher'], true, true, ARRAY['publisher', 'session', 'identity'])
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.get_listener(e->>'publisher', coalesce(e->>'session', current_session()), coalesce(e->>'identity', 'main')) AS r
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/observer/listener/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aList, null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_listener(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/observer/listener/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aList)
    LOOP
      FOR x IN SELECT to_jsonb(r) FROM api.list_listener(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') AS r
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
    PERFORM NotFound();
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
