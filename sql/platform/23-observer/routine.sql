--------------------------------------------------------------------------------
-- observer module: publishers, listeners, filter validation and matching
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreatePublisher (
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
  INSERT INTO db.publisher (code, name, description) VALUES (pCode, pName, pDescription);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditPublisher (
  pCode         text,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
  UPDATE db.publisher
     SET name = coalesce(pName, name),
         description = coalesce(pDescription, description)
   WHERE code = pCode;
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeletePublisher (
  pCode         text
) RETURNS       void
AS $$
  DELETE FROM db.publisher WHERE code = pCode;
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Validation
--------------------------------------------------------------------------------

-- The text values of a filter array (NULL when the key is absent).
CREATE OR REPLACE FUNCTION ObserverArray (
  pFilter       jsonb,
  pKey          text
) RETURNS       text[]
AS $$
  SELECT CASE WHEN jsonb_typeof(pFilter->pKey) = 'array'
              THEN ARRAY(SELECT x #>> '{}' FROM jsonb_array_elements(pFilter->pKey) AS x)
         END;
$$ LANGUAGE sql IMMUTABLE;

-- A filter array that is absent places no restriction; a present one must hold the value.
CREATE OR REPLACE FUNCTION ObserverIn (
  pFilter       jsonb,
  pKey          text,
  pValue        text
) RETURNS       boolean
AS $$
  SELECT CASE WHEN jsonb_typeof(pFilter->pKey) = 'array'
              THEN EXISTS (SELECT FROM jsonb_array_elements(pFilter->pKey) AS x WHERE x #>> '{}' = pValue)
              ELSE true
         END;
$$ LANGUAGE sql IMMUTABLE;

-- Every value of the filter array must be one of pValid (else ERR-400-028).
CREATE OR REPLACE FUNCTION ObserverCheckCodes (
  pFilter       jsonb,
  pKey          text,
  pValid        text[]
) RETURNS       void
AS $$
DECLARE
  aInvalid      text[];
BEGIN
  SELECT array_agg(v) INTO aInvalid FROM unnest(ObserverArray(pFilter, pKey)) AS v WHERE v IS NULL OR NOT v = ANY (pValid);
  IF aInvalid IS NOT NULL THEN
    PERFORM InvalidCodes(pValid, aInvalid);
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Every value must be the uuid of an existing object (else ERR-40000, as upstream).
CREATE OR REPLACE FUNCTION ObserverCheckObjects (
  pFilter       jsonb,
  pKey          text
) RETURNS       void
AS $$
DECLARE
  vValue        text;
BEGIN
  FOREACH vValue IN ARRAY coalesce(ObserverArray(pFilter, pKey), '{}')
  LOOP
    IF vValue IS NULL OR vValue !~* '^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$' THEN
      PERFORM IncorrectJsonType(coalesce(vValue, 'null'), 'uuid');
    END IF;
    IF NOT EXISTS (SELECT FROM db.object WHERE id = vValue::uuid) THEN
      RAISE EXCEPTION 'ERR-40000: Object "%" not found.', vValue;
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckListenerFilter (
  pPublisher    text,
  pFilter       jsonb
) RETURNS       void
AS $$
DECLARE
  aKeys         text[];
  vKey          text;
  vValue        text;
BEGIN
  IF pFilter IS NULL OR jsonb_typeof(pFilter) = 'null' THEN
    RETURN;
  END IF;

  IF jsonb_typeof(pFilter) <> 'object' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pFilter), 'object');
  END IF;

  aKeys := CASE pPublisher
    WHEN 'notify' THEN ARRAY['entities', 'classes', 'actions', 'methods', 'objects']
    WHEN 'notice' THEN ARRAY['categories']
    WHEN 'message' THEN ARRAY['classes', 'types', 'agents', 'codes', 'profiles', 'addresses', 'subjects']
    WHEN 'replication' THEN ARRAY['actions', 'schemas', 'names', 'sources']
    WHEN 'log' THEN ARRAY['types', 'codes', 'categories']
    WHEN 'geo' THEN ARRAY['codes', 'objects']
  END;

  IF aKeys IS NULL THEN
    PERFORM DoCheckListenerFilter(pPublisher, pFilter);
    RETURN;
  END IF;

  PERFORM CheckJsonbKeys('/observer/filter', aKeys, pFilter);

  FOR vKey IN SELECT jsonb_object_keys(pFilter)
  LOOP
    IF jsonb_typeof(pFilter->vKey) <> 'array' THEN
      PERFORM IncorrectJsonType(vKey || ': ' || jsonb_typeof(pFilter->vKey), 'array');
    END IF;
  END LOOP;

  CASE pPublisher
  WHEN 'notify' THEN
    PERFORM ObserverCheckCodes(pFilter, 'entities', ARRAY(SELECT code FROM db.entity ORDER BY code));
    PERFORM ObserverCheckCodes(pFilter, 'classes', ARRAY(SELECT code FROM db.class_tree ORDER BY code));
    PERFORM ObserverCheckCodes(pFilter, 'actions', ARRAY(SELECT code FROM db.action ORDER BY code));
    FOREACH vValue IN ARRAY coalesce(ObserverArray(pFilter, 'methods'), '{}')
    LOOP
      IF NOT EXISTS (SELECT FROM db.method WHERE code = vValue) THEN
        RAISE EXCEPTION 'ERR-40000: Method "%" not found.', vValue;
      END IF;
    END LOOP;
    PERFORM ObserverCheckObjects(pFilter, 'objects');
  WHEN 'message' THEN
    PERFORM ObserverCheckCodes(pFilter, 'classes', ARRAY(
      SELECT c.code FROM db.class_tree c INNER JOIN db.entity e ON e.id = c.entity
       WHERE e.code = 'message' AND NOT c.abstract ORDER BY c.code));
    PERFORM ObserverCheckCodes(pFilter, 'types', ARRAY(
      SELECT t.code FROM db.type t INNER JOIN db.class_tree c ON c.id = t.class
       WHERE c.code = 'agent' ORDER BY t.code));
    IF ObserverArray(pFilter, 'agents') IS NOT NULL THEN
      -- The agent table belongs to a later module; resolved only when asked for.
      PERFORM ObserverCheckCodes(pFilter, 'agents', ARRAY(
        SELECT r.code FROM db.reference r INNER JOIN db.class_tree c ON c.id = r.class
         WHERE c.code = 'agent' ORDER BY r.code));
    END IF;
  WHEN 'replication' THEN
    PERFORM ObserverCheckCodes(pFilter, 'actions', ARRAY['I', 'U', 'D']);
  WHEN 'log' THEN
    PERFORM ObserverCheckCodes(pFilter, 'types', ARRAY['M', 'W', 'E', 'D']);
    FOREACH vValue IN ARRAY coalesce(ObserverArray(pFilter, 'codes'), '{}')
    LOOP
      IF vValue IS NULL OR vValue !~ '^-?[0-9]+$' THEN
        PERFORM IncorrectJsonType(coalesce(vValue, 'null'), 'integer');
      END IF;
    END LOOP;
  WHEN 'geo' THEN
    PERFORM ObserverCheckObjects(pFilter, 'objects');
  ELSE
    NULL;
  END CASE;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckListenerParams (
  pPublisher    text,
  pParams       jsonb
) RETURNS       void
AS $$
DECLARE
  aKeys         text[];
  aTypes        text[];
  vType         text;
  vPath         text;
BEGIN
  IF pParams IS NULL OR jsonb_typeof(pParams) = 'null' THEN
    RETURN;
  END IF;

  IF jsonb_typeof(pParams) <> 'object' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pParams), 'object');
  END IF;

  aKeys := CASE pPublisher
    WHEN 'notify' THEN ARRAY['type', 'hook']
    WHEN 'replication' THEN ARRAY['type', 'source']
    WHEN 'notice' THEN ARRAY['type']
    WHEN 'message' THEN ARRAY['type']
    WHEN 'log' THEN ARRAY['type']
    WHEN 'geo' THEN ARRAY['type']
  END;

  IF aKeys IS NULL THEN
    PERFORM DoCheckListenerParams(pPublisher, pParams);
    RETURN;
  END IF;

  PERFORM CheckJsonbKeys('/observer/params', aKeys, pParams);

  aTypes := CASE WHEN pPublisher = 'notify' THEN ARRAY['notify', 'object', 'mixed', 'hook'] ELSE ARRAY['notify'] END;

  IF pParams ? 'type' AND jsonb_typeof(pParams->'type') <> 'null' THEN
    vType := pParams->>'type';
    IF jsonb_typeof(pParams->'type') <> 'string' OR NOT vType = ANY (aTypes) THEN
      PERFORM IncorrectValueInArray(pParams->>'type', 'type', aTypes);
    END IF;
  END IF;

  IF pPublisher = 'replication' AND jsonb_typeof(pParams->'source') NOT IN ('string', 'null') THEN
    PERFORM IncorrectJsonType('source: ' || jsonb_typeof(pParams->'source'), 'string');
  END IF;

  IF vType = 'hook' THEN
    IF jsonb_typeof(pParams->'hook') IS DISTINCT FROM 'object' THEN
      IF pParams->'hook' IS NULL OR jsonb_typeof(pParams->'hook') = 'null' THEN
        PERFORM JsonIsEmpty();
      END IF;
      PERFORM IncorrectJsonType(jsonb_typeof(pParams->'hook'), 'object');
    END IF;

    PERFORM CheckJsonbKeys('/observer/params/hook', ARRAY['method', 'path', 'payload'], pParams->'hook');

    IF jsonb_typeof(pParams->'hook'->'method') NOT IN ('string', 'null')
       OR upper(pParams->'hook'->>'method') NOT IN ('GET', 'POST') THEN
      PERFORM IncorrectValueInArray(pParams->'hook'->>'method', 'method', ARRAY['GET', 'POST']);
    END IF;

    vPath := CASE WHEN jsonb_typeof(pParams->'hook'->'path') = 'string' THEN pParams->'hook'->>'path' END;
    IF nullif(vPath, '') IS NULL THEN
      PERFORM RouteIsEmpty();
    END IF;

    IF QueryPath(lower(vPath)) IS NULL THEN
      PERFORM RouteNotFound(vPath);
    END IF;
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Listeners
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION ObserverSessionError ()
RETURNS         void
AS $$
BEGIN
  RAISE EXCEPTION 'ERR-40000: %', coalesce(GetErrorMessage(), 'Session code not found.');
END;
$$ LANGUAGE plpgsql
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateListener (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text,
  pFilter       jsonb,
  pParams       jsonb
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.publisher WHERE code = pPublisher) THEN
    PERFORM ObjectNotFound('publisher', 'code', pPublisher);
  END IF;

  IF pSession IS NULL OR NOT ValidSession(pSession) THEN
    PERFORM ObserverSessionError();
  END IF;

  pIdentity := coalesce(nullif(pIdentity, ''), 'main');
  pFilter := coalesce(nullif(pFilter, 'null'::jsonb), '{}'::jsonb);
  pParams := coalesce(nullif(pParams, 'null'::jsonb), '{"type": "notify"}'::jsonb);

  PERFORM CheckListenerFilter(pPublisher, pFilter);
  PERFORM CheckListenerParams(pPublisher, pParams);

  INSERT INTO db.listener (publisher, session, identity, filter, params)
  VALUES (pPublisher, pSession, pIdentity, pFilter, pParams)
  ON CONFLICT (publisher, session, identity) DO UPDATE
     SET filter = EXCLUDED.filter, params = EXCLUDED.params;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditListener (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text,
  pFilter       jsonb,
  pParams       jsonb
) RETURNS       boolean
AS $$
BEGIN
  IF pSession IS NOT NULL AND NOT ValidSession(pSession) THEN
    PERFORM ObserverSessionError();
  END IF;

  pIdentity := coalesce(nullif(pIdentity, ''), 'main');
  pFilter := coalesce(nullif(pFilter, 'null'::jsonb), '{}'::jsonb);
  pParams := coalesce(nullif(pParams, 'null'::jsonb), '{"type": "notify"}'::jsonb);

  PERFORM CheckListenerFilter(pPublisher, pFilter);
  PERFORM CheckListenerParams(pPublisher, pParams);

  UPDATE db.listener
     SET filter = pFilter, params = pParams
   WHERE publisher = pPublisher
     AND session = coalesce(pSession, current_session())
     AND identity = pIdentity;

  RETURN FOUND;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteListener (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text DEFAULT null
) RETURNS       boolean
AS $$
BEGIN
  DELETE FROM db.listener
   WHERE publisher = pPublisher
     AND session = pSession
     AND identity = coalesce(nullif(pIdentity, ''), 'main');
  RETURN FOUND;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Matching
--------------------------------------------------------------------------------

-- The rule of one listener for one event, given the listener's user. Shared by
-- FilterListener (one connection) and the batched daemon.observer_match.
CREATE OR REPLACE FUNCTION ObserverMatch (
  pPublisher    text,
  pUserId       uuid,
  pSession      varchar,
  pIdentity     text,
  pFilter       jsonb,
  pParams       jsonb,
  pData         jsonb
) RETURNS       boolean
AS $$
DECLARE
  r             record;
  uObject       uuid;
BEGIN
  IF pUserId IS NULL OR pData IS NULL OR jsonb_typeof(pData) <> 'object' THEN
    RETURN false;
  END IF;

  CASE pPublisher
  WHEN 'notify' THEN
    BEGIN
      SELECT n.object, e.code AS entity, c.code AS class, a.code AS action, m.code AS method INTO r
        FROM db.notification n
        INNER JOIN db.entity e ON e.id = n.entity
        INNER JOIN db.class_tree c ON c.id = n.class
        INNER JOIN db.action a ON a.id = n.action
        INNER JOIN db.method m ON m.id = n.method
       WHERE n.id = (pData->>'id')::uuid;
      uObject := (pData->>'object')::uuid;
    EXCEPTION WHEN invalid_text_representation THEN
      RETURN false;
    END;

    IF r IS NULL OR r.object IS NULL THEN
      RETURN false;
    END IF;

    RETURN ObserverIn(pFilter, 'entities', r.entity)
       AND ObserverIn(pFilter, 'classes', r.class)
       AND ObserverIn(pFilter, 'actions', r.action)
       AND ObserverIn(pFilter, 'methods', r.method)
       AND ObserverIn(pFilter, 'objects', coalesce(uObject, r.object)::text)
       AND CheckObjectAccess(coalesce(uObject, r.object), B'100', pUserId);

  WHEN 'notice' THEN
    RETURN pData->>'userid' = pUserId::text
       AND ObserverIn(pFilter, 'categories', pData->>'category');

  WHEN 'message' THEN
    IF NOT (ObserverIn(pFilter, 'classes', pData->>'class')
        AND ObserverIn(pFilter, 'types', pData->>'type')
        AND ObserverIn(pFilter, 'agents', pData->>'agent')
        AND ObserverIn(pFilter, 'codes', pData->>'code')
        AND ObserverIn(pFilter, 'profiles', pData->>'profile')
        AND ObserverIn(pFilter, 'addresses', pData->>'address')
        AND ObserverIn(pFilter, 'subjects', pData->>'subject')) THEN
      RETURN false;
    END IF;
    BEGIN
      uObject := (pData->>'id')::uuid;
    EXCEPTION WHEN invalid_text_representation THEN
      RETURN false;
    END;
    RETURN uObject IS NOT NULL AND CheckObjectAccess(uObject, B'100', pUserId);

  WHEN 'replication' THEN
    RETURN IsUserRole('00000000-0000-4000-a000-000000000005'::uuid, pUserId)
       AND (pParams->>'source') IS DISTINCT FROM (pData->>'source')
       AND ObserverIn(pFilter, 'actions', pData->>'action')
       AND ObserverIn(pFilter, 'schemas', pData->>'schema')
       AND ObserverIn(pFilter, 'names', pData->>'name')
       AND ObserverIn(pFilter, 'sources', pData->>'source');

  WHEN 'log' THEN
    RETURN (SELECT username FROM db.user WHERE id = pUserId) = pData->>'username'
       AND ObserverIn(pFilter, 'types', pData->>'type')
       AND ObserverIn(pFilter, 'codes', pData->>'code')
       AND ObserverIn(pFilter, 'categories', pData->>'category');

  WHEN 'geo' THEN
    IF NOT (ObserverIn(pFilter, 'codes', pData->>'code') AND ObserverIn(pFilter, 'objects', pData->>'object')) THEN
      RETURN false;
    END IF;
    BEGIN
      uObject := (pData->>'object')::uuid;
    EXCEPTION WHEN invalid_text_representation THEN
      RETURN false;
    END;
    RETURN uObject IS NOT NULL AND CheckObjectAccess(uObject, B'100', pUserId);

  ELSE
    RETURN coalesce(DoFilterListener(pPublisher, pSession, pIdentity, pData), false);
  END CASE;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION FilterListener (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text,
  pData         jsonb
) RETURNS       boolean
AS $$
DECLARE
  r             record;
BEGIN
  SELECT s.userid, l.filter, l.params INTO r
    FROM db.listener l INNER JOIN db.session s ON s.code = l.session
   WHERE l.publisher = pPublisher
     AND l.session = pSession
     AND l.identity = coalesce(pIdentity, 'main');

  IF NOT FOUND THEN
    RETURN false;
  END IF;

  RETURN ObserverMatch(pPublisher, r.userid, pSession, coalesce(pIdentity, 'main'), r.filter, r.params, pData);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Delivery
--------------------------------------------------------------------------------

-- The row of an object through its class getter (`api.get_<class>`), else its
-- entity's, else the generic object getter.
CREATE OR REPLACE FUNCTION ObserverObject (
  pObject       uuid,
  pClass        text,
  pEntity       text
) RETURNS       SETOF json
AS $$
DECLARE
  vCode         text;
BEGIN
  FOREACH vCode IN ARRAY ARRAY[pClass, pEntity, 'object']
  LOOP
    CONTINUE WHEN vCode IS NULL OR vCode !~ '^[a-z_][a-z0-9_]*$';
    IF to_regprocedure(format('api.%I(uuid)', 'get_' || vCode)) IS NOT NULL THEN
      RETURN QUERY EXECUTE format('SELECT to_json(r) FROM api.%I($1) AS r', 'get_' || vCode) USING pObject;
      RETURN;
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- What a matched listener receives; the caller has checked the match and set
-- the listener's session as the current one.
CREATE OR REPLACE FUNCTION ObserverEvent (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text,
  pParams       jsonb,
  pData         jsonb
) RETURNS       SETOF json
AS $$
DECLARE
  vType         text := coalesce(pParams->>'type', 'notify');
  uId           uuid;
  jNotify       json;
  jObject       json;
  r             record;
BEGIN
  CASE pPublisher
  WHEN 'notify' THEN
    uId := (pData->>'id')::uuid;
    CASE vType
    WHEN 'object', 'mixed' THEN
      SELECT n.object, c.code AS class, e.code AS entity INTO r
        FROM db.notification n
        INNER JOIN db.class_tree c ON c.id = n.class
        INNER JOIN db.entity e ON e.id = n.entity
       WHERE n.id = uId;

      IF vType = 'object' THEN
        RETURN QUERY SELECT * FROM ObserverObject(r.object, r.class, r.entity);
        RETURN;
      END IF;

      SELECT to_json(n) INTO jNotify FROM Notification n WHERE n.id = uId;
      SELECT o INTO jObject FROM ObserverObject(r.object, r.class, r.entity) AS o LIMIT 1;
      RETURN NEXT json_strip_nulls(json_build_object('notify', jNotify, 'object', jObject));
    WHEN 'hook' THEN
      RETURN QUERY SELECT * FROM api.run(coalesce(pParams->'hook'->>'method', 'POST'), pParams->'hook'->>'path', pParams->'hook'->'payload');
    ELSE
      RETURN QUERY SELECT to_json(n) FROM Notification n WHERE n.id = uId;
    END CASE;
  WHEN 'notice' THEN
    RETURN QUERY SELECT to_json(n) FROM Notice n WHERE n.id = (pData->>'id')::uuid;
  WHEN 'message' THEN
    RETURN QUERY SELECT to_json(m) FROM Message m WHERE m.id = (pData->>'id')::uuid;
  WHEN 'replication' THEN
    RETURN QUERY SELECT to_json(l) FROM ReplicationLog l WHERE l.id = (pData->>'id')::bigint;
  WHEN 'log' THEN
    RETURN QUERY SELECT to_json(l) FROM EventLog l WHERE l.id = (pData->>'id')::bigint;
  WHEN 'geo' THEN
    RETURN QUERY SELECT to_json(g) FROM ObjectCoordinates g WHERE g.id = (pData->>'id')::uuid;
  ELSE
    RETURN QUERY SELECT * FROM DoEventListener(pPublisher, pSession, pIdentity, pData);
  END CASE;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventListener (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text DEFAULT 'main',
  pData         jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  jParams       jsonb;
BEGIN
  IF NOT FilterListener(pPublisher, pSession, pIdentity, pData) THEN
    RETURN;
  END IF;

  SELECT params INTO jParams FROM db.listener
   WHERE publisher = pPublisher AND session = pSession AND identity = coalesce(pIdentity, 'main');

  RETURN QUERY SELECT * FROM ObserverEvent(pPublisher, pSession, coalesce(pIdentity, 'main'), jParams, pData);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION InitListen ()
RETURNS         void
AS $$
DECLARE
  vCode         text;
BEGIN
  FOR vCode IN SELECT code FROM db.publisher ORDER BY code
  LOOP
    EXECUTE format('LISTEN %I', vCode);
    PERFORM WriteToEventLog('M', 5010, 'observer', 'listen', format('Listening on channel "%s".', vCode));
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
