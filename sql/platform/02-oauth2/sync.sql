-- kernel.SyncOAuth2Config: the provider files (config/oauth2/*.json, as
-- loaded by @pgfleet/config) are the one source of OAuth clients. The
-- installer calls this after every module's code, and again on update, so
-- it upserts and never duplicates.

CREATE OR REPLACE FUNCTION kernel.EnsureProvider (pType char, pCode text, pName text)
RETURNS integer
AS $$
DECLARE
  nId       integer;
BEGIN
  SELECT id INTO nId FROM oauth2.provider WHERE code = pCode ORDER BY id LIMIT 1;
  IF nId IS NULL THEN
    INSERT INTO oauth2.provider (type, code, name) VALUES (pType, pCode, pName) RETURNING id INTO nId;
  ELSE
    UPDATE oauth2.provider SET type = pType, name = coalesce(pName, name)
     WHERE id = nId AND (type, name) IS DISTINCT FROM (pType, coalesce(pName, name));
  END IF;
  RETURN nId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.EnsureApplication (pType char, pCode text, pName text)
RETURNS integer
AS $$
DECLARE
  nId       integer;
BEGIN
  SELECT id INTO nId FROM oauth2.application WHERE code = pCode ORDER BY id LIMIT 1;
  IF nId IS NULL THEN
    INSERT INTO oauth2.application (type, code, name) VALUES (pType, pCode, pName) RETURNING id INTO nId;
  END IF;
  RETURN nId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.EnsureAlgorithm (pCode text)
RETURNS integer
AS $$
DECLARE
  nId       integer;
BEGIN
  IF pCode NOT IN ('HS256', 'HS384', 'HS512') THEN
    PERFORM IncorrectCode(pCode, ARRAY['HS256', 'HS384', 'HS512']);
  END IF;
  SELECT id INTO nId FROM oauth2.algorithm WHERE code = pCode ORDER BY id LIMIT 1;
  IF nId IS NULL THEN
    INSERT INTO oauth2.algorithm (code, name) VALUES (pCode, 'SHA' || substr(pCode, 3)) RETURNING id INTO nId;
  END IF;
  RETURN nId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Upsert by (provider, code); the secret columns change only when the
-- secret does, so a repeated sync leaves rows (and issued JWTs) untouched.
CREATE OR REPLACE FUNCTION kernel.EnsureAudience (
  pProvider     integer,
  pApplication  integer,
  pAlgorithm    integer,
  pCode         text,
  pSecret       text,
  pName         text
) RETURNS       integer
AS $$
DECLARE
  nId           integer;
  vHash         text := hmac_key_hash(pSecret);
BEGIN
  SELECT id INTO nId FROM oauth2.audience WHERE provider = pProvider AND code = pCode;
  IF nId IS NULL THEN
    INSERT INTO oauth2.audience (provider, application, algorithm, code, secret, hash, name)
    VALUES (pProvider, pApplication, pAlgorithm, pCode, EncryptAudienceSecret(pSecret), vHash, pName)
    RETURNING id INTO nId;
  ELSE
    UPDATE oauth2.audience
       SET application = pApplication, algorithm = pAlgorithm, name = pName
     WHERE id = nId AND (application, algorithm, name) IS DISTINCT FROM (pApplication, pAlgorithm, pName);
    UPDATE oauth2.audience
       SET secret = EncryptAudienceSecret(pSecret), hash = vHash
     WHERE id = nId AND hash <> vHash;
  END IF;
  RETURN nId;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The application user named after the audience code signs in "as the
-- client" (daemon.token client_credentials, helper processes). Admin's
-- functions are called by their spec names.
CREATE OR REPLACE FUNCTION kernel.EnsureAudienceUser (pCode text, pSecret text, pName text)
RETURNS uuid
AS $$
DECLARE
  uUser     uuid;
BEGIN
  SELECT id INTO uUser FROM db.user WHERE type = 'U' AND username = pCode;
  IF uUser IS NULL THEN
    uUser := CreateUser(pCode, pSecret, pName, null, null, 'OAuth 2.0 client service user', false, true);
  ELSIF NOT coalesce(CheckPassword(uUser, pSecret), false) THEN
    PERFORM SetPassword(uUser, pSecret);
  END IF;

  PERFORM AddMemberToGroup(uUser, GetGroup('system'));
  RETURN uUser;
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION kernel.ApplicationTypeOf (pCode text)
RETURNS char
AS $$
  SELECT CASE
           WHEN pCode IN ('system', 'service') THEN 'S'
           WHEN pCode = 'web' THEN 'W'
           ELSE 'N'
         END::char;
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kernel.SyncOAuth2Config (
  pConfig       jsonb
) RETURNS       void
AS $$
DECLARE
  vProvider     text;
  vSections     jsonb;
  vApplication  text;
  vSection      jsonb;
  vRoute        text;
  vType         char;
  vIssuer       text;
  vClientId     text;
  vSecret       text;
  nProvider     integer;
  nApplication  integer;
  nAlgorithm    integer;
  vUsers        jsonb := '[]'::jsonb;
  r             record;
BEGIN
  PERFORM CheckOAuth2Access();

  IF pConfig IS NULL OR jsonb_typeof(pConfig) <> 'object' THEN
    PERFORM IncorrectJsonType(coalesce(jsonb_typeof(pConfig), 'null'), 'object');
  END IF;

  PERFORM EnsureAlgorithm('HS256');
  PERFORM EnsureAlgorithm('HS384');
  PERFORM EnsureAlgorithm('HS512');

  -- The system client: code = project code, secret = server key. It mints
  -- no JWTs (no issuer), it only opens sessions for the platform itself.
  nProvider := EnsureProvider('I', 'system', 'System');
  nApplication := EnsureApplication('S', 'system', 'System');
  PERFORM EnsureAudience(nProvider, nApplication, GetAlgorithm('HS512'), current_project(), GetSecretKey(), 'System client');
  vUsers := vUsers || jsonb_build_object('code', current_project(), 'secret', GetSecretKey(), 'name', 'System client');

  FOR vProvider, vSections IN SELECT key, value FROM jsonb_each(pConfig) ORDER BY key
  LOOP
    IF jsonb_typeof(vSections) <> 'object' THEN
      PERFORM IncorrectJsonType(jsonb_typeof(vSections), 'object');
    END IF;

    -- default (and system) are the platform itself; any other file is an
    -- external provider unless its sections say external: false.
    vType := CASE
               WHEN EXISTS (SELECT FROM jsonb_each(vSections) s WHERE s.value ->> 'external' = 'true') THEN 'E'
               WHEN vProvider IN ('default', 'system') THEN 'I'
               WHEN EXISTS (SELECT FROM jsonb_each(vSections) s WHERE s.value ->> 'external' = 'false') THEN 'I'
               ELSE 'E'
             END;

    nProvider := EnsureProvider(vType, vProvider, initcap(vProvider));

    FOR vApplication, vSection IN SELECT key, value FROM jsonb_each(vSections) ORDER BY key
    LOOP
      vRoute := 'oauth2/' || vProvider || '/' || vApplication;
      IF jsonb_typeof(vSection) <> 'object' THEN
        PERFORM IncorrectJsonType(jsonb_typeof(vSection), 'object');
      END IF;

      vClientId := nullif(vSection ->> 'client_id', '');
      vSecret := nullif(vSection ->> 'client_secret', '');
      -- An external provider whose variables are unset is simply not
      -- configured; an internal client without credentials is an error.
      IF vType = 'E' AND (vClientId IS NULL OR vSecret IS NULL) THEN
        CONTINUE;
      END IF;
      IF vClientId IS NULL THEN
        PERFORM JsonKeyNotFound(vRoute, 'client_id');
      END IF;
      IF vSecret IS NULL THEN
        PERFORM JsonKeyNotFound(vRoute, 'client_secret');
      END IF;

      nApplication := EnsureApplication(ApplicationTypeOf(vApplication), vApplication, initcap(vApplication));
      nAlgorithm := EnsureAlgorithm(coalesce(nullif(vSection ->> 'algorithm', ''), 'HS256'));

      -- Array order matters: the first issuer (lowest id) is used when minting.
      IF jsonb_typeof(vSection -> 'issuers') = 'array' THEN
        FOR vIssuer IN SELECT e FROM jsonb_array_elements_text(vSection -> 'issuers') WITH ORDINALITY AS t(e, ord) ORDER BY ord
        LOOP
          INSERT INTO oauth2.issuer (provider, code, name)
          VALUES (nProvider, vIssuer, vIssuer)
          ON CONFLICT (provider, code) DO NOTHING;
        END LOOP;
      END IF;

      PERFORM EnsureAudience(nProvider, nApplication, nAlgorithm, vClientId, vSecret,
                             coalesce(vSection ->> 'name', initcap(vApplication) || ' (' || vProvider || ')'));

      vUsers := vUsers || jsonb_build_object('code', vClientId, 'secret', vSecret,
                                             'name', coalesce(vSection ->> 'name', initcap(vApplication) || ' client'));
    END LOOP;
  END LOOP;

  IF to_regclass('db.user') IS NOT NULL THEN
    FOR r IN SELECT * FROM jsonb_to_recordset(vUsers) AS x(code text, secret text, name text)
    LOOP
      PERFORM EnsureAudienceUser(r.code, r.secret, r.name);
    END LOOP;
  END IF;
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
