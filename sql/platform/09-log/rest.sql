-- REST dispatcher of /event/* (the current user's own log).

CREATE OR REPLACE FUNCTION rest.event (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         record;
  arKeys    text[];
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  IF current_session() IS NULL THEN
    PERFORM LoginFailed();
  END IF;

  CASE pPath
  WHEN '/event/log' THEN

    -- Upstream skips scope here and fails; all five filters are passed.
    arKeys := ARRAY['type', 'code', 'scope', 'datefrom', 'dateto'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_record(JsonbPayload(pPayload, false) -> 0)
               AS x(type text, code integer, scope text, datefrom timestamptz, dateto timestamptz)
    LOOP
      IF length(r.type) > 1 THEN
        PERFORM IncorrectCode(r.type, ARRAY['M', 'W', 'E', 'D']);
      END IF;
      FOR e IN SELECT * FROM api.user_log(r.type, r.code, r.scope, r.datefrom, r.dateto)
      LOOP
        RETURN NEXT row_to_json(e);
      END LOOP;
    END LOOP;

  WHEN '/event/log/set' THEN

    arKeys := ARRAY['type', 'code', 'scope', 'text'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);
    PERFORM CheckJsonbRequired(pPath, ARRAY['text'], JsonbPayload(pPayload, false, true));

    FOR r IN SELECT * FROM jsonb_to_record(JsonbPayload(pPayload, false, true) -> 0)
               AS x(type text, code integer, scope text, text text)
    LOOP
      FOR e IN SELECT * FROM api.write_to_log(coalesce(r.type, 'M'), coalesce(r.code, 9999), r.scope, r.text)
      LOOP
        RETURN NEXT row_to_json(e);
      END LOOP;
    END LOOP;

  WHEN '/event/log/get' THEN

    arKeys := ARRAY['id', 'fields'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);
    PERFORM CheckJsonbRequired(pPath, ARRAY['id'], JsonbPayload(pPayload, true, true));

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true)) AS x(id bigint, fields jsonb)
    LOOP
      FOR e IN EXECUTE format('SELECT %s FROM api.get_user_log($1)', JsonbToFields(r.fields, GetColumns('user_log', 'api'))) USING r.id
      LOOP
        RETURN NEXT row_to_json(e);
      END LOOP;
    END LOOP;

  WHEN '/event/log/count' THEN

    arKeys := ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload)) AS x(search jsonb, filter jsonb)
    LOOP
      FOR e IN SELECT * FROM api.count_user_log(r.search, r.filter) AS count
      LOOP
        RETURN NEXT json_build_object('count', e.count);
      END LOOP;
    END LOOP;

  WHEN '/event/log/list' THEN

    arKeys := ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_record(JsonbPayload(pPayload, false) -> 0)
               AS x(fields jsonb, search jsonb, filter jsonb, reclimit integer, recoffset integer, orderby jsonb)
    LOOP
      FOR e IN EXECUTE format('SELECT %s FROM api.list_user_log($1, $2, $3, $4, $5)', JsonbToFields(r.fields, GetColumns('user_log', 'api')))
                 USING r.search, r.filter, r.reclimit, r.recoffset, r.orderby
      LOOP
        RETURN NEXT row_to_json(e);
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
