-- REST dispatcher of /registry/*.

CREATE OR REPLACE FUNCTION rest.registry (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         record;
  arKeys    text[];
  vType     text;
  vTypes    text[] := ARRAY['integer', 'numeric', 'datetime', 'string', 'boolean'];
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  IF current_session() IS NULL THEN
    PERFORM LoginFailed();
  END IF;

  IF session_user NOT IN ('kernel', 'apibot') AND NOT coalesce(is_admin(), false) THEN
    PERFORM AccessDenied();
  END IF;

  -- /registry/write/<type> and /registry/read/<type>
  vType := substring(pPath FROM '^/registry/(?:write|read)/([a-z]+)$');
  IF vType IS NOT NULL AND NOT (vType = ANY (vTypes)) THEN
    PERFORM RouteNotFound(pPath);
  END IF;

  CASE
  WHEN pPath = '/registry/list' THEN

    arKeys := ARRAY['id', 'key', 'subkey', 'extended'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload)) AS x(id uuid, key uuid, subkey uuid, extended boolean)
    LOOP
      IF coalesce(r.extended, false) THEN
        FOR e IN SELECT * FROM api.registry_ex(r.id, r.key, r.subkey) LOOP
          RETURN NEXT row_to_json(e);
        END LOOP;
      ELSE
        FOR e IN SELECT * FROM api.registry(r.id, r.key, r.subkey) LOOP
          RETURN NEXT row_to_json(e);
        END LOOP;
      END IF;
    END LOOP;

  WHEN pPath = '/registry/key' THEN

    arKeys := ARRAY['id', 'root', 'parent', 'key'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload)) AS x(id uuid, root uuid, parent uuid, key text)
    LOOP
      FOR e IN SELECT * FROM api.registry_key(r.id, r.root, r.parent, r.key) LOOP
        RETURN NEXT row_to_json(e);
      END LOOP;
    END LOOP;

  WHEN pPath = '/registry/value' THEN

    arKeys := ARRAY['id', 'key', 'extended'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload)) AS x(id uuid, key uuid, extended boolean)
    LOOP
      IF coalesce(r.extended, false) THEN
        FOR e IN SELECT * FROM api.registry_value_ex(r.id, r.key) LOOP
          RETURN NEXT row_to_json(e);
        END LOOP;
      ELSE
        FOR e IN SELECT * FROM api.registry_value(r.id, r.key) LOOP
          RETURN NEXT row_to_json(e);
        END LOOP;
      END IF;
    END LOOP;

  WHEN pPath = '/registry/get/key' THEN

    arKeys := ARRAY['id'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);
    PERFORM CheckJsonbRequired(pPath, arKeys, JsonbPayload(pPayload, true, true));

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true)) AS x(id uuid)
    LOOP
      RETURN NEXT json_build_object('key', api.registry_get_reg_key(r.id));
    END LOOP;

  WHEN pPath = '/registry/enum/key' THEN

    arKeys := ARRAY['key', 'subkey'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true)) AS x(key text, subkey text)
    LOOP
      FOR e IN SELECT * FROM api.registry_enum_key(r.key, r.subkey) LOOP
        RETURN NEXT row_to_json(e);
      END LOOP;
    END LOOP;

  WHEN pPath = '/registry/enum/value' THEN

    arKeys := ARRAY['key', 'subkey', 'extended'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true)) AS x(key text, subkey text, extended boolean)
    LOOP
      IF coalesce(r.extended, false) THEN
        FOR e IN SELECT * FROM api.registry_enum_value_ex(r.key, r.subkey) LOOP
          RETURN NEXT row_to_json(e);
        END LOOP;
      ELSE
        FOR e IN SELECT * FROM api.registry_enum_value(r.key, r.subkey) LOOP
          RETURN NEXT row_to_json(e);
        END LOOP;
      END IF;
    END LOOP;

  WHEN pPath = '/registry/write' THEN

    arKeys := ARRAY['id', 'key', 'subkey', 'name', 'type', 'data'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_record(JsonbPayload(pPayload, false, true) -> 0)
               AS x(id uuid, key text, subkey text, name text, type integer, data jsonb)
    LOOP
      IF r.type IS NULL OR r.type NOT BETWEEN 0 AND 4 THEN
        PERFORM IncorrectRegistryDataType(r.type);
      END IF;
      RETURN QUERY SELECT * FROM rest.registry('/registry/write/' || vTypes[r.type + 1],
        jsonb_build_object('id', r.id, 'key', r.key, 'subkey', r.subkey, 'name', r.name, 'value', r.data));
    END LOOP;

  WHEN pPath LIKE '/registry/write/%' THEN

    arKeys := ARRAY['id', 'key', 'subkey', 'name', 'value'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT x.id, x.key, x.subkey, x.name, el.item AS value
               FROM jsonb_array_elements(JsonbPayload(pPayload, true, true)) AS el(item),
                    jsonb_to_record(el.item) AS x(id uuid, key text, subkey text, name text)
    LOOP
      IF r.id IS NULL AND r.key IS NULL THEN
        PERFORM JsonKeyNotFound(pPath, 'key');
      END IF;
      RETURN NEXT json_build_object('id',
        CASE vType
          WHEN 'integer' THEN api.registry_write(r.id, r.key, r.subkey, r.name, 0, (r.value ->> 'value')::integer)
          WHEN 'numeric' THEN api.registry_write(r.id, r.key, r.subkey, r.name, 1, (r.value ->> 'value')::numeric)
          WHEN 'datetime' THEN api.registry_write(r.id, r.key, r.subkey, r.name, 2, (r.value ->> 'value')::timestamp)
          WHEN 'string' THEN api.registry_write(r.id, r.key, r.subkey, r.name, 3, (r.value ->> 'value')::text)
          WHEN 'boolean' THEN api.registry_write(r.id, r.key, r.subkey, r.name, 4, (r.value ->> 'value')::boolean)
        END);
    END LOOP;

  WHEN pPath = '/registry/read' OR pPath LIKE '/registry/read/%' THEN

    arKeys := ARRAY['id', 'key', 'subkey', 'name'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true)) AS x(key text, subkey text, name text)
    LOOP
      FOR e IN SELECT (v).* FROM (SELECT coalesce(api.registry_read(r.key, r.subkey, r.name), ROW(null, null, null, null, null, null)::Variant) AS v) AS s
      LOOP
        IF vType IS NULL THEN
          RETURN NEXT row_to_json(e);
        ELSE
          RETURN NEXT json_build_object('value',
            CASE vType
              WHEN 'integer' THEN to_json(CASE WHEN e.vtype = 0 THEN e.vinteger END)
              WHEN 'numeric' THEN to_json(CASE WHEN e.vtype = 1 THEN e.vnumeric END)
              WHEN 'datetime' THEN to_json(CASE WHEN e.vtype = 2 THEN e.vdatetime END)
              WHEN 'string' THEN to_json(CASE WHEN e.vtype = 3 THEN e.vstring END)
              WHEN 'boolean' THEN to_json(CASE WHEN e.vtype = 4 THEN e.vboolean END)
            END);
        END IF;
      END LOOP;
    END LOOP;

  WHEN pPath = '/registry/delete/key' THEN

    arKeys := ARRAY['key', 'subkey'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true)) AS x(key text, subkey text)
    LOOP
      PERFORM api.registry_delete_key(r.key, r.subkey);
      RETURN NEXT json_build_object('key', r.key, 'subkey', r.subkey, 'success', '');
    END LOOP;

  WHEN pPath = '/registry/delete/value' THEN

    arKeys := ARRAY['id', 'key', 'subkey', 'name'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true)) AS x(id uuid, key text, subkey text, name text)
    LOOP
      PERFORM api.registry_delete_value(r.id, r.key, r.subkey, r.name);
      RETURN NEXT json_build_object('id', r.id, 'key', r.key, 'subkey', r.subkey, 'name', r.name, 'success', '');
    END LOOP;

  WHEN pPath = '/registry/delete/tree' THEN

    arKeys := ARRAY['key', 'subkey'];
    PERFORM CheckJsonbKeys(pPath, arKeys, pPayload);

    FOR r IN SELECT * FROM jsonb_to_recordset(JsonbPayload(pPayload, true, true)) AS x(key text, subkey text)
    LOOP
      PERFORM api.registry_delete_tree(r.key, r.subkey);
      RETURN NEXT json_build_object('key', r.key, 'subkey', r.subkey, 'success', '');
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
