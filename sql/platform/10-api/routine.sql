--------------------------------------------------------------------------------
-- api module: route tree and endpoint functions
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddPath (
  pRoot     uuid,
  pParent   uuid,
  pName     text
) RETURNS   uuid
AS $$
DECLARE
  uId       uuid;
  nLevel    integer := 0;
BEGIN
  pParent := coalesce(pParent, pRoot);

  IF pParent IS NOT NULL THEN
    SELECT level + 1 INTO nLevel FROM db.path WHERE id = pParent;
  END IF;

  INSERT INTO db.path (root, parent, name, level, fullpath)
  VALUES (pRoot, pParent, pName, coalesce(nLevel, 0), '')
  RETURNING id INTO uId;

  RETURN uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetPath (
  pParent   uuid,
  pName     text
) RETURNS   uuid
AS $$
  SELECT id
    FROM db.path
   WHERE name = pName
     AND parent IS NOT DISTINCT FROM pParent
   LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeletePath (
  pId       uuid
) RETURNS   void
AS $$
  DELETE FROM db.path WHERE id = pId;
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeletePaths (
  pId       uuid
) RETURNS   void
AS $$
  -- One statement: NO ACTION parent references are checked at its end, so the
  -- whole subtree can go at once; routes follow by cascade.
  WITH RECURSIVE tree(id) AS (
    SELECT id FROM db.path WHERE id = pId
    UNION ALL
    SELECT p.id FROM db.path p INNER JOIN tree t ON p.parent = t.id
  )
  DELETE FROM db.path WHERE id IN (SELECT id FROM tree);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION path_segments (
  pPath     text
) RETURNS   text[]
AS $$
BEGIN
  -- plpgsql, not sql: its plan is cached, and api.run calls this per request.
  RETURN array_remove(string_to_array(pPath, '/'), '');
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION RegisterPath (
  pPath     text
) RETURNS   uuid
AS $$
DECLARE
  uRoot     uuid;
  uParent   uuid;
  uId       uuid;
  vName     text;
BEGIN
  FOREACH vName IN ARRAY path_segments(pPath)
  LOOP
    uId := GetPath(uParent, vName);
    IF uId IS NULL THEN
      uId := AddPath(uRoot, uParent, vName);
    END IF;
    uRoot := coalesce(uRoot, uId);
    uParent := uId;
  END LOOP;

  RETURN uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION FindPath (
  pPath     text
) RETURNS   uuid
AS $$
DECLARE
  uId       uuid;
  vName     text;
  aPath     text[] := path_segments(pPath);
BEGIN
  IF cardinality(aPath) = 0 THEN
    RETURN NULL;
  END IF;

  FOREACH vName IN ARRAY aPath
  LOOP
    uId := GetPath(uId, vName);
    IF uId IS NULL THEN
      RETURN NULL;
    END IF;
  END LOOP;

  RETURN uId;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UnregisterPath (
  pPath     text
) RETURNS   void
AS $$
DECLARE
  uId       uuid := FindPath(pPath);
BEGIN
  IF uId IS NOT NULL THEN
    DELETE FROM db.route WHERE path = uId;
    DELETE FROM db.path WHERE id = uId;
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Every prefix of a path, longest first: '/a/b/c' → {/a/b/c, /a/b, /a}.
CREATE OR REPLACE FUNCTION path_prefixes (
  pPath     text
) RETURNS   text[]
AS $$
DECLARE
  aSeg      text[] := path_segments(pPath);
  aResult   text[] := '{}';
BEGIN
  FOR n IN REVERSE coalesce(cardinality(aSeg), 0)..1
  LOOP
    aResult := aResult || ('/' || array_to_string(aSeg[1:n], '/'));
  END LOOP;
  RETURN aResult;
END;
$$ LANGUAGE plpgsql IMMUTABLE;

-- Longest existing prefix: one equality probe per prefix, longest first
-- (api.run does the same inline).
CREATE OR REPLACE FUNCTION QueryPath (
  pPath     text
) RETURNS   uuid
AS $$
DECLARE
  uId       uuid;
  vPrefix   text;
BEGIN
  FOREACH vPrefix IN ARRAY path_prefixes(pPath)
  LOOP
    SELECT id INTO uId FROM db.path WHERE fullpath = vPrefix;
    EXIT WHEN uId IS NOT NULL;
  END LOOP;
  RETURN uId;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CollectPath (
  pId       uuid
) RETURNS   text
AS $$
  WITH RECURSIVE up(id, parent, name, depth) AS (
    SELECT id, parent, name, 0 FROM db.path WHERE id = pId
    UNION ALL
    SELECT p.id, p.parent, p.name, u.depth + 1 FROM db.path p INNER JOIN up u ON p.id = u.parent
  )
  SELECT coalesce('/' || string_agg(name, '/' ORDER BY depth DESC), '/') FROM up;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddEndPoint (
  pDefinition   text
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
BEGIN
  IF pDefinition IS NULL OR pDefinition !~ '^SELECT \* FROM rest\.[a-z_]+\(\$1, \$2\);$' THEN
    RAISE EXCEPTION 'Invalid endpoint definition format: %', pDefinition;
  END IF;

  SELECT id INTO uId FROM db.endpoint WHERE definition = pDefinition;
  IF uId IS NULL THEN
    INSERT INTO db.endpoint (definition) VALUES (pDefinition) RETURNING id INTO uId;
  END IF;

  RETURN uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditEndPoint (
  pId           uuid,
  pDefinition   text
) RETURNS       void
AS $$
BEGIN
  IF pDefinition IS NULL OR pDefinition !~ '^SELECT \* FROM rest\.[a-z_]+\(\$1, \$2\);$' THEN
    RAISE EXCEPTION 'Invalid endpoint definition format: %', pDefinition;
  END IF;
  UPDATE db.endpoint SET definition = pDefinition WHERE id = pId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteEndpoint (
  pId           uuid
) RETURNS       void
AS $$
  DELETE FROM db.endpoint WHERE id = pId;
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetEndpointDefinition (
  pId           uuid
) RETURNS       text
AS $$
  SELECT definition FROM db.endpoint WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetEndpoint (
  pPath         uuid,
  pMethod       text DEFAULT 'POST'
) RETURNS       uuid
AS $$
  SELECT endpoint FROM db.route WHERE path = pPath AND method = pMethod LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION RegisterRoute (
  pPath         text,
  pEndpoint     uuid,
  pVersion      text DEFAULT 'v1',
  pNamespace    text DEFAULT 'api',
  pMethod       text[] DEFAULT ARRAY['GET', 'POST']
) RETURNS       void
AS $$
DECLARE
  uPath         uuid;
  vMethod       text;
BEGIN
  uPath := RegisterPath(concat('/', pNamespace, '/', pVersion, CASE WHEN pPath IS NOT NULL THEN '/' || pPath END));

  FOREACH vMethod IN ARRAY pMethod
  LOOP
    INSERT INTO db.route (method, path, endpoint) VALUES (vMethod, uPath, pEndpoint);
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UnregisterRoute (
  pPath         text,
  pVersion      text DEFAULT 'v1',
  pNamespace    text DEFAULT 'api',
  pMethod       text[] DEFAULT ARRAY['GET', 'POST']
) RETURNS       void
AS $$
  DELETE FROM db.route
   WHERE path = FindPath(concat('/', pNamespace, '/', pVersion, CASE WHEN pPath IS NOT NULL THEN '/' || pPath END))
     AND method = ANY (pMethod);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Idempotent form used by sync files: `update` re-runs them, and RegisterRoute
-- itself keeps the spec'd duplicate-key failure.
CREATE OR REPLACE FUNCTION EnsureRoute (
  pPath         text,
  pDispatcher   text,
  pMethod       text[] DEFAULT ARRAY['GET', 'POST'],
  pVersion      text DEFAULT 'v1',
  pNamespace    text DEFAULT 'api'
) RETURNS       void
AS $$
DECLARE
  uPath         uuid;
  uEndpoint     uuid;
BEGIN
  uEndpoint := AddEndPoint(format('SELECT * FROM rest.%s($1, $2);', pDispatcher));
  uPath := RegisterPath(concat('/', pNamespace, '/', pVersion, CASE WHEN pPath IS NOT NULL THEN '/' || pPath END));

  INSERT INTO db.route (method, path, endpoint)
  SELECT m, uPath, uEndpoint FROM unnest(pMethod) AS m
  ON CONFLICT DO NOTHING;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ExecuteDynamicMethod (
  pPath         text,
  pPayload      jsonb
) RETURNS       jsonb
AS $$
DECLARE
  uAction       uuid;
  uObject       uuid;
  aPath         text[] := path_segments(pPath);
BEGIN
  IF current_session() IS NULL THEN
    PERFORM LoginFailed();
  END IF;

  uAction := GetAction(aPath[2]);
  IF uAction IS NULL THEN
    PERFORM RouteNotFound(pPath);
  END IF;

  IF jsonb_typeof(pPayload) IS DISTINCT FROM 'object' THEN
    PERFORM ObjectIsNull();
  END IF;

  BEGIN
    uObject := (pPayload->>'id')::uuid;
  EXCEPTION WHEN invalid_text_representation THEN
    PERFORM IncorrectJsonType('id', 'uuid');
  END;

  IF uObject IS NULL THEN
    PERFORM ObjectIsNull();
  END IF;

  IF NOT EXISTS (SELECT FROM db.object WHERE id = uObject) THEN
    PERFORM ObjectNotFound('object', 'id', uObject);
  END IF;

  RETURN ExecuteObjectAction(uObject, uAction, pPayload->'params');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- REST catalogue
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION RegisterRestPath (
  pPath         text,
  pMethods      text[],
  pKeys         text[],
  pRequired     text[],
  pSession      boolean,
  pSummary      text,
  pModule       text
) RETURNS       void
AS $$
  -- One form whichever a module passes: the dispatcher's (/file/set), i.e. the
  -- client's path below /api/v1, which is where the app service mounts the catalogue.
  INSERT INTO db.rest_catalog (path, methods, keys, required, session, summary, module)
  VALUES (regexp_replace(pPath, '^/api/v1(?=/)', ''), coalesce(pMethods, ARRAY['GET', 'POST']), pKeys, pRequired, coalesce(pSession, true), pSummary, pModule)
  ON CONFLICT (path) DO UPDATE
     SET methods = EXCLUDED.methods,
         keys = EXCLUDED.keys,
         required = EXCLUDED.required,
         session = EXCLUDED.session,
         summary = EXCLUDED.summary,
         module = EXCLUDED.module;
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
