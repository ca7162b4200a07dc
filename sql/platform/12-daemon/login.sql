--------------------------------------------------------------------------------
-- daemon module: sign-in with a JWT assertion (jwt-bearer grant, external
-- identity providers re-signed by the auth service)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION daemon.login (
  pToken        text,
  pAgent        text DEFAULT null,
  pHost         inet DEFAULT null,
  pScope        text DEFAULT null
) RETURNS       SETOF json
AS $$
DECLARE
  aParts        text[];
  jClaims       jsonb;
  nProvider     integer;
  vProviderType char;
  vProviderCode text;
  nAudience     integer;
  nApplication  integer;
  nDefault      integer;
  vAudience     text;
  vSecret       text;
  vService      text;
  vSession      text;
  uUserId       uuid;
  vUserName     text;
  vEmail        text;
  r             record;
  vMessage      text;
  vContext      text;
  vState        text;
BEGIN
  aParts := string_to_array(pToken, '.');
  IF cardinality(aParts) IS DISTINCT FROM 3 THEN
    PERFORM TokenError();
  END IF;

  jClaims := convert_from(url_decode(aParts[2]), 'utf8')::jsonb;

  SELECT i.provider, p.type, p.code INTO nProvider, vProviderType, vProviderCode
    FROM oauth2.issuer i INNER JOIN oauth2.provider p ON p.id = i.provider
   WHERE i.code = coalesce(jClaims->>'iss', 'null')
   ORDER BY i.id
   LIMIT 1;

  IF nProvider IS NULL THEN
    PERFORM IssuerNotFound(coalesce(jClaims->>'iss', 'null'));
  END IF;

  vAudience := jClaims->>'aud';
  SELECT a.id, a.application INTO nAudience, nApplication FROM oauth2.audience a WHERE a.provider = nProvider AND a.code = vAudience;

  IF nAudience IS NULL THEN
    PERFORM AudienceNotFound();
  END IF;

  vSecret := GetAudienceSecret(nAudience);

  IF NOT coalesce((SELECT valid FROM verify(pToken, vSecret, 'HS256')), false) THEN
    PERFORM TokenError();
  END IF;

  IF jClaims ? 'exp' AND (jClaims->>'exp')::numeric <= extract(epoch FROM now()) THEN
    PERFORM TokenExpired();
  END IF;

  vService := SignIn(CreateOAuth2(nAudience, pScope), vAudience, vSecret, pAgent, pHost);
  IF vService IS NULL THEN
    RAISE EXCEPTION '%', GetErrorMessage();
  END IF;

  IF vProviderType = 'I' THEN
    RETURN NEXT CreateToken(nAudience, oauth2_current_code(vService));
    RETURN;
  END IF;

  -- External provider: find or create the local user behind the subject.
  vEmail := jClaims->>'email';
  vUserName := CASE WHEN vProviderCode = 'google' AND vEmail IS NOT NULL THEN split_part(vEmail, '@', 1) ELSE jClaims->>'sub' END;

  SELECT userid INTO uUserId FROM db.auth WHERE audience = nAudience AND code = jClaims->>'sub';

  IF uUserId IS NULL AND vEmail IS NOT NULL THEN
    SELECT id INTO uUserId FROM db.user WHERE type = 'U' AND email = vEmail;
  END IF;

  IF uUserId IS NULL THEN
    SELECT * INTO r FROM api.signup(null, vUserName, null,
      jsonb_build_object('name', jClaims->>'name', 'first', jClaims->>'given_name', 'last', jClaims->>'family_name'),
      jClaims->>'phone_number', vEmail, null,
      jsonb_build_object('provider', vProviderCode) || jsonb_strip_nulls(jsonb_build_object(
        'email_verified', jClaims->'email_verified', 'picture', jClaims->>'picture', 'locale', jClaims->>'locale')));
    uUserId := r.userid;
  END IF;

  INSERT INTO db.auth (userid, audience, code) VALUES (uUserId, nAudience, jClaims->>'sub')
  ON CONFLICT DO NOTHING;

  SELECT a.id INTO nDefault
    FROM oauth2.audience a INNER JOIN oauth2.provider p ON p.id = a.provider AND p.code = 'default'
   WHERE a.application = nApplication
   ORDER BY a.id
   LIMIT 1;

  IF nDefault IS NULL THEN
    PERFORM AudienceNotFound();
  END IF;

  vSession := GetSession(uUserId, CreateOAuth2(nDefault, pScope, 'offline'), pAgent, pHost, true, false);
  PERFORM SignOut(vService);

  RETURN NEXT CreateToken(nDefault, oauth2_current_code(vSession));
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT, vState = RETURNED_SQLSTATE;
  RETURN NEXT DaemonError(vMessage, vContext, vState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, public, pg_temp;
