-- Installation identity and the server key.
--
-- Read from db.setting on every call, deliberately not cached in a session
-- GUC: custom GUCs are readable by any role on the connection
-- (current_setting), which would hand the server key to the daemon role.
--
-- The getters are PL/pgSQL, not SQL: a SQL function with a SET clause is never
-- inlined and is parsed and planned again on every call, while PL/pgSQL keeps
-- its plan for the connection. hmac_key_hash runs on every authenticated
-- request; as a SQL function it cost four times as much.

CREATE OR REPLACE FUNCTION kernel.GetSetting (
  pName     text
) RETURNS   text
AS $$
BEGIN
  RETURN (SELECT value FROM db.setting WHERE name = pName);
END;
$$ LANGUAGE plpgsql STABLE STRICT
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------

-- pName 'key' (the upstream default) is the server key; any other name reads
-- the db.setting row of that name. The rows are written by the kernel's
-- create step, before any other module runs.
CREATE OR REPLACE FUNCTION kernel.GetSecretKey (
  pName     text DEFAULT 'key'
) RETURNS   text
AS $$
BEGIN
  RETURN (SELECT value FROM db.setting
           WHERE name = CASE WHEN pName IS NULL OR pName = 'key' THEN 'secret_key' ELSE pName END);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------

-- The project code: the identity used wherever upstream used
-- current_database() (system client id, default scope and area code).
CREATE OR REPLACE FUNCTION kernel.current_project()
RETURNS     text
AS $$
BEGIN
  RETURN (SELECT value FROM db.setting WHERE name = 'project');
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------

-- Keyed hash (HMAC-SHA256 with the server key, hex) of a high-entropy secret:
-- what tables store instead of client secrets, tokens and session secrets, so
-- a lookup is one index probe and a stolen table reveals nothing usable.
CREATE OR REPLACE FUNCTION kernel.hmac_key_hash (
  pValue    text
) RETURNS   text
AS $$
BEGIN
  RETURN (SELECT encode(public.hmac(convert_to(pValue, 'utf8'), convert_to(value, 'utf8'), 'sha256'), 'hex')
            FROM db.setting WHERE name = 'secret_key');
END;
$$ LANGUAGE plpgsql STABLE STRICT
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;
