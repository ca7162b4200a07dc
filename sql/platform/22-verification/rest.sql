--------------------------------------------------------------------------------
-- verification module: REST dispatcher /verification/* (current user only)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.verification (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  x             jsonb;
  n             bigint;
  r             record;
  vType         char;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  IF current_session() IS NULL THEN
    PERFORM LoginFailed();
  END IF;

  CASE pPath
  WHEN '/verification/email/code', '/verification/phone/code' THEN
    vType := CASE WHEN pPath = '/verification/email/code' THEN 'M' ELSE 'P' END;
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['code'], null, true, false, ARRAY['code'])
    LOOP
      FOR x IN SELECT to_jsonb(v) FROM api.new_verification_code(vType, nullif(e->>'code', ''), current_userid()) AS v
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/verification/email/confirm', '/verification/phone/confirm' THEN
    vType := CASE WHEN pPath = '/verification/email/confirm' THEN 'M' ELSE 'P' END;
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['code'], ARRAY['code'], true, true, ARRAY['code'])
    LOOP
      SELECT * INTO r FROM api.confirm_verification_code(vType, e->>'code');
      RETURN NEXT json_build_object('result', r.result, 'message', r.message);
    END LOOP;

  WHEN '/verification/code/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true, true)
    LOOP
      FOR x IN SELECT to_jsonb(v) FROM api.get_verification_code((e->>'id')::uuid) AS v
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/verification/code/count' THEN
    IF session_user <> 'kernel' AND NOT IsAdmin(current_userid()) THEN
      PERFORM AccessDenied();
    END IF;
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR n IN SELECT * FROM api.count_verification_code(e->'search', e->'filter')
      LOOP
        RETURN NEXT json_build_object('count', n);
      END LOOP;
    END LOOP;

  WHEN '/verification/code/list' THEN
    IF session_user <> 'kernel' AND NOT IsAdmin(current_userid()) THEN
      PERFORM AccessDenied();
    END IF;
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN SELECT to_jsonb(v) FROM api.list_verification_code(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') AS v
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
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
