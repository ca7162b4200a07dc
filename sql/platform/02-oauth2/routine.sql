-- OAuth 2.0 reference data: write and lookup functions, secret handling.

-- Writes need the install role or an administrator application user.
CREATE OR REPLACE FUNCTION kernel.CheckOAuth2Access()
RETURNS void
AS $$
BEGIN
  IF session_user <> 'kernel' THEN
    IF NOT coalesce(IsUserRole('00000000-0000-4000-a000-000000000001'::uuid, current_userid()), false) THEN
      PERFORM AccessDenied();
    END IF;
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Provider -------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.AddProvider (pType char, pCode text, pName text DEFAULT null)
RETURNS integer
AS $$
DECLARE
  nId       integer;
BEGIN
  PERFORM CheckOAuth2Access();
  INSERT INTO oauth2.provider (type, code, name) VALUES (pType, pCode, pName) RETURNING id INTO nId;
  RETURN nId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetProvider (pCode text) RETURNS integer
AS $$ SELECT id FROM oauth2.provider WHERE code = pCode ORDER BY id LIMIT 1; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetProviderCode (pId integer) RETURNS text
AS $$ SELECT code FROM oauth2.provider WHERE id = pId; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetProviderType (pId integer) RETURNS char
AS $$ SELECT type FROM oauth2.provider WHERE id = pId; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Application ----------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.AddApplication (pType char, pCode text, pName text DEFAULT null)
RETURNS integer
AS $$
DECLARE
  nId       integer;
BEGIN
  PERFORM CheckOAuth2Access();
  INSERT INTO oauth2.application (type, code, name) VALUES (pType, pCode, pName) RETURNING id INTO nId;
  RETURN nId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetApplication (pCode text) RETURNS integer
AS $$ SELECT id FROM oauth2.application WHERE code = pCode ORDER BY id LIMIT 1; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetApplicationCode (pId integer) RETURNS text
AS $$ SELECT code FROM oauth2.application WHERE id = pId; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Issuer ---------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.AddIssuer (pProvider integer, pCode text, pName text)
RETURNS integer
AS $$
DECLARE
  nId       integer;
BEGIN
  PERFORM CheckOAuth2Access();
  INSERT INTO oauth2.issuer (provider, code, name) VALUES (pProvider, pCode, pName) RETURNING id INTO nId;
  RETURN nId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetIssuer (pCode text) RETURNS integer
AS $$ SELECT id FROM oauth2.issuer WHERE code = pCode ORDER BY id LIMIT 1; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetIssuerCode (pId integer) RETURNS text
AS $$ SELECT code FROM oauth2.issuer WHERE id = pId; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Algorithm ------------------------------------------------------------------
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kernel.AddAlgorithm (pCode text, pName text)
RETURNS integer
AS $$
DECLARE
  nId       integer;
BEGIN
  PERFORM CheckOAuth2Access();
  INSERT INTO oauth2.algorithm (code, name) VALUES (pCode, pName) RETURNING id INTO nId;
  RETURN nId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetAlgorithm (pCode text) RETURNS integer
AS $$ SELECT id FROM oauth2.algorithm WHERE code = pCode ORDER BY id LIMIT 1; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetAlgorithmCode (pId integer) RETURNS text
AS $$ SELECT code FROM oauth2.algorithm WHERE id = pId; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetAlgorithmName (pId integer) RETURNS text
AS $$ SELECT name FROM oauth2.algorithm WHERE id = pId; $$
LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Audience -------------------------------------------------------------------
--------------------------------------------------------------------------------

-- Salted single-pass S2K (s2k-mode=1): the server key is already a random
-- high-entropy key, so the default iterated S2K would add nothing but ~0.4 ms
-- to every token check that decrypts the secret.
CREATE OR REPLACE FUNCTION kernel.EncryptAudienceSecret (pSecret text)
RETURNS bytea
AS $$
BEGIN
  RETURN pgp_sym_encrypt(pSecret, GetSecretKey(), 's2k-mode=1, cipher-algo=aes256');
END;
$$ LANGUAGE plpgsql VOLATILE STRICT
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION kernel.CreateAudience (
  pProvider     integer,
  pApplication  integer,
  pAlgorithm    integer,
  pCode         text,
  pSecret       text,
  pName         text DEFAULT null
) RETURNS       integer
AS $$
DECLARE
  nId           integer;
BEGIN
  PERFORM CheckOAuth2Access();
  INSERT INTO oauth2.audience (provider, application, algorithm, code, secret, hash, name)
  VALUES (pProvider, pApplication, pAlgorithm, pCode, EncryptAudienceSecret(pSecret), hmac_key_hash(pSecret), pName)
  RETURNING id INTO nId;
  RETURN nId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Changing a secret invalidates every outstanding JWT of that client.
CREATE OR REPLACE FUNCTION kernel.SetAudienceSecret (pId integer, pSecret text)
RETURNS void
AS $$
BEGIN
  PERFORM CheckOAuth2Access();
  UPDATE oauth2.audience
     SET secret = EncryptAudienceSecret(pSecret),
         hash = hmac_key_hash(pSecret)
   WHERE id = pId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The audience lookups run on every token request. They are PL/pgSQL rather than SQL
-- functions: a SECURITY DEFINER SQL function is never inlined, and its body is parsed
-- and planned again on every call, while PL/pgSQL keeps the plan for the connection.
CREATE OR REPLACE FUNCTION kernel.GetAudience (pCode text) RETURNS integer
AS $$
BEGIN
  RETURN (SELECT id FROM oauth2.audience WHERE code = pCode ORDER BY id LIMIT 1);
END;
$$ LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.GetAudienceCode (pId integer) RETURNS text
AS $$
BEGIN
  RETURN (SELECT code FROM oauth2.audience WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The plain secret, for HS256 signing and verification inside the database.
CREATE OR REPLACE FUNCTION kernel.GetAudienceSecret (pId integer) RETURNS text
AS $$
BEGIN
  RETURN (SELECT public.pgp_sym_decrypt(secret, kernel.GetSecretKey()) FROM oauth2.audience WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = kernel, public, pg_temp;

-- Keyed-hash comparison of a presented client secret (no bcrypt: client
-- secrets are high-entropy, and this runs on every token request).
CREATE OR REPLACE FUNCTION kernel.CheckAudienceSecret (pId integer, pSecret text) RETURNS boolean
AS $$
BEGIN
  RETURN coalesce((SELECT hash = kernel.hmac_key_hash(pSecret) FROM oauth2.audience WHERE id = pId), false);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;
