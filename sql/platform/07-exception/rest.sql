-- REST dispatcher of /error/*.

CREATE OR REPLACE FUNCTION rest.error (
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
  WHEN '/error/count' THEN

    arKeys := ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload)) AS x(search jsonb, filter jsonb)
    LOOP
      FOR e IN SELECT * FROM api.count_error(r.search, r.filter) AS count
      LOOP
        RETURN NEXT json_build_object('count', e.count);
      END LOOP;
    END LOOP;

  WHEN '/error/set' THEN

    arKeys := ARRAY['id', 'code', 'httpcode', 'severity', 'category', 'message', 'description', 'resolution'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true))
               AS x(id uuid, code text, httpcode integer, severity text, category text, message text, description text, resolution text)
    LOOP
      IF length(r.severity) > 1 THEN
        PERFORM IncorrectCode(r.severity, ARRAY['E', 'W']);
      END IF;
      FOR e IN SELECT * FROM api.set_error(r.id, r.code, r.httpcode, r.severity, r.category, r.message, r.description, r.resolution)
      LOOP
        RETURN NEXT row_to_json(e);
      END LOOP;
    END LOOP;

  WHEN '/error/get' THEN

    arKeys := ARRAY['id', 'fields'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);
    PERFORM CheckJsonbRequired(pPath, ARRAY['id'], JsonbPayload(pPayload, true, true));

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true)) AS x(id uuid, fields jsonb)
    LOOP
      FOR e IN EXECUTE format('SELECT %s FROM api.get_error($1)', JsonbToFields(r.fields, GetColumns('error_catalog', 'api'))) USING r.id
      LOOP
        RETURN NEXT row_to_json(e);
      END LOOP;
    END LOOP;

  WHEN '/error/code' THEN

    arKeys := ARRAY['code', 'fields'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);
    PERFORM CheckJsonbRequired(pPath, ARRAY['code'], JsonbPayload(pPayload, true, true));

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true)) AS x(code text, fields jsonb)
    LOOP
      FOR e IN EXECUTE format('SELECT %s FROM api.get_error_by_code($1)', JsonbToFields(r.fields, GetColumns('error_catalog', 'api'))) USING r.code
      LOOP
        RETURN NEXT row_to_json(e);
      END LOOP;
    END LOOP;

  WHEN '/error/list' THEN

    arKeys := ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_record(JsonbPayload(pPayload, false) -> 0)
               AS x(fields jsonb, search jsonb, filter jsonb, reclimit integer, recoffset integer, orderby jsonb)
    LOOP
      FOR e IN EXECUTE format('SELECT %s FROM api.list_error($1, $2, $3, $4, $5)', JsonbToFields(r.fields, GetColumns('error_catalog', 'api')))
                 USING r.search, r.filter, r.reclimit, r.recoffset, r.orderby
      LOOP
        RETURN NEXT row_to_json(e);
      END LOOP;
    END LOOP;

  ELSE
    -- Upstream hands unknown paths to ExecuteDynamicMethod, which ends in
    -- RouteNotFound for them; we answer that directly.
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
