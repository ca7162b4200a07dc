--------------------------------------------------------------------------------
-- api module: REST dispatchers rest.api, rest.sign, rest.user, rest.member
--------------------------------------------------------------------------------

-- Validates a payload against a route's accepted and required keys and
-- returns it as a list of objects (an array payload only where pArray).
CREATE OR REPLACE FUNCTION RestPayload (
  pRoute        text,
  pPayload      jsonb,
  pKeys         text[],
  pRequired     text[] DEFAULT null,
  pArray        boolean DEFAULT false,
  pNeedPayload  boolean DEFAULT false,
  pText         text[] DEFAULT null
) RETURNS       SETOF jsonb
AS $$
DECLARE
  e             jsonb;
  vKey          text;
BEGIN
  IF pPayload IS NULL OR jsonb_typeof(pPayload) = 'null' THEN
    IF pNeedPayload OR cardinality(pRequired) > 0 THEN
      PERFORM JsonIsEmpty();
    END IF;
    RETURN NEXT '{}'::jsonb;
    RETURN;
  END IF;

  IF jsonb_typeof(pPayload) = 'array' THEN
    IF NOT pArray THEN
      PERFORM IncorrectJsonType('array', 'object');
    END IF;
  ELSIF jsonb_typeof(pPayload) <> 'object' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pPayload), 'object');
  END IF;

  FOR e IN SELECT x FROM jsonb_array_elements(CASE WHEN jsonb_typeof(pPayload) = 'array' THEN pPayload ELSE jsonb_build_array(pPayload) END) AS x
  LOOP
    IF jsonb_typeof(e) <> 'object' THEN
      PERFORM IncorrectJsonType(jsonb_typeof(e), 'object');
    END IF;

    FOR vKey IN SELECT jsonb_object_keys(e)
    LOOP
      IF NOT vKey = ANY (coalesce(pKeys, '{}')) THEN
        PERFORM IncorrectJsonKey(pRoute, vKey, pKeys);
      END IF;
    END LOOP;

    -- Text keys must be JSON strings: an object's text would otherwise pass as a value.
    FOREACH vKey IN ARRAY coalesce(pText, '{}')
    LOOP
      IF jsonb_typeof(e->vKey) NOT IN ('string', 'null') THEN
        PERFORM IncorrectJsonType(vKey || ': ' || jsonb_typeof(e->vKey), 'string');
      END IF;
    END LOOP;

    FOREACH vKey IN ARRAY coalesce(pRequired, '{}')
    LOOP
      IF jsonb_typeof(e->vKey) IS NULL OR jsonb_typeof(e->vKey) = 'null' OR e->>vKey = '' THEN
        PERFORM JsonKeyNotFound(pRoute, vKey);
      END IF;
    END LOOP;

    RETURN NEXT e;
  END LOOP;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Projection of a result row onto the requested `fields`.
CREATE OR REPLACE FUNCTION RestFields (
  pRow          jsonb,
  pFields       jsonb
) RETURNS       json
AS $$
DECLARE
  aKeys         text[];
  aResult       jsonb := '{}';
  vField        text;
BEGIN
  IF pFields IS NULL OR pFields IN ('[]'::jsonb, '{}'::jsonb, 'null'::jsonb) THEN
    RETURN pRow::json;
  END IF;

  IF jsonb_typeof(pFields) <> 'array' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pFields), 'array');
  END IF;

  SELECT array_agg(k) INTO aKeys FROM jsonb_object_keys(pRow) AS k;

  FOR vField IN SELECT x #>> '{}' FROM jsonb_array_elements(pFields) AS x
  LOOP
    IF vField IS NULL OR NOT lower(vField) = ANY (aKeys) THEN
      PERFORM IncorrectValueInArray(coalesce(vField, 'null'), 'fields', aKeys);
    END IF;
    aResult := aResult || jsonb_build_object(lower(vField), pRow->lower(vField));
  END LOOP;

  RETURN aResult::json;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION RestRequireSession ()
RETURNS         void
AS $$
BEGIN
  -- Same test as current_session(), without its per-call planning.
  IF NOT EXISTS (SELECT FROM db.session WHERE code = nullif(current_setting('current.session', true), '')) THEN
    PERFORM LoginFailed();
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- /whoami answers, kept per session (db.whoami_cache, 10-api/table.sql)
--------------------------------------------------------------------------------

-- The rows of api.whoami as json for the current session: the session's kept
-- answer while its stamps hold, else built from the view and kept. No row is
-- what RestRequireSession would have refused. Volatile: the answer is built in
-- a later snapshot than its stamps are read in.
CREATE OR REPLACE FUNCTION WhoamiRows ()
RETURNS         json[]
AS $$
DECLARE
  vSession      text := nullif(current_setting('current.session', true), '');
  jAnswer       json;
  aAnswer       json[];
  r             record;
BEGIN
  SELECT c.answer INTO jAnswer
    FROM db.whoami_cache c
    JOIN db.session s ON s.code = c.session AND s.xmin = c.session_xmin
   WHERE c.session = vSession
     AND c.version = whoami_version()
     AND c.user_gen = coalesce((SELECT g.gen FROM db.whoami_gen g WHERE g.userid = c.userid), 0);
  IF FOUND THEN
    RETURN ARRAY[jAnswer];
  END IF;

  -- The stamps before the answer: read in an earlier snapshot, they can only
  -- be older than what the answer shows, which outdates it too soon, never
  -- too late.
  SELECT s.userid, s.xmin, coalesce(g.gen, 0) AS user_gen, whoami_version() AS version INTO r
    FROM db.session s LEFT JOIN db.whoami_gen g ON g.userid = s.userid
   WHERE s.code = vSession;
  aAnswer := ARRAY(SELECT row_to_json(w) FROM api.whoami() AS w);
  IF cardinality(aAnswer) = 0 THEN
    PERFORM LoginFailed();
  END IF;
  IF cardinality(aAnswer) = 1 THEN
    INSERT INTO db.whoami_cache AS c (session, userid, session_xmin, user_gen, version, answer)
    VALUES (vSession, r.userid, r.xmin, r.user_gen, r.version, aAnswer[1])
    ON CONFLICT (session) DO UPDATE
      SET userid = EXCLUDED.userid, session_xmin = EXCLUDED.session_xmin, user_gen = EXCLUDED.user_gen,
          version = EXCLUDED.version, answer = EXCLUDED.answer;
  END IF;
  RETURN aAnswer;
END;
$$ LANGUAGE plpgsql;

--------------------------------------------------------------------------------
-- rest.api — /api/v1/<x> without its own registration
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.api (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  r             record;
  x             jsonb;
  uLocale       uuid;
  jAnswer       json;
BEGIN
  pPath := lower(pPath);

  CASE pPath
  WHEN '/ping' THEN
    RETURN NEXT json_build_object('error', json_build_object('code', 200, 'message', 'OK'));

  WHEN '/time' THEN
    RETURN NEXT json_build_object('serverTime', trunc(extract(epoch FROM clock_timestamp()))::bigint);

  WHEN '/authenticate' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['session', 'secret', 'agent', 'host'], ARRAY['session', 'secret'], false, true, ARRAY['session', 'secret', 'agent', 'host'])
    LOOP
      FOR r IN SELECT * FROM api.authenticate(e->>'session', e->>'secret', e->>'agent', (e->>'host')::inet)
      LOOP
        RETURN NEXT row_to_json(r);
      END LOOP;
    END LOOP;

  WHEN '/authorize' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['session', 'agent', 'host'], ARRAY['session'], false, true, ARRAY['session', 'agent', 'host'])
    LOOP
      FOR r IN SELECT * FROM api.authorize(e->>'session', e->>'agent', (e->>'host')::inet)
      LOOP
        RETURN NEXT row_to_json(r);
      END LOOP;
    END LOOP;

  WHEN '/su' THEN
    PERFORM RestRequireSession();
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['username', 'password'], ARRAY['username', 'password'], false, true, ARRAY['username', 'password'])
    LOOP
      PERFORM api.su(e->>'username', e->>'password');
      RETURN NEXT json_build_object('success', true);
    END LOOP;

  WHEN '/search' THEN
    PERFORM RestRequireSession();
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['text', 'entities', 'fields'], ARRAY['text'], false, true)
    LOOP
      IF e ? 'entities' AND jsonb_typeof(e->'entities') NOT IN ('array', 'null') THEN
        PERFORM IncorrectJsonType(jsonb_typeof(e->'entities'), 'array');
      END IF;
      FOR x IN SELECT to_jsonb(s) FROM api.search(e->>'text', ARRAY(SELECT jsonb_array_elements_text(e->'entities'))) AS s
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/whoami' THEN
    -- The usual call has no payload (or a JSON null or {}): what RestPayload
    -- would validate and hand back ('{}', every field) without its call and
    -- set materialisation (api_run_rows answers it first on its own path).
    IF pPayload IS NULL OR pPayload IN ('{}'::jsonb, 'null'::jsonb) THEN
      FOREACH jAnswer IN ARRAY WhoamiRows()
      LOOP
        RETURN NEXT jAnswer;
      END LOOP;
      RETURN;
    END IF;
    PERFORM RestRequireSession();
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      -- The common call asks for everything: straight to json, no jsonb round trip.
      IF e->'fields' IS NULL OR e->'fields' IN ('[]'::jsonb, '{}'::jsonb, 'null'::jsonb) THEN
        RETURN QUERY SELECT row_to_json(w) FROM api.whoami() AS w;
      ELSE
        FOR x IN SELECT to_jsonb(w) FROM api.whoami() AS w
        LOOP
          RETURN NEXT RestFields(x, e->'fields');
        END LOOP;
      END IF;
    END LOOP;

  WHEN '/run' THEN
    PERFORM RestRequireSession();
    IF pPayload IS NULL OR jsonb_typeof(pPayload) <> 'array' THEN
      PERFORM IncorrectJsonType(coalesce(jsonb_typeof(pPayload), 'null'), 'array');
    END IF;
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['key', 'method', 'path', 'payload'], ARRAY['path'], true, true)
    LOOP
      RETURN NEXT json_build_object(
        'key', e->'key',
        'method', coalesce(e->>'method', 'POST'),
        'path', e->>'path',
        'payload', (SELECT coalesce(json_agg(res.item), '[]'::json) FROM api.run(coalesce(e->>'method', 'POST'), e->>'path', e->'payload') AS res(item)));
    END LOOP;

  WHEN '/locale' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT jsonb_build_object('id', l.id, 'code', l.code, 'name', l.name, 'description', l.description) FROM db.locale l ORDER BY l.code
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/locale/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code'], null, false, true)
    LOOP
      IF e->>'id' IS NULL AND e->>'code' IS NULL THEN
        PERFORM JsonKeyNotFound(pPath, 'id');
      END IF;
      uLocale := coalesce((e->>'id')::uuid, GetLocale(e->>'code'));
      IF uLocale IS NULL THEN
        PERFORM ObjectNotFound('locale', 'code', e->>'code');
      END IF;
      IF current_session() IS NOT NULL THEN
        PERFORM api.set_session_locale(uLocale);
      END IF;
      FOR x IN SELECT jsonb_build_object('id', l.id, 'code', l.code, 'name', l.name, 'description', l.description) FROM api.current_locale() l
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/entity' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.entity t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/type' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.type t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/class' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields', 'parent', 'parentcode'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.class(coalesce((e->>'parent')::uuid, GetClass(e->>'parentcode'))) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/priority' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.priority t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.sign — /sign/*
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.sign (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  r             record;
  vSession      text;
BEGIN
  pPath := lower(pPath);

  CASE pPath
  WHEN '/sign/in' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['username', 'password', 'agent', 'host'], ARRAY['username', 'password'], false, true, ARRAY['username', 'password', 'agent', 'host'])
    LOOP
      FOR r IN SELECT * FROM api.signin(nullif(e->>'username', ''), nullif(e->>'password', ''), nullif(e->>'agent', ''), nullif(e->>'host', '')::inet)
      LOOP
        RETURN NEXT row_to_json(r);
      END LOOP;
    END LOOP;

  WHEN '/sign/up' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['type', 'username', 'password', 'name', 'phone', 'email', 'description', 'profile'], ARRAY['username'], false, true, ARRAY['type', 'username', 'password', 'phone', 'email', 'description'])
    LOOP
      IF e ? 'name' AND jsonb_typeof(e->'name') NOT IN ('object', 'null') THEN
        PERFORM IncorrectJsonType(jsonb_typeof(e->'name'), 'object');
      END IF;
      IF e ? 'profile' AND jsonb_typeof(e->'profile') NOT IN ('object', 'null') THEN
        PERFORM IncorrectJsonType(jsonb_typeof(e->'profile'), 'object');
      END IF;
      FOR r IN SELECT * FROM api.signup(e->>'type', e->>'username', e->>'password', e->'name', e->>'phone', e->>'email', e->>'description', e->'profile')
      LOOP
        RETURN NEXT row_to_json(r);
      END LOOP;
    END LOOP;

  WHEN '/sign/out' THEN
    PERFORM RestRequireSession();
    -- Both spellings: upstream validates `closeall` but reads `close_all`,
    -- which made "close all" unreachable; we honour either.
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['session', 'closeall', 'close_all'])
    LOOP
      vSession := coalesce(nullif(e->>'session', ''), current_session());
      RETURN NEXT json_build_object(
        'success', api.signout(vSession, coalesce((e->>'closeall')::boolean, (e->>'close_all')::boolean, false)),
        'message', GetErrorMessage());
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.user — /user/* (session required)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.user (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  e             jsonb;
  r             record;
  x             jsonb;
  aStd          text[] := ARRAY['fields', 'search', 'filter', 'reclimit', 'recoffset', 'orderby'];
BEGIN
  pPath := lower(pPath);

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/user/count' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['search', 'filter', 'reclimit', 'recoffset', 'orderby'], null, true)
    LOOP
      FOR r IN SELECT * FROM api.count_user(e->'search', e->'filter') AS t(count)
      LOOP
        RETURN NEXT json_build_object('count', r.count);
      END LOOP;
    END LOOP;

  WHEN '/user/get' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['fields'], null, true, true)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.get_user(current_userid()) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/user/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['username', 'password', 'name', 'phone', 'email', 'description'], null, true, true, ARRAY['username', 'password', 'name', 'phone', 'email', 'description'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.set_user(current_userid(), e->>'username', e->>'password', e->>'name', e->>'phone', e->>'email', e->>'description', null, null) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/user/list' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, aStd)
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.list_user(e->'search', e->'filter', (e->>'reclimit')::integer, (e->>'recoffset')::integer, e->'orderby') t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/user/profile' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['id', 'code', 'fields'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.profile(coalesce((e->>'id')::uuid, GetClient(coalesce(e->>'code', current_username())))) t
      LOOP
        RETURN NEXT RestFields(x, e->'fields');
      END LOOP;
    END LOOP;

  WHEN '/user/profile/set' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['familyname', 'givenname', 'patronymicname', 'locale', 'area', 'interface', 'picture'], null, true, true, ARRAY['familyname', 'givenname', 'patronymicname', 'locale', 'area', 'interface', 'picture'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.set_user_profile(current_userid(), e->>'familyname', e->>'givenname', e->>'patronymicname', e->>'locale', e->>'area', e->>'interface', e->>'picture') t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/user/password' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['oldpass', 'newpass'], ARRAY['oldpass', 'newpass'], false, true, ARRAY['oldpass', 'newpass'])
    LOOP
      PERFORM api.change_password(current_userid(), e->>'oldpass', e->>'newpass');
      RETURN NEXT json_build_object('success', true);
    END LOOP;

  WHEN '/user/password/recovery' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['identifier', 'hashcode'], ARRAY['identifier'], false, true)
    LOOP
      RETURN NEXT json_build_object('ticket', api.recovery_password(e->>'identifier', e->>'hashcode'));
    END LOOP;

  WHEN '/user/security/answer' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['ticket', 'securityanswer'], ARRAY['ticket', 'securityanswer'], false, true)
    LOOP
      FOR r IN SELECT * FROM api.check_recovery_ticket((e->>'ticket')::uuid, e->>'securityanswer')
      LOOP
        RETURN NEXT row_to_json(r);
      END LOOP;
    END LOOP;

  WHEN '/user/password/reset' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['ticket', 'securityanswer', 'password'], ARRAY['ticket', 'securityanswer', 'password'], false, true)
    LOOP
      FOR r IN SELECT * FROM api.reset_password((e->>'ticket')::uuid, e->>'securityanswer', e->>'password')
      LOOP
        RETURN NEXT row_to_json(r);
      END LOOP;
    END LOOP;

  WHEN '/user/registration/code' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['email', 'phone', 'hashcode'], null, false, true)
    LOOP
      IF e->>'email' IS NULL AND e->>'phone' IS NULL THEN
        PERFORM JsonKeyNotFound(pPath, 'email');
      END IF;
      IF e->>'email' IS NOT NULL THEN
        RETURN NEXT json_build_object('mode', 'email', 'ticket', api.registration_code_by_email(e->>'email'));
      END IF;
      IF e->>'phone' IS NOT NULL THEN
        RETURN NEXT json_build_object('mode', 'phone', 'ticket', api.registration_code_by_phone(e->>'phone', e->>'hashcode'));
      END IF;
    END LOOP;

  WHEN '/user/registration/check' THEN
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['ticket', 'code'], ARRAY['ticket', 'code'], false, true)
    LOOP
      FOR r IN SELECT * FROM api.check_registration_code((e->>'ticket')::uuid, e->>'code')
      LOOP
        RETURN NEXT row_to_json(r);
      END LOOP;
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- rest.member — /member/* (session required)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.member (
  pPath         text,
  pPayload      jsonb DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  x             jsonb;
BEGIN
  pPath := lower(pPath);

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/member/group' THEN
    FOR x IN SELECT to_jsonb(t) FROM api.member_group(current_userid()) t
    LOOP
      RETURN NEXT x::json;
    END LOOP;

  WHEN '/member/area' THEN
    FOR x IN SELECT to_jsonb(t) FROM api.member_area(current_userid()) t
    LOOP
      RETURN NEXT x::json;
    END LOOP;

  WHEN '/member/interface' THEN
    FOR x IN SELECT to_jsonb(t) FROM api.member_interface(current_userid()) t
    LOOP
      RETURN NEXT x::json;
    END LOOP;

  ELSE
    PERFORM RouteNotFound(pPath);
  END CASE;

  RETURN;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
