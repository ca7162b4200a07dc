-- Installation identity and the server key.
--
-- Read from db.setting on every call, deliberately not cached in a session
-- GUC: custom GUCs are readable by any role on the connection
-- (current_setting), which would hand the server key to the daemon role, and
-- a primary-key read in a SQL function is measured faster than the GUC path.

CREATE OR REPLACE FUNCTION kernel.GetSetting (
  pName     text
) RETURNS   text
AS $$
  SELECT value FROM db.setting WHERE name = pName;
$$ LANGUAGE sql STABLE STRICT
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
  SELECT value FROM db.setting
   WHERE name = CASE WHEN pName IS NULL OR pName = 'key' THEN 'secret_key' ELSE pName END;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------

-- The project code: the identity used wherever upstream used
-- current_database() (system client id, default scope and area code).
CREATE OR REPLACE FUNCTION kernel.current_project()
RETURNS     text
AS $$
  SELECT value FROM db.setting WHERE name = 'project';
$$ LANGUAGE sql STABLE
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
  SELECT encode(public.hmac(convert_to(pValue, 'utf8'),
                            convert_to((SELECT value FROM db.setting WHERE name = 'secret_key'), 'utf8'),
                            'sha256'), 'hex');
$$ LANGUAGE sql STABLE STRICT
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;
