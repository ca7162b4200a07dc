--------------------------------------------------------------------------------
-- api module: API log functions
--------------------------------------------------------------------------------

-- The payload as the log keeps it. Beyond upstream's four keys, session
-- secrets and security answers are credentials too and stay out of the log.
-- A SQL function without SET clauses: inlined into the statements that use it.
CREATE OR REPLACE FUNCTION ApiLogPayload (
  pJson         jsonb
) RETURNS       jsonb
AS $$
  SELECT CASE WHEN jsonb_typeof(pJson) = 'object' THEN pJson - ARRAY['password', 'hidden', 'oldpass', 'newpass', 'secret', 'securityanswer'] ELSE pJson END;
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION AddApiLog (
  pPath         text,
  pJson         jsonb,
  pNonce        double precision DEFAULT null,
  pSignature    text DEFAULT null,
  pRuntime      interval DEFAULT null
) RETURNS       bigint
AS $$
DECLARE
  nId           bigint;
  uUser         uuid := nullif(current_setting('current.user', true), '')::uuid;
BEGIN
  -- Session and user straight from the context GUCs (one probe for the
  -- name): the generic getters cost a planned query each, per request.
  INSERT INTO db.api_log (session, username, path, nonce, signature, json, runtime)
  VALUES (nullif(current_setting('current.session', true), ''),
          (SELECT u.username FROM db.user u WHERE u.id = uUser),
          pPath, pNonce, pSignature, ApiLogPayload(pJson),
          pRuntime)
  RETURNING id INTO nId;

  RETURN nId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION NewApiLog (
  pPath         text,
  pJson         jsonb,
  pNonce        double precision DEFAULT null,
  pSignature    text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  PERFORM AddApiLog(pPath, pJson, pNonce, pSignature);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION WriteToApiLog (
  pPath         text,
  pJson         jsonb,
  pNonce        double precision DEFAULT null,
  pSignature    text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  PERFORM AddApiLog(pPath, pJson, pNonce, pSignature);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteApiLog (
  pId           bigint
) RETURNS       void
AS $$
  DELETE FROM db.api_log WHERE id = pId;
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ClearApiLog (
  pDateTime     timestamptz
) RETURNS       void
AS $$
  DELETE FROM db.api_log WHERE datetime < pDateTime;
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
