-- admin module: connection-local context (who is calling, in which session, scope, locale).
-- The application identity lives in custom GUCs set with is_local = false, so it survives
-- between statements of one connection; every entry point (re)sets or clears it.
--
-- Small getters across this module are PL/pgSQL rather than SQL on purpose: a SECURITY
-- DEFINER SQL function is never inlined and is planned again on every call, while PL/pgSQL
-- keeps its plans for the life of the connection (these run several times per request).

CREATE OR REPLACE FUNCTION SafeSetVar(pName text, pValue text)
RETURNS void AS $$
BEGIN
  PERFORM set_config('current.' || pName, coalesce(pValue, ''), false);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SafeGetVar(pName text)
RETURNS text AS $$
BEGIN
  RETURN (SELECT NULLIF(current_setting('current.' || pName, true), ''));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION oauth2_system_client_id()
RETURNS text AS $$
BEGIN
  RETURN (SELECT current_project());
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetOAuth2ClientId(pClientId text)
RETURNS void AS $$
BEGIN
  PERFORM SafeSetVar('client_id', pClientId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetOAuth2ClientId()
RETURNS text AS $$
BEGIN
  RETURN (SELECT SafeGetVar('client_id'));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION oauth2_current_client_id()
RETURNS text AS $$
BEGIN
  RETURN (SELECT SafeGetVar('client_id'));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetLogMode(pValue boolean)
RETURNS void AS $$
BEGIN
  PERFORM SafeSetVar('log', pValue::text);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetLogMode()
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT coalesce(SafeGetVar('log')::boolean, true));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetDebugMode(pValue boolean)
RETURNS void AS $$
BEGIN
  PERFORM SafeSetVar('debug', pValue::text);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetDebugMode()
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT coalesce(SafeGetVar('debug')::boolean, false));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetAccessMode(pValue boolean)
RETURNS void AS $$
BEGIN
  PERFORM SafeSetVar('access', pValue::text);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAccessMode()
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT coalesce(SafeGetVar('access')::boolean, true));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetNotificationMode(pValue boolean)
RETURNS void AS $$
BEGIN
  PERFORM SafeSetVar('notification', pValue::text);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetNotificationMode()
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT coalesce(SafeGetVar('notification')::boolean, true));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetCurrentSession(pValue text)
RETURNS void AS $$
BEGIN
  PERFORM SafeSetVar('session', pValue);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetCurrentSession()
RETURNS text AS $$
BEGIN
  RETURN (SELECT SafeGetVar('session'));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetCurrentUserId(pValue uuid)
RETURNS void AS $$
BEGIN
  PERFORM SafeSetVar('user', pValue::text);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetCurrentUserId()
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT SafeGetVar('user')::uuid);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Clears every identity GUC so a pooled connection carries nothing into its next request.
CREATE OR REPLACE FUNCTION ClearSessionContext()
RETURNS void AS $$
BEGIN
  PERFORM set_config('current.session', '', false),
          set_config('current.user', '', false),
          set_config('current.client_id', '', false);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_session()
RETURNS varchar AS $$
BEGIN
  RETURN (SELECT code FROM db.session WHERE code = NULLIF(current_setting('current.session', true), ''));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_userid()
RETURNS uuid AS $$
DECLARE
  vId uuid := NULLIF(current_setting('current.user', true), '')::uuid;
BEGIN
  IF vId IS NULL THEN
    SELECT userid INTO vId FROM db.session WHERE code = current_session();
    IF vId IS NOT NULL THEN
      PERFORM SetCurrentUserId(vId);
    END IF;
  END IF;
  RETURN vId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_username()
RETURNS text AS $$
  SELECT username FROM db.user WHERE id = current_userid();
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION session_userid(pSession varchar DEFAULT current_session())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT suid FROM db.session WHERE code = pSession);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION session_username(pSession varchar DEFAULT current_session())
RETURNS text AS $$
BEGIN
  RETURN (SELECT u.username FROM db.session s JOIN db.user u ON u.id = s.suid WHERE s.code = pSession);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Opens the encrypted copy of the session secret (the key for signed requests).
CREATE OR REPLACE FUNCTION session_secret(pSession varchar DEFAULT current_session())
RETURNS text AS $$
BEGIN
  RETURN (SELECT pgp_sym_decrypt(secret_enc, GetSecretKey()) FROM db.session WHERE code = pSession);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION session_area(pSession varchar DEFAULT current_session())
RETURNS text AS $$
BEGIN
  RETURN (SELECT area::text FROM db.session WHERE code = pSession);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION session_agent(pSession varchar DEFAULT current_session())
RETURNS text AS $$
BEGIN
  RETURN (SELECT agent FROM db.session WHERE code = pSession);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION session_host(pSession varchar DEFAULT current_session())
RETURNS text AS $$
BEGIN
  RETURN (SELECT host(host) FROM db.session WHERE code = pSession);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION oauth2_current_code(pSession varchar DEFAULT current_session())
RETURNS text AS $$
BEGIN
  RETURN (SELECT t.token FROM db.session s JOIN db.token t ON t.id = s.token
   WHERE s.code = pSession AND t.used IS NULL AND now() >= t.validFromDate AND now() < t.validToDate);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_application(pSession varchar DEFAULT current_session())
RETURNS integer AS $$
BEGIN
  RETURN (SELECT a.application FROM db.session s
    JOIN db.oauth2 o ON o.id = s.oauth2
    JOIN oauth2.audience a ON a.id = o.audience
   WHERE s.code = pSession);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_application_code(pApplication integer DEFAULT current_application())
RETURNS text AS $$
BEGIN
  RETURN (SELECT code FROM oauth2.application WHERE id = pApplication);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Business date ---------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION SetOperDate(pValue timestamptz)
RETURNS void AS $$
BEGIN
  PERFORM SafeSetVar('oper_date', to_char(pValue, 'DD.MM.YYYY HH24:MI:SS'));
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetOperDate()
RETURNS timestamptz AS $$
BEGIN
  RETURN (SELECT to_timestamp(SafeGetVar('oper_date'), 'DD.MM.YYYY HH24:MI:SS'));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetSessionOperDate(pValue timestamptz, pSession varchar DEFAULT current_session())
RETURNS void AS $$
BEGIN
  UPDATE db.session SET oper_date = pValue WHERE code = pSession;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetSessionOperDate(pSession varchar DEFAULT current_session())
RETURNS timestamptz AS $$
BEGIN
  RETURN (SELECT oper_date FROM db.session WHERE code = pSession);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION oper_date(pSession varchar DEFAULT current_session())
RETURNS timestamptz AS $$
BEGIN
  RETURN (SELECT coalesce(GetOperDate(), GetSessionOperDate(pSession), now()));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Locale ----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION current_locale(pSession varchar DEFAULT current_session())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT coalesce((SELECT locale FROM db.session WHERE code = pSession),
                  '00000000-0000-4001-a000-000000000002'::uuid));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION locale_code(pSession varchar DEFAULT current_session())
RETURNS text AS $$
DECLARE
  vCode text;
BEGIN
  SELECT l.code INTO vCode FROM db.session s JOIN db.locale l ON l.id = s.locale WHERE s.code = pSession;
  IF vCode IS NULL AND to_regprocedure('kernel.reggetvaluestring(text,text,text,uuid)') IS NOT NULL THEN
    vCode := RegGetValueString('CURRENT_CONFIG', 'CONFIG\System', 'LocaleCode');
  END IF;
  RETURN coalesce(NULLIF(vCode, ''), 'ru');
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetSessionLocale(pSession varchar DEFAULT current_session())
RETURNS uuid AS $$
  SELECT locale FROM db.session WHERE code = pSession;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetDefaultLocale(pLocale uuid DEFAULT current_locale(), pUserId uuid DEFAULT current_userid())
RETURNS void AS $$
BEGIN
  UPDATE db.profile SET locale = pLocale WHERE userid = pUserId AND scope = current_scope();
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetDefaultLocale(pUserId uuid DEFAULT current_userid())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT coalesce((SELECT locale FROM db.profile WHERE userid = pUserId AND scope = current_scope()), current_locale()));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetSessionLocale(pLocale uuid, pSession varchar DEFAULT current_session())
RETURNS void AS $$
BEGIN
  UPDATE db.session SET locale = pLocale WHERE code = pSession;
  PERFORM SetDefaultLocale(pLocale, (SELECT userid FROM db.session WHERE code = pSession));
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetSessionLocale(pCode text DEFAULT 'ru', pSession varchar DEFAULT current_session())
RETURNS void AS $$
DECLARE
  vLocale uuid := GetLocale(pCode);
BEGIN
  IF vLocale IS NOT NULL THEN
    PERFORM SetSessionLocale(vLocale, pSession);
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetLocale(pLocale uuid, pUserId uuid DEFAULT current_userid(), pSession varchar DEFAULT current_session())
RETURNS void AS $$
BEGIN
  UPDATE db.session SET locale = pLocale WHERE code = pSession;
  PERFORM SetDefaultLocale(pLocale, pUserId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
