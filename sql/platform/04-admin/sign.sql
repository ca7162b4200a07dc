-- admin module: sign-in, session resumption, authentication, sign-out, maintenance.

CREATE OR REPLACE FUNCTION ValidSession(pSession varchar DEFAULT current_session())
RETURNS boolean AS $$
DECLARE
  vPwKey text;
BEGIN
  SELECT pwkey INTO vPwKey FROM db.session WHERE code = pSession;
  IF NOT FOUND THEN
    PERFORM SetErrorMessage('Session code not found.');
    RETURN false;
  END IF;
  -- the code is derived from the stored key material: a row edited behind our back fails
  IF SessionKey(vPwKey, GetSecretKey()) IS DISTINCT FROM pSession THEN
    PERFORM SetErrorMessage('Session code verification failed.');
    RETURN false;
  END IF;
  PERFORM SetErrorMessage('Success.');
  RETURN true;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ValidSecret(pSecret text, pSession varchar DEFAULT current_session())
RETURNS boolean AS $$
DECLARE
  vHash text;
BEGIN
  SELECT secret INTO vHash FROM db.session WHERE code = pSession;
  IF NOT FOUND THEN
    PERFORM SetErrorMessage('Session code not found.');
    RETURN false;
  END IF;
  IF pSecret IS NULL OR GetTokenHash(pSecret) IS DISTINCT FROM vHash THEN
    PERFORM SetErrorMessage('Session secret verification failed.');
    RETURN false;
  END IF;
  PERFORM SetErrorMessage('Success.');
  RETURN true;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetSessionContext(pSession text, pUserId uuid, pClientId text, pAdmin boolean DEFAULT null)
RETURNS void AS $$
BEGIN
  -- one statement: this runs on every authenticated request
  PERFORM set_config('current.session', coalesce(pSession, ''), false),
          set_config('current.user', coalesce(pUserId::text, ''), false),
          set_config('current.client_id', coalesce(pClientId, ''), false),
          set_config('current.access', (NOT coalesce(pAdmin, IsAdmin(pUserId)))::text, false),
          set_config('current.notification', 'true', false);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION MarkUserActive(pUserId uuid, pScope uuid, pHost inet)
RETURNS void AS $$
BEGIN
  UPDATE db.user SET status = set_bit(set_bit(status, 3, 0), 2, 1)
   WHERE id = pUserId AND get_bit(status, 2) = 0;
  UPDATE db.profile SET input_last = now(), lc_ip = coalesce(pHost, lc_ip)
   WHERE userid = pUserId AND scope = pScope;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Login's bookkeeping on the profile of the signed-in scope. The profile's login state
-- is computed from the sessions of the current user (t_profile_login_state), who is the
-- signed-in user while Login runs; at commit the context may have moved on (the ticket
-- grant signs its service client out again), so it is that user for the write.
-- The quiet sign-ins of client_credentials grants counted in db.profile_input since the
-- last write are folded into input_count by the same statement.
CREATE OR REPLACE FUNCTION RecordLogin(pUserId uuid, pScope uuid, pHost inet)
RETURNS void AS $$
DECLARE
  vCurrent text := current_setting('current.user', true);
  vSet     text;
BEGIN
  vSet := set_config('current.user', pUserId::text, false);
  -- The login state is computed before the row is locked and handed to the trigger
  -- (t_profile_login_state would compute it with the row locked, and every sign-in of
  -- the user waits for that lock). Same snapshot horizon: the trigger's statement took
  -- its snapshot before waiting for the lock too.
  vSet := set_config('kernel.login_state', ProfileLoginState(pUserId, pHost)::text, true);
  WITH folded AS (
    DELETE FROM db.profile_input WHERE userid = pUserId AND scope = pScope RETURNING n
  )
  UPDATE db.profile
     SET input_error = 0, input_count = input_count + 1 + (SELECT coalesce(sum(n), 0) FROM folded),
         input_last = now(), lc_ip = pHost
   WHERE userid = pUserId AND scope = pScope;
  vSet := set_config('kernel.login_state', '', true);
  vSet := set_config('current.user', coalesce(vCurrent, ''), false);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION Login(pOAuth2 bigint, pRoleName text, pPassword text, pAgent text DEFAULT null, pHost inet DEFAULT null)
RETURNS text AS $$
DECLARE
  u         record;
  p         record;
  vScope    uuid;
  vSession  text;
  vClientId text;
  vIsAdmin  boolean;
  vMachine  boolean := current_setting('kernel.grant_code', true) = 'consume';
  vSet      text;
BEGIN
  IF NULLIF(pRoleName, '') IS NULL OR NULLIF(pPassword, '') IS NULL THEN
    PERFORM LoginError();
  END IF;

  -- The user, whether its ACL holds the login bit (CheckAccessControlList's expression),
  -- whether it has an address table, and whether any of its profiles limits its sessions
  -- (CheckSessionLimit reads the limit of the current scope itself; looking that scope up
  -- here through the connection's last session cost more than the rest of the read).
  SELECT x.id, x.username, x.status, x.lock_date, x.expiry_date,
         coalesce((SELECT (bit_or(a.allow) & ~bit_or(a.deny)) & B'00000000000000001' = B'00000000000000001'
                     FROM db.acl a
                    WHERE a.userid = x.id
                       OR a.userid IN (SELECT m.userid FROM db.member_group m WHERE m.member = x.id)), false) AS may_login,
         EXISTS (SELECT FROM db.iptable i WHERE i.userid = x.id) AS has_iptable,
         EXISTS (SELECT FROM db.profile f WHERE f.userid = x.id AND f.session_limit > 0) AS has_session_limit
    INTO u
    FROM db.user x WHERE x.type = 'U' AND x.username = pRoleName;
  IF u.id IS NULL THEN
    PERFORM LoginError();
  END IF;

  IF NOT u.may_login THEN
    PERFORM AccessDenied();
  END IF;

  IF get_bit(u.status, 1) = 1 THEN
    PERFORM UserLockError();
  END IF;
  IF u.lock_date >= now() THEN
    PERFORM UserTempLockError(u.lock_date);
  END IF;
  IF get_bit(u.status, 0) = 1 OR u.expiry_date <= now() THEN
    PERFORM PasswordExpired();
  END IF;

  IF u.has_iptable AND NOT CheckIPTable(u.id, pHost) THEN
    PERFORM LoginIpTableError(pHost);
  END IF;

  IF NOT CheckPassword(u.id, pPassword) THEN
    PERFORM ClearSessionContext();
    PERFORM LoginError();
  END IF;

  IF u.has_session_limit THEN
    PERFORM CheckSessionLimit(u.id);
  END IF;

  -- CheckUserProfile's answer when the user has a profile in one of the request's scopes
  -- (the first such scope), with that profile's locale, area and interface for the
  -- session, and whether this is a quiet sign-in: one of a client_credentials grant whose
  -- profile bookkeeping is at most a minute old, from the same address, with nothing to
  -- reset (docs/internals.md). Without a profile CheckUserProfile creates one.
  -- First the common case, the first scope a scope code the user has a profile in: the
  -- walk through every code (scope or alias, in order) costs twice as much.
  SELECT pr.scope, pr.locale, pr.area, pr.interface,
         coalesce(vMachine AND pr.input_error = 0 AND pr.state <> B'000' AND pr.lc_ip IS NOT DISTINCT FROM pHost
                  AND coalesce((SELECT min(i.since) FROM db.profile_input i WHERE i.userid = u.id AND i.scope = pr.scope),
                               pr.input_last) > now() - interval '1 minute', false) AS quiet
    INTO p
    FROM db.oauth2 o
    JOIN db.scope s ON s.code = o.scopes[1]
    JOIN db.profile pr ON pr.userid = u.id AND pr.scope = s.id
   WHERE o.id = pOAuth2;
  IF NOT FOUND THEN
    SELECT pr.scope, pr.locale, pr.area, pr.interface,
           coalesce(vMachine AND pr.input_error = 0 AND pr.state <> B'000' AND pr.lc_ip IS NOT DISTINCT FROM pHost
                    AND coalesce((SELECT min(i.since) FROM db.profile_input i WHERE i.userid = u.id AND i.scope = pr.scope),
                                 pr.input_last) > now() - interval '1 minute', false) AS quiet
      INTO p
      FROM db.oauth2 o
     CROSS JOIN LATERAL unnest(o.scopes) WITH ORDINALITY AS c(code, ord)
      JOIN db.profile pr ON pr.userid = u.id
       AND pr.scope = coalesce((SELECT s.id FROM db.scope s WHERE s.code = c.code),
                               (SELECT a.scope FROM db.scope_alias a WHERE a.code = c.code LIMIT 1))
     WHERE o.id = pOAuth2
     ORDER BY c.ord
     LIMIT 1;
  END IF;
  IF FOUND THEN
    vScope := p.scope;
  ELSE
    vScope := CheckUserProfile(pOAuth2, u.id);
    SELECT pr.locale, pr.area, pr.interface, false AS quiet INTO p
      FROM (SELECT) AS one LEFT JOIN db.profile pr ON pr.userid = u.id AND pr.scope = vScope;
  END IF;

  -- The client id and the administrator flag come back with the row (t_session_client).
  INSERT INTO db.session (oauth2, userid, locale, area, interface, scope, agent, host)
  VALUES (pOAuth2, u.id, p.locale, p.area, p.interface, vScope, pAgent, pHost)
  RETURNING code, client_id, is_admin INTO vSession, vClientId, vIsAdmin;

  -- SetSessionContext(vSession, u.id, vClientId, vIsAdmin), as assignments
  vSet := set_config('current.session', vSession, false);
  vSet := set_config('current.user', u.id::text, false);
  vSet := set_config('current.client_id', coalesce(vClientId, ''), false);
  vSet := set_config('current.access', (NOT vIsAdmin)::text, false);
  vSet := set_config('current.notification', 'true', false);

  PERFORM DoLogin(u.id);

  -- Every sign-in of one user (a client_credentials client signs in on every grant)
  -- writes the same user and profile rows, and a row lock is held until commit: the user
  -- row is written only when its state really changes (as read at the start: a change
  -- since is one an offline sweep made concurrently, as if just after this sign-in).
  IF get_bit(u.status, 3) = 1 OR get_bit(u.status, 2) = 0 OR u.lock_date IS NOT NULL THEN
    UPDATE db.user SET status = set_bit(set_bit(status, 3, 0), 2, 1), lock_date = null
     WHERE id = u.id AND (get_bit(status, 3) = 1 OR get_bit(status, 2) = 0 OR lock_date IS NOT NULL);
  END IF;

  IF p.quiet THEN
    -- counted without writing (or locking) the profile row, and not logged
    INSERT INTO db.profile_input AS i (userid, scope, backend, n, since, at)
    VALUES (u.id, vScope, pg_backend_pid(), 1, now(), now())
    ON CONFLICT (userid, scope, backend) DO UPDATE SET n = i.n + 1, at = excluded.at;
    RETURN vSession;
  END IF;

  -- WriteToEventLog('M', 6010, 'auth', 'login', 'User logged in.') with the user name and
  -- session given: the log trigger would otherwise look both up again from the context.
  IF coalesce(NULLIF(current_setting('current.log', true), '')::boolean, true) THEN
    INSERT INTO db.log (type, code, scope, event, text, username, session)
    VALUES ('M', 6010, 'auth', 'login', 'User logged in.', u.username, vSession);
  END IF;

  -- The profile row is written at commit (db.ft_session_login_record), so its lock is
  -- held only for the commit. t_session_login_record exists wherever this code runs
  -- (table.sql, patch P00000003).
  vSet := set_config('kernel.login_record',
    concat_ws(',', nullif(current_setting('kernel.login_record', true), ''), vSession), true);

  RETURN vSession;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SignIn(pOAuth2 bigint, pRoleName text, pPassword text, pAgent text DEFAULT null, pHost inet DEFAULT null)
RETURNS text AS $$
DECLARE
  vMessage  text;
  vContext  text;
  vUserId   uuid;
  vReadOnly boolean;
  vErrors   integer;
BEGIN
  -- SetErrorMessage('Success.'), as an assignment
  vMessage := set_config('kernel.error_message', 'Success.', false);
  RETURN Login(pOAuth2, pRoleName, pPassword, pAgent, pHost);
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  PERFORM SetErrorMessage(vMessage);
  PERFORM ClearSessionContext();

  SELECT id, readonly INTO vUserId, vReadOnly FROM db.user WHERE type = 'U' AND username = pRoleName;
  IF vUserId IS NOT NULL AND NOT vReadOnly THEN
    UPDATE db.profile
       SET input_error = input_error + 1, input_error_last = now(), input_error_all = input_error_all + 1
     WHERE userid = vUserId;
    SELECT max(input_error) INTO vErrors FROM db.profile WHERE userid = vUserId;
    -- 5-9 failures lock for 1 minute, each further 5 multiply the lock by 5, capped at 10 hours
    -- (5^4 minutes is past the cap already: a larger power would overflow the interval and
    -- make this handler raise, losing the count, after about a hundred failures)
    IF vErrors >= 5 AND pRoleName <> 'demo' THEN
      UPDATE db.user
         SET lock_date = now() + least(interval '1 min' * power(5, least(vErrors / 5 - 1, 4)), interval '10 hour')
       WHERE id = vUserId;
    END IF;
  END IF;

  PERFORM WriteToEventLog('E', 9001, 'auth', 'error', vMessage);
  PERFORM WriteToEventLog('D', 9001, 'auth', 'context', vContext);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The verdict on resuming a loaded session, and the context it sets. daemon.fetch
-- admits without it only while the session's copies of its user's state
-- (t_session_client) say these checks would pass; otherwise it comes here
-- through TokenSessionIn and SessionIn, so both admit exactly the same sessions.
CREATE OR REPLACE FUNCTION SessionAdmit(pSession text, pUserId uuid, pStatus bit, pLockDate timestamptz,
  pExpiryDate timestamptz, pHasIpTable boolean, pHost inet, pClientId text, pIsAdmin boolean)
RETURNS void AS $$
BEGIN
  IF get_bit(pStatus, 1) = 1 THEN
    PERFORM UserLockError();
  END IF;
  -- a lock date in the past (set by UserLock) blocks resumption until the next sign-in
  IF pLockDate <= now() THEN
    PERFORM UserLockError();
  END IF;
  IF get_bit(pStatus, 0) = 1 OR pExpiryDate <= now() THEN
    PERFORM PasswordExpired();
  END IF;
  IF pHasIpTable AND NOT CheckIPTable(pUserId, pHost) THEN
    PERFORM LoginIpTableError(pHost);
  END IF;

  PERFORM SetSessionContext(pSession, pUserId, pClientId, pIsAdmin);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SessionIn(pSession varchar, pAgent text DEFAULT null, pHost inet DEFAULT null, pSalt text DEFAULT null)
RETURNS text AS $$
DECLARE
  r record;
BEGIN
  -- Runs on every request: one statement loads the session and all the context it sets.
  -- The code is the primary key, so finding the row is the validity check; re-deriving the
  -- code from pwkey (ValidSession, used when closing sessions) would add an HMAC per request
  -- and only catches rows edited behind the platform's back.
  SELECT s.userid, s.scope, u.status, u.lock_date, u.expiry_date, s.client_id, t.token AS code,
         EXISTS (SELECT FROM db.iptable i WHERE i.userid = u.id) AS has_iptable,
         EXISTS (SELECT FROM db.member_group m
                  WHERE m.userid = '00000000-0000-4000-a000-000000000001' AND m.member = u.id) AS is_admin
    INTO r
    FROM db.session s
    JOIN db.user u ON u.id = s.userid
    LEFT JOIN db.token t ON t.id = s.token
   WHERE s.code = pSession;

  IF NOT FOUND THEN
    PERFORM SetErrorMessage('Session code not found.');
    RETURN NULL;
  END IF;

  PERFORM SessionAdmit(pSession, r.userid, r.status, r.lock_date, r.expiry_date, r.has_iptable, pHost, r.client_id, r.is_admin);

  IF pSalt IS NOT NULL THEN
    PERFORM MarkUserActive(r.userid, r.scope, pHost);
    UPDATE db.session
       SET updated = now(), agent = coalesce(pAgent, agent), host = coalesce(pHost, host), salt = pSalt
     WHERE code = pSession;
    RETURN oauth2_current_code(pSession);
  END IF;

  RETURN r.code;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

-- TokenValidation followed by SessionIn of the token's session (raising
-- AuthenticateError when there is none): the path daemon.fetch takes whenever
-- its one-statement admission does not answer (no live token, a token whose
-- claims name another session or client than its header, a header and session
-- of different client rows), so that every refusal keeps its error. A live
-- token whose claims name another session than its header is refused there
-- (TokenBelong): the header records which session the token was issued to,
-- and the claims alone would admit the other session. Returns the claims and
-- that the session's statistics are due (UpdateSessionStats decides).
CREATE OR REPLACE FUNCTION TokenSessionIn(pToken text, pAgent text DEFAULT null, pHost inet DEFAULT null,
  OUT claims jsonb, OUT stats_due boolean)
RETURNS record AS $$
BEGIN
  claims := TokenValidation(pToken);
  IF SessionIn(claims->>'sub', pAgent, pHost) IS NULL THEN
    PERFORM AuthenticateError(GetErrorMessage());
  END IF;
  stats_due := true;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION Authenticate(pSession varchar, pSecret text, pAgent text DEFAULT null, pHost inet DEFAULT null)
RETURNS text AS $$
BEGIN
  IF ValidSecret(pSecret, pSession) THEN
    RETURN SessionIn(pSession, pAgent, pHost, gen_salt('bf'));
  END IF;
  -- a wrong secret burns the session
  PERFORM SessionOut(pSession, false, GetErrorMessage());
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION Authorize(pSession varchar, pAgent text DEFAULT null, pHost inet DEFAULT null)
RETURNS boolean AS $$
  SELECT SessionIn(pSession, pAgent, pHost) IS NOT NULL;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Per-request statistics. Writing on every request would serialise all requests of a
-- session on one row, so the row is touched at most once a minute (or when the client
-- address changes) and the write never waits for a WAL flush.
CREATE OR REPLACE FUNCTION UpdateSessionStats(pSession varchar, pAgent text DEFAULT null, pHost inet DEFAULT null)
RETURNS void AS $$
DECLARE
  r record;
BEGIN
  SELECT userid, scope, updated, host INTO r FROM db.session WHERE code = pSession;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF r.updated > now() - interval '1 minute' AND (pHost IS NULL OR r.host IS NOT DISTINCT FROM pHost) THEN
    RETURN;
  END IF;

  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM MarkUserActive(r.userid, r.scope, pHost);
  UPDATE db.session
     SET updated = now(), agent = coalesce(pAgent, agent), host = coalesce(pHost, host)
   WHERE code = pSession;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SessionOut(pSession varchar, pCloseAll boolean, pMessage text DEFAULT null)
RETURNS boolean AS $$
DECLARE
  vUserId uuid;
  vScope  uuid;
  vText   text;
BEGIN
  IF NOT ValidSession(pSession) THEN
    RAISE EXCEPTION 'ERR-40000: %', GetErrorMessage();
  END IF;

  SELECT userid, scope INTO vUserId, vScope FROM db.session WHERE code = pSession;

  IF session_user <> 'kernel' AND NOT CheckAccessControlList(B'00000000000000010', vUserId) THEN
    PERFORM AccessDenied();
  END IF;

  PERFORM DoLogout(vUserId);

  -- the session's after-delete trigger removes its token headers and tokens
  IF pCloseAll THEN
    DELETE FROM db.session WHERE userid = vUserId OR suid = vUserId;
  ELSE
    DELETE FROM db.session WHERE code = pSession;
  END IF;

  PERFORM FROM db.session WHERE userid = vUserId;
  IF NOT FOUND THEN
    UPDATE db.user SET status = set_bit(set_bit(status, 3, 1), 2, 0) WHERE id = vUserId;
    UPDATE db.profile SET state = B'000' WHERE userid = vUserId AND scope = vScope;
  END IF;

  vText := 'Выход из системы'
    || CASE WHEN pCloseAll THEN ' (с закрытием всех активных сессий)' ELSE '' END
    || coalesce('. ' || pMessage, '.');

  PERFORM WriteToEventLog('M', 6011, 'auth', 'logout', vText);
  PERFORM SetErrorMessage(vText);
  PERFORM ClearSessionContext();
  RETURN true;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SignOut(pSession varchar DEFAULT current_session(), pCloseAll boolean DEFAULT false)
RETURNS boolean AS $$
DECLARE
  vMessage text;
  vContext text;
BEGIN
  RETURN SessionOut(pSession, pCloseAll);
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  PERFORM ClearSessionContext();
  PERFORM SetErrorMessage('Logout failed. ' || vMessage);
  PERFORM WriteToEventLog('E', 9001, 'auth', 'error', 'Logout failed. ' || vMessage);
  PERFORM WriteToEventLog('D', 9001, 'auth', 'context', vContext);
  RETURN false;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetSession(pUserId uuid, pOAuth2 bigint DEFAULT null, pAgent text DEFAULT null, pHost inet DEFAULT null,
  pNew boolean DEFAULT null, pLogin boolean DEFAULT null)
RETURNS text AS $$
DECLARE
  u         db.user%rowtype;
  p         db.profile%rowtype;
  vOrigin   uuid;
  vScope    uuid;
  vSession  text;
  vClientId text;
BEGIN
  pOAuth2 := coalesce(pOAuth2, CreateSystemOAuth2());
  pNew := coalesce(pNew, false);
  pLogin := coalesce(pLogin, true);

  SELECT * INTO u FROM db.user WHERE id = pUserId AND type = 'U';

  IF session_user <> 'kernel' AND NOT (session_user = 'apibot' AND u.username = 'apibot') THEN
    vOrigin := coalesce(session_userid(), (SELECT id FROM db.user WHERE type = 'U' AND username = session_user));
    IF NOT CheckAccessControlList(B'00010000000000000', vOrigin) THEN
      PERFORM AccessDenied();
    END IF;
  END IF;

  IF u.id IS NULL THEN
    PERFORM LoginError();
  END IF;
  IF get_bit(u.status, 1) = 1 OR u.lock_date <= now() THEN
    PERFORM UserLockError();
  END IF;
  IF get_bit(u.status, 0) = 1 OR u.expiry_date <= now() THEN
    PERFORM PasswordExpired();
  END IF;
  IF NOT CheckIPTable(u.id, pHost) THEN
    PERFORM LoginIpTableError(pHost);
  END IF;

  pAgent := coalesce(NULLIF(pAgent, ''), NULLIF(current_setting('application_name', true), ''), current_project());
  vScope := CheckUserProfile(pOAuth2, u.id);

  IF NOT pNew THEN
    SELECT code INTO vSession FROM db.session
     WHERE suid = u.id AND userid = u.id AND scope = vScope AND agent IS NOT DISTINCT FROM pAgent
     ORDER BY created DESC LIMIT 1;
  END IF;

  IF vSession IS NULL THEN
    SELECT * INTO p FROM db.profile WHERE userid = u.id AND scope = vScope;
    IF NOT FOUND THEN
      PERFORM AccessDenied();
    END IF;
    INSERT INTO db.session (oauth2, userid, locale, area, interface, scope, agent, host)
    VALUES (pOAuth2, u.id, p.locale, p.area, p.interface, vScope, pAgent, pHost)
    RETURNING code INTO vSession;
  END IF;

  IF pLogin THEN
    SELECT a.code INTO vClientId FROM db.session s JOIN db.oauth2 o ON o.id = s.oauth2
      JOIN oauth2.audience a ON a.id = o.audience WHERE s.code = vSession;
    PERFORM SetSessionContext(vSession, u.id, vClientId);
  END IF;

  RETURN vSession;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckOffline(pOffTime interval DEFAULT '5 minute')
RETURNS void AS $$
DECLARE
  vUserId uuid;
BEGIN
  FOR vUserId IN
    SELECT DISTINCT u.id FROM db.user u JOIN db.session s ON s.userid = u.id
     WHERE u.type = 'U' AND get_bit(u.status, 2) = 1 AND u.id IS DISTINCT FROM current_userid()
       AND s.updated < now() - pOffTime
  LOOP
    UPDATE db.user SET status = set_bit(set_bit(status, 3, 1), 2, 0) WHERE id = vUserId;
    UPDATE db.profile SET state = B'000' WHERE userid = vUserId;
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckSession(pOffTime interval DEFAULT '3 month')
RETURNS void AS $$
DECLARE
  vCode text;
BEGIN
  FOR vCode IN
    SELECT s.code FROM db.session s JOIN db.user u ON u.id = s.userid
      LEFT JOIN db.profile p ON p.userid = s.userid AND p.scope = s.scope
     WHERE s.code IS DISTINCT FROM current_session()
       AND u.username NOT IN ('admin', session_user)
       AND p.input_last < now() - pOffTime
    UNION
    (SELECT s.code FROM db.session s JOIN db.user u ON u.id = s.userid
      WHERE s.code IS DISTINCT FROM current_session() AND u.username LIKE 'web-%'
        AND s.updated < now() - interval '10 day'
      LIMIT 5000)
    UNION
    SELECT s.code FROM db.session s WHERE s.code IS DISTINCT FROM current_session() AND s.agent LIKE 'python-%'
  LOOP
    PERFORM SignOut(vCode, false);
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
