--------------------------------------------------------------------------------
-- observer module: daemon entry points of the WebSocket service
--------------------------------------------------------------------------------

-- The daemon error object ({"error": {code, message}}) of an observer failure,
-- logged like every daemon wrapper's.
CREATE OR REPLACE FUNCTION ObserverError (
  pMessage      text,
  pContext      text DEFAULT null
) RETURNS       json
AS $$
DECLARE
  r             record;
  nCode         integer;
BEGIN
  SELECT * INTO r FROM ParseMessage(pMessage);
  nCode := CASE WHEN r.code IS NULL OR r.code = -1 THEN 500 ELSE r.code END;

  BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM SetErrorMessage(r.message);
    PERFORM WriteToEventLog('E', nCode, 'exception', 'error', r.message);
    PERFORM WriteToEventLog('D', nCode, 'exception', 'context', coalesce(pContext, ''));
  EXCEPTION WHEN others THEN
    -- The answer matters more than its log entry.
    NULL;
  END;

  RETURN json_build_object('error', json_build_object('code', nCode, 'message', r.message));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Makes pSession the current one unless it already is (with its user).
CREATE OR REPLACE FUNCTION ObserverSessionIn (
  pSession      varchar,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF nullif(current_setting('current.session', true), '') IS NOT DISTINCT FROM pSession
     AND nullif(current_setting('current.user', true), '')::uuid IS NOT DISTINCT FROM (SELECT userid FROM db.session WHERE code = pSession)
     AND pSession IS NOT NULL THEN
    RETURN;
  END IF;

  IF pSession IS NULL OR SessionIn(pSession, pAgent, pHost) IS NULL THEN
    PERFORM AuthenticateError(coalesce(GetErrorMessage(), 'Session code not found.'));
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.publisher_list ()
RETURNS         SETOF text
AS $$
  SELECT code FROM db.publisher ORDER BY code;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.observer (
  pPublisher    text,
  pSession      varchar,
  pIdentity     text,
  pData         jsonb,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  aRows         json[];
  vMessage      text;
  vContext      text;
BEGIN
  -- Nothing here writes business data: the log rows of a failure need no fsync.
  PERFORM set_config('synchronous_commit', 'off', true);

  BEGIN
    PERFORM ObserverSessionIn(pSession, pAgent, pHost);
    SELECT array_agg(x) INTO aRows FROM EventListener(pPublisher, pSession, coalesce(nullif(pIdentity, ''), 'main'), pData) AS x;
  EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
    RETURN NEXT ObserverError(vMessage, vContext);
    RETURN;
  END;

  IF aRows IS NOT NULL THEN
    RETURN QUERY SELECT unnest(aRows);
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Batched form of daemon.observer for a WebSocket node holding many sockets:
-- one call per event instead of one per socket. Only listeners of the given
-- sessions are visited (primary-key probes), the filter is decided without a
-- session switch, and only matched listeners are entered to render their
-- payload. Rows: (session, identity, payload) where payload is what
-- daemon.observer would send (one row → that value, several → an array), or
-- {"error": {code, message}} for a session that cannot be entered (code 401:
-- de-authorise its sockets; identity NULL = every socket of that session).
CREATE OR REPLACE FUNCTION daemon.observer_match (
  pPublisher    text,
  pData         jsonb,
  pSessions     text[]
) RETURNS       TABLE (session text, identity text, payload json)
AS $$
DECLARE
  l             record;
  aRows         json[];
  vMessage      text;
  vContext      text;
  vSaveSession  text := current_setting('current.session', true);
  vSaveUser     text := current_setting('current.user', true);
  vSaveClient   text := current_setting('current.client_id', true);
  vSaveAccess   text := current_setting('current.access', true);
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);

  -- Sockets of closed sessions learn it at once.
  FOR l IN
    SELECT DISTINCT s AS code FROM unnest(pSessions) AS s
     WHERE s IS NOT NULL AND NOT EXISTS (SELECT FROM db.session d WHERE d.code = s)
  LOOP
    session := l.code;
    identity := null;
    payload := json_build_object('error', json_build_object('code', 401, 'message', 'Session code not found.'));
    RETURN NEXT;
  END LOOP;

  FOR l IN
    SELECT t.session, t.identity, t.params, s.host
      FROM db.listener t INNER JOIN db.session s ON s.code = t.session
     WHERE t.publisher = pPublisher
       AND t.session = ANY (pSessions)
       AND ObserverMatch(pPublisher, s.userid, t.session, t.identity, t.filter, t.params, pData)
     ORDER BY t.session, t.identity
  LOOP
    session := l.session;
    identity := l.identity;
    BEGIN
      PERFORM ObserverSessionIn(l.session, null, l.host);
      SELECT array_agg(x) INTO aRows FROM ObserverEvent(pPublisher, l.session, l.identity, l.params, pData) AS x;
      CONTINUE WHEN aRows IS NULL;
      payload := CASE WHEN cardinality(aRows) = 1 THEN aRows[1] ELSE array_to_json(aRows) END;
    EXCEPTION WHEN others THEN
      GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
      payload := ObserverError(vMessage, vContext);
    END;
    RETURN NEXT;
  END LOOP;

  -- A pooled connection goes back with the context it came with.
  PERFORM set_config('current.session', coalesce(vSaveSession, ''), false),
          set_config('current.user', coalesce(vSaveUser, ''), false),
          set_config('current.client_id', coalesce(vSaveClient, ''), false),
          set_config('current.access', coalesce(vSaveAccess, ''), false);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.init_listen ()
RETURNS         SETOF json
AS $$
DECLARE
  vMessage      text;
  vContext      text;
BEGIN
  PERFORM InitListen();
  RETURN;
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  RETURN NEXT ObserverError(vMessage, vContext);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
