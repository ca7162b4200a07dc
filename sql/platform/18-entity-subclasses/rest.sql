-- REST dispatchers of the reference subclasses (/form/field/* is in form.sql).
-- Each dispatcher keeps its own /<entity>/set (keys and api.set_* differ per
-- entity) and hands the paths all of them share to SubclassRest.

-- The paths every dispatcher of this module (references, job, message) answers
-- alike: /<entity>/type, /method, /count, /get, /list. Any other path runs an
-- object method (ExecuteDynamicMethod), as the upstream dispatchers do. pEntity
-- is the entity code, always a literal of our own dispatchers; it names the
-- api.count_/get_/list_<entity> functions called.
CREATE OR REPLACE FUNCTION SubclassRest (
  pEntity   text,
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/' || pEntity || '/type' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.type(GetEntity(pEntity)) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/' || pEntity || '/method' THEN

    RETURN QUERY SELECT * FROM SubclassMethods(pPath, pPayload);

  WHEN '/' || pEntity || '/count' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR x IN EXECUTE format('SELECT to_jsonb(c) FROM api.%I($1, $2) AS c', 'count_' || pEntity)
                 USING e->'search', e->'filter'
      LOOP
        RETURN NEXT json_build_object('count', x);
      END LOOP;
    END LOOP;

  WHEN '/' || pEntity || '/get' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN EXECUTE format('SELECT to_jsonb(t) FROM api.%I($1) t', 'get_' || pEntity)
                 USING (e->>'id')::uuid
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/' || pEntity || '/list' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'])
    LOOP
      FOR x IN EXECUTE format('SELECT to_jsonb(t) FROM api.%I($1, $2, $3, $4, $5) t', 'list_' || pEntity)
                 USING e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby'
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  ELSE

    RETURN NEXT ExecuteDynamicMethod(pPath, pPayload)::json;

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.vendor
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.vendor (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS DISTINCT FROM '/vendor/set' THEN
    RETURN QUERY SELECT * FROM SubclassRest('vendor', pPath, pPayload);
    RETURN;
  END IF;

  PERFORM RestRequireSession();

  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'code', 'name', 'description'], null, true, true, ARRAY['code', 'name', 'description', 'type'])
  LOOP
    SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, code text, name text, description text);
    FOR x IN SELECT to_jsonb(t) FROM api.set_vendor(r.id, r.parent, SubclassType(r.type, 'vendor'), r.code, r.name, r.description) t
    LOOP
      RETURN NEXT x::json;
    END LOOP;
  END LOOP;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.agent
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.agent (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS DISTINCT FROM '/agent/set' THEN
    RETURN QUERY SELECT * FROM SubclassRest('agent', pPath, pPayload);
    RETURN;
  END IF;

  PERFORM RestRequireSession();

  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'vendor', 'code', 'name', 'description'], null, true, true, ARRAY['vendor', 'code', 'name', 'description', 'type'])
  LOOP
    SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, vendor text, code text, name text, description text);
    FOR x IN SELECT to_jsonb(t) FROM api.set_agent(r.id, r.parent, SubclassType(r.type, 'agent'), SubclassVendor(r.vendor), r.code, r.name, r.description) t
    LOOP
      RETURN NEXT x::json;
    END LOOP;
  END LOOP;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.form
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.form (
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
  WHEN '/form/set' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'code', 'name', 'description'], null, true, true, ARRAY['code', 'name', 'description', 'type'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, code text, name text, description text);
      FOR x IN SELECT to_jsonb(t) FROM api.set_form(r.id, r.parent, SubclassType(r.type, 'form'), r.code, r.name, r.description) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/form/build' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'params'], ARRAY['id'])
    LOOP
      RETURN NEXT api.build_form((e->>'id')::uuid, e->'params');
    END LOOP;

  WHEN '/form/type', '/form/method', '/form/count', '/form/get', '/form/list' THEN

    RETURN QUERY SELECT * FROM SubclassRest('form', pPath, pPayload);

  ELSE

    -- Upstream hands every other /form/... path to the field dispatcher.
    RETURN QUERY SELECT * FROM rest.form_field(pPath, pPayload);

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.program
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.program (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS DISTINCT FROM '/program/set' THEN
    RETURN QUERY SELECT * FROM SubclassRest('program', pPath, pPayload);
    RETURN;
  END IF;

  PERFORM RestRequireSession();

  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'code', 'name', 'body', 'description'], null, true, true, ARRAY['code', 'name', 'body', 'description', 'type'])
  LOOP
    SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, code text, name text, body text, description text);
    FOR x IN SELECT to_jsonb(t) FROM api.set_program(r.id, r.parent, SubclassType(r.type, 'program'), r.code, r.name, r.body, r.description) t
    LOOP
      RETURN NEXT x::json;
    END LOOP;
  END LOOP;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.scheduler
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.scheduler (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS DISTINCT FROM '/scheduler/set' THEN
    RETURN QUERY SELECT * FROM SubclassRest('scheduler', pPath, pPayload);
    RETURN;
  END IF;

  PERFORM RestRequireSession();

  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'code', 'name', 'period', 'datestart', 'datestop', 'description'], null, true, true, ARRAY['code', 'name', 'description', 'type'])
  LOOP
    SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, code text, name text, period interval, datestart timestamptz, datestop timestamptz, description text);
    FOR x IN SELECT to_jsonb(t) FROM api.set_scheduler(r.id, r.parent, SubclassType(r.type, 'scheduler'), r.code, r.name, r.period, r.datestart, r.datestop, r.description) t
    LOOP
      RETURN NEXT x::json;
    END LOOP;
  END LOOP;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.version
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.version (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS DISTINCT FROM '/version/set' THEN
    RETURN QUERY SELECT * FROM SubclassRest('version', pPath, pPayload);
    RETURN;
  END IF;

  PERFORM RestRequireSession();

  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'code', 'name', 'description'], null, true, true, ARRAY['code', 'name', 'description', 'type'])
  LOOP
    SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, code text, name text, description text);
    FOR x IN SELECT to_jsonb(t) FROM api.set_version(r.id, r.parent, SubclassType(r.type, 'version'), r.code, r.name, r.description) t
    LOOP
      RETURN NEXT x::json;
    END LOOP;
  END LOOP;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
