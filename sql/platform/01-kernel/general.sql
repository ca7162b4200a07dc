-- Generators, session variables, workflow context, JSON helpers.

--------------------------------------------------------------------------------
-- Generators -----------------------------------------------------------------
--------------------------------------------------------------------------------

-- Character 20 of the text form (first of the fourth group) carries a kind
-- prefix: '8' infrastructure rows, 'a' users and groups.
CREATE OR REPLACE FUNCTION kernel.gen_kernel_uuid (
  prefix    char DEFAULT null
) RETURNS   uuid
AS $$
  SELECT CASE
           WHEN prefix IS NULL THEN gen_random_uuid()
           ELSE overlay(gen_random_uuid()::text PLACING prefix FROM 20 FOR 1)::uuid
         END;
$$ LANGUAGE sql VOLATILE;

CREATE OR REPLACE FUNCTION kernel.gen_random_code()
RETURNS     text
AS $$
  SELECT translate(encode(public.gen_random_bytes(12), 'base64'), '+/', 'ps');
$$ LANGUAGE sql VOLATILE;

CREATE OR REPLACE FUNCTION kernel.TrimPhone (
  pPhone    text
) RETURNS   text
AS $$
DECLARE
  vDigits   text;
BEGIN
  IF pPhone IS NULL THEN
    RETURN NULL;
  END IF;

  vDigits := regexp_replace(pPhone, '[^0-9]', '', 'g');
  IF length(vDigits) NOT BETWEEN 10 AND 12 THEN
    PERFORM InvalidPhoneNumber(pPhone);
  END IF;

  RETURN vDigits;
END;
$$ LANGUAGE plpgsql IMMUTABLE
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Session variables ----------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.SetVar (pType TVarType, pName text, pValue text)
RETURNS void
AS $$
BEGIN
  PERFORM set_config(pType::text || '.' || pName, coalesce(pValue, ''), false);
END;
$$ LANGUAGE plpgsql VOLATILE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.SetVar (pType TVarType, pName text, pValue numeric)
RETURNS void AS $$ SELECT kernel.SetVar(pType, pName, kernel.IntToStr(pValue)); $$ LANGUAGE sql VOLATILE;

CREATE OR REPLACE FUNCTION kernel.SetVar (pType TVarType, pName text, pValue uuid)
RETURNS void AS $$ SELECT kernel.SetVar(pType, pName, pValue::text); $$ LANGUAGE sql VOLATILE;

CREATE OR REPLACE FUNCTION kernel.SetVar (pType TVarType, pName text, pValue timestamp)
RETURNS void AS $$ SELECT kernel.SetVar(pType, pName, kernel.DateToStr(pValue)); $$ LANGUAGE sql VOLATILE;

CREATE OR REPLACE FUNCTION kernel.SetVar (pType TVarType, pName text, pValue timestamptz)
RETURNS void AS $$ SELECT kernel.SetVar(pType, pName, kernel.DateToStr(pValue)); $$ LANGUAGE sql VOLATILE;

CREATE OR REPLACE FUNCTION kernel.SetVar (pType TVarType, pName text, pValue date)
RETURNS void AS $$ SELECT kernel.SetVar(pType, pName, kernel.DateToStr(pValue, 'DD.MM.YYYY HH24:MI:SS')); $$ LANGUAGE sql VOLATILE;

-- Undefined and empty both read as NULL.
CREATE OR REPLACE FUNCTION kernel.GetVar (pType TVarType, pName text)
RETURNS text
AS $$
  SELECT nullif(current_setting(pType::text || '.' || pName, true), '');
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.SetErrorMessage (pMessage text)
RETURNS void
AS $$
BEGIN
  PERFORM set_config('kernel.error_message', coalesce(pMessage, ''), false);
END;
$$ LANGUAGE plpgsql VOLATILE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetErrorMessage()
RETURNS text
AS $$
  SELECT nullif(current_setting('kernel.error_message', true), '');
$$ LANGUAGE sql STABLE;

--------------------------------------------------------------------------------
-- Workflow context -----------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.InitContext (pObject uuid, pClass uuid, pMethod uuid, pAction uuid)
RETURNS void
AS $$
BEGIN
  PERFORM SetVar('context', 'object', pObject);
  PERFORM SetVar('context', 'class', pClass);
  PERFORM SetVar('context', 'method', pMethod);
  PERFORM SetVar('context', 'action', pAction);
END;
$$ LANGUAGE plpgsql VOLATILE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.InitParams (pParams jsonb)
RETURNS void
AS $$
BEGIN
  PERFORM SetVar('context', 'params', pParams::text);
END;
$$ LANGUAGE plpgsql VOLATILE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.SetContextMethod (pMethod uuid)
RETURNS void AS $$ SELECT kernel.SetVar('context', 'method', pMethod); $$ LANGUAGE sql VOLATILE;

CREATE OR REPLACE FUNCTION kernel.ClearContextMethod()
RETURNS void AS $$ SELECT kernel.SetVar('context', 'method', kernel.null_uuid()); $$ LANGUAGE sql VOLATILE;

CREATE OR REPLACE FUNCTION kernel.context_object() RETURNS uuid
AS $$ SELECT kernel.GetVar('context', 'object')::uuid; $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.context_class() RETURNS uuid
AS $$ SELECT kernel.GetVar('context', 'class')::uuid; $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.context_method() RETURNS uuid
AS $$ SELECT kernel.GetVar('context', 'method')::uuid; $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.context_action() RETURNS uuid
AS $$ SELECT kernel.GetVar('context', 'action')::uuid; $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.context_params() RETURNS jsonb
AS $$ SELECT kernel.GetVar('context', 'params')::jsonb; $$ LANGUAGE sql STABLE;

--------------------------------------------------------------------------------
-- JSON → typed arrays (array input: elements; object input: values) ----------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.jsonb_elements_text (pJson jsonb)
RETURNS SETOF text
AS $$
  SELECT e FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(pJson) = 'array' THEN pJson ELSE '[]' END) AS e
  UNION ALL
  SELECT v FROM jsonb_each_text(CASE WHEN jsonb_typeof(pJson) = 'object' THEN pJson ELSE '{}' END) AS t(k, v);
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.JsonbToIntArray (pJson jsonb) RETURNS integer[]
AS $$ SELECT ARRAY(SELECT e::integer FROM kernel.jsonb_elements_text(pJson) AS e); $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.JsonbToNumArray (pJson jsonb) RETURNS numeric[]
AS $$ SELECT ARRAY(SELECT e::numeric FROM kernel.jsonb_elements_text(pJson) AS e); $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.JsonbToStrArray (pJson jsonb) RETURNS text[]
AS $$ SELECT ARRAY(SELECT e FROM kernel.jsonb_elements_text(pJson) AS e); $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.JsonbToUUIDArray (pJson jsonb) RETURNS uuid[]
AS $$ SELECT ARRAY(SELECT e::uuid FROM kernel.jsonb_elements_text(pJson) AS e); $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.JsonbToBoolArray (pJson jsonb) RETURNS boolean[]
AS $$ SELECT ARRAY(SELECT e::boolean FROM kernel.jsonb_elements_text(pJson) AS e); $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.JsonbToIntervalArray (pJson jsonb) RETURNS interval[]
AS $$ SELECT ARRAY(SELECT e::interval FROM kernel.jsonb_elements_text(pJson) AS e); $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.JsonToIntArray (pJson json) RETURNS integer[]
AS $$ SELECT kernel.JsonbToIntArray(pJson::jsonb); $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.JsonToNumArray (pJson json) RETURNS numeric[]
AS $$ SELECT kernel.JsonbToNumArray(pJson::jsonb); $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.JsonToStrArray (pJson json) RETURNS text[]
AS $$ SELECT kernel.JsonbToStrArray(pJson::jsonb); $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.JsonToUUIDArray (pJson json) RETURNS uuid[]
AS $$ SELECT kernel.JsonbToUUIDArray(pJson::jsonb); $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.JsonToBoolArray (pJson json) RETURNS boolean[]
AS $$ SELECT kernel.JsonbToBoolArray(pJson::jsonb); $$ LANGUAGE sql IMMUTABLE;
CREATE OR REPLACE FUNCTION kernel.JsonToIntervalArray (pJson json) RETURNS interval[]
AS $$ SELECT kernel.JsonbToIntervalArray(pJson::jsonb); $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.jsonb_array_to_string (pJson jsonb, pSep text)
RETURNS text
AS $$
BEGIN
  IF jsonb_typeof(pJson) IS DISTINCT FROM 'array' THEN
    PERFORM IncorrectJsonType(coalesce(jsonb_typeof(pJson), 'null'), 'array');
  END IF;

  RETURN (SELECT string_agg(coalesce(quote_nullable(e), '*'), pSep ORDER BY ord)
            FROM jsonb_array_elements_text(pJson) WITH ORDINALITY AS t(e, ord));
END;
$$ LANGUAGE plpgsql IMMUTABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.jsonb_compare_value (pOld jsonb, pNew jsonb)
RETURNS jsonb
AS $$
  SELECT coalesce(jsonb_object_agg(o.key, o.value), '{}'::jsonb)
    FROM jsonb_each(pOld) AS o
   WHERE NOT coalesce(pNew, '{}'::jsonb) @> jsonb_build_object(o.key, o.value);
$$ LANGUAGE sql IMMUTABLE;

--------------------------------------------------------------------------------
-- Payload validation ---------------------------------------------------------
--------------------------------------------------------------------------------

-- Every key of an object (or of every object of an array) must be allowed.
-- A scalar document is not an object: jsonb_object_keys raises, as upstream.
CREATE OR REPLACE FUNCTION kernel.CheckJsonbKeys (pRoute text, pKeys text[], pJson jsonb)
RETURNS void
AS $$
DECLARE
  vKey      text;
BEGIN
  IF pJson IS NULL OR jsonb_typeof(pJson) = 'null' THEN
    RETURN;
  END IF;

  -- Upstream let PostgreSQL fail on a scalar; a structured 400 is kinder.
  IF jsonb_typeof(pJson) NOT IN ('object', 'array') THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pJson), 'object');
  END IF;

  IF jsonb_typeof(pJson) = 'array' THEN
    FOR vKey IN
      SELECT k FROM jsonb_array_elements(pJson) AS e,
             jsonb_object_keys(CASE WHEN jsonb_typeof(e) = 'object' THEN e ELSE '{}'::jsonb END) AS k
       WHERE NOT (k = ANY (pKeys))
    LOOP
      PERFORM IncorrectJsonKey(pRoute, vKey, pKeys);
    END LOOP;
  ELSE
    FOR vKey IN SELECT k FROM jsonb_object_keys(pJson) AS k WHERE NOT (k = ANY (pKeys)) LOOP
      PERFORM IncorrectJsonKey(pRoute, vKey, pKeys);
    END LOOP;
  END IF;
END;
$$ LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.CheckJsonKeys (pRoute text, pKeys text[], pJson json)
RETURNS void AS $$ SELECT kernel.CheckJsonbKeys(pRoute, pKeys, pJson::jsonb); $$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION kernel.CheckJsonbValues (pArrayName text, pArray anyarray, pJson jsonb)
RETURNS void
AS $$
DECLARE
  vValue    text;
BEGIN
  IF jsonb_typeof(pJson) IS DISTINCT FROM 'array' THEN
    PERFORM IncorrectJsonType(coalesce(jsonb_typeof(pJson), 'null'), 'array');
  END IF;

  FOR vValue IN SELECT coalesce(e, '') FROM jsonb_array_elements_text(pJson) AS e LOOP
    IF NOT (vValue = ANY (pArray::text[])) THEN
      PERFORM IncorrectValueInArray(vValue, pArrayName, pArray);
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.CheckJsonValues (pArrayName text, pArray anyarray, pJson json)
RETURNS void
AS $$
BEGIN
  PERFORM kernel.CheckJsonbValues(pArrayName, pArray, pJson::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

-- Projection list; identifiers come only from pFields (a column whitelist),
-- JSON accessor keys are quoted, so nothing from the payload reaches SQL raw.
CREATE OR REPLACE FUNCTION kernel.JsonToFields (pJson json, pFields text[])
RETURNS text
AS $$
BEGIN
  IF pJson IS NULL THEN
    RETURN '*';
  END IF;

  PERFORM CheckJsonValues('fields', array_cat(pFields, ARRAY['*']), pJson);
  RETURN (SELECT string_agg(quote_literal_json(e), ', ' ORDER BY ord)
            FROM json_array_elements_text(pJson) WITH ORDINALITY AS t(e, ord));
END;
$$ LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.JsonbToFields (pJson jsonb, pFields text[])
RETURNS text
AS $$
DECLARE
  vField    text;
  vMatch    text[];
  vList     text[] := '{}';
BEGIN
  IF pJson IS NULL OR pJson = '{}'::jsonb OR pJson = '[]'::jsonb THEN
    RETURN '*';
  END IF;

  IF jsonb_typeof(pJson) <> 'array' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pJson), 'array');
  END IF;

  FOR vField IN SELECT coalesce(e, '') FROM jsonb_array_elements_text(pJson) AS e LOOP
    IF vField = ANY (pFields) OR vField = '*' THEN
      vList := array_append(vList, vField);
    ELSE
      vMatch := regexp_match(vField,
        '^(sum|count|max|min|avg)\s*\(\s*(distinct\s+)?(\*|[a-z_][a-z0-9_]*|\([^()]*\))\s*\)(\s+as\s+([a-z_][a-z0-9_]*))?$', 'i');
      IF vMatch IS NULL OR (vMatch[3] <> '*' AND left(vMatch[3], 1) <> '(' AND NOT (lower(vMatch[3]) = ANY (pFields))) THEN
        PERFORM IncorrectValueInArray(vField, 'fields', pFields);
      END IF;
      IF left(vMatch[3], 1) = '(' AND NOT EXISTS (
           SELECT FROM regexp_matches(vMatch[3], '[a-z_][a-z0-9_]*', 'gi') AS m
            WHERE lower(m[1]) = ANY (pFields)) THEN
        PERFORM IncorrectValueInArray(vField, 'fields', pFields);
      END IF;
      vList := array_append(vList, vField);
    END IF;
  END LOOP;

  RETURN array_to_string(vList, ', ');
END;
$$ LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.JsonbToOrderBy (pJson jsonb, pFields text[])
RETURNS text
AS $$
DECLARE
  vItem     text;
  vMatch    text[];
  vList     text[] := '{}';
  vKnown    boolean;
BEGIN
  IF pJson IS NULL OR pJson = '[]'::jsonb OR pJson = '{}'::jsonb THEN
    RETURN NULL;
  END IF;

  IF jsonb_typeof(pJson) <> 'array' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pJson), 'array');
  END IF;

  FOR vItem IN SELECT coalesce(e, '') FROM jsonb_array_elements_text(pJson) AS e LOOP
    vMatch := regexp_match(vItem, '^([a-z_][a-z0-9_]*)( (asc|desc|ASC|DESC))?$');
    IF vMatch IS NOT NULL AND vMatch[1] = ANY (pFields) THEN
      vList := array_append(vList, vItem);
      CONTINUE;
    END IF;

    vMatch := regexp_match(vItem, '^([a-z_][a-z0-9_]*)\(([^()]*)\)( (asc|desc|ASC|DESC))?$');
    vKnown := false;
    IF vMatch IS NOT NULL THEN
      SELECT bool_or(m[1] = ANY (pFields)) INTO vKnown
        FROM regexp_matches(vMatch[2], '[a-z_][a-z0-9_]*', 'g') AS m;
      -- Only identifiers, literals-free separators: no quotes, no semicolons.
      IF vMatch[2] !~ '^[a-z0-9_, ]*$' THEN
        vKnown := false;
      END IF;
    END IF;

    IF NOT coalesce(vKnown, false) THEN
      PERFORM IncorrectValueInArray(vItem, 'orderby', pFields);
    END IF;

    vList := array_append(vList, vItem);
  END LOOP;

  RETURN array_to_string(vList, ', ');
END;
$$ LANGUAGE plpgsql STABLE SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- REST payload shape (used by the dispatchers) -------------------------------
--------------------------------------------------------------------------------

-- Normalises a dispatcher payload to a JSON array of objects. Wrong shapes
-- get ERR-400-063 rather than the PostgreSQL error upstream let through; an
-- array is accepted only by routes that run once per element.
CREATE OR REPLACE FUNCTION kernel.JsonbPayload (
  pPayload  jsonb,
  pArray    boolean DEFAULT true,
  pRequired boolean DEFAULT false
) RETURNS   jsonb
AS $$
DECLARE
  vType     text := jsonb_typeof(pPayload);
BEGIN
  IF pPayload IS NULL OR vType = 'null' THEN
    IF pRequired THEN
      PERFORM JsonIsEmpty();
    END IF;
    RETURN '[{}]'::jsonb;
  END IF;

  IF vType = 'object' THEN
    RETURN jsonb_build_array(pPayload);
  END IF;

  IF vType = 'array' AND pArray THEN
    IF jsonb_array_length(pPayload) = 0 AND pRequired THEN
      PERFORM JsonIsEmpty();
    END IF;
    SELECT jsonb_typeof(e) INTO vType FROM jsonb_array_elements(pPayload) AS e WHERE jsonb_typeof(e) <> 'object' LIMIT 1;
    IF FOUND THEN
      PERFORM IncorrectJsonType(vType, 'object');
    END IF;
    RETURN pPayload;
  END IF;

  PERFORM IncorrectJsonType(vType, 'object');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql IMMUTABLE SET search_path = kernel, pg_temp;

-- Every object must carry each key with a non-null value.
CREATE OR REPLACE FUNCTION kernel.CheckJsonbRequired (pRoute text, pKeys text[], pJson jsonb)
RETURNS void
AS $$
DECLARE
  vKey      text;
BEGIN
  SELECT k INTO vKey
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(pJson) = 'array' THEN pJson ELSE jsonb_build_array(coalesce(pJson, '{}')) END) AS e,
         unnest(pKeys) AS k
   WHERE jsonb_typeof(e -> k) IS NULL OR jsonb_typeof(e -> k) = 'null'
   LIMIT 1;

  IF FOUND THEN
    PERFORM JsonKeyNotFound(pRoute, vKey);
  END IF;
END;
$$ LANGUAGE plpgsql IMMUTABLE SET search_path = kernel, pg_temp;
