-- The grant floors of issue #6 (README.md, "## Floors"): the least work a
-- client_credentials grant and a refresh_token grant must do per spec
-- (12-daemon §3 daemon.token, 04-admin §2.12–2.15, §5 and §6.7–6.8,
-- services/auth.md §3.3, issue #3's keyed-hash and encrypted-secret
-- extensions), as two SECURITY DEFINER PL/pgSQL functions owned by kernel and
-- callable by daemon, in a database installed by `pnpm db install`:
--
--   psql -U postgres -d DB -f bench/auth-token/floor.sql
--   SELECT daemon.floor_token('service-pgfleet.local', '<secret>', '{"grant_type":"client_credentials","scope":"pgfleet"}', 'bench', '127.0.0.1');
--   SELECT daemon.floor_token('service-pgfleet.local', '<secret>', jsonb_build_object('grant_type', 'refresh_token', 'refresh_token', rt), 'bench', '127.0.0.1');
--
-- Tables. db.oauth2 and db.token_header are the real ones (no trigger fires on
-- their inserts). db.token and db.session are written through row triggers
-- that do the implementation's work (the session trigger computes everything
-- this floor computes inline, and more), so the floor writes copies of them:
-- floor.token and floor.session, made LIKE the real tables (columns,
-- defaults, NOT NULLs, primary keys, unique constraints and indexes,
-- fillfactor) with the real tables' foreign keys (session: oauth2, token,
-- suid, userid, locale, area, interface, scope; token: header), filled with
-- the real tables' rows so that their indexes start as deep. The index sets
-- are the implementation's (db.token: hash, and header/type/validFromDate/id,
-- a documented departure from the six of 04-admin §2.14; db.session: the
-- spec's six, userid widened): a floor takes the cheaper set already accepted.
--
-- client_credentials, in five statements:
--   1. the client by its code and the keyed hash of the presented secret
--      (HMAC-SHA256 with the server key), the signing issuer, the server key,
--      the client's service user with what Login checks (ACL login bit, lock
--      and expiry, address table, session limit) and its profile in the
--      requested scope (locale, area, interface: the session's defaults), and
--      its direct membership of that area and interface (the session trigger's
--      checks): one statement. The service user's password is the client
--      secret just checked by keyed hash: it is not checked again.
--   2. the OAuth 2.0 request row (offline): db.oauth2.
--   3. the header and the session's authorization code (type C, inserted used:
--      the grant exchanges it at once, CreateToken), one statement.
--   4. the session row: secret (48 random bytes) stored as its keyed hash and
--      encrypted with the server key (the signed-request path needs it back),
--      salt, pwkey (keyed hash of StrPwKey and the salt), code (keyed hash of
--      pwkey), the admission copies daemon.fetch reads.
--   5. the access token (HS256 JWT: iss, aud, sub, iat, exp, 1 day, signed
--      with the client secret just checked, as the real grant signs) and the
--      refresh token (54 random bytes), both with their keyed hashes, one
--      statement. No id token (scope pgfleet names neither openid nor profile).
--   The commit does not wait for the WAL flush, as the real grant's does not.
--   Not done, as the real grant does not do them on a repeated sign-in either
--   (docs/internals.md): the profile's sign-in counters, the user's status
--   write, the event log row of the sign-in. floor_token(..., pLog => true)
--   adds the event log row (db.log, with its triggers) to show its cost.
--
-- refresh_token, in four statements:
--   1. the client check, as above (no user).
--   2. the presented refresh token by its keyed hash, live and unused, ended
--      (used, validToDate) by the statement that finds it, with its header,
--      request, session and the session's encrypted secret: one UPDATE.
--   3. the header's live access token ended, the header touched, the new access
--      and refresh tokens inserted: one statement.
--   4. the answer: the session secret decrypted (every token set carries it).
--   The commit waits for the WAL flush: a rotation burns the presented token.

CREATE SCHEMA IF NOT EXISTS floor AUTHORIZATION kernel;

DROP TABLE IF EXISTS floor.session;
DROP TABLE IF EXISTS floor.token;

CREATE TABLE floor.token (LIKE db.token INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)
  WITH (fillfactor = 75);
ALTER TABLE floor.token ADD FOREIGN KEY (header) REFERENCES db.token_header (id) ON DELETE CASCADE;

CREATE TABLE floor.session (LIKE db.session INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
ALTER TABLE floor.session
  ADD FOREIGN KEY (oauth2) REFERENCES db.oauth2 (id),
  ADD FOREIGN KEY (token) REFERENCES floor.token (id),
  ADD FOREIGN KEY (suid) REFERENCES db.user (id),
  ADD FOREIGN KEY (userid) REFERENCES db.user (id),
  ADD FOREIGN KEY (locale) REFERENCES db.locale (id),
  ADD FOREIGN KEY (area) REFERENCES db.area (id),
  ADD FOREIGN KEY (interface) REFERENCES db.interface (id),
  ADD FOREIGN KEY (scope) REFERENCES db.scope (id);

INSERT INTO floor.token SELECT * FROM db.token;
INSERT INTO floor.session SELECT * FROM db.session;
ALTER TABLE floor.token OWNER TO kernel;
ALTER TABLE floor.session OWNER TO kernel;
ANALYZE floor.token;
ANALYZE floor.session;

CREATE OR REPLACE FUNCTION daemon.floor_token (
  pClientId     text,
  pSecret       text,
  pPayload      jsonb,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null,
  pLog          boolean DEFAULT false
) RETURNS       json
AS $$
DECLARE
  c             record;
  t             record;
  nOAuth2       bigint;
  nHeader       bigint;
  nCode         bigint;
  vGrant        text := pPayload->>'grant_type';
  vScope        text := coalesce(nullif(pPayload->>'scope', ''), 'pgfleet');
  vSession      text;
  vSecret       text;
  vSalt         text;
  vPwKey        text;
  vCodeToken    text;
  vAccess       text;
  vRefresh      text;
  vAccessHash   text;
  vSet          text;
  tNow          timestamptz := now();
  tTo           timestamptz;
  vMessage      text;
BEGIN
  IF vGrant = 'client_credentials' THEN
    SELECT a.id AS audience, a.code AS aud, k.value AS key,
           a.hash = encode(public.hmac(convert_to(pSecret, 'utf8'), convert_to(k.value, 'utf8'), 'sha256'), 'hex') AS valid,
           (SELECT i.code FROM oauth2.issuer i WHERE i.provider = a.provider ORDER BY i.id LIMIT 1) AS iss,
           u.id AS userid, u.hash AS user_hash, u.username,
           get_bit(u.status, 1) = 0 AND get_bit(u.status, 0) = 0 AND u.lock_date IS NULL
             AND coalesce(u.expiry_date > tNow, true) AS user_ok,
           coalesce((SELECT (bit_or(l.allow) & ~bit_or(l.deny)) & B'00000000000000001' = B'00000000000000001'
                       FROM db.acl l
                      WHERE l.userid = u.id
                         OR l.userid IN (SELECT m.userid FROM db.member_group m WHERE m.member = u.id)), false) AS may_login,
           EXISTS (SELECT FROM db.iptable i WHERE i.userid = u.id) AS has_iptable,
           s.id AS scope, p.locale, p.area, p.interface, p.session_limit,
           EXISTS (SELECT FROM db.member_area m WHERE m.area = p.area AND m.member = u.id) AS in_area,
           EXISTS (SELECT FROM db.member_interface m WHERE m.interface = p.interface AND m.member = u.id) AS in_interface
      INTO c
      FROM oauth2.audience a
      JOIN db.setting k ON k.name = 'secret_key'
      LEFT JOIN db.user u ON u.type = 'U' AND u.username = pClientId
      LEFT JOIN db.scope s ON s.code = vScope
      LEFT JOIN db.profile p ON p.userid = u.id AND p.scope = s.id
     WHERE a.code = pClientId
     ORDER BY a.id LIMIT 1;
    IF c.audience IS NULL THEN
      RETURN json_build_object('error', json_build_object('code', 401, 'error', 'invalid_client', 'message', 'The OAuth 2.0 client was not FOUND.'));
    END IF;
    IF NOT coalesce(c.valid, false) THEN
      RETURN json_build_object('error', json_build_object('code', 401, 'error', 'unauthorized_client', 'message', 'The client is not authorized.'));
    END IF;
    IF c.userid IS NULL OR NOT c.user_ok OR NOT c.may_login OR c.has_iptable OR c.session_limit > 0
       OR c.locale IS NULL OR NOT c.in_area OR NOT c.in_interface OR c.iss IS NULL THEN
      -- the cases the full sign-in handles (address tables, session limits, profiles to
      -- create, memberships through groups): outside the floor
      RETURN json_build_object('error', json_build_object('code', 401, 'error', 'unauthorized_client', 'message', 'Outside the floor.'));
    END IF;

    vSet := set_config('synchronous_commit', 'off', true);

    INSERT INTO db.oauth2 (audience, scopes, access_type) VALUES (c.audience, ARRAY[vScope], 'offline')
    RETURNING id INTO nOAuth2;

    vSecret := replace(encode(gen_random_bytes(48), 'base64'), E'\n', '');
    vSalt := gen_salt('bf');
    vPwKey := encode(public.hmac(convert_to(encode(digest('{' || c.userid::text || '-' || c.user_hash || '-' || vSecret || '-pgfleet-'
                                                          || to_char(tNow AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS') || '}', 'sha1'), 'hex')
                                            || vSalt, 'utf8'), convert_to(c.key, 'utf8'), 'sha256'), 'hex');
    vSession := encode(public.hmac(convert_to(vPwKey, 'utf8'), convert_to(c.key, 'utf8'), 'sha1'), 'hex');
    vCodeToken := replace(encode(gen_random_bytes(48), 'base64'), E'\n', '');

    WITH h AS (
      INSERT INTO db.token_header (oauth2, session, salt, agent, host)
      VALUES (nOAuth2, vSession, vSalt, coalesce(pAgent, 'pgfleet'), pHost)
      RETURNING id
    )
    INSERT INTO floor.token (header, type, token, hash, used, validFromDate, validToDate)
    SELECT h.id, 'C', vCodeToken,
           encode(public.hmac(convert_to(vCodeToken, 'utf8'), convert_to(c.key, 'utf8'), 'sha256'), 'hex'),
           tNow, tNow, tNow + interval '10 min'
      FROM h
    RETURNING id, header INTO nCode, nHeader;

    INSERT INTO floor.session (code, oauth2, token, suid, userid, locale, area, interface, scope, created, updated,
                               pwkey, secret, secret_enc, salt, agent, host, client_id, username, is_admin, admit_until)
    VALUES (vSession, nOAuth2, nCode, c.userid, c.userid, c.locale, c.area, c.interface, c.scope, tNow, tNow,
            vPwKey, encode(public.hmac(convert_to(vSecret, 'utf8'), convert_to(c.key, 'utf8'), 'sha256'), 'hex'),
            pgp_sym_encrypt(vSecret, c.key, 'cipher-algo=aes128, s2k-mode=1'), vSalt, coalesce(pAgent, 'pgfleet'), pHost,
            c.aud, c.username, false, tNow + interval '1 hour');

    IF pLog THEN
      INSERT INTO db.log (type, code, scope, event, text, username, session)
      VALUES ('M', 6010, 'auth', 'login', 'User logged in.', c.username, vSession);
    END IF;

    tTo := tNow + interval '1 day';
    vAccess := 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.'
      || rtrim(translate(encode(convert_to(json_build_object('iss', c.iss, 'aud', c.aud, 'sub', vSession,
           'iat', trunc(extract(epoch FROM tNow))::bigint, 'exp', trunc(extract(epoch FROM tTo))::bigint)::text, 'utf8'),
           'base64'), E'+/\n', '-_'), '=');
    vAccess := vAccess || '.' || rtrim(translate(encode(public.hmac(convert_to(vAccess, 'utf8'), convert_to(pSecret, 'utf8'), 'sha256'),
           'base64'), E'+/\n', '-_'), '=');
    vRefresh := replace(encode(gen_random_bytes(54), 'base64'), E'\n', '');
    INSERT INTO floor.token (header, type, token, hash, validFromDate, validToDate, claimed_session)
    VALUES (nHeader, 'A', vAccess, encode(public.hmac(convert_to(vAccess, 'utf8'), convert_to(c.key, 'utf8'), 'sha256'), 'hex'),
            tNow, tTo, vSession),
           (nHeader, 'R', vRefresh, encode(public.hmac(convert_to(vRefresh, 'utf8'), convert_to(c.key, 'utf8'), 'sha256'), 'hex'),
            tNow, '4433-12-31', null);

    RETURN json_build_object('session', vSession, 'secret', vSecret, 'access_token', vAccess, 'token_type', 'Bearer',
      'expires_in', 86400, 'scope', vScope, 'refresh_token', vRefresh);

  ELSIF vGrant = 'refresh_token' THEN
    IF nullif(pPayload->>'refresh_token', '') IS NULL THEN
      RETURN json_build_object('error', json_build_object('code', 400, 'error', 'invalid_request', 'message', 'Missing parameter: refresh_token'));
    END IF;

    SELECT a.id AS audience, a.code AS aud, k.value AS key,
           a.hash = encode(public.hmac(convert_to(pSecret, 'utf8'), convert_to(k.value, 'utf8'), 'sha256'), 'hex') AS valid,
           (SELECT i.code FROM oauth2.issuer i WHERE i.provider = a.provider ORDER BY i.id LIMIT 1) AS iss
      INTO c
      FROM oauth2.audience a
      JOIN db.setting k ON k.name = 'secret_key'
     WHERE a.code = pClientId
     ORDER BY a.id LIMIT 1;
    IF c.audience IS NULL THEN
      RETURN json_build_object('error', json_build_object('code', 401, 'error', 'invalid_client', 'message', 'The OAuth 2.0 client was not FOUND.'));
    END IF;
    IF NOT coalesce(c.valid, false) THEN
      RETURN json_build_object('error', json_build_object('code', 401, 'error', 'unauthorized_client', 'message', 'The client is not authorized.'));
    END IF;

    UPDATE floor.token r SET used = tNow, validToDate = tNow
      FROM db.token_header h, db.oauth2 o, floor.session s
     WHERE r.hash = encode(public.hmac(convert_to(pPayload->>'refresh_token', 'utf8'), convert_to(c.key, 'utf8'), 'sha256'), 'hex')
       AND r.type = 'R' AND r.used IS NULL AND r.validFromDate <= tNow AND r.validToDate > tNow
       AND h.id = r.header AND o.id = h.oauth2 AND s.code = h.session
    RETURNING h.id AS header, h.session, o.scopes, o.access_type, s.secret_enc INTO t;
    IF t.header IS NULL THEN
      RETURN json_build_object('error', json_build_object('code', 400, 'error', 'invalid_grant', 'message', 'Malformed refresh token.'));
    END IF;

    tTo := tNow + interval '1 hour';
    vAccess := 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.'
      || rtrim(translate(encode(convert_to(json_build_object('iss', c.iss, 'aud', c.aud, 'sub', t.session,
           'iat', trunc(extract(epoch FROM tNow))::bigint, 'exp', trunc(extract(epoch FROM tTo))::bigint)::text, 'utf8'),
           'base64'), E'+/\n', '-_'), '=');
    vAccess := vAccess || '.' || rtrim(translate(encode(public.hmac(convert_to(vAccess, 'utf8'), convert_to(pSecret, 'utf8'), 'sha256'),
           'base64'), E'+/\n', '-_'), '=');
    vRefresh := replace(encode(gen_random_bytes(54), 'base64'), E'\n', '');
    WITH live AS (
      SELECT l.id FROM floor.token l
       WHERE l.header = t.header AND l.type = 'A' AND l.validFromDate <= tNow
       ORDER BY l.validFromDate DESC, l.id DESC LIMIT 1
    ), closed AS (
      UPDATE floor.token x SET validToDate = tNow FROM live WHERE x.id = live.id AND x.validToDate > tNow
    ), touched AS (
      UPDATE db.token_header SET updated = tNow WHERE id = t.header
    )
    INSERT INTO floor.token (header, type, token, hash, validFromDate, validToDate, claimed_session)
    VALUES (t.header, 'A', vAccess, encode(public.hmac(convert_to(vAccess, 'utf8'), convert_to(c.key, 'utf8'), 'sha256'), 'hex'),
            tNow, tTo, t.session),
           (t.header, 'R', vRefresh, encode(public.hmac(convert_to(vRefresh, 'utf8'), convert_to(c.key, 'utf8'), 'sha256'), 'hex'),
            tNow, '4433-12-31', null);

    RETURN json_build_object('session', t.session, 'secret', pgp_sym_decrypt(t.secret_enc, c.key), 'access_token', vAccess,
      'token_type', 'Bearer', 'expires_in', 3600, 'scope', array_to_string(t.scopes, ' '), 'refresh_token', vRefresh);
  END IF;

  RETURN json_build_object('error', json_build_object('code', 400, 'error', 'unsupported_grant_type',
    'message', format('Invalid parameter "grant_type": %s.', vGrant)));
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT;
  RETURN json_build_object('error', json_build_object('code', 500, 'error', 'server_error', 'message', vMessage));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;

ALTER FUNCTION daemon.floor_token(text, text, jsonb, text, inet, boolean) OWNER TO kernel;
REVOKE ALL ON FUNCTION daemon.floor_token(text, text, jsonb, text, inet, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION daemon.floor_token(text, text, jsonb, text, inet, boolean) TO daemon;
