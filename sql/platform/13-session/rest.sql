--------------------------------------------------------------------------------
-- session module: REST /session/*
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.session (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
  uId           uuid;
  tOperDate     timestamp;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/session/set/area' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code'], null, false, true)
    LOOP
      uId := coalesce((e->>'id')::uuid, GetArea(e->>'code'));
      IF uId IS NULL OR NOT EXISTS (SELECT FROM db.area WHERE id = uId) THEN
        PERFORM ObjectNotFound('area', 'id', uId);
      END IF;
      PERFORM api.set_session_area(uId);
      FOR x IN SELECT to_jsonb(a) FROM api.current_area() a
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/session/set/interface' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code'], null, false, true)
    LOOP
      uId := coalesce((e->>'id')::uuid, GetInterface(e->>'code'));
      IF uId IS NULL OR NOT EXISTS (SELECT FROM db.interface WHERE id = uId) THEN
        PERFORM ObjectNotFound('interface', 'id', uId);
      END IF;
      PERFORM api.set_session_interface(uId);
      FOR x IN SELECT jsonb_build_object('id', i.id, 'code', i.code, 'name', i.name, 'description', i.description) FROM api.current_interface() i
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/session/set/locale' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code'], null, false, true)
    LOOP
      uId := coalesce((e->>'id')::uuid, (SELECT id FROM db.locale WHERE code = e->>'code'));
      IF uId IS NULL OR NOT EXISTS (SELECT FROM db.locale WHERE id = uId) THEN
        PERFORM ObjectNotFound('locale', 'id', uId);
      END IF;
      PERFORM api.set_session_locale(uId);
      FOR x IN SELECT jsonb_build_object('id', l.id, 'code', l.code, 'name', l.name, 'description', l.description) FROM api.current_locale() l
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/session/set/oper_date' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['oper_date'], null, false, true)
    LOOP
      IF NOT e ? 'oper_date' THEN
        PERFORM JsonKeyNotFound(pPath, 'oper_date');
      END IF;
      tOperDate := (e->>'oper_date')::timestamp;
      PERFORM api.set_session_oper_date(tOperDate);
      RETURN NEXT json_build_object('oper_date', api.oper_date());
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
