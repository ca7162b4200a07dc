-- REST dispatchers of the report module (24-report §9). Unmatched paths fall
-- through report → report_tree → report_form → report_routine → report_ready
-- → ExecuteDynamicMethod (the second path segment as an action code). A `type`
-- key is read by SubclassType (18-entity-subclasses): a type id or a type code.

-- `/<x>/method`: a single body answers the method rows, a batch answers
-- {id, methods} per element.
CREATE OR REPLACE FUNCTION ReportRestMethods (
  pPath     text,
  pPayload  jsonb
) RETURNS   SETOF json
AS $$
DECLARE
  e         jsonb;
BEGIN
  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'], true)
  LOOP
    IF jsonb_typeof(pPayload) = 'array' THEN
      RETURN NEXT json_build_object('id', e->'id', 'methods',
        (SELECT coalesce(json_agg(row_to_json(m)), '[]'::json) FROM api.get_object_methods((e->>'id')::uuid) m));
    ELSE
      RETURN QUERY SELECT row_to_json(m) FROM api.get_object_methods((e->>'id')::uuid) m;
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- What to call the object of an action payload in an error message: the
-- entity's name when `id` names an object, else a generic word.
CREATE OR REPLACE FUNCTION ReportPayloadObjectName (
  pPayload  jsonb
) RETURNS   text
AS $$
DECLARE
  vName     text;
BEGIN
  IF jsonb_typeof(pPayload) = 'object' AND pPayload->>'id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    SELECT t.name INTO vName
      FROM db.object o INNER JOIN db.entity_text t ON t.entity = o.entity AND t.locale = current_locale()
     WHERE o.id = (pPayload->>'id')::uuid;
  END IF;
  RETURN coalesce(vName, 'Object');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- A key that must hold a JSON object (or nothing).
CREATE OR REPLACE FUNCTION ReportRestObject (
  pJson     jsonb,
  pKey      text
) RETURNS   jsonb
AS $$
BEGIN
  IF jsonb_typeof(pJson->pKey) IS NULL OR jsonb_typeof(pJson->pKey) = 'null' THEN
    RETURN null;
  END IF;
  IF jsonb_typeof(pJson->pKey) <> 'object' THEN
    PERFORM IncorrectJsonType(pKey || ': ' || jsonb_typeof(pJson->pKey), 'object');
  END IF;
  RETURN pJson->pKey;
END;
$$ LANGUAGE plpgsql IMMUTABLE
   SET search_path = kernel, pg_temp;

-- The paths all five dispatchers answer alike: /<x>/type, /method, /count,
-- /get, /list, told apart by the last path segment. pEntity is a literal of
-- our own dispatchers, checked against the module's entities because it
-- names the api.count_/get_/list_<entity> functions called.
CREATE OR REPLACE FUNCTION ReportRest (
  pEntity   text,
  pPath     text,
  pPayload  jsonb
) RETURNS   SETOF json
AS $$
DECLARE
  e         jsonb;
  x         jsonb;
BEGIN
  IF pEntity <> ALL (ARRAY['report', 'report_tree', 'report_form', 'report_routine', 'report_ready']) THEN
    PERFORM IncorrectCode(pEntity, ARRAY['report', 'report_tree', 'report_form', 'report_routine', 'report_ready']);
  END IF;

  CASE substring(pPath FROM '[^/]+$')
  WHEN 'type' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.type(GetEntity(pEntity)) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN 'method' THEN

    RETURN QUERY SELECT * FROM ReportRestMethods(pPath, pPayload);

  WHEN 'count' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR x IN EXECUTE format('SELECT to_jsonb(c) FROM api.%I($1, $2) AS c', 'count_' || pEntity)
                 USING e->'search', e->'filter'
      LOOP
        RETURN NEXT json_build_object('count', x);
      END LOOP;
    END LOOP;

  WHEN 'get' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN EXECUTE format('SELECT to_jsonb(t) FROM api.%I($1) t', 'get_' || pEntity)
                 USING (e->>'id')::uuid
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN 'list' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN EXECUTE format('SELECT to_jsonb(t) FROM api.%I($1, $2, $3, $4, $5) t', 'list_' || pEntity)
                 USING e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby'
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  END CASE;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.report
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.report (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
  uId       uuid;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/report/type', '/report/method', '/report/count', '/report/get', '/report/list' THEN

    RETURN QUERY SELECT * FROM ReportRest('report', pPath, pPayload);

  WHEN '/report/set' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'tree', 'form', 'binding', 'code', 'name', 'description', 'info'], null, true, true, ARRAY['type', 'code', 'name', 'description'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, tree uuid, form uuid, binding uuid, code text, name text, description text, info jsonb);
      FOR x IN SELECT to_jsonb(t) FROM api.set_report(r.id, r.parent, SubclassType(r.type, 'report'), r.tree, r.form, r.binding, r.code, r.name, r.description, r.info) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/report/build' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'form'], ARRAY['id'], false, true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.build_report((e->>'id')::uuid, ReportRestObject(e, 'form')) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/report/object/count' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['object', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY['object'], true)
    LOOP
      uId := GetObjectClass((e->>'object')::uuid);
      IF uId IS NULL THEN
        PERFORM ObjectNotFound('object', 'object', (e->>'object')::uuid);
      END IF;
      FOR x IN SELECT to_jsonb(c) FROM api.count_report_object(uId, e->'search', e->'filter') AS c
      LOOP
        RETURN NEXT json_build_object('count', x);
      END LOOP;
    END LOOP;

  WHEN '/report/object/list' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['object', 'fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'], ARRAY['object'], true)
    LOOP
      uId := GetObjectClass((e->>'object')::uuid);
      IF uId IS NULL THEN
        PERFORM ObjectNotFound('object', 'object', (e->>'object')::uuid);
      END IF;
      FOR x IN SELECT to_jsonb(t) FROM api.list_report_object(uId, e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  ELSE

    RETURN QUERY SELECT * FROM rest.report_tree(pPath, pPayload);

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
  WHEN unique_violation THEN
    PERFORM AlreadyExists('report');
  WHEN foreign_key_violation THEN
    PERFORM ReportObjectInUse(ReportPayloadObjectName(pPayload));
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.report_tree
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.report_tree (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/report/tree/type', '/report/tree/method', '/report/tree/count', '/report/tree/get', '/report/tree/list' THEN

    RETURN QUERY SELECT * FROM ReportRest('report_tree', pPath, pPayload);

  WHEN '/report/tree/set' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'root', 'node', 'code', 'name', 'description', 'sequence'], null, true, true, ARRAY['type', 'code', 'name', 'description'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, root uuid, node uuid, code text, name text, description text, sequence integer);
      FOR x IN SELECT to_jsonb(t) FROM api.set_report_tree(r.id, r.parent, SubclassType(r.type, 'report_tree'), r.root, r.node, r.code, r.name, r.description, r.sequence) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  ELSE

    RETURN QUERY SELECT * FROM rest.report_form(pPath, pPayload);

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
  WHEN unique_violation THEN
    PERFORM AlreadyExists('report_tree');
  WHEN foreign_key_violation THEN
    PERFORM ReportObjectInUse(ReportPayloadObjectName(pPayload));
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.report_form
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.report_form (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/report/form/type', '/report/form/method', '/report/form/count', '/report/form/get', '/report/form/list' THEN

    RETURN QUERY SELECT * FROM ReportRest('report_form', pPath, pPayload);

  WHEN '/report/form/set' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'code', 'name', 'definition', 'description'], null, true, true, ARRAY['type', 'code', 'name', 'definition', 'description'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, code text, name text, definition text, description text);
      FOR x IN SELECT to_jsonb(t) FROM api.set_report_form(r.id, r.parent, SubclassType(r.type, 'report_form'), r.code, r.name, r.definition, r.description) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/report/form/build' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'params'], ARRAY['id'], true)
    LOOP
      RETURN NEXT api.build_report_form((e->>'id')::uuid, ReportRestObject(e, 'params')::json);
    END LOOP;

  ELSE

    RETURN QUERY SELECT * FROM rest.report_routine(pPath, pPayload);

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
  WHEN unique_violation THEN
    PERFORM AlreadyExists('report_form');
  WHEN foreign_key_violation THEN
    PERFORM ReportObjectInUse(ReportPayloadObjectName(pPayload));
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.report_routine
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.report_routine (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/report/routine/type', '/report/routine/method', '/report/routine/count', '/report/routine/get', '/report/routine/list' THEN

    RETURN QUERY SELECT * FROM ReportRest('report_routine', pPath, pPayload);

  WHEN '/report/routine/set' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'report', 'code', 'name', 'definition', 'description', 'sequence'], null, true, true, ARRAY['type', 'code', 'name', 'definition', 'description'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, report uuid, code text, name text, definition text, description text, sequence integer);
      FOR x IN SELECT to_jsonb(t) FROM api.set_report_routine(r.id, r.parent, SubclassType(r.type, 'report_routine'), r.report, r.code, r.name, r.definition, r.description, r.sequence) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  ELSE

    RETURN QUERY SELECT * FROM rest.report_ready(pPath, pPayload);

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
  WHEN unique_violation THEN
    PERFORM AlreadyExists('report_routine');
  WHEN foreign_key_violation THEN
    PERFORM ReportObjectInUse(ReportPayloadObjectName(pPayload));
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.report_ready
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.report_ready (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/report/ready/type', '/report/ready/method', '/report/ready/count', '/report/ready/get', '/report/ready/list' THEN

    RETURN QUERY SELECT * FROM ReportRest('report_ready', pPath, pPayload);

  WHEN '/report/ready/set' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'report', 'form', 'label', 'description'], null, true, true, ARRAY['type', 'label', 'description'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, report uuid, label text, description text);
      FOR x IN SELECT to_jsonb(t) FROM api.set_report_ready(r.id, r.parent, SubclassType(r.type, 'report_ready'), r.report, ReportRestObject(e, 'form'), r.label, r.description) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  ELSE

    RETURN NEXT ExecuteDynamicMethod(pPath, pPayload)::json;

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
  WHEN unique_violation THEN
    PERFORM AlreadyExists('report_ready');
  WHEN foreign_key_violation THEN
    PERFORM ReportObjectInUse(ReportPayloadObjectName(pPayload));
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
