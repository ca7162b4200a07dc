--------------------------------------------------------------------------------
-- daemon module: shared helpers of the daemon.* entry points
--------------------------------------------------------------------------------

-- Logs an exception (E + D, scope exception) and returns the daemon error
-- object. Unlike api.run's envelope it carries no `error` identifier (spec §1).
CREATE OR REPLACE FUNCTION DaemonError (
  pMessage      text,
  pContext      text DEFAULT null,
  pState        text DEFAULT null
) RETURNS       json
AS $$
DECLARE
  e             record;
BEGIN
  IF pg_current_xact_id_if_assigned() IS NULL THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;

  SELECT * INTO e FROM api_error_info(pMessage, coalesce(pState, 'P0001'));

  BEGIN
    PERFORM SetErrorMessage(e.message);
    PERFORM WriteToEventLog('E', e.code, 'exception', 'error', e.message);
    PERFORM WriteToEventLog('D', e.code, 'exception', 'context', coalesce(pContext, ''));
  EXCEPTION WHEN others THEN
    -- The answer matters more than its log entry.
    NULL;
  END;

  RETURN json_build_object('error', json_build_object('code', e.code, 'message', e.message));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The text a raiser would raise, without raising it (so callers can answer
-- with it and still keep what they wrote, e.g. a session closed for a wrong secret).
CREATE OR REPLACE FUNCTION RaisedText (
  pRaiser       text,
  pArgument     text DEFAULT null
) RETURNS       text
AS $$
DECLARE
  vText         text;
BEGIN
  BEGIN
    CASE pRaiser
    WHEN 'AuthenticateError' THEN PERFORM AuthenticateError(pArgument);
    WHEN 'TokenExpired' THEN PERFORM TokenExpired();
    WHEN 'LoginFailed' THEN PERFORM LoginFailed();
    END CASE;
    vText := pRaiser;
  EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS vText = MESSAGE_TEXT;
  END;
  RETURN vText;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream meant to overwrite `agent`/`host` of the sign-in and authenticate
-- payloads with what the server observed, but compared the full path with the
-- short one; we compare the dispatcher path, the evident intent.
CREATE OR REPLACE FUNCTION DaemonPayload (
  pPath         text,
  pPayload      jsonb,
  pAgent        text,
  pHost         inet
) RETURNS       jsonb
AS $$
  -- A SQL expression (inlined into the caller's, no call, no SET) that
  -- normalises the path only when it can be one of the two: every request
  -- with an object payload comes through here.
  SELECT CASE WHEN jsonb_typeof(pPayload) = 'object'
                   AND (strpos(lower(pPath), 'sign') > 0 OR strpos(lower(pPath), 'authenticate') > 0)
                   AND kernel.api_normal_path(pPath) IN ('/api/v1/sign/in', '/api/v1/authenticate')
              THEN pPayload || jsonb_strip_nulls(jsonb_build_object('agent', pAgent, 'host', host(pHost)))
              ELSE pPayload
         END;
$$ LANGUAGE sql STABLE;

-- Session statistics are written at most once a minute per session: a write
-- on every request would make each read-only call a hot-row update.
CREATE OR REPLACE FUNCTION DaemonSessionStats (
  pSession      text,
  pAgent        text,
  pHost         inet
) RETURNS       void
AS $$
BEGIN
  IF EXISTS (SELECT FROM db.session WHERE code = pSession AND updated < now() - interval '1 minute') THEN
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM UpdateSessionStats(pSession, pAgent, pHost);
  END IF;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION OAuthError (
  pCode         integer,
  pError        text,
  pMessage      text
) RETURNS       json
AS $$
  SELECT json_build_object('error', json_build_object('code', pCode, 'error', pError, 'message', pMessage));
$$ LANGUAGE sql IMMUTABLE;

-- Authenticates an OAuth 2.0 client by its keyed secret hash.
-- Returns the audience id, or NULL with pError set. One read: GetAudience (the first
-- audience of that code) and CheckAudienceSecret on it.
CREATE OR REPLACE FUNCTION CheckOAuthClient (
  pClientId     text,
  pSecret       text,
  OUT audience  integer,
  OUT error     json
) RETURNS       record
AS $$
DECLARE
  vValid        boolean;
BEGIN
  -- the presented secret's keyed hash (hmac_key_hash) computed by the statement itself
  SELECT a.id, a.hash = (SELECT encode(public.hmac(convert_to(pSecret, 'utf8'), convert_to(k.value, 'utf8'), 'sha256'), 'hex')
                           FROM db.setting k WHERE k.name = 'secret_key')
    INTO audience, vValid
    FROM oauth2.audience a WHERE a.code = pClientId ORDER BY a.id LIMIT 1;

  IF audience IS NULL THEN
    error := OAuthError(401, 'invalid_client', 'The OAuth 2.0 client was not FOUND.');
    RETURN;
  END IF;

  IF NOT coalesce(vValid, false) THEN
    audience := null;
    error := OAuthError(401, 'unauthorized_client', 'The client is not authorized.');
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- PKCE (RFC 7636) verifier check: base64url(sha256(verifier)) = challenge.
CREATE OR REPLACE FUNCTION PkceMatches (
  pVerifier     text,
  pChallenge    text
) RETURNS       boolean
AS $$
  SELECT pVerifier IS NOT NULL
     AND pVerifier ~ '^[A-Za-z0-9._~-]{43,128}$'
     AND rtrim(translate(encode(digest(convert_to(pVerifier, 'utf8'), 'sha256'), 'base64'), E'+/\n', '-_'), '=') = pChallenge;
$$ LANGUAGE sql IMMUTABLE
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;
