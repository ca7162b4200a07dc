--------------------------------------------------------------------------------
-- entity module: REST dispatchers rest.object, rest.reference, rest.document
-- (spec 18 §9.3, §10). Payload values are converted with the Json* helpers
-- of object.sql so a malformed value is a 400, never a cast error.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EntityListKeys () RETURNS text[]
AS $$ SELECT ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby']; $$
LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION EntityCountKeys () RETURNS text[]
AS $$ SELECT ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby']; $$
LANGUAGE sql IMMUTABLE;

-- A type given by id or by code ('<name>.<classcode>').
CREATE OR REPLACE FUNCTION EntityType (
  pJson       jsonb,
  pKey        text
) RETURNS     uuid
AS $$
DECLARE
  v           text := JsonText(pJson, pKey);
  uType       uuid;
BEGIN
  IF coalesce(v, '') = '' THEN
    RETURN null;
  END IF;
  IF v ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    uType := v::uuid;
  ELSE
    uType := GetType(lower(v));
  END IF;
  IF uType IS NULL OR NOT EXISTS (SELECT FROM db.type WHERE id = uType) THEN
    PERFORM ObjectNotFound('type', pKey, v);
  END IF;
  RETURN uType;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- A comparison the column's type does not support (GIN on text, NOT on an
-- integer) is the caller's mistake: 400, not the 500 of an undefined operator.
CREATE OR REPLACE FUNCTION EntityOperatorError (
  pMessage    text
) RETURNS     void
AS $$
BEGIN
  IF pMessage LIKE 'operator does not exist:%' THEN
    PERFORM IncorrectValueInArray(pMessage, 'compare', ARRAY['EQL', 'NEQ', 'LSS', 'LEQ', 'GTR', 'GEQ', 'GIN', 'AND', 'OR', 'XOR', 'NOT', 'ISN', 'INN', 'LKE', 'IKE', 'SIM', 'PSX', 'PSI', 'PSN', 'PIN']);
  END IF;
  RAISE EXCEPTION '%', pMessage USING ERRCODE = 'undefined_function';
END;
$$ LANGUAGE plpgsql
   SET search_path = kernel, pg_temp;

-- `{count}` per element of a count body, over an api view.
CREATE OR REPLACE FUNCTION EntityRestCount (
  pPath       text,
  pPayload    jsonb,
  pView       text
) RETURNS     SETOF json
AS $$
DECLARE
  e           jsonb;
  nCount      bigint;
  vMessage    text;
BEGIN
  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, EntityCountKeys(), null, true)
  LOOP
    BEGIN
      -- A count reads every visible row whatever the order, so the scan view's
      -- early stop buys nothing: the plain view (same rows) counts faster.
      EXECUTE api.sql('api', pView, e->'search', e->'filter', 0, null, '{}'::jsonb, '["count(*)"]'::jsonb) INTO nCount;
    EXCEPTION
    WHEN undefined_function THEN
      GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT;
      PERFORM EntityOperatorError(vMessage);
    END;
    RETURN NEXT json_build_object('count', nCount);
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- `fields` of a list must name columns of its view, whether or not a row
-- comes back (a projection alone would only notice on the first row).
CREATE OR REPLACE FUNCTION EntityCheckFields (
  pFields     jsonb,
  pView       text
) RETURNS     void
AS $$
DECLARE
  aColumns    text[];
  vField      text;
BEGIN
  IF pFields IS NULL OR jsonb_typeof(pFields) = 'null' OR pFields IN ('[]'::jsonb, '{}'::jsonb) THEN
    RETURN;
  END IF;
  IF jsonb_typeof(pFields) <> 'array' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pFields), 'array');
  END IF;
  aColumns := api_relation_columns('api', pView);
  FOR vField IN SELECT CASE WHEN jsonb_typeof(f) = 'string' THEN f #>> '{}' END FROM jsonb_array_elements(pFields) f
  LOOP
    IF vField IS NULL OR NOT lower(vField) = ANY (aColumns) THEN
      PERFORM IncorrectValueInArray(coalesce(vField, 'null'), 'fields', aColumns);
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- EntityListQuery took the statement text until it learnt to key its cache by
-- the request; an updated database drops that form (update re-creates
-- functions but never drops them).
DROP FUNCTION IF EXISTS EntityListQuery(text);

-- The statement text of a list (see EntityListQuery): api.sql builds and
-- validates it.
CREATE OR REPLACE FUNCTION EntityListText (
  pView       text,
  pSearch     jsonb,
  pFilter     jsonb,
  pLimit      integer,
  pOffSet     integer,
  pOrderBy    jsonb,
  pFields     jsonb
) RETURNS     text
AS $$
BEGIN
  RETURN 'SELECT to_json(t) FROM (' || api.sql('api', pView, pSearch, pFilter, pLimit, pOffSet, pOrderBy, pFields) || ') t';
END;
$$ LANGUAGE plpgsql STABLE
   SET search_path = kernel, pg_temp;

-- Deallocates every list statement of the connection (the cap of
-- EntityListQuery), and forgets the settings that name them.
CREATE OR REPLACE FUNCTION EntityListEvict ()
RETURNS       void
AS $$
DECLARE
  vKey        text;
BEGIN
  FOR vKey IN SELECT substr(name, 14) FROM pg_prepared_statements WHERE name LIKE 'pgfleet\_list\_%'
  LOOP
    EXECUTE format('DEALLOCATE %I', 'pgfleet_list_' || vKey);
    PERFORM set_config('pgfleet.list_' || left(vKey, 3), '', false);
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SET search_path = kernel, pg_temp;

-- A list over an api view, run through a per-connection statement cache, as
-- json rows. Planning the wide entity views costs more than running them with
-- a small limit, and PL/pgSQL never keeps a plan for a dynamic EXECUTE, so
-- each distinct list is PREPAREd once per connection and EXECUTEd after that.
--
-- The cache key is the request itself (view and list parameters), so a
-- repeated list skips the statement builder as well. The text is built, and
-- every identifier and value validated, by api.sql the first time; a request
-- that fails validation is never prepared, so a hit is always a request that
-- passed it. Searches on a code column (typecode, …) are the exception: the
-- builder turns the code into an id when it builds, so those are keyed by the
-- generated text and built on every call.
--
-- The statement has no parameters, so PostgreSQL plans it once and reuses that
-- plan. LIMIT and OFFSET stay literals: as parameters the planner costs the
-- generic plan for an unknown limit (a tenth of the rows), prefers a custom
-- plan on every call and nothing is saved. One plan serves every caller of the
-- connection: the session-bound values (scope, principals, locale) are
-- InitPlans evaluated per execution, and the view was chosen before the key.
--
-- The cache itself is the set of prepared statements named
-- pgfleet_list_<md5 of the key>: a name always stands for the same text. A
-- custom setting per key prefix (at most 4,096 of them) remembers the last key
-- prepared under that prefix, so a hit reads one setting. Settings are
-- transactional and PREPARE is not, so a setting may be lost (rolled back) while
-- its statement lives on, or outlive its statement (an eviction rolled back,
-- a DEALLOCATE from elsewhere); the first case falls back to
-- pg_prepared_statements, the second is caught when EXECUTE does not find the
-- statement. At most 256 list statements live per connection: the miss that
-- would add one more deallocates them all (the hot ones come back on their
-- next call).
--
-- random_page_cost: the statement is planned (and re-planned after an
-- invalidation) only here, under this setting. The views' two dozen lookups
-- per row read small, always cached tables (types, states, their texts); at
-- the default cost of 4 the planner reads them whole for every row (a
-- sequential scan of 100–200 rows, each lookup), which was a third of a list's
-- instructions. At 1.1, the usual value for cached data, it probes their keys.
-- Tables of one page it still reads whole (18–30 rows, each tuple checked for
-- visibility and filtered), at about twice the cost of a probe of the primary
-- key: enable_seqscan = off makes every lookup a probe (-0.5 M instructions
-- per page of 10). Every table a list reads has an index on the keys it uses;
-- a search on an unindexed column still gets its sequential scan, at a price
-- the planner then ignores when it weighs the other choices.
CREATE OR REPLACE FUNCTION EntityListQuery (
  pView       text,
  pSearch     jsonb,
  pFilter     jsonb,
  pLimit      integer,
  pOffSet     integer,
  pOrderBy    jsonb,
  pFields     jsonb DEFAULT null
) RETURNS     SETOF json
AS $$
DECLARE
  vText       text;
  vKey        text;
  vSlot       text;
  vName       text;
  nCached     integer;
  bPrepared   boolean;
BEGIN
  IF pSearch IS NOT NULL AND jsonb_typeof(pSearch) = 'array' AND jsonb_path_exists(pSearch,
       '$[*].field ? (@ like_regex "^(statetypecode|typecode|classcode|entitycode)$" flag "i")') THEN
    vText := EntityListText(pView, pSearch, pFilter, pLimit, pOffSet, pOrderBy, pFields);
    vKey := md5(vText);
  ELSE
    vKey := md5(jsonb_build_array(pView, pSearch, pFilter, pLimit, pOffSet, pOrderBy, pFields)::text);
  END IF;

  vName := 'pgfleet_list_' || vKey;
  vSlot := 'pgfleet.list_' || left(vKey, 3);

  PERFORM set_config('pgfleet.list_locale', current_locale()::text, true);

  IF current_setting(vSlot, true) IS DISTINCT FROM vKey THEN
    SELECT count(*), coalesce(bool_or(s.name = vName), false) INTO nCached, bPrepared
      FROM pg_prepared_statements s
     WHERE s.name LIKE 'pgfleet\_list\_%';

    IF NOT bPrepared THEN
      vText := coalesce(vText, EntityListText(pView, pSearch, pFilter, pLimit, pOffSet, pOrderBy, pFields));
      IF nCached >= 256 THEN
        PERFORM EntityListEvict();
      END IF;
      EXECUTE format('PREPARE %I AS %s', vName, vText);
    END IF;
    PERFORM set_config(vSlot, vKey, false);
  END IF;

  BEGIN
    RETURN QUERY EXECUTE format('EXECUTE %I', vName);
  EXCEPTION
  WHEN syntax_error THEN
    -- SPI reports the EXECUTE of a missing prepared statement as a syntax error
    -- ("EXECUTE query does not return tuples"). When the statement is missing,
    -- the setting outlived it (see above): prepare it again.
    IF EXISTS (SELECT FROM pg_prepared_statements WHERE name = vName) THEN
      RAISE;
    END IF;
    vText := coalesce(vText, EntityListText(pView, pSearch, pFilter, pLimit, pOffSet, pOrderBy, pFields));
    EXECUTE format('PREPARE %I AS %s', vName, vText);
    RETURN QUERY EXECUTE format('EXECUTE %I', vName);
  END;

  -- RETURN QUERY has read every row, so the pin ends with the statement.
  PERFORM set_config('pgfleet.list_locale', '', true);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp
   SET random_page_cost = 1.1
   SET enable_seqscan = off;

-- Rows of a list body over an api view, projected on `fields`. A `fields`
-- list made only of aggregate calls (spec 18 §9.2) goes to the builder, which
-- validates them; any other list is a projection of the row. Which of the
-- view's two forms a caller reads (id list or scan) is EntityListView's choice.
CREATE OR REPLACE FUNCTION EntityRestList (
  pPath       text,
  pPayload    jsonb,
  pView       text,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF json
AS $$
DECLARE
  e           jsonb;
  x           json;
  vView       text;
  bProject    boolean;
  jOrder      jsonb;
  vMessage    text;
BEGIN
  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, EntityListKeys())
  LOOP
    BEGIN
      vView := EntityListView(pView);
      IF jsonb_typeof(e->'fields') = 'array' AND jsonb_array_length(e->'fields') > 0 AND NOT EXISTS (
           SELECT FROM jsonb_array_elements(e->'fields') f
            WHERE jsonb_typeof(f) <> 'string'
               OR f #>> '{}' !~* '^\s*(sum|count|max|min|avg)\s*\(.*\)(\s+as\s+[a-z_][a-z0-9_]*)?\s*$') THEN
        RETURN QUERY SELECT * FROM EntityListQuery(vView, e->'search', e->'filter', JsonInt(e, 'reclimit'), JsonInt(e, 'recoffset'),
                                                   coalesce(e->'orderby', '{}'::jsonb), e->'fields');
      ELSE
        PERFORM EntityCheckFields(e->'fields', pView);
        bProject := jsonb_typeof(e->'fields') = 'array' AND jsonb_array_length(e->'fields') > 0;
        jOrder := coalesce(e->'orderby', pOrderBy);
        -- A plain page of the object scan (no search or filter, the default
        -- order or none) walks object_pdate_idx without sorting: its lookups
        -- can be memoized joins (ObjectLateral) instead of per-row sub-selects.
        IF vView = 'object_scan' AND e->'search' IS NULL AND e->'filter' IS NULL
           AND (jOrder IS NULL OR jOrder IN ('null'::jsonb, '[]'::jsonb, '{}'::jsonb)) THEN
          vView := 'object_scan_lateral';
        END IF;
        IF bProject THEN
          FOR x IN SELECT * FROM EntityListQuery(vView, e->'search', e->'filter', JsonInt(e, 'reclimit'), JsonInt(e, 'recoffset'), jOrder)
          LOOP
            RETURN NEXT RestFields(x::jsonb, e->'fields');
          END LOOP;
        ELSE
          RETURN QUERY SELECT * FROM EntityListQuery(vView, e->'search', e->'filter', JsonInt(e, 'reclimit'), JsonInt(e, 'recoffset'), jOrder);
        END IF;
      END IF;
    EXCEPTION
    WHEN grouping_error THEN
      -- e.g. an aggregate list ordered by a plain column: the caller's mistake.
      GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT;
      PERFORM IncorrectValueInArray(vMessage, 'orderby', ARRAY[]::text[]);
    WHEN undefined_function THEN
      GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT;
      PERFORM EntityOperatorError(vMessage);
    END;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- `/<e>/method`: rows for a single body, `{id, methods}` per element otherwise.
CREATE OR REPLACE FUNCTION EntityRestMethod (
  pPath       text,
  pPayload    jsonb
) RETURNS     SETOF json
AS $$
DECLARE
  e           jsonb;
  uId         uuid;
BEGIN
  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'], true)
  LOOP
    uId := JsonUUID(e, 'id');
    PERFORM EntityRequireAccess(uId, B'100');
    IF jsonb_typeof(pPayload) = 'array' THEN
      RETURN NEXT json_build_object('id', uId, 'methods',
        (SELECT coalesce(json_agg(m), '[]'::json) FROM api.get_object_methods(uId) m));
    ELSE
      RETURN QUERY SELECT row_to_json(m) FROM api.get_object_methods(uId) m;
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- `/<e>/type` of the generic bases: the type row of the given object.
CREATE OR REPLACE FUNCTION EntityRestType (
  pPath       text,
  pPayload    jsonb
) RETURNS     SETOF json
AS $$
DECLARE
  e           jsonb;
  x           jsonb;
  uId         uuid;
BEGIN
  FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
  LOOP
    uId := JsonUUID(e, 'id');
    PERFORM EntityRequireAccess(uId, B'100');
    FOR x IN SELECT to_jsonb(t) FROM api.type t WHERE t.id = GetObjectType(uId)
    LOOP
      RETURN NEXT RestFields(x, e->'fields');
    END LOOP;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.object
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.object (
  pPath       text,
  pPayload    jsonb DEFAULT null
) RETURNS     SETOF json
AS $$
DECLARE
  e           jsonb;
  x           jsonb;
  r           record;
  uId         uuid;
  uGroup      uuid;
  uLinked     uuid;
  vKey        text;
  dFrom       timestamptz;
  bDone       boolean;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE lower(pPath)
  WHEN '/object/class' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      uId := JsonUUID(e, 'id');
      PERFORM EntityRequireAccess(uId, B'100');
      FOR x IN SELECT to_jsonb(t) FROM api.class t WHERE t.id = GetObjectClass(uId)
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/object/type' THEN
    RETURN QUERY SELECT * FROM EntityRestType(pPath, pPayload);

  WHEN '/object/state' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      uId := JsonUUID(e, 'id');
      PERFORM EntityRequireAccess(uId, B'100');
      FOR x IN SELECT to_jsonb(t) FROM api.state t WHERE t.id = GetObjectState(uId)
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/object/state/history/count' THEN
    RETURN QUERY SELECT * FROM EntityRestCount(pPath, pPayload, 'object_state_history');

  WHEN '/object/state/history/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_object_state_history(JsonUUID(e, 'id')) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/object/state/history/list' THEN
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'object_state_history', '["validfromdate"]'::jsonb);

  WHEN '/object/method' THEN
    RETURN QUERY SELECT * FROM EntityRestMethod(pPath, pPayload);

  WHEN '/object/method/execute' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'method', 'code', 'params'], ARRAY['id'], true)
    LOOP
      uId := JsonUUID(e, 'id');
      IF e ? 'method' AND jsonb_typeof(e->'method') <> 'null' THEN
        RETURN NEXT api.execute_method(uId, JsonUUID(e, 'method'), e->'params')::json;
      ELSIF coalesce(JsonText(e, 'code'), '') <> '' THEN
        RETURN NEXT api.execute_object_action(uId, JsonText(e, 'code'), e->'params')::json;
      ELSE
        PERFORM MethodIsEmpty();
      END IF;
    END LOOP;

  WHEN '/object/action/execute' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'action', 'code', 'params'], ARRAY['id'], true)
    LOOP
      uId := JsonUUID(e, 'id');
      IF e ? 'action' AND jsonb_typeof(e->'action') <> 'null' THEN
        RETURN NEXT json_build_object('execute_object_action', api.execute_object_action(uId, JsonUUID(e, 'action'), e->'params'));
      ELSE
        RETURN NEXT json_build_object('execute_object_action', api.execute_object_action(uId, JsonText(e, 'code'), e->'params'));
      END IF;
    END LOOP;

  WHEN '/object/method/history/count' THEN
    RETURN QUERY SELECT * FROM EntityRestCount(pPath, pPayload, 'object_method_history');

  WHEN '/object/method/history/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_object_method_history(JsonUUID(e, 'id')) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/object/method/history/list' THEN
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'object_method_history', '["datetime"]'::jsonb);

  WHEN '/object/count' THEN
    RETURN QUERY SELECT * FROM EntityRestCount(pPath, pPayload, 'object');

  WHEN '/object/list' THEN
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'object');

  WHEN '/object/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_object(JsonUUID(e, 'id')) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/object/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'label', 'data'], null, true, true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.set_object(JsonUUID(e, 'id'), JsonUUID(e, 'parent'), EntityType(e, 'type'), JsonText(e, 'label'), JsonText(e, 'data')) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/object/delete/force' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'], true)
    LOOP
      uId := JsonUUID(e, 'id');
      PERFORM EntityRequireAccess(uId, B'001');
      PERFORM api.object_force_delete(uId);
      RETURN NEXT json_build_object('success', '');
    END LOOP;

  WHEN '/object/access' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id'], ARRAY['id'])
    LOOP
      RETURN QUERY SELECT row_to_json(t) FROM api.object_access(JsonUUID(e, 'id')) t;
    END LOOP;

  WHEN '/object/access/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'mask', 'userid'], ARRAY['id'], true)
    LOOP
      PERFORM api.chmodo(JsonUUID(e, 'id'), JsonInt(e, 'mask'), coalesce(JsonUUID(e, 'userid'), current_userid()));
      RETURN NEXT e::json;
    END LOOP;

  WHEN '/object/access/decode' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'userid'], ARRAY['id'], true)
    LOOP
      uId := JsonUUID(e, 'id');
      PERFORM EntityRequireObject(uId);
      RETURN QUERY SELECT row_to_json(t) FROM api.decode_object_access(uId, coalesce(JsonUUID(e, 'userid'), current_userid())) t;
    END LOOP;

  WHEN '/object/group/count' THEN
    RETURN QUERY SELECT * FROM EntityRestCount(pPath, pPayload, 'object_group');

  WHEN '/object/group/list' THEN
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'object_group');

  WHEN '/object/group/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code', 'name', 'description'], null, true, true)
    LOOP
      RETURN QUERY SELECT row_to_json(t) FROM api.set_object_group(JsonUUID(e, 'id'), JsonText(e, 'code'), JsonText(e, 'name'), JsonText(e, 'description')) t;
    END LOOP;

  WHEN '/object/group/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code', 'fields'], null, true, true)
    LOOP
      uGroup := coalesce(JsonUUID(e, 'id'), GetObjectGroup(JsonText(e, 'code')));
      FOR x IN SELECT to_jsonb(t) FROM api.get_object_group(uGroup) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/object/group/member' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code'], null, false, true)
    LOOP
      uGroup := coalesce(JsonUUID(e, 'id'), GetObjectGroup(JsonText(e, 'code')));
      PERFORM EntityOwnGroup(uGroup);
      RETURN QUERY SELECT row_to_json(t) FROM api.object_group_member(uGroup) t;
    END LOOP;

  WHEN '/object/group/member/add', '/object/group/member/delete' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code', 'object'], ARRAY['object'], true)
    LOOP
      uGroup := coalesce(JsonUUID(e, 'id'), GetObjectGroup(JsonText(e, 'code')));
      IF lower(pPath) = '/object/group/member/add' THEN
        PERFORM api.add_object_to_group(uGroup, JsonUUID(e, 'object'));
      ELSE
        PERFORM api.delete_object_from_group(uGroup, JsonUUID(e, 'object'));
      END IF;
      RETURN NEXT e::json;
    END LOOP;

  WHEN '/object/link', '/object/link/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['object', 'linked', 'key', 'datefrom'], ARRAY['object'], true)
    LOOP
      RETURN QUERY SELECT row_to_json(t) FROM api.set_object_link(JsonUUID(e, 'object'), JsonUUID(e, 'linked'), JsonText(e, 'key'), JsonTimestamp(e, 'datefrom')) t;
    END LOOP;

  WHEN '/object/unlink' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['object', 'linked', 'key', 'datefrom'], ARRAY['object', 'linked'], true)
    LOOP
      uId := JsonUUID(e, 'object');
      uLinked := JsonUUID(e, 'linked');
      dFrom := coalesce(JsonTimestamp(e, 'datefrom'), oper_date());
      PERFORM EntityRequireAccess(uId, B'010');

      SELECT key INTO vKey FROM db.object_link
       WHERE object = uId AND linked = uLinked
         AND (JsonText(e, 'key') IS NULL OR key = JsonText(e, 'key'))
         AND validFromDate <= dFrom AND validToDate > dFrom
       LIMIT 1;

      bDone := vKey IS NOT NULL;
      IF bDone THEN
        PERFORM SetObjectLink(uId, null, vKey, dFrom);
      END IF;

      RETURN NEXT json_build_object('object', uId, 'linked', uLinked, 'key', coalesce(vKey, JsonText(e, 'key')), 'datefrom', dFrom, 'unlink', bDone);
    END LOOP;

  WHEN '/object/link/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_object_link(JsonUUID(e, 'id')) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/object/link/count' THEN
    RETURN QUERY SELECT * FROM EntityRestCount(pPath, pPayload, 'object_link');

  WHEN '/object/link/list' THEN
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'object_link', '["validfromdate desc"]'::jsonb);

  WHEN '/object/data', '/object/data/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'data'], ARRAY['id'], true)
    LOOP
      uId := JsonUUID(e, 'id');
      IF e ? 'data' AND jsonb_typeof(e->'data') <> 'null' THEN
        RETURN QUERY SELECT row_to_json(t) FROM api.set_object_data_jsonb(uId,
          CASE WHEN jsonb_typeof(e->'data') = 'object' THEN jsonb_build_array(e->'data') ELSE e->'data' END) t;
      ELSIF lower(pPath) = '/object/data' THEN
        RETURN NEXT api.get_object_data_json(uId);
      ELSE
        PERFORM JsonKeyNotFound(pPath, 'data');
      END IF;
    END LOOP;

  WHEN '/object/data/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'type', 'code', 'fields'], ARRAY['id', 'code'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_object_data(JsonUUID(e, 'id'), coalesce(JsonText(e, 'type'), 'text'), JsonText(e, 'code')) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/object/data/count' THEN
    RETURN QUERY SELECT * FROM EntityRestCount(pPath, pPayload, 'object_data');

  WHEN '/object/data/list' THEN
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'object_data');

  WHEN '/object/geolocation', '/object/geolocation/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'coordinates'], ARRAY['id'], true)
    LOOP
      uId := JsonUUID(e, 'id');
      IF e ? 'coordinates' AND jsonb_typeof(e->'coordinates') <> 'null' THEN
        RETURN QUERY SELECT row_to_json(t) FROM api.set_object_coordinates_json(uId, (e->'coordinates')::json) t;
      ELSIF lower(pPath) = '/object/geolocation' THEN
        RETURN NEXT api.get_object_coordinates_json(uId);
      ELSE
        PERFORM JsonKeyNotFound(pPath, 'coordinates');
      END IF;
    END LOOP;

  WHEN '/object/geolocation/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code', 'datefrom', 'datefrom_ut', 'fields'], ARRAY['id'], true)
    LOOP
      dFrom := coalesce(JsonTimestamp(e, 'datefrom'), to_timestamp(JsonNumeric(e, 'datefrom_ut')), oper_date());
      FOR x IN SELECT to_jsonb(t) FROM api.get_object_coordinates(JsonUUID(e, 'id'), coalesce(JsonText(e, 'code'), 'default'), dFrom) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/object/geolocation/count' THEN
    RETURN QUERY SELECT * FROM EntityRestCount(pPath, pPayload, 'object_coordinates');

  WHEN '/object/geolocation/list' THEN
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'object_coordinates', '["validfromdate desc"]'::jsonb);

  WHEN '/object/address', '/object/address/set', '/object/address/get', '/object/address/list' THEN
    -- Addresses are a configuration entity (spec 18 §5.5).
    RETURN QUERY SELECT * FROM EntityRestAddress(lower(pPath), pPayload);

  WHEN '/object/file', '/object/file/set', '/object/file/get', '/object/file/count', '/object/file/list',
       '/object/file/delete', '/object/file/clear' THEN
    RETURN QUERY SELECT * FROM EntityRestFile(lower(pPath), pPayload);

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- /object/address*: served when the configuration provides the address
-- functions, otherwise the route does not exist.
CREATE OR REPLACE FUNCTION EntityRestAddress (
  pPath       text,
  pPayload    jsonb
) RETURNS     SETOF json
AS $$
DECLARE
  e           jsonb;
  x           jsonb;
BEGIN
  IF to_regclass('api.object_address') IS NULL THEN
    PERFORM RouteNotFound(pPath);
  END IF;

  CASE pPath
  WHEN '/object/address' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'addresses'], ARRAY['id'], true)
    LOOP
      IF e ? 'addresses' AND jsonb_typeof(e->'addresses') <> 'null' THEN
        RETURN QUERY EXECUTE 'SELECT row_to_json(t) FROM api.set_object_addresses_json($1, $2) t' USING JsonUUID(e, 'id'), (e->'addresses')::json;
      ELSE
        RETURN QUERY EXECUTE 'SELECT api.get_object_addresses_json($1)' USING JsonUUID(e, 'id');
      END IF;
    END LOOP;
  WHEN '/object/address/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'address', 'datefrom'], ARRAY['id', 'address'], true)
    LOOP
      RETURN QUERY EXECUTE 'SELECT row_to_json(t) FROM api.set_object_address($1, $2, $3) t'
        USING JsonUUID(e, 'id'), JsonUUID(e, 'address'), coalesce(JsonTimestamp(e, 'datefrom'), oper_date());
    END LOOP;
  WHEN '/object/address/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN EXECUTE 'SELECT to_jsonb(t) FROM api.get_object_address($1) t' USING JsonUUID(e, 'id')
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;
  ELSE
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'object_address');
  END CASE;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.reference
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.reference (
  pPath       text,
  pPayload    jsonb DEFAULT null
) RETURNS     SETOF json
AS $$
DECLARE
  e           jsonb;
  x           jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE lower(pPath)
  WHEN '/reference/type' THEN
    RETURN QUERY SELECT * FROM EntityRestType(pPath, pPayload);

  WHEN '/reference/method' THEN
    RETURN QUERY SELECT * FROM EntityRestMethod(pPath, pPayload);

  WHEN '/reference/count' THEN
    RETURN QUERY SELECT * FROM EntityRestCount(pPath, pPayload, 'reference');

  WHEN '/reference/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'code', 'name', 'description'], null, true, true)
    LOOP
      RETURN QUERY SELECT row_to_json(t) FROM api.set_reference(JsonUUID(e, 'id'), JsonUUID(e, 'parent'), EntityType(e, 'type'),
        JsonText(e, 'code'), JsonText(e, 'name'), JsonText(e, 'description')) t;
    END LOOP;

  WHEN '/reference/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_reference(JsonUUID(e, 'id')) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/reference/list' THEN
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'reference');

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.document
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.document (
  pPath       text,
  pPayload    jsonb DEFAULT null
) RETURNS     SETOF json
AS $$
DECLARE
  e           jsonb;
  x           jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE lower(pPath)
  WHEN '/document/type' THEN
    RETURN QUERY SELECT * FROM EntityRestType(pPath, pPayload);

  WHEN '/document/method' THEN
    RETURN QUERY SELECT * FROM EntityRestMethod(pPath, pPayload);

  WHEN '/document/count' THEN
    RETURN QUERY SELECT * FROM EntityRestCount(pPath, pPayload, 'document');

  WHEN '/document/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'parent', 'type', 'label', 'description', 'data'], null, true, true)
    LOOP
      RETURN QUERY SELECT row_to_json(t) FROM api.set_document(JsonUUID(e, 'id'), JsonUUID(e, 'parent'), EntityType(e, 'type'),
        JsonText(e, 'label'), JsonText(e, 'description'), JsonText(e, 'data')) t;
    END LOOP;

  WHEN '/document/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'fields'], ARRAY['id'], true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_document(JsonUUID(e, 'id')) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/document/list' THEN
    RETURN QUERY SELECT * FROM EntityRestList(pPath, pPayload, 'document');

  WHEN '/document/change/area' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'area'], ARRAY['id', 'area'], true)
    LOOP
      PERFORM api.change_document_area(JsonUUID(e, 'id'), JsonUUID(e, 'area'));
      RETURN NEXT json_build_object('success', true);
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
