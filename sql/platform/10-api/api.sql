--------------------------------------------------------------------------------
-- api module: api.run, the query builder api.sql, API log access
--------------------------------------------------------------------------------

-- Turns an exception text into the REST error envelope. PostgreSQL's own
-- errors raised by bad input (conversions, constraint checks) are caller
-- errors: upstream reports them as 500, we answer 400 with a catalogued id.
CREATE OR REPLACE FUNCTION api_error_info (
  pMessage      text,
  pState        text,
  OUT code      integer,
  OUT error     text,
  OUT message   text
) RETURNS       record
AS $$
DECLARE
  r             record;
BEGIN
  SELECT * INTO r FROM ParseMessage(pMessage);
  code := r.code;
  error := r.error;
  message := r.message;

  IF code = -1 THEN
    IF left(pState, 2) IN ('22', '2P') OR pState IN ('42804', '42846') THEN
      code := 400;
      error := 'ERR-400-063';
      message := 'Invalid value: ' || pMessage;
    ELSIF pState = '23505' THEN
      code := 400;
      error := 'ERR-400-027';
      message := 'Record already exists: ' || pMessage;
    ELSIF left(pState, 2) = '23' THEN
      code := 400;
      error := 'ERR-400-045';
      message := 'Operation not possible: ' || pMessage;
    ELSE
      code := 500;
    END IF;
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Normalised request path: lower case, no empty segments, no trailing slash.
CREATE OR REPLACE FUNCTION api_normal_path (
  pPath         text
) RETURNS       text
AS $$
DECLARE
  aSeg          text[] := path_segments(lower(pPath));
BEGIN
  RETURN CASE WHEN coalesce(cardinality(aSeg), 0) = 0 THEN '' ELSE '/' || array_to_string(aSeg, '/') END;
END;
$$ LANGUAGE plpgsql IMMUTABLE;

-- This connection's copy of the route table, in session settings: one per
-- registered path, named after the path's md5 (any URL segment then makes a
-- valid setting name), holding the route version it was made for and each
-- method's dispatcher (the <name> of 'SELECT * FROM rest.<name>($1, $2);'),
--   pgfleet_route.r<md5 of /api/v1> = '17 GET=api POST=api'
-- and pgfleet_route.version, the version of the whole copy. Reading the copy
-- costs a setting lookup per prefix; three statements over db.path, db.route
-- and db.endpoint were a seventh of a request. A role that can write session
-- settings on the connection can only point a path at another rest
-- dispatcher, which checks its caller's rights as for any request to it, and
-- api.run quotes the name it reads.
CREATE OR REPLACE FUNCTION api_route_cache (
  pVersion      bigint
) RETURNS       void
AS $$
DECLARE
  r             record;
  vSet          text;
BEGIN
  FOR r IN
    SELECT p.fullpath,
           string_agg(DISTINCT rt.method || '=' || substr(e.definition, 20, strpos(e.definition, '(') - 20), ' ') AS methods
      FROM db.path p
      LEFT JOIN db.route rt ON rt.path = p.id
      LEFT JOIN db.endpoint e ON e.id = rt.endpoint
     GROUP BY p.fullpath
  LOOP
    vSet := set_config('pgfleet_route.r' || md5(r.fullpath), concat_ws(' ', pVersion, r.methods), false);
  END LOOP;
  vSet := set_config('pgfleet_route.version', pVersion::text, false);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- api.run's work, returning the rows as an array: the daemon entry points call
-- it as an expression, which PL/pgSQL evaluates without starting an executor
-- (RETURN QUERY SELECT * FROM api.run(…) started one and materialised the rows
-- once more). Neither SECURITY DEFINER nor SET: it runs inside its callers
-- (api.run and the daemon entry points), with their rights and search path.
CREATE OR REPLACE FUNCTION api_run_rows (
  pMethod       text,
  pPath         text,
  pPayload      jsonb DEFAULT null,
  pUserName     text DEFAULT null,  -- the caller's username for the log, when it has it
  pWhoami       json DEFAULT null   -- the session's kept /whoami answer, when the caller read it (daemon.fetch)
) RETURNS       json[]
AS $$
DECLARE
  vPrefix       text;
  vVersion      text;
  vEntry        text;
  vDispatcher   text;
  uUser         uuid;
  vRoute        text;
  aRows         json[];
  vSet          text;
  tStart        timestamptz := clock_timestamp();
  err           record;
  nEvent        bigint;
  nLog          bigint;
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  BEGIN
    -- Normalised once: lower case, no empty segments, no trailing slash. A
    -- path already in that form (every service sends one) is kept as it is:
    -- splitting and re-joining an array costs more than the route probe.
    -- PL/pgSQL prepares each expression once per transaction, i.e. once per
    -- request here, with an EXECUTE check and a lookup for every function and
    -- operator in it: the tests below use as few as they can.
    pPath := lower(coalesce(pPath, ''));
    IF pPath NOT LIKE '/%' OR pPath || '/' LIKE '%//%' THEN
      pPath := '/' || array_to_string(array_remove(string_to_array(pPath, '/'), ''), '/');
      IF pPath = '/' THEN
        PERFORM RouteIsEmpty();
      END IF;
    END IF;

    -- The deepest registered prefix of the path, then its dispatcher for the
    -- method, from this connection's copy of the route table (api_route_cache).
    vVersion := api_route_version()::text;
    IF current_setting('pgfleet_route.version', true) IS DISTINCT FROM vVersion THEN
      PERFORM api_route_cache(vVersion::bigint);
    END IF;

    vVersion := vVersion || ' ';
    vPrefix := pPath;
    LOOP
      vEntry := current_setting('pgfleet_route.r' || md5(vPrefix), true) || ' ';
      EXIT WHEN starts_with(vEntry, vVersion);
      vPrefix := left(vPrefix, length(vPrefix) - strpos(reverse(vPrefix), '/'));
      IF vPrefix = '' THEN
        PERFORM RouteNotFound(pPath);
      END IF;
    END LOOP;

    vDispatcher := split_part(split_part(vEntry, ' ' || upper(pMethod) || '=', 2), ' ', 1);
    IF vDispatcher = '' THEN
      PERFORM EndPointNotSet(pPath);
    END IF;

    -- the dispatcher path: without the first two segments (normally api, v1).
    -- The path is in normal form here, so under /api/v1/ it is what follows;
    -- the regular expression (~20 k instructions a request: the regex cache
    -- lookup and pg_regexec) only for any other namespace or version.
    IF starts_with(pPath, '/api/v1/') THEN
      vRoute := substr(pPath, 8);
    ELSE
      vRoute := coalesce(substring(pPath FROM '^/[^/]*/[^/]*(/.*)$'), '/');
    END IF;

    IF pPath LIKE '%/count' THEN
      pPayload := pPayload || jsonb_build_object('reclimit', 0);
    END IF;

    -- Materialised first: an error in any row discards every row of the call.
    -- The platform's busiest dispatchers are called statically (cached plans;
    -- each WHEN passed costs a few thousand instructions, an EXECUTE parses and
    -- plans its statement again, ~90 k); anything else goes through EXECUTE.
    CASE vDispatcher
    WHEN 'api' THEN
      -- rest.api's two busiest routes, answered here: the dispatcher's call as
      -- a set (executor, materialised rows, SECURITY DEFINER and SET) was a
      -- tenth of a /ping, and a function of their own another call per request.
      -- rest.api keeps both for its direct callers.
      IF vRoute = '/ping' THEN
        -- a constant (folded into the cached plan), byte for byte what
        -- rest.api's json_build_object gives: two calls less per request
        aRows := ARRAY['{"error" : {"code" : 200, "message" : "OK"}}'::json];
      ELSIF vRoute = '/whoami' AND (pPayload IS NULL OR pPayload IN ('{}'::jsonb, 'null'::jsonb)) THEN
        aRows := CASE WHEN pWhoami IS NULL THEN WhoamiRows() ELSE ARRAY[pWhoami] END;
      ELSE
        SELECT array_agg(x) INTO aRows FROM rest.api(vRoute, pPayload) AS x;
      END IF;
    WHEN 'object' THEN SELECT array_agg(x) INTO aRows FROM rest.object(vRoute, pPayload) AS x;
    WHEN 'document' THEN SELECT array_agg(x) INTO aRows FROM rest.document(vRoute, pPayload) AS x;
    WHEN 'sign' THEN SELECT array_agg(x) INTO aRows FROM rest.sign(vRoute, pPayload) AS x;
    WHEN 'user' THEN SELECT array_agg(x) INTO aRows FROM rest.user(vRoute, pPayload) AS x;
    WHEN 'member' THEN SELECT array_agg(x) INTO aRows FROM rest.member(vRoute, pPayload) AS x;
    WHEN 'session' THEN SELECT array_agg(x) INTO aRows FROM rest.session(vRoute, pPayload) AS x;
    WHEN 'current' THEN SELECT array_agg(x) INTO aRows FROM rest.current(vRoute, pPayload) AS x;
    WHEN 'admin' THEN SELECT array_agg(x) INTO aRows FROM rest.admin(vRoute, pPayload) AS x;
    ELSE
      EXECUTE format('SELECT array_agg(x) FROM rest.%I($1, $2) AS x', vDispatcher) INTO aRows USING vRoute, pPayload;
    END CASE;

  EXCEPTION
  WHEN others THEN
    GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;

    IF pg_current_xact_id_if_assigned() IS NULL THEN
      PERFORM set_config('synchronous_commit', 'off', true);
    END IF;

    SELECT * INTO err FROM api_error_info(vMessage, vState);

    PERFORM SetErrorMessage(err.message);
    PERFORM WriteToEventLog('E', err.code, 'exception', 'error', err.message);
    PERFORM WriteToEventLog('D', err.code, 'exception', 'context', coalesce(vContext, ''));

    nEvent := AddEventLog('E', err.code, 'run', err.message);
    nLog := AddApiLog(coalesce(vRoute, nullif(pPath, ''), '/'), pPayload);
    UPDATE db.api_log SET eventid = nEvent WHERE id = nLog;

    RETURN ARRAY[json_build_object('error', json_build_object('code', err.code, 'error', err.error, 'message', err.message))];
  END;

  -- A call that changed nothing need not wait for the WAL flush of its log row
  -- (an assignment, not PERFORM: no executor for a table-free expression).
  IF pg_current_xact_id_if_assigned() IS NULL THEN
    vSet := set_config('synchronous_commit', 'off', true);
  END IF;

  -- AddApiLog, inline: a function call per request is measurable here. The
  -- username is looked up only when the caller did not bring it: each
  -- relation a request touches costs executor start-up and a lock, and past
  -- sixteen locks a backend takes them in the shared lock table, which
  -- concurrent requests then contend for. The user id is converted once: on
  -- a small user table the lookup is a scan that would convert it per row.
  IF pUserName IS NULL THEN
    uUser := nullif(current_setting('current.user', true), '')::uuid;
    SELECT u.username INTO pUserName FROM db.user u WHERE u.id = uUser;
  END IF;
  INSERT INTO db.api_log (session, username, path, json, runtime)
  VALUES (nullif(current_setting('current.session', true), ''), pUserName,
          vRoute, ApiLogPayload(pPayload), clock_timestamp() - tStart);

  RETURN coalesce(aRows, '{}');
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION api.run (
  pMethod       text,
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  jRow          json;
BEGIN
  -- RETURN NEXT per row: a RETURN QUERY would start an executor per call.
  FOREACH jRow IN ARRAY api_run_rows(pMethod, pPath, pPayload)
  LOOP
    RETURN NEXT jRow;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- api.sql: the SELECT builder behind every count/list function.
-- Identifiers only ever come from the relation's own column list (or are
-- rebuilt from validated parts); values are always rendered with
-- quote_literal, so no payload text reaches the statement unquoted.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api_relation_columns (
  pScheme       text,
  pTable        text
) RETURNS       text[]
AS $$
  SELECT array_agg(a.attname::text ORDER BY a.attnum)
    FROM pg_catalog.pg_class c
   INNER JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   INNER JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
   WHERE n.nspname = lower(pScheme)
     AND c.relname = lower(pTable)
     AND a.attnum > 0
     AND NOT a.attisdropped;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- A field reference: a column, or column->'key' / column->>'key'.
CREATE OR REPLACE FUNCTION api_sql_field (
  pField        text,
  pColumns      text[],
  pArrayName    text
) RETURNS       text
AS $$
DECLARE
  m             text[];
BEGIN
  IF pField IS NULL THEN
    PERFORM IncorrectValueInArray('null', pArrayName, pColumns);
  END IF;

  IF lower(pField) = ANY (pColumns) THEN
    RETURN 't.' || quote_ident(lower(pField));
  END IF;

  m := regexp_match(pField, '^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(->>|->)\s*''?([A-Za-z0-9_\- ]+)''?\s*$');
  IF m IS NOT NULL AND lower(m[1]) = ANY (pColumns) THEN
    RETURN 't.' || quote_ident(lower(m[1])) || m[2] || quote_literal(m[3]);
  END IF;

  PERFORM IncorrectValueInArray(pField, pArrayName, pColumns);
  RETURN null;
END;
$$ LANGUAGE plpgsql STABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api_sql_fields (
  pFields       jsonb,
  pColumns      text[]
) RETURNS       text
AS $$
DECLARE
  e             jsonb;
  v             text;
  m             text[];
  aResult       text[] := '{}';
BEGIN
  IF pFields IS NULL OR pFields IN ('[]'::jsonb, '{}'::jsonb, 'null'::jsonb) THEN
    RETURN 't.*';
  END IF;

  IF jsonb_typeof(pFields) <> 'array' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pFields), 'array');
  END IF;

  FOR e IN SELECT jsonb_array_elements(pFields)
  LOOP
    IF jsonb_typeof(e) <> 'string' THEN
      PERFORM IncorrectValueInArray(e::text, 'fields', pColumns);
    END IF;
    v := e #>> '{}';

    m := regexp_match(v, '^\s*(sum|count|max|min|avg)\s*\(\s*(distinct\s+)?(\*|[A-Za-z_][A-Za-z0-9_]*)\s*\)(\s+as\s+([A-Za-z_][A-Za-z0-9_]*))?\s*$', 'i');
    IF m IS NOT NULL THEN
      IF m[3] <> '*' AND NOT lower(m[3]) = ANY (pColumns) THEN
        PERFORM IncorrectValueInArray(v, 'fields', pColumns);
      END IF;
      aResult := aResult || (lower(m[1]) || '(' || CASE WHEN m[2] IS NOT NULL THEN 'DISTINCT ' ELSE '' END ||
                 CASE WHEN m[3] = '*' THEN '*' ELSE 't.' || quote_ident(lower(m[3])) END || ')' ||
                 CASE WHEN m[5] IS NOT NULL THEN ' AS ' || quote_ident(lower(m[5])) ELSE '' END);
    ELSE
      aResult := aResult || api_sql_field(v, pColumns, 'fields');
    END IF;
  END LOOP;

  RETURN array_to_string(aResult, ', ');
END;
$$ LANGUAGE plpgsql STABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api_sql_orderby (
  pOrderBy      jsonb,
  pColumns      text[]
) RETURNS       text
AS $$
DECLARE
  e             jsonb;
  v             text;
  m             text[];
  vArg          text;
  aArgs         text[];
  bColumn       boolean;
  aResult       text[] := '{}';
  aFunctions    text[] := ARRAY['lower', 'upper', 'length', 'char_length', 'abs', 'coalesce', 'trim', 'nullif', 'greatest', 'least', 'date', 'date_trunc', 'to_char', 'round'];
BEGIN
  IF jsonb_typeof(pOrderBy) <> 'array' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pOrderBy), 'array');
  END IF;

  FOR e IN SELECT jsonb_array_elements(pOrderBy)
  LOOP
    IF jsonb_typeof(e) <> 'string' THEN
      PERFORM IncorrectValueInArray(e::text, 'orderby', pColumns);
    END IF;
    v := e #>> '{}';

    m := regexp_match(v, '^([A-Za-z_][A-Za-z0-9_]*)( (asc|desc))?$', 'i');
    IF m IS NOT NULL AND lower(m[1]) = ANY (pColumns) THEN
      aResult := aResult || ('t.' || quote_ident(lower(m[1])) || coalesce(' ' || upper(m[3]), ''));
      CONTINUE;
    END IF;

    -- func(arg, …) [asc|desc]: a known function over known columns and plain constants.
    m := regexp_match(v, '^([A-Za-z_]+)\(([^()]*)\)( (asc|desc))?$', 'i');
    IF m IS NULL OR NOT lower(m[1]) = ANY (aFunctions) THEN
      PERFORM IncorrectValueInArray(v, 'orderby', pColumns);
    END IF;

    aArgs := '{}';
    bColumn := false;
    FOREACH vArg IN ARRAY string_to_array(m[2], ',')
    LOOP
      vArg := btrim(vArg);
      IF lower(vArg) = ANY (pColumns) THEN
        aArgs := aArgs || ('t.' || quote_ident(lower(vArg)));
        bColumn := true;
      ELSIF vArg ~ '^-?[0-9]+(\.[0-9]+)?$' THEN
        aArgs := aArgs || vArg;
      ELSIF vArg ~ '^''[A-Za-z0-9_ .:%-]*''$' THEN
        aArgs := aArgs || quote_literal(substr(vArg, 2, length(vArg) - 2));
      ELSE
        PERFORM IncorrectValueInArray(v, 'orderby', pColumns);
      END IF;
    END LOOP;

    IF NOT bColumn THEN
      PERFORM IncorrectValueInArray(v, 'orderby', pColumns);
    END IF;

    aResult := aResult || (lower(m[1]) || '(' || array_to_string(aArgs, ', ') || ')' || coalesce(' ' || upper(m[4]), ''));
  END LOOP;

  RETURN nullif(array_to_string(aResult, ', '), '');
END;
$$ LANGUAGE plpgsql STABLE
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api_sql_in_list (
  pArray        jsonb
) RETURNS       text
AS $$
  SELECT coalesce(string_agg(CASE WHEN jsonb_typeof(x) = 'null' THEN 'NULL' ELSE quote_literal(x #>> '{}') END, ', '), 'NULL')
    FROM jsonb_array_elements(pArray) AS x;
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION api.sql (
  pScheme       text,
  pTable        text,
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null,
  pFields       jsonb DEFAULT null,
  pGroupBy      jsonb DEFAULT null
) RETURNS       text
AS $$
DECLARE
  aColumns      text[];
  vAccess       text;
  vSql          text;
  vWhere        text := '';
  vField        text;
  vCompare      text;
  vCond         text;
  vValue        text;
  vExpr         text;
  vOrder        text;
  vKey          text;
  r             record;
  e             jsonb;
  aSearchKeys   text[] := ARRAY['condition', 'field', 'compare', 'value', 'valarr', 'lstr', 'rstr'];
  aCompare      text[] := ARRAY['EQL', 'NEQ', 'LSS', 'LEQ', 'GTR', 'GEQ', 'GIN', 'AND', 'OR', 'XOR', 'NOT', 'ISN', 'INN', 'LKE', 'IKE', 'SIM', 'PSX', 'PSI', 'PSN', 'PIN', 'IN', 'NOT IN'];
  aOps          text[] := ARRAY['=', '<>', '<', '<=', '>', '>=', '@>', '&', '|', '#', '~', 'IS', 'IS NOT', 'LIKE', 'ILIKE', 'SIMILAR TO', '~', '~*', '!~', '!~*', 'IN', 'NOT IN'];
  nOp           integer;
  nDepth        integer := 0;
  bAggregate    boolean := false;
BEGIN
  aColumns := api_relation_columns(pScheme, pTable);

  IF aColumns IS NULL THEN
    PERFORM ViewNotFound(pScheme, pTable);
  END IF;

  vSql := 'SELECT ' || api_sql_fields(pFields, aColumns) || ' FROM ' || quote_ident(lower(pScheme)) || '.' || quote_ident(lower(pTable)) || ' t';
  bAggregate := pFields IS NOT NULL AND jsonb_typeof(pFields) = 'array' AND pFields::text ~* '(sum|count|max|min|avg)\s*\(';

  IF lower(pScheme) = 'kernel' AND position('object' IN lower(pTable)) > 0 AND coalesce(GetAccessMode(), true) THEN
    vAccess := replace(lower(pTable), 'object', 'access');
    IF api_relation_columns('kernel', vAccess) IS NOT NULL THEN
      vSql := vSql || ' INNER JOIN kernel.' || quote_ident(vAccess) || ' aou ON t.id = aou.object';
      PERFORM set_config('enable_nestloop', 'off', true);
    END IF;
  END IF;

  IF pSearch IS NOT NULL AND jsonb_typeof(pSearch) <> 'null' THEN
    IF jsonb_typeof(pSearch) <> 'array' THEN
      PERFORM IncorrectJsonType(jsonb_typeof(pSearch), 'array');
    END IF;

    FOR e IN SELECT jsonb_array_elements(pSearch)
    LOOP
      IF jsonb_typeof(e) <> 'object' THEN
        PERFORM IncorrectJsonType(jsonb_typeof(e), 'object');
      END IF;

      FOR vKey IN SELECT jsonb_object_keys(e)
      LOOP
        IF NOT vKey = ANY (aSearchKeys) THEN
          PERFORM IncorrectJsonKey(lower(pTable) || '/search', vKey, aSearchKeys);
        END IF;
      END LOOP;

      vCond := upper(coalesce(e->>'condition', 'AND'));
      IF vCond NOT IN ('AND', 'OR') THEN
        PERFORM IncorrectValueInArray(e->>'condition', 'condition', ARRAY['AND', 'OR']);
      END IF;

      vCompare := upper(coalesce(e->>'compare', CASE WHEN e ? 'valarr' THEN 'IN' ELSE 'EQL' END));
      nOp := array_position(aCompare, vCompare);
      IF nOp IS NULL THEN
        PERFORM IncorrectValueInArray(e->>'compare', 'compare', aCompare);
      END IF;

      vValue := e->>'value';
      vField := lower(e->>'field');

      -- Code columns are looked up and compared by id.
      IF vField IN ('statetypecode', 'typecode', 'classcode', 'entitycode') AND NOT vField = ANY (aColumns) AND vValue IS NOT NULL THEN
        CASE vField
        WHEN 'statetypecode' THEN vField := 'statetype'; vValue := GetStateType(vValue)::text;
        WHEN 'typecode' THEN vField := 'type'; vValue := GetType(vValue)::text;
        WHEN 'classcode' THEN vField := 'class'; vValue := GetClass(vValue)::text;
        WHEN 'entitycode' THEN vField := 'entity'; vValue := GetEntity(vValue)::text;
        END CASE;
      END IF;

      vExpr := api_sql_field(vField, aColumns, 'field');

      IF e ? 'valarr' AND jsonb_typeof(e->'valarr') <> 'null' THEN
        IF jsonb_typeof(e->'valarr') <> 'array' THEN
          PERFORM IncorrectJsonType(jsonb_typeof(e->'valarr'), 'array');
        END IF;
        IF vCompare = 'EQL' THEN
          vCompare := 'IN';
        END IF;
        IF vCompare NOT IN ('IN', 'NOT IN') THEN
          PERFORM IncorrectValueInArray(vCompare, 'compare', ARRAY['IN', 'NOT IN']);
        END IF;
        vExpr := vExpr || ' ' || vCompare || ' (' || api_sql_in_list(e->'valarr') || ')';
      ELSIF vCompare IN ('ISN', 'INN') THEN
        vExpr := vExpr || CASE WHEN vCompare = 'ISN' THEN ' IS NULL' ELSE ' IS NOT NULL' END;
      ELSIF coalesce(vValue, '') = '' THEN
        CONTINUE;
      ELSIF vCompare IN ('IN', 'NOT IN') THEN
        vExpr := vExpr || ' ' || vCompare || ' (' || quote_literal(vValue) || ')';
      ELSIF vCompare IN ('AND', 'OR', 'XOR') THEN
        vExpr := vExpr || ' ' || aOps[nOp] || ' ' || quote_literal(vValue) || ' = ' || quote_literal(vValue);
      ELSIF vCompare = 'NOT' THEN
        vExpr := vExpr || ' ~ ' || quote_literal(vValue) || ' = ' || quote_literal(vValue);
      ELSE
        vExpr := vExpr || ' ' || aOps[nOp] || ' ' || quote_literal(vValue);
      END IF;

      nDepth := nDepth + CASE WHEN e->>'lstr' = '(' THEN 1 ELSE 0 END - CASE WHEN e->>'rstr' = ')' THEN 1 ELSE 0 END;
      IF nDepth < 0 THEN
        PERFORM IncorrectValueInArray(')', 'rstr', ARRAY['(', ')']);
      END IF;

      vWhere := vWhere || CASE WHEN vWhere = '' THEN '' ELSE ' ' || vCond || ' ' END ||
                CASE WHEN e->>'lstr' = '(' THEN '(' ELSE '' END || vExpr || CASE WHEN e->>'rstr' = ')' THEN ')' ELSE '' END;
    END LOOP;

    -- Balanced and enclosed: a search can never escape the AND of the filter
    -- (which list functions use to restrict non-administrators to their rows).
    IF nDepth <> 0 THEN
      PERFORM IncorrectValueInArray('(', 'lstr', ARRAY['(', ')']);
    END IF;

    IF vWhere <> '' THEN
      vWhere := ' WHERE (' || vWhere || ')';
    END IF;
  END IF;

  IF pFilter IS NOT NULL AND jsonb_typeof(pFilter) <> 'null' THEN
    IF jsonb_typeof(pFilter) <> 'object' THEN
      PERFORM IncorrectJsonType(jsonb_typeof(pFilter), 'object');
    END IF;

    FOR r IN SELECT key, value FROM jsonb_each(pFilter)
    LOOP
      IF NOT lower(r.key) = ANY (aColumns) THEN
        PERFORM IncorrectJsonKey(lower(pTable) || '/filter', r.key, aColumns);
      END IF;

      vExpr := 't.' || quote_ident(lower(r.key)) ||
        CASE jsonb_typeof(r.value)
        WHEN 'null' THEN ' IS NULL'
        WHEN 'array' THEN ' IN (' || api_sql_in_list(r.value) || ')'
        ELSE ' = ' || quote_literal(r.value #>> '{}')
        END;

      vWhere := vWhere || CASE WHEN vWhere = '' THEN ' WHERE ' ELSE ' AND ' END || vExpr;
    END LOOP;
  END IF;

  vSql := vSql || vWhere;

  IF pGroupBy IS NOT NULL AND pGroupBy NOT IN ('[]'::jsonb, '{}'::jsonb, 'null'::jsonb) THEN
    IF jsonb_typeof(pGroupBy) <> 'array' THEN
      PERFORM IncorrectJsonType(jsonb_typeof(pGroupBy), 'array');
    END IF;
    SELECT string_agg(api_sql_field(x #>> '{}', aColumns, 'groupby'), ', ') INTO vExpr FROM jsonb_array_elements(pGroupBy) AS x;
    vSql := vSql || ' GROUP BY ' || vExpr;
  END IF;

  IF pOrderBy IS NOT NULL AND pOrderBy NOT IN ('[]'::jsonb, 'null'::jsonb) THEN
    -- `{}` is how count functions say "no ordering".
    IF pOrderBy <> '{}'::jsonb THEN
      vOrder := api_sql_orderby(pOrderBy, aColumns);
    END IF;
  ELSIF NOT bAggregate THEN
    vOrder := CASE
      WHEN 'sequence' = ANY (aColumns) THEN 't.sequence'
      WHEN 'created' = ANY (aColumns) THEN 't.created DESC'
      WHEN 'date' = ANY (aColumns) THEN 't.date DESC'
      WHEN 'datetime' = ANY (aColumns) THEN 't.datetime DESC'
      WHEN 'name' = ANY (aColumns) THEN 't.name'
      WHEN 'label' = ANY (aColumns) THEN 't.label'
      WHEN 'text' = ANY (aColumns) THEN 't.text'
      WHEN 'code' = ANY (aColumns) THEN 't.code'
      WHEN 'id' = ANY (aColumns) THEN 't.id'
      END;
  END IF;

  IF vOrder IS NOT NULL THEN
    vSql := vSql || ' ORDER BY ' || vOrder;
  END IF;

  IF pLimit IS NULL THEN
    vSql := vSql || ' LIMIT 500';
  ELSIF pLimit > 0 THEN
    vSql := vSql || ' LIMIT ' || pLimit;
  END IF;

  IF pOffSet IS NOT NULL AND pOffSet > 0 THEN
    vSql := vSql || ' OFFSET ' || pOffSet;
  END IF;

  IF coalesce(GetDebugMode(), false) THEN
    PERFORM WriteToEventLog('D', 9010, 'debug', 'sql', vSql);
  END IF;

  RETURN vSql;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- API log access
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.log (
  pUserName     text DEFAULT null,
  pPath         text DEFAULT null,
  pDateFrom     timestamptz DEFAULT null,
  pDateTo       timestamptz DEFAULT null
) RETURNS       SETOF api.log
AS $$
  SELECT *
    FROM api.log
   WHERE (pUserName IS NULL OR username = pUserName)
     AND (pPath IS NULL OR path = pPath)
     AND datetime >= coalesce(pDateFrom, '-infinity'::timestamptz)
     AND datetime < coalesce(pDateTo, 'infinity'::timestamptz)
   ORDER BY datetime DESC
   LIMIT 500
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_log (
  pId           bigint
) RETURNS       SETOF api.log
AS $$
  SELECT * FROM api.log WHERE id = pId
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_log (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null
) RETURNS       SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'log', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_log (
  pSearch       jsonb DEFAULT null,
  pFilter       jsonb DEFAULT null,
  pLimit        integer DEFAULT null,
  pOffSet       integer DEFAULT null,
  pOrderBy      jsonb DEFAULT null
) RETURNS       SETOF api.log
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'log', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["datetime desc"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
