--------------------------------------------------------------------------------
-- daemon module: REST execution for the network services. Every function
-- catches everything and answers with an error object: a daemon call never
-- raises.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION daemon.fetch (
  pToken        text,
  pMethod       text,
  pPath         text,
  pPayload      jsonb DEFAULT null,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  jRow          json;
  r             record;
  a             record;
  bFast         boolean;
  aSet          text[];
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  -- The hot path of every authenticated request, in one statement: the access
  -- token by its keyed hash (the server key read in the same statement) and the
  -- session its claims name, with the session's copies of what admitting it
  -- needs of its user (04-admin, t_session_client). Every relation a statement
  -- touches costs executor start-up per call, so this reads only those two.
  -- The claims were checked when the token was written (db.token.claimed_session,
  -- set for access tokens only, whose claims name their header's session and
  -- its client): the keyed hash proves these are the bytes checked, so nothing
  -- is decoded here. Everything else — no live token, claims the write did not
  -- vouch for (TokenBelong), a user who is locked, expired, past a lock date or
  -- bound to an address table (SessionAdmit) — goes through TokenSessionIn
  -- below, which keeps the exact errors.
  -- (CURRENT_TIMESTAMP is now() without a function call: no EXECUTE check.)
  -- A /whoami reads its session's kept answer (WhoamiRows' test of its stamps)
  -- in the same statement, which spares it a statement over the session
  -- again; any other path does not pay for those two relations.
  IF pPath = '/api/v1/whoami' THEN
    SELECT s.code, s.userid, s.updated < CURRENT_TIMESTAMP - interval '1 minute' AS stats_due,
           s.client_id, s.username, s.is_admin, s.admit_until > CURRENT_TIMESTAMP AS admitted,
           (SELECT c.answer FROM db.whoami_cache c
             WHERE c.session = s.code AND c.session_xmin = s.xmin AND c.version = whoami_version()
               AND c.user_gen = coalesce((SELECT g.gen FROM db.whoami_gen g WHERE g.userid = c.userid), 0)) AS whoami
      INTO r
      FROM db.token t
      JOIN db.session s ON s.code = t.claimed_session
     WHERE t.hash = encode(public.hmac(convert_to(pToken, 'utf8'),
                                       convert_to((SELECT k.value FROM db.setting k WHERE k.name = 'secret_key'), 'utf8'),
                                       'sha256'), 'hex')
       AND t.validFromDate <= CURRENT_TIMESTAMP AND t.validToDate > CURRENT_TIMESTAMP;
  ELSE
    SELECT s.code, s.userid, s.updated < CURRENT_TIMESTAMP - interval '1 minute' AS stats_due,
           s.client_id, s.username, s.is_admin, s.admit_until > CURRENT_TIMESTAMP AS admitted,
           null::json AS whoami
      INTO r
      FROM db.token t
      JOIN db.session s ON s.code = t.claimed_session
     WHERE t.hash = encode(public.hmac(convert_to(pToken, 'utf8'),
                                       convert_to((SELECT k.value FROM db.setting k WHERE k.name = 'secret_key'), 'utf8'),
                                       'sha256'), 'hex')
       AND t.validFromDate <= CURRENT_TIMESTAMP AND t.validToDate > CURRENT_TIMESTAMP;
  END IF;

  bFast := FOUND AND r.admitted;

  IF NOT bFast THEN
    a := TokenSessionIn(pToken, pAgent, pHost);
    SELECT a.claims->>'sub' AS code, a.stats_due, null::text AS username, null::json AS whoami INTO r;
  ELSE
    -- SetSessionContext, inline, as an assignment: PL/pgSQL evaluates a
    -- table-free expression directly, where PERFORM starts an executor. An
    -- array and a CASE, not || and a cast: they call no function, so they
    -- need no EXECUTE check when the expression is prepared (every request).
    aSet := ARRAY[set_config('current.session', r.code, false),
                  set_config('current.user', r.userid::text, false),
                  set_config('current.client_id', r.client_id, false),
                  set_config('current.access', CASE WHEN r.is_admin THEN 'false' ELSE 'true' END, false),
                  set_config('current.notification', 'true', false)];
  END IF;

  -- A statement of its own: PL/pgSQL prepares an expression once per
  -- transaction, all its branches with it (an EXECUTE check and a lookup per
  -- function: ~27 k for DaemonPayload's), and only when it runs.
  IF jsonb_typeof(pPayload) = 'object' THEN
    pPayload := DaemonPayload(pPath, pPayload, pAgent, pHost);
  END IF;

  FOREACH jRow IN ARRAY api_run_rows(pMethod, pPath, pPayload, r.username, r.whoami)
  LOOP
    RETURN NEXT jRow;
  END LOOP;

  IF r.stats_due THEN
    PERFORM DaemonSessionStats(r.code, pAgent, pHost);
  END IF;
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN NEXT DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.session_fetch (
  pSession      text,
  pSecret       text,
  pMethod       text,
  pPath         text,
  pPayload      jsonb DEFAULT null,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  jRow          json;
  r             record;
  aSet          text[];
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  pPath := lower(pPath);

  -- The fast path, daemon.fetch's for a session and its secret: the session by
  -- its code, the secret checked against the keyed hash the row stores (what
  -- ValidSecret compares, computed in the statement), and the session's copies
  -- of its user state for admission. No row is written: Authenticate's per-call
  -- rotation of the authorization code (a new salt, so a session row update
  -- that every request of the session queued behind) and its statistics are
  -- done by the full path once the session's statistics are a minute old
  -- (beyond the spec, 12-daemon: see docs/internals.md). Anything the
  -- statement does not admit — no such session, a wrong secret (Authenticate
  -- then closes the session), a user who is locked, expired, past a lock date
  -- or bound to an address table, statistics due — takes Authenticate with
  -- its exact errors.
  IF pPath = '/api/v1/whoami' THEN
    SELECT s.code, s.userid, s.client_id, s.username, s.is_admin,
           s.admit_until > CURRENT_TIMESTAMP AND s.updated >= CURRENT_TIMESTAMP - interval '1 minute' AS admitted,
           (SELECT c.answer FROM db.whoami_cache c
             WHERE c.session = s.code AND c.session_xmin = s.xmin AND c.version = whoami_version()
               AND c.user_gen = coalesce((SELECT g.gen FROM db.whoami_gen g WHERE g.userid = c.userid), 0)) AS whoami
      INTO r
      FROM db.session s
     WHERE s.code = pSession
       AND s.secret = encode(public.hmac(convert_to(pSecret, 'utf8'),
                                         convert_to((SELECT k.value FROM db.setting k WHERE k.name = 'secret_key'), 'utf8'),
                                         'sha256'), 'hex');
  ELSE
    SELECT s.code, s.userid, s.client_id, s.username, s.is_admin,
           s.admit_until > CURRENT_TIMESTAMP AND s.updated >= CURRENT_TIMESTAMP - interval '1 minute' AS admitted,
           null::json AS whoami
      INTO r
      FROM db.session s
     WHERE s.code = pSession
       AND s.secret = encode(public.hmac(convert_to(pSecret, 'utf8'),
                                         convert_to((SELECT k.value FROM db.setting k WHERE k.name = 'secret_key'), 'utf8'),
                                         'sha256'), 'hex');
  END IF;

  -- (admission and the statistics' age are columns, not conditions: as
  -- conditions the generic plan probed db.session by its updated index)
  IF FOUND AND r.admitted THEN
    -- SetSessionContext, inline, as daemon.fetch does it
    aSet := ARRAY[set_config('current.session', r.code, false),
                  set_config('current.user', r.userid::text, false),
                  set_config('current.client_id', r.client_id, false),
                  set_config('current.access', CASE WHEN r.is_admin THEN 'false' ELSE 'true' END, false),
                  set_config('current.notification', 'true', false)];
  ELSE
    IF Authenticate(pSession, pSecret, pAgent, pHost) IS NULL THEN
      -- Answered without raising: Authenticate has just closed the session of a
      -- wrong secret, and raising would roll that back.
      RETURN NEXT DaemonError(RaisedText('AuthenticateError', GetErrorMessage()));
      RETURN;
    END IF;
    SELECT null::text AS username, null::json AS whoami INTO r;
  END IF;

  IF jsonb_typeof(pPayload) = 'object' THEN
    pPayload := DaemonPayload(pPath, pPayload, pAgent, pHost);
  END IF;

  FOREACH jRow IN ARRAY api_run_rows(pMethod, pPath, pPayload, r.username, r.whoami)
  LOOP
    RETURN NEXT jRow;
  END LOOP;
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN NEXT DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.authorized_fetch (
  pUserName     text,
  pPassword     text,
  pMethod       text,
  pPath         text,
  pPayload      jsonb DEFAULT null,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  jRow          json;
  vSession      text;
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  pPath := lower(pPath);

  vSession := SignIn(CreateSystemOAuth2(), pUserName, pPassword, pAgent, pHost);

  IF vSession IS NULL THEN
    PERFORM AuthenticateError(GetErrorMessage());
  END IF;

  IF jsonb_typeof(pPayload) = 'object' THEN
    pPayload := DaemonPayload(pPath, pPayload, pAgent, pHost);
  END IF;

  FOREACH jRow IN ARRAY api_run_rows(pMethod, pPath, pPayload)
  LOOP
    RETURN NEXT jRow;
  END LOOP;

  BEGIN
    PERFORM SessionOut(vSession, false);
  EXCEPTION
  WHEN others THEN
    GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
    RETURN NEXT DaemonError(vMessage, vContext, vState);
  END;
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN NEXT DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Comma-separated full paths refused to anonymous callers: registry value
-- CURRENT_CONFIG\CONFIG\CurrentProject\API\Route\Blacklist. Read with one
-- cached-plan query over the registry tables (08-registry §1): every anonymous
-- request asks, and the generic registry walk costs a query per segment.
CREATE OR REPLACE FUNCTION AnonymousBlacklist ()
RETURNS         text[]
AS $$
DECLARE
  vList         text;
BEGIN
  SELECT v.vstring INTO vList
    FROM registry.key r
   INNER JOIN registry.key k1 ON k1.parent = r.id AND k1.key = 'CONFIG'
   INNER JOIN registry.key k2 ON k2.parent = k1.id AND k2.key = 'CurrentProject'
   INNER JOIN registry.key k3 ON k3.parent = k2.id AND k3.key = 'API'
   INNER JOIN registry.key k4 ON k4.parent = k3.id AND k4.key = 'Route'
   INNER JOIN registry.value v ON v.key = k4.id AND v.vname = 'Blacklist'
   WHERE r.parent IS NULL AND r.key = 'kernel'
   LIMIT 1;

  IF vList IS NULL THEN
    RETURN '{}';
  END IF;

  RETURN ARRAY(SELECT api_normal_path(btrim(p)) FROM unnest(string_to_array(vList, ',')) AS p WHERE btrim(p) <> '');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.unauthorized_fetch (
  pMethod       text,
  pPath         text,
  pPayload      jsonb DEFAULT null,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  jRow          json;
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  pPath := lower(pPath);

  -- A pooled connection must not carry the identity of its previous request
  -- (the context GUCs of 00-conventions §6, cleared directly: this runs per request).
  PERFORM set_config('current.session', '', false), set_config('current.user', '', false), set_config('current.client_id', '', false);

  IF api_normal_path(pPath) = ANY (AnonymousBlacklist()) THEN
    RETURN NEXT json_build_object('error', json_build_object('code', 401, 'message', 'Unauthorized'));
    RETURN;
  END IF;

  IF jsonb_typeof(pPayload) = 'object' THEN
    pPayload := DaemonPayload(pPath, pPayload, pAgent, pHost);
  END IF;

  FOREACH jRow IN ARRAY api_run_rows(pMethod, pPath, pPayload)
  LOOP
    RETURN NEXT jRow;
  END LOOP;
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN NEXT DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.signed_fetch (
  pMethod       text,
  pPath         text,
  pJson         json DEFAULT null,
  pSession      varchar DEFAULT null,
  pNonce        double precision DEFAULT null,
  pSignature    text DEFAULT null,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null,
  pTimeWindow   interval DEFAULT '1 min'
) RETURNS       SETOF json
AS $$
DECLARE
  jRow          json;
  tNonce        timestamptz;
  vSecret       text;
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  pPath := lower(pPath);

  IF pJson IS NOT NULL AND pJson::text = '{}' THEN
    pJson := null;
  END IF;

  pTimeWindow := least(coalesce(pTimeWindow, interval '1 min'), interval '1 min');
  tNonce := coalesce(to_timestamp(pNonce / 1000000), now());

  IF NOT (tNonce < now() + interval '15 sec' AND now() - tNonce <= pTimeWindow) THEN
    PERFORM NonceExpired();
  END IF;

  vSecret := session_secret(pSession);

  IF vSecret IS NULL OR pSignature IS NULL OR pSignature <> GetSignature(pPath, pNonce, pJson, vSecret) THEN
    PERFORM SignatureError();
  END IF;

  IF SessionIn(pSession, pAgent, pHost) IS NULL THEN
    PERFORM AuthenticateError(GetErrorMessage());
  END IF;

  FOREACH jRow IN ARRAY api_run_rows(pMethod, pPath, DaemonPayload(pPath, pJson::jsonb, pAgent, pHost))
  LOOP
    RETURN NEXT jRow;
  END LOOP;

  PERFORM DaemonSessionStats(pSession, pAgent, pHost);
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN NEXT DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Tokens and sessions
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION daemon.validation (
  pToken        text
) RETURNS       jsonb
AS $$
DECLARE
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  RETURN TokenValidation(pToken);
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN DaemonError(vMessage, vContext, vState)::jsonb;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.refresh_token (
  pToken        text,
  pRefresh      text
) RETURNS       json
AS $$
DECLARE
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  IF nullif(pRefresh, '') IS NULL THEN
    RETURN OAuthError(400, 'invalid_request', 'Missing parameter: refresh_token');
  END IF;

  RETURN RefreshToken(pToken, pRefresh);
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.identifier (
  pToken        text,
  pValue        text
) RETURNS       json
AS $$
DECLARE
  r             record;
  uId           uuid;
  vUserName     text;
  aFound        text[];
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  PERFORM TokenValidation(pToken);

  FOR r IN
    SELECT u.id, u.username, u.username = pValue AS by_username, u.email = pValue AS by_email, u.phone = pValue AS by_phone
      FROM db.user u
     WHERE u.type = 'U'
       AND (u.username = pValue OR u.email = pValue OR u.phone = pValue)
     ORDER BY u.created
  LOOP
    uId := r.id;
    vUserName := r.username;
    aFound := ARRAY[]::text[];
    IF r.by_username THEN aFound := aFound || 'username'::text; END IF;
    IF coalesce(r.by_email, false) THEN aFound := aFound || 'email'::text; END IF;
    IF coalesce(r.by_phone, false) THEN aFound := aFound || 'phone'::text; END IF;
  END LOOP;

  RETURN json_build_object('id', uId, 'username', vUserName, 'identifiers', aFound);
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.authorize (
  pSession      varchar,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null
) RETURNS       json
AS $$
DECLARE
  r             record;
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  IF SessionIn(pSession, pAgent, pHost) IS NULL THEN
    PERFORM AuthenticateError(GetErrorMessage());
  END IF;

  SELECT t.token, t.validToDate INTO r
    FROM db.token_header h INNER JOIN db.token t ON t.header = h.id AND t.type = 'A'
   WHERE h.session = pSession
     AND now() >= t.validFromDate AND now() < t.validToDate
   ORDER BY t.validFromDate DESC
   LIMIT 1;

  IF r.token IS NULL THEN
    PERFORM TokenExpired();
  END IF;

  RETURN json_build_object('access_token', r.token, 'token_type', 'Bearer',
                           'expires_in', greatest(trunc(extract(epoch FROM r.validToDate - now())), 0)::integer,
                           'session', pSession);
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.session_open (
  pToken        text,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  jClaims       jsonb;
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  jClaims := TokenValidation(pToken);

  IF SessionIn(jClaims->>'sub', pAgent, pHost) IS NULL THEN
    PERFORM AuthenticateError(GetErrorMessage());
  END IF;

  RETURN NEXT jClaims::json;
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN NEXT DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.session_close (
  pToken        text,
  pCloseAll     boolean DEFAULT false,
  pMessage      text DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  jClaims       jsonb;
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  jClaims := TokenValidation(pToken);

  PERFORM SessionOut(jClaims->>'sub', coalesce(pCloseAll, false), pMessage);

  RETURN NEXT jClaims::json;
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN NEXT DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- REST catalogue for the app service's OpenAPI document
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION daemon.rest_catalog ()
RETURNS         SETOF json
AS $$
  SELECT json_build_object('path', path, 'methods', methods, 'keys', keys, 'required', required,
                           'session', session, 'summary', summary, 'module', module)
    FROM db.rest_catalog
   ORDER BY path;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
