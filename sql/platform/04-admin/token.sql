-- admin module: OAuth 2.0 request parameters, authorization codes, access/refresh/id tokens.
-- Every token is found by its keyed hash (GetTokenHash), so lookups are one index probe.

-- The functions a grant runs are PL/pgSQL rather than SQL: a SECURITY DEFINER SQL
-- function is never inlined, so its body is parsed and planned again on every call,
-- while PL/pgSQL keeps its plans for the connection.
CREATE OR REPLACE FUNCTION CreateOAuth2(pAudience integer, pScopes text[], pAccessType text DEFAULT null,
  pRedirectURI text DEFAULT null, pState text DEFAULT null)
RETURNS bigint AS $$
DECLARE
  vId bigint;
BEGIN
  -- db.oauth2 has no CHECK constraint on access_type (table.sql says why)
  IF pAccessType NOT IN ('online', 'offline') THEN
    RAISE EXCEPTION 'Invalid access type "%": online or offline.', pAccessType USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO db.oauth2 (audience, scopes, access_type, redirect_uri, state)
  VALUES (pAudience, coalesce(pScopes, '{}'), coalesce(pAccessType, 'online'), pRedirectURI, pState)
  RETURNING id INTO vId;
  RETURN vId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateOAuth2(pAudience integer, pScope text, pAccessType text DEFAULT null,
  pRedirectURI text DEFAULT null, pState text DEFAULT null)
RETURNS bigint AS $$
DECLARE
  vId bigint;
BEGIN
  -- db.oauth2 has no CHECK constraint on access_type (table.sql says why)
  IF pAccessType NOT IN ('online', 'offline') THEN
    RAISE EXCEPTION 'Invalid access type "%": online or offline.', pAccessType USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO db.oauth2 (audience, scopes, access_type, redirect_uri, state)
  VALUES (pAudience, coalesce(ScopeToArray(pScope), '{}'), coalesce(pAccessType, 'online'), pRedirectURI, pState)
  RETURNING id INTO vId;
  RETURN vId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateSystemOAuth2(pScope text DEFAULT null)
RETURNS bigint AS $$
DECLARE
  vAudience integer;
BEGIN
  SELECT id INTO vAudience FROM oauth2.audience WHERE code = oauth2_system_client_id() ORDER BY id LIMIT 1;
  IF vAudience IS NULL THEN
    PERFORM AudienceNotFound();
  END IF;
  RETURN CreateOAuth2(vAudience, ScopeToArray(coalesce(pScope, GetScopeCode('00000000-0000-4006-a000-000000000000'))));
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateTokenHeader(pOAuth2 bigint, pSession text, pSalt text, pAgent text, pHost inet)
RETURNS bigint AS $$
DECLARE
  vId bigint;
BEGIN
  INSERT INTO db.token_header (oauth2, session, salt, agent, host)
  VALUES (pOAuth2, pSession, pSalt, coalesce(pAgent, current_project()), pHost)
  RETURNING id INTO vId;
  RETURN vId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddToken(pHeader bigint, pType char, pToken text, pDateFrom timestamptz, pDateTo timestamptz DEFAULT null)
RETURNS bigint AS $$
DECLARE
  vId   bigint;
  vFrom timestamptz;
  vTo   timestamptz;
BEGIN
  -- Only the latest token started by pDateFrom can be valid then (IssueTokenSet says why).
  SELECT id, validFromDate, validToDate INTO vId, vFrom, vTo FROM db.token
   WHERE header = pHeader AND type = pType AND validFromDate <= pDateFrom
   ORDER BY validFromDate DESC, id DESC LIMIT 1;
  IF vTo <= pDateFrom THEN
    vId := null;
  END IF;

  IF vId IS NOT NULL AND vFrom = pDateFrom THEN
    UPDATE db.token SET token = pToken, validToDate = coalesce(pDateTo, validToDate), used = null WHERE id = vId;
    RETURN vId;
  END IF;

  IF vId IS NOT NULL THEN
    UPDATE db.token SET validToDate = pDateFrom WHERE id = vId;
  END IF;

  -- the keyed hash given, so the insert trigger need not compute it
  INSERT INTO db.token (header, type, token, hash, validFromDate, validToDate)
  VALUES (pHeader, pType, pToken, hmac_key_hash(pToken), pDateFrom, pDateTo)
  RETURNING id INTO vId;
  RETURN vId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- A grant that exchanges the new session's code in the same transaction
-- (client_credentials) sets kernel.grant_code to 'consume': the code is then inserted
-- already used and the setting answers the new header's id, instead of a second write
-- of the code row and a lookup of its header through the session.
-- Header and code in one statement, the code's keyed hash (hmac_key_hash) computed by it:
-- every new session runs this from its insert trigger.
CREATE OR REPLACE FUNCTION NewTokenCode(pOAuth2 bigint, pSession text, pSalt text, pAgent text, pHost inet, pCreated timestamptz DEFAULT now())
RETURNS bigint AS $$
DECLARE
  vCode    text := replace(encode(gen_random_bytes(48), 'base64'), E'\n', '');  -- GenSecretKey(48)
  vConsume boolean := current_setting('kernel.grant_code', true) = 'consume';
  vId      bigint;
  vHeader  bigint;
  vSet     text;
BEGIN
  -- A new header has no earlier code for AddToken to end: the code is simply inserted.
  WITH h AS (
    INSERT INTO db.token_header (oauth2, session, salt, agent, host)
    VALUES (pOAuth2, pSession, pSalt, coalesce(pAgent, current_project()), pHost)
    RETURNING id
  )
  INSERT INTO db.token (header, type, token, hash, used, validFromDate, validToDate)
  SELECT h.id, 'C', vCode,
         (SELECT encode(public.hmac(convert_to(vCode, 'utf8'), convert_to(k.value, 'utf8'), 'sha256'), 'hex')
            FROM db.setting k WHERE k.name = 'secret_key'),
         CASE WHEN vConsume THEN now() END, pCreated, pCreated + interval '10 min'
    FROM h
  RETURNING id, header INTO vId, vHeader;
  IF vConsume THEN
    vSet := set_config('kernel.grant_code', vHeader::text, true);
  END IF;
  RETURN vId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION GetToken(pId bigint)
RETURNS text AS $$
  SELECT token FROM db.token WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AudienceIssuer(pAudience integer)
RETURNS text AS $$
BEGIN
  RETURN (SELECT i.code FROM oauth2.audience a JOIN oauth2.issuer i ON i.provider = a.provider
   WHERE a.id = pAudience ORDER BY i.id LIMIT 1);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- HS256 JWT of the given claims, byte for byte what kernel.sign(pPayload, pSecret) makes
-- (the payload signed as the JSON text given). kernel.sign is a SQL function with a CTE,
-- which is planned again on every call; this runs on every grant. kernel.url_encode's
-- expression with replace() for its translate(), which walks the text a character at a
-- time (~50 k instructions for a token's claims, a tenth as much with replace), and the
-- header's encoding written out: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 is
-- url_encode('{"alg":"HS256","typ":"JWT"}').
CREATE OR REPLACE FUNCTION SignHS256(pPayload json, pSecret text)
RETURNS text AS $$
DECLARE
  vSignables text := 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' ||
    replace(replace(rtrim(replace(encode(convert_to(pPayload::text, 'utf8'), 'base64'), E'\n', ''), '='), '+', '-'), '/', '_');
BEGIN
  RETURN vSignables || '.' ||
    replace(replace(rtrim(replace(encode(public.hmac(convert_to(vSignables, 'utf8'), convert_to(pSecret, 'utf8'), 'sha256'), 'base64'),
                                  E'\n', ''), '='), '+', '-'), '/', '_');
END;
$$ LANGUAGE plpgsql IMMUTABLE STRICT;

-- Access token claims: iss (the issuer of the audience's provider), aud, sub (the session), iat, exp.
CREATE OR REPLACE FUNCTION AccessTokenClaims(pIssuer text, pAudience text, pSubject text, pDateFrom timestamptz, pDateTo timestamptz)
RETURNS json AS $$
BEGIN
  RETURN json_build_object(
           'iss', pIssuer,
           'aud', pAudience,
           'sub', pSubject,
           'iat', trunc(extract(epoch FROM pDateFrom))::bigint,
           'exp', trunc(extract(epoch FROM pDateTo))::bigint);
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION CreateAccessToken(pAudience integer, pSubject text, pDateFrom timestamptz DEFAULT now(),
  pDateTo timestamptz DEFAULT now() + interval '60 min')
RETURNS text AS $$
DECLARE
  vIssuer text := AudienceIssuer(pAudience);
BEGIN
  IF vIssuer IS NULL THEN
    PERFORM IssuerNotFound(coalesce(GetAudienceCode(pAudience), 'null'));
  END IF;
  RETURN SignHS256(AccessTokenClaims(vIssuer, GetAudienceCode(pAudience), pSubject, pDateFrom, pDateTo),
                   GetAudienceSecret(pAudience));
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION CreateIdToken(pAudience integer, pUserId uuid, pScopes text[], pDateFrom timestamptz DEFAULT now(),
  pDateTo timestamptz DEFAULT now() + interval '60 min')
RETURNS text AS $$
DECLARE
  vIssuer text := AudienceIssuer(pAudience);
  vClaims jsonb;
  vScope  uuid;
  vUser   jsonb;
BEGIN
  IF vIssuer IS NULL THEN
    PERFORM IssuerNotFound(coalesce(GetAudienceCode(pAudience), 'null'));
  END IF;

  SELECT p.scope INTO vScope FROM db.profile p
   WHERE p.userid = pUserId
     AND p.scope IN (SELECT coalesce(s.id, a.scope) FROM unnest(pScopes) c(code)
                       LEFT JOIN db.scope s ON s.code = c.code LEFT JOIN db.scope_alias a ON a.code = c.code)
   LIMIT 1;
  IF vScope IS NULL THEN
    PERFORM UserNotFound(pUserId);
  END IF;

  vClaims := jsonb_build_object('iss', vIssuer, 'aud', GetAudienceCode(pAudience), 'sub', GetUsername(pUserId),
    'uid', pUserId, 'iat', trunc(extract(epoch FROM pDateFrom))::bigint, 'exp', trunc(extract(epoch FROM pDateTo))::bigint);

  IF 'profile' = ANY (pScopes) THEN
    SELECT jsonb_build_object('id', u.id, 'username', u.username, 'name', u.name, 'given_name', u.given_name,
             'family_name', u.family_name, 'patronymic_name', u.patronymic_name, 'email', u.email,
             'email_verified', u.email_verified, 'phone', u.phone, 'phone_verified', u.phone_verified,
             'session_limit', u.session_limit, 'created', u.created, 'locale', u.locale_code, 'area', u.area_code,
             'interface', u.interface_code, 'description', u.description, 'picture', u.picture)
      INTO vUser FROM users u WHERE u.id = pUserId AND u.scope = vScope;
    vClaims := vClaims || coalesce(vUser, '{}');
  END IF;

  RETURN SignHS256(vClaims::json, GetAudienceSecret(pAudience));
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION CreateIdToken(pAudience integer, pSession varchar, pScopes text[], pDateFrom timestamptz DEFAULT now(),
  pDateTo timestamptz DEFAULT now() + interval '1 hour')
RETURNS text AS $$
  SELECT CreateIdToken(pAudience, (SELECT userid FROM db.session WHERE code = pSession), pScopes, pDateFrom, pDateTo);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The token set of a header: access token (A), refresh token (R) when the request is
-- offline, id token (I) with the openid or profile scope. pSecret, when given, is the
-- audience's signing secret as the client presented it (verified against the audience's
-- keyed hash by the caller): the grant then skips decrypting the stored copy.
--
-- What AddToken does per token, for the whole set in one statement: the header's live
-- tokens of the issued types are closed at pDateFrom, the new ones inserted and the header
-- touched. Only when this header was issued a set earlier in this transaction may a token
-- start at pDateFrom already: AddToken then replaces such a value in place as before.
CREATE OR REPLACE FUNCTION IssueTokenSet(pAudience integer, pHeader bigint, pDateFrom timestamptz,
  pDateTo timestamptz, pSecret text DEFAULT null)
RETURNS json AS $$
DECLARE
  r        record;
  vAccess  text;
  vRefresh text;
  vIdToken text;
  vTypes   char[];
  vLive    bigint[];
  vInPlace boolean;
  vResult  jsonb;
  vHash    text;
  vClaimed text;
BEGIN
  -- One read: the header, its request, the session secret of the answer, the signing
  -- audience (its code, its provider's first issuer, its secret unless the caller holds it)
  -- and the server key (GetSecretKey), read once for the decryptions and the token hashes.
  SELECT h.id, h.session, h.updated, o.id AS oauth2, o.scopes, o.state, o.access_type,
         -- the secret of a session made by this client_credentials grant is at hand
         -- (db.ft_session_before put it in kernel.grant_secret, NewTokenCode named the header)
         coalesce(CASE WHEN current_setting('kernel.grant_code', true) = h.id::text THEN nullif(current_setting('kernel.grant_secret', true), '') END,
                  pgp_sym_decrypt(s.secret_enc, k.value)) AS secret,
         au.code AS aud,
         (SELECT i.code FROM oauth2.issuer i WHERE i.provider = au.provider ORDER BY i.id LIMIT 1) AS issuer,
         coalesce(pSecret, pgp_sym_decrypt(au.secret, k.value)) AS signing_key,
         k.value AS server_key,
         -- what t_token_claims checks in the access token's claims, checked here against
         -- what they will say (sub = the header's session, aud = the audience's code): the
         -- session, of the header's client row, whose client is the audience
         CASE WHEN s.oauth2 = h.oauth2 AND s.client_id = au.code THEN s.code END AS claimed
    INTO r
    FROM db.token_header h
    JOIN db.oauth2 o ON o.id = h.oauth2
    LEFT JOIN db.session s ON s.code = h.session
    LEFT JOIN oauth2.audience au ON au.id = pAudience
    LEFT JOIN db.setting k ON k.name = 'secret_key'
   WHERE h.id = pHeader;
  IF r.oauth2 IS NULL THEN
    RETURN json_build_object('error', json_build_object('code', 400, 'error', 'invalid_request',
      'message', 'The OAuth 2.0 params was not FOUND.'));
  END IF;
  IF r.issuer IS NULL THEN
    PERFORM IssuerNotFound(coalesce(r.aud, 'null'));
  END IF;

  vAccess := SignHS256(AccessTokenClaims(r.issuer, r.aud, r.session, pDateFrom, pDateTo), r.signing_key);
  vHash := encode(public.hmac(convert_to(vAccess, 'utf8'), convert_to(r.server_key, 'utf8'), 'sha256'), 'hex');
  -- The access token's row carries its claimed session (db.token.claimed_session) without
  -- t_token_claims decoding the claims just signed: the trigger accepts the value on insert
  -- when this setting names it with the token's keyed hash, and checks any other row itself.
  IF r.claimed IS NOT NULL THEN
    vClaimed := set_config('kernel.grant_claims', r.claimed || ':' || vHash, true);
  END IF;
  vTypes := ARRAY['A'];
  IF r.access_type = 'offline' THEN
    vRefresh := replace(encode(gen_random_bytes(54), 'base64'), E'\n', '');  -- GenSecretKey(54)
    vTypes := vTypes || 'R'::char;
  END IF;
  IF r.scopes && ARRAY['openid', 'profile'] THEN
    vIdToken := CreateIdToken(pAudience, r.session::varchar, r.scopes, pDateFrom, pDateTo);
    vTypes := vTypes || 'I'::char;
  END IF;

  -- Per type only the latest token started by pDateFrom can still be valid then: every
  -- issuance closes the valid one before adding its successor (and a redeemed refresh
  -- token is closed by RedeemToken). Looking no further matters: once the latest access
  -- token has expired, or the latest refresh token was redeemed, a search for any valid
  -- one would visit every earlier token of the header, one more per rotation.
  --
  -- A header not touched by this transaction (its updated is older), or the one a
  -- client_credentials grant's sign-in just made (NewTokenCode names it in
  -- kernel.grant_code: it holds its code only), has no token starting at pDateFrom, which
  -- only an issuance in this transaction makes, and every issuance touches the header. Its
  -- live tokens are closed, the header touched and the new tokens inserted by one statement.
  IF r.updated IS DISTINCT FROM now() OR current_setting('kernel.grant_code', true) = r.id::text THEN
    -- the keyed hashes given, so the insert trigger need not compute them: hmac_key_hash
    -- with the server key read above (one call of it per token read that key again)
    WITH live AS (
      SELECT l.id FROM unnest(vTypes) AS y(type)
       CROSS JOIN LATERAL (
         SELECT t.id, t.validToDate FROM db.token t
          WHERE t.header = r.id AND t.type = y.type AND t.validFromDate <= pDateFrom
          ORDER BY t.validFromDate DESC, t.id DESC LIMIT 1) l
       WHERE l.validToDate > pDateFrom
    ), closed AS (
      -- a join, not IN (SELECT …): the ids are distinct already, and IN made them so again
      -- through a hash aggregate, set up on every call
      UPDATE db.token t SET validToDate = pDateFrom FROM live l WHERE t.id = l.id
    ), touched AS (
      UPDATE db.token_header SET updated = now() WHERE id = r.id AND updated IS DISTINCT FROM now()
    )
    INSERT INTO db.token (header, type, token, hash, validFromDate, validToDate, claimed_session)
    SELECT r.id, n.type, n.token, coalesce(n.hash, encode(public.hmac(convert_to(n.token, 'utf8'), convert_to(r.server_key, 'utf8'), 'sha256'), 'hex')),
           pDateFrom, n.valid_to, n.claimed
      FROM (VALUES ('A'::char, vAccess, pDateTo, vHash, r.claimed::varchar), ('R'::char, vRefresh, '4433-12-31'::timestamptz, null, null),
                   ('I'::char, vIdToken, pDateTo, null, null)) AS n(type, token, valid_to, hash, claimed)
     WHERE n.token IS NOT NULL;
  ELSE
    -- A second issuance for this header in this transaction: a token of the first may
    -- start at pDateFrom, and AddToken replaces it in place.
    SELECT array_agg(l.id) FILTER (WHERE l.validToDate > pDateFrom),
           coalesce(bool_or(l.validFromDate = pDateFrom AND l.validToDate > pDateFrom), false)
      INTO vLive, vInPlace
      FROM unnest(vTypes) AS y(type)
      CROSS JOIN LATERAL (
        SELECT t.id, t.validFromDate, t.validToDate FROM db.token t
         WHERE t.header = r.id AND t.type = y.type AND t.validFromDate <= pDateFrom
         ORDER BY t.validFromDate DESC, t.id DESC LIMIT 1) l;

    IF vInPlace THEN
      PERFORM AddToken(r.id, 'A', vAccess, pDateFrom, pDateTo);
      IF vRefresh IS NOT NULL THEN
        PERFORM AddToken(r.id, 'R', vRefresh, pDateFrom, '4433-12-31');
      END IF;
      IF vIdToken IS NOT NULL THEN
        PERFORM AddToken(r.id, 'I', vIdToken, pDateFrom, pDateTo);
      END IF;
    ELSE
      WITH closed AS (
        UPDATE db.token SET validToDate = pDateFrom WHERE id = ANY (vLive)
      )
      INSERT INTO db.token (header, type, token, hash, validFromDate, validToDate, claimed_session)
      SELECT r.id, n.type, n.token, coalesce(n.hash, encode(public.hmac(convert_to(n.token, 'utf8'), convert_to(r.server_key, 'utf8'), 'sha256'), 'hex')),
             pDateFrom, n.valid_to, n.claimed
        FROM (VALUES ('A'::char, vAccess, pDateTo, vHash, r.claimed::varchar), ('R'::char, vRefresh, '4433-12-31'::timestamptz, null, null),
                     ('I'::char, vIdToken, pDateTo, null, null)) AS n(type, token, valid_to, hash, claimed)
       WHERE n.token IS NOT NULL;
    END IF;
  END IF;

  IF r.claimed IS NOT NULL THEN
    vClaimed := set_config('kernel.grant_claims', '', true);
  END IF;

  -- The answer of client_credentials and refresh_token (no state, no id token) is built
  -- as json: the daemon answers json, and a jsonb value becomes json by being printed and
  -- parsed again (~10 µs for a token set). The keys' order differs from jsonb's, which
  -- the spec leaves open (services/auth.md §3.3).
  IF r.state IS NULL AND vIdToken IS NULL THEN
    IF vRefresh IS NULL THEN
      RETURN json_build_object('session', r.session, 'secret', r.secret, 'access_token', vAccess,
        'token_type', 'Bearer', 'expires_in', trunc(extract(epoch FROM pDateTo - pDateFrom))::bigint,
        'scope', array_to_string(r.scopes, ' '));
    END IF;
    RETURN json_build_object('session', r.session, 'secret', r.secret, 'access_token', vAccess,
      'token_type', 'Bearer', 'expires_in', trunc(extract(epoch FROM pDateTo - pDateFrom))::bigint,
      'scope', array_to_string(r.scopes, ' '), 'refresh_token', vRefresh);
  END IF;

  vResult := jsonb_build_object(
    'session', r.session,
    'secret', r.secret,
    'access_token', vAccess,
    'token_type', 'Bearer',
    'expires_in', trunc(extract(epoch FROM pDateTo - pDateFrom))::bigint,
    'scope', array_to_string(r.scopes, ' '));
  IF r.state IS NOT NULL THEN
    vResult := vResult || jsonb_build_object('state', r.state);
  END IF;
  IF vRefresh IS NOT NULL THEN
    vResult := vResult || jsonb_build_object('refresh_token', vRefresh);
  END IF;
  IF vIdToken IS NOT NULL THEN
    vResult := vResult || jsonb_build_object('id_token', vIdToken);
  END IF;
  RETURN vResult::json;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp
   -- The token insert's custom plan drops the absent tokens' VALUES rows and so always
   -- looks cheaper than the generic one: without this it was planned on every call.
   SET plan_cache_mode = force_generic_plan;

CREATE OR REPLACE FUNCTION NewToken(pAudience integer, pHeader bigint, pDateFrom timestamptz DEFAULT now(),
  pDateTo timestamptz DEFAULT now() + interval '1 hour')
RETURNS jsonb AS $$
BEGIN
  RETURN IssueTokenSet(pAudience, pHeader, pDateFrom, pDateTo)::jsonb;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- ExchangeToken with the audience's signing secret when the caller holds it (IssueTokenSet).
-- A code or refresh token is consumed by one conditional UPDATE: of two concurrent
-- exchanges of the same token the second finds it used once the first commits, and fails.
-- A refresh token also ends now, as AddToken would end it when its successor is added:
-- one write of the row instead of two.
CREATE OR REPLACE FUNCTION RedeemToken(pAudience integer, pToken text, pInterval interval, pType char, pSecret text DEFAULT null)
RETURNS json AS $$
DECLARE
  vHash   text;
  vHeader bigint;
BEGIN
  IF pType IN ('C', 'R') THEN
    -- the presented token's keyed hash (hmac_key_hash) computed by the statement itself
    UPDATE db.token SET used = now(), validToDate = CASE WHEN pType = 'R' THEN now() ELSE validToDate END
     WHERE hash = (SELECT encode(public.hmac(convert_to(pToken, 'utf8'), convert_to(k.value, 'utf8'), 'sha256'), 'hex')
                     FROM db.setting k WHERE k.name = 'secret_key')
       AND type = pType AND validFromDate <= now() AND validToDate > now() AND used IS NULL
    RETURNING header INTO vHeader;
  ELSE
    vHash := hmac_key_hash(pToken);
    SELECT header INTO vHeader FROM db.token
     WHERE hash = vHash AND type = pType AND validFromDate <= now() AND validToDate > now()
     LIMIT 1;
  END IF;

  IF vHeader IS NULL THEN
    RETURN json_build_object('error', json_build_object('code', 400, 'error', 'invalid_grant',
      'message', 'Malformed ' || CASE pType WHEN 'C' THEN 'authorization code' WHEN 'R' THEN 'refresh token'
                                             WHEN 'I' THEN 'id token' ELSE 'access token' END || '.'));
  END IF;

  RETURN IssueTokenSet(pAudience, vHeader, now(), now() + pInterval, pSecret);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ExchangeToken(pAudience integer, pToken text, pInterval interval DEFAULT '1 hour', pType char DEFAULT 'A')
RETURNS json AS $$
BEGIN
  RETURN RedeemToken(pAudience, pToken, pInterval, pType);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateToken(pAudience integer, pCode text, pInterval interval DEFAULT '1 hour')
RETURNS jsonb AS $$
BEGIN
  RETURN RedeemToken(pAudience, pCode, pInterval, 'C')::jsonb;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UpdateToken(pAudience integer, pRefresh text, pInterval interval DEFAULT '1 hour')
RETURNS json AS $$
BEGIN
  RETURN RedeemToken(pAudience, pRefresh, pInterval, 'R');
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION JwtPayload(pToken text)
RETURNS jsonb AS $$
BEGIN
  RETURN convert_from(url_decode(split_part(pToken, '.', 2)), 'utf8')::jsonb;
EXCEPTION WHEN others THEN
  PERFORM TokenError();
END;
$$ LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

-- Resolves and verifies the JWT's issuer, audience and signature; returns the audience id.
CREATE OR REPLACE FUNCTION VerifyTokenSignature(pToken text, pPayload jsonb)
RETURNS integer AS $$
DECLARE
  vAudience integer;
  vValid    boolean;
BEGIN
  PERFORM FROM oauth2.issuer WHERE code = pPayload->>'iss';
  IF NOT FOUND THEN
    PERFORM IssuerNotFound(coalesce(pPayload->>'iss', 'null'));
  END IF;
  SELECT a.id INTO vAudience FROM oauth2.audience a
   WHERE a.code = pPayload->>'aud'
     AND a.provider IN (SELECT provider FROM oauth2.issuer WHERE code = pPayload->>'iss')
   ORDER BY a.id LIMIT 1;
  IF vAudience IS NULL THEN
    PERFORM AudienceNotFound();
  END IF;
  SELECT v.valid INTO vValid FROM verify(pToken, GetAudienceSecret(vAudience)) v;
  IF NOT coalesce(vValid, false) THEN
    PERFORM TokenError();
  END IF;
  RETURN vAudience;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION TokenValidation(pToken text)
RETURNS jsonb AS $$
DECLARE
  vAudience integer;
  vAudCode  text;
  vPart     text := split_part(pToken, '.', 2);
  vPayload  jsonb;
  vSession  text;
BEGIN
  -- The common case: a live access token we issued. Its keyed hash proves the exact bytes
  -- came from us, so the signature needs no re-check (the audience secret stays sealed) and
  -- the payload decodes without a guard.
  SELECT a.id, a.code, h.session INTO vAudience, vAudCode, vSession
    FROM db.token t
    JOIN db.token_header h ON h.id = t.header
    JOIN db.oauth2 o ON o.id = h.oauth2
    JOIN oauth2.audience a ON a.id = o.audience
   WHERE t.hash = hmac_key_hash(pToken) AND t.type = 'A'
     AND t.validFromDate <= now() AND t.validToDate > now();

  IF FOUND THEN
    vPayload := convert_from(decode(rpad(translate(vPart, '-_', '+/'), (length(vPart) + 3) / 4 * 4, '='), 'base64'), 'utf8')::jsonb;
    -- Callers act as the session the claims name: it must be the one the token was issued to.
    IF vPayload->>'aud' IS DISTINCT FROM vAudCode OR vPayload->>'sub' IS DISTINCT FROM vSession THEN
      PERFORM TokenBelong();
    END IF;
    RETURN vPayload;
  END IF;

  vAudience := VerifyTokenSignature(pToken, JwtPayload(pToken));
  PERFORM TokenExpired();
  RETURN NULL;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION RefreshToken(pToken text, pRefresh text)
RETURNS json AS $$
DECLARE
  vPayload  jsonb;
  vAudience integer;
  vTo       timestamptz;
BEGIN
  IF NULLIF(pRefresh, '') IS NULL THEN
    RETURN json_build_object('error', json_build_object('code', 400, 'error', 'invalid_request',
      'message', 'Missing parameter: refresh_token'));
  END IF;

  vPayload := JwtPayload(pToken);
  vAudience := VerifyTokenSignature(pToken, vPayload);

  SELECT t.validToDate INTO vTo FROM db.token t
   WHERE t.hash = GetTokenHash(pToken) AND t.type = 'A'
     AND t.validFromDate <= now() AND t.validToDate > now();

  IF FOUND THEN
    RETURN json_build_object('session', vPayload->>'sub', 'access_token', pToken, 'token_type', 'Bearer',
      'expires_in', trunc(extract(epoch FROM vTo - now()))::bigint, 'refresh_token', pRefresh);
  END IF;

  RETURN UpdateToken(vAudience, pRefresh);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAccessToken(pUserName text, pPassword text)
RETURNS text AS $$
DECLARE
  vUserId   uuid := GetUser(pUserName);
  vToken    text;
  vAudience integer;
  vSession  text;
  vResult   jsonb;
BEGIN
  IF NOT CheckPassword(vUserId, pPassword) THEN
    PERFORM LoginError();
  END IF;

  SELECT t.token INTO vToken
    FROM db.session s
    JOIN db.token_header h ON h.session = s.code
    JOIN db.token t ON t.header = h.id AND t.type = 'A'
   WHERE s.userid = vUserId AND t.validFromDate <= now() AND t.validToDate > now()
   ORDER BY s.created DESC, t.validFromDate DESC LIMIT 1;

  IF vToken IS NOT NULL THEN
    RETURN vToken;
  END IF;

  SELECT id INTO vAudience FROM oauth2.audience WHERE code = pUserName ORDER BY id LIMIT 1;
  IF vAudience IS NULL THEN
    RETURN NULL;
  END IF;

  vSession := SignIn(CreateOAuth2(vAudience, ScopeToArray(null), 'offline'), pUserName, pPassword);
  IF vSession IS NULL THEN
    PERFORM AuthenticateError(GetErrorMessage());
  END IF;
  vResult := CreateToken(vAudience, oauth2_current_code(vSession), interval '1 day');
  RETURN vResult->>'access_token';
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
