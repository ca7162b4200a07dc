--------------------------------------------------------------------------------
-- daemon module: the OAuth 2.0 token endpoint and its relatives
--------------------------------------------------------------------------------

-- Session part of a password/ticket grant answer: `code` in response_type
-- yields session, secret and code; `token` the token set; plus state.
CREATE OR REPLACE FUNCTION TokenGrantResult (
  pAudience     integer,
  pSession      text,
  pResponse     text[],
  pState        text
) RETURNS       json
AS $$
DECLARE
  jResult       jsonb := '{}';
  jToken        jsonb;
  vCode         text;
BEGIN
  vCode := oauth2_current_code(pSession);

  IF 'code' = ANY (pResponse) THEN
    jResult := jsonb_build_object('session', pSession, 'secret', session_secret(pSession), 'code', vCode);
  END IF;

  IF 'token' = ANY (pResponse) THEN
    jToken := CreateToken(pAudience, vCode)::jsonb;
    IF jToken ? 'error' THEN
      RETURN jToken::json;
    END IF;
    jResult := jResult || jToken;
  END IF;

  IF pState IS NOT NULL THEN
    jResult := jResult || jsonb_build_object('state', pState);
  END IF;

  RETURN jResult::json;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.token (
  pClientId     text,
  pSecret       text,
  pPayload      jsonb,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null
) RETURNS       json
AS $$
DECLARE
  c             record;
  r             record;
  uUserId       uuid;
  nAudience     integer;
  nOAuth2       bigint;
  nHeader       bigint;
  vGrant        text;
  vScope        text;
  vAccessType   text;
  vResponse     text[];
  vSession      text;
  vService      text;
  vUserName     text;
  vPassword     text;
  vChallenge    text;
  vMethod       text;
  vType         char;
  vMessage      text;
  vContext      text;
  vState        text;
  vSet          text;
  jSet          json;
  e             record;
BEGIN
  IF pPayload IS NULL OR jsonb_typeof(pPayload) <> 'object' THEN
    RETURN OAuthError(400, 'invalid_request', 'The request payload must be a JSON object.');
  END IF;

  vGrant := nullif(pPayload->>'grant_type', '');

  IF vGrant IS NULL THEN
    RETURN OAuthError(400, 'unsupported_grant_type', 'Missing parameter: grant_type');
  END IF;

  IF vGrant = 'urn:ietf:params:oauth:grant-type:jwt-bearer' THEN
    IF nullif(pPayload->>'assertion', '') IS NULL THEN
      RETURN OAuthError(400, 'invalid_request', 'Missing parameter: assertion');
    END IF;
    SELECT x INTO r FROM daemon.login(pPayload->>'assertion', pAgent, pHost, pPayload->>'scope') AS x LIMIT 1;
    RETURN r.x;
  END IF;

  c := CheckOAuthClient(pClientId, pSecret);
  IF c.audience IS NULL THEN
    RETURN c.error;
  END IF;
  nAudience := c.audience;

  -- SetOAuth2ClientId(pClientId); an assignment needs no executor
  vSet := set_config('current.client_id', coalesce(pClientId, ''), false);

  vScope := nullif(pPayload->>'scope', '');
  vAccessType := coalesce(nullif(pPayload->>'access_type', ''), 'online');
  IF vAccessType NOT IN ('online', 'offline') THEN
    RETURN OAuthError(400, 'invalid_request', format('Invalid parameter "access_type": %s.', vAccessType));
  END IF;

  vResponse := string_to_array(lower(coalesce(nullif(pPayload->>'response_type', ''), 'token')), ' ');

  -- PKCE is only meaningful where a code is handed out.
  vChallenge := nullif(pPayload->>'code_challenge', '');
  vMethod := pPayload->>'code_challenge_method';
  IF vGrant IN ('password', 'ticket') AND 'code' = ANY (vResponse) AND (vChallenge IS NOT NULL OR vMethod IS NOT NULL) THEN
    IF vMethod IS DISTINCT FROM 'S256' THEN
      RETURN OAuthError(400, 'invalid_request', 'Invalid parameter "code_challenge_method": only S256 is supported.');
    END IF;
    IF vChallenge IS NULL OR vChallenge !~ '^[A-Za-z0-9_-]{43}$' THEN
      RETURN OAuthError(400, 'invalid_request', 'Invalid parameter "code_challenge".');
    END IF;
  ELSE
    vChallenge := null;
  END IF;

  CASE vGrant
  WHEN 'authorization_code' THEN
    IF nullif(pPayload->>'code', '') IS NULL THEN
      RETURN OAuthError(400, 'invalid_request', 'Missing parameter: code');
    END IF;
    IF nullif(pPayload->>'redirect_uri', '') IS NULL THEN
      RETURN OAuthError(400, 'invalid_request', 'Missing parameter: redirect_uri');
    END IF;

    -- Locked so that two concurrent exchanges of one code cannot both succeed.
    SELECT t.id, h.oauth2 INTO r
      FROM db.token t INNER JOIN db.token_header h ON h.id = t.header
     WHERE t.hash = GetTokenHash(pPayload->>'code')
       AND t.type = 'C'
       AND t.used IS NULL
       AND now() >= t.validFromDate AND now() < t.validToDate
     LIMIT 1
       FOR UPDATE OF t;

    IF r.id IS NULL THEN
      RETURN OAuthError(400, 'invalid_grant', 'Malformed auth code.');
    END IF;

    SELECT * INTO e FROM db.oauth2 WHERE id = r.oauth2;
    IF e.id IS NULL THEN
      RETURN OAuthError(400, 'invalid_request', 'The OAuth 2.0 params was not FOUND.');
    END IF;

    IF e.audience <> nAudience THEN
      RETURN OAuthError(400, 'invalid_grant', 'The authorization code was issued to another client.');
    END IF;

    IF e.redirect_uri IS NOT NULL AND e.redirect_uri <> pPayload->>'redirect_uri' THEN
      RETURN OAuthError(400, 'invalid_grant', 'Redirect URI mismatch.');
    END IF;

    IF e.code_challenge IS NOT NULL AND NOT PkceMatches(pPayload->>'code_verifier', e.code_challenge) THEN
      RETURN OAuthError(400, 'invalid_grant', CASE WHEN pPayload->>'code_verifier' IS NULL THEN 'Missing parameter: code_verifier' ELSE 'PKCE verification failed.' END);
    END IF;

    RETURN CreateToken(nAudience, pPayload->>'code');

  WHEN 'refresh_token' THEN
    IF nullif(pPayload->>'refresh_token', '') IS NULL THEN
      RETURN OAuthError(400, 'invalid_request', 'Missing parameter: refresh_token');
    END IF;

    -- The client proved its secret (CheckOAuthClient): it is the audience's signing key.
    -- Unlike client_credentials, a rotation keeps the synchronous commit: it burns the
    -- presented refresh token, and a commit lost in a crash would bring that token back
    -- to life while the client holds a successor the database never kept.
    RETURN RedeemToken(nAudience, pPayload->>'refresh_token', interval '1 hour', 'R', pSecret);

  WHEN 'password' THEN
    IF nullif(pPayload->>'secret', '') IS NOT NULL THEN
      SELECT u.username, UserImplicitPassword(u.secret) INTO vUserName, vPassword
        FROM db.user u
       WHERE u.type = 'U' AND u.hash = encode(digest(pPayload->>'secret', 'sha1'), 'hex');
      IF vUserName IS NULL THEN
        RETURN OAuthError(401, 'access_denied', RaisedText('AuthenticateError', 'The user secret is not valid.'));
      END IF;
    ELSE
      vUserName := nullif(pPayload->>'username', '');
      vPassword := nullif(pPayload->>'password', '');
      IF vUserName IS NULL THEN
        RETURN OAuthError(400, 'invalid_request', 'Missing parameter: username');
      END IF;
      IF vPassword IS NULL THEN
        RETURN OAuthError(400, 'invalid_request', 'Missing parameter: password');
      END IF;
    END IF;

    nOAuth2 := CreateOAuth2(nAudience, vScope, vAccessType, pPayload->>'redirect_uri', pPayload->>'state');
    IF vChallenge IS NOT NULL THEN
      UPDATE db.oauth2 SET code_challenge = vChallenge, code_challenge_method = 'S256' WHERE id = nOAuth2;
    END IF;

    -- SignIn never raises and keeps its failure counters: we answer without raising.
    vSession := SignIn(nOAuth2, vUserName, vPassword, pAgent, pHost);
    IF vSession IS NULL THEN
      RETURN OAuthError(401, 'access_denied', GetErrorMessage());
    END IF;

    RETURN TokenGrantResult(nAudience, vSession, vResponse, pPayload->>'state');

  WHEN 'ticket' THEN
    IF nullif(pPayload->>'ticket', '') IS NULL THEN
      RETURN OAuthError(400, 'invalid_request', 'Missing parameter: ticket');
    END IF;
    IF nullif(pPayload->>'code', '') IS NULL THEN
      RETURN OAuthError(400, 'invalid_request', 'Missing parameter: code');
    END IF;

    uUserId := CheckRecoveryTicket((pPayload->>'ticket')::uuid, pPayload->>'code');
    IF uUserId IS NULL THEN
      RETURN OAuthError(401, 'access_denied', GetErrorMessage());
    END IF;

    vService := SignIn(CreateOAuth2(nAudience, vScope, 'offline'), pClientId, pSecret, pAgent, pHost);
    IF vService IS NULL THEN
      RETURN OAuthError(401, 'unauthorized_client', GetErrorMessage());
    END IF;

    nOAuth2 := CreateOAuth2(nAudience, vScope, vAccessType, pPayload->>'redirect_uri', pPayload->>'state');
    IF vChallenge IS NOT NULL THEN
      UPDATE db.oauth2 SET code_challenge = vChallenge, code_challenge_method = 'S256' WHERE id = nOAuth2;
    END IF;

    vSession := GetSession(uUserId, nOAuth2, pAgent, pHost, true, true);
    PERFORM SignOut(vService);

    IF vSession IS NULL THEN
      RETURN OAuthError(401, 'access_denied', GetErrorMessage());
    END IF;

    PERFORM SetOAuth2ClientId(pClientId);
    RETURN TokenGrantResult(nAudience, vSession, vResponse, pPayload->>'state');

  WHEN 'client_credentials' THEN
    -- The new session's authorization code is exchanged at once: NewTokenCode inserts it
    -- used and answers its header here (set and read back within this statement).
    vSet := set_config('kernel.grant_code', 'consume', true);
    vSession := SignIn(CreateOAuth2(nAudience, vScope, 'offline'), pClientId, pSecret, pAgent, pHost);
    nHeader := nullif(nullif(current_setting('kernel.grant_code', true), 'consume'), '')::bigint;
    IF vSession IS NULL THEN
      vSet := set_config('kernel.grant_code', '', true);
      vSet := set_config('kernel.grant_secret', '', true);
      RETURN OAuthError(401, 'unauthorized_client', GetErrorMessage());
    END IF;

    -- A successful grant does not wait for its WAL flush. It consumes nothing the client
    -- still needs: should a crash lose the commit, the token set it answered is unknown,
    -- the client's next call is refused and it signs in again with its own credentials.
    -- Failed sign-ins (the lockout counters) return above and still commit synchronously.
    vSet := set_config('synchronous_commit', 'off', true);

    -- Should the code have been made otherwise (a NewTokenCode replaced by a configuration),
    -- it is exchanged through the session row instead of being looked up by its hash. The
    -- client's secret is the audience's signing key (CheckOAuthClient verified it).
    IF nHeader IS NULL THEN
      UPDATE db.token t SET used = now()
        FROM db.session s
       WHERE s.code = vSession AND t.id = s.token AND t.used IS NULL
      RETURNING t.header INTO nHeader;
    END IF;

    IF nHeader IS NULL THEN
      vSet := set_config('kernel.grant_code', '', true);
      vSet := set_config('kernel.grant_secret', '', true);
      RETURN OAuthError(400, 'invalid_grant', 'Malformed authorization code.');
    END IF;

    -- the setting still names the new header: IssueTokenSet knows it holds no tokens yet
    jSet := IssueTokenSet(nAudience, nHeader, now(), now() + interval '1 day', pSecret);
    vSet := set_config('kernel.grant_code', '', true);
    vSet := set_config('kernel.grant_secret', '', true);
    RETURN jSet;

  WHEN 'urn:ietf:params:oauth:grant-type:token-exchange' THEN
    IF nullif(pPayload->>'subject_token', '') IS NULL THEN
      RETURN OAuthError(400, 'invalid_request', 'Missing parameter: subject_token');
    END IF;

    vType := CASE coalesce(nullif(pPayload->>'subject_token_type', ''), 'urn:ietf:params:oauth:token-type:jwt')
      WHEN 'urn:ietf:params:oauth:token-type:jwt' THEN 'A'
      WHEN 'urn:ietf:params:oauth:token-type:access_token' THEN 'A'
      WHEN 'urn:ietf:params:oauth:token-type:refresh_token' THEN 'R'
      WHEN 'urn:ietf:params:oauth:token-type:id_token' THEN 'I'
      END;

    IF vType IS NULL THEN
      RETURN OAuthError(400, 'unsupported_token_type', format('Invalid parameter "subject_token_type": %s.', pPayload->>'subject_token_type'));
    END IF;

    RETURN ExchangeToken(nAudience, pPayload->>'subject_token', interval '1 hour', vType);

  ELSE
    RETURN OAuthError(400, 'unsupported_grant_type', format('Invalid parameter "grant_type": %s.', vGrant));
  END CASE;
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  SELECT * INTO e FROM api_error_info(vMessage, vState);
  PERFORM DaemonError(vMessage, vContext, vState);
  RETURN OAuthError(e.code, 'server_error', e.message);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;

--------------------------------------------------------------------------------
-- RFC 7662 introspection and RFC 7009 revocation (beyond upstream).
-- Both authenticate the client, look tokens up by keyed hash and never raise.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION FindToken (
  pToken        text,
  pHint         text DEFAULT null
) RETURNS       TABLE (id bigint, header bigint, type char, validfromdate timestamptz, validtodate timestamptz, used timestamptz, session text, oauth2 bigint)
AS $$
  SELECT t.id, t.header, t.type, t.validFromDate, t.validToDate, t.used, h.session, h.oauth2
    FROM db.token t INNER JOIN db.token_header h ON h.id = t.header
   WHERE t.hash = GetTokenHash(pToken)
     AND t.type IN ('A', 'R', 'I')
   ORDER BY (t.type = CASE pHint WHEN 'refresh_token' THEN 'R' WHEN 'access_token' THEN 'A' ELSE t.type END) DESC,
            t.validFromDate DESC
   LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.introspect (
  pClientId     text,
  pSecret       text,
  pToken        text,
  pHint         text DEFAULT null
) RETURNS       json
AS $$
DECLARE
  c             record;
  t             record;
  ses           record;
  vIssuer       text;
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  c := CheckOAuthClient(pClientId, pSecret);
  IF c.audience IS NULL THEN
    RETURN c.error;
  END IF;

  IF nullif(pToken, '') IS NULL THEN
    RETURN OAuthError(400, 'invalid_request', 'Missing parameter: token');
  END IF;

  SELECT * INTO t FROM FindToken(pToken, pHint);

  IF t.id IS NULL OR t.used IS NOT NULL OR NOT (now() >= t.validfromdate AND now() < t.validtodate) THEN
    RETURN json_build_object('active', false);
  END IF;

  SELECT s.code, s.userid, u.username, o.scopes, a.code AS aud, a.provider
    INTO ses
    FROM db.session s
   INNER JOIN db.user u ON u.id = s.userid
   INNER JOIN db.oauth2 o ON o.id = t.oauth2
   INNER JOIN oauth2.audience a ON a.id = o.audience
   WHERE s.code = t.session;

  IF ses.code IS NULL THEN
    RETURN json_build_object('active', false);
  END IF;

  SELECT i.code INTO vIssuer FROM oauth2.issuer i WHERE i.provider = ses.provider ORDER BY i.id LIMIT 1;

  RETURN json_strip_nulls(json_build_object(
    'active', true,
    'scope', array_to_string(ses.scopes, ' '),
    'client_id', ses.aud,
    'username', ses.username,
    'token_type', CASE t.type WHEN 'R' THEN 'refresh_token' WHEN 'I' THEN 'id_token' ELSE 'Bearer' END,
    'exp', CASE WHEN t.validtodate < '4000-01-01' THEN trunc(extract(epoch FROM t.validtodate))::bigint END,
    'iat', trunc(extract(epoch FROM t.validfromdate))::bigint,
    'sub', ses.code,
    'aud', ses.aud,
    'iss', vIssuer));
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  PERFORM DaemonError(vMessage, vContext, vState);
  RETURN json_build_object('active', false);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION daemon.revoke (
  pClientId     text,
  pSecret       text,
  pToken        text,
  pHint         text DEFAULT null
) RETURNS       json
AS $$
DECLARE
  c             record;
  t             record;
  nAudience     integer;
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  c := CheckOAuthClient(pClientId, pSecret);
  IF c.audience IS NULL THEN
    RETURN c.error;
  END IF;

  IF nullif(pToken, '') IS NULL THEN
    RETURN OAuthError(400, 'invalid_request', 'Missing parameter: token');
  END IF;

  SELECT * INTO t FROM FindToken(pToken, pHint);

  -- RFC 7009 §2.2: an unknown token, or another client's, is not an error.
  IF t.id IS NOT NULL THEN
    SELECT audience INTO nAudience FROM db.oauth2 WHERE id = t.oauth2;

    IF nAudience = c.audience THEN
      IF t.type = 'R' THEN
        -- The whole refresh chain of the session ends: no later rotation can revive it.
        UPDATE db.token k
           SET validToDate = now()
          FROM db.token_header h
         WHERE h.id = k.header AND h.session = t.session AND k.type = 'R' AND k.validToDate > now();
      ELSE
        UPDATE db.token SET validToDate = now() WHERE id = t.id AND validToDate > now();
      END IF;
    END IF;
  END IF;

  RETURN json_build_object('success', true);
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
