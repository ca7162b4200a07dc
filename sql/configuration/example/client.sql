--------------------------------------------------------------------------------
-- example configuration: sign-up, client lookup and profile.
-- This minimal configuration has no client entity yet: a client is its user.
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION GetClient (
  pCode         text
) RETURNS       uuid
AS $$
  SELECT id FROM db.user WHERE type = 'U' AND username = pCode;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.profile (
  pClient       uuid
) RETURNS       SETOF json
AS $$
  SELECT json_build_object('id', u.id, 'client', u.id, 'userid', u.id, 'username', u.username, 'name', u.name,
                           'email', u.email, 'phone', u.phone, 'description', u.description,
                           'given_name', p.given_name, 'family_name', p.family_name, 'patronymic_name', p.patronymic_name,
                           'locale', p.locale, 'area', p.area, 'interface', p.interface)
    FROM db.user u
    LEFT JOIN db.profile p ON p.userid = u.id AND p.scope = current_scope()
   WHERE u.id = pClient
     AND u.type = 'U'
     -- Only one's own profile, unless administrator.
     AND (u.id = current_userid() OR IsAdmin(current_userid()));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Self-service registration. The caller is normally a service client's
-- session, which may not create users itself: the work is done as the
-- apibot user (the platform's designated creator), then the identity is put
-- back. A failure rolls the GUC change back with everything else.
CREATE OR REPLACE FUNCTION api.signup (
  pType         text,
  pUserName     text,
  pPassword     text,
  pName         jsonb,
  pPhone        text DEFAULT null,
  pEmail        text DEFAULT null,
  pDescription  text DEFAULT null,
  pProfile      jsonb DEFAULT null,
  OUT id        uuid,
  OUT userid    uuid,
  OUT uid       text,
  OUT secret    text
) RETURNS       record
AS $$
DECLARE
  vCurrent      text := current_setting('current.user', true);
  vName         text;
BEGIN
  pUserName := lower(btrim(pUserName));

  IF coalesce(pUserName, '') = '' OR pUserName !~ '^[a-z0-9._@+-]{1,64}$' THEN
    PERFORM IncorrectJsonType(coalesce(pUserName, 'null'), 'username ([a-z0-9._@+-], 1..64 characters)');
  END IF;

  IF pEmail IS NOT NULL AND pEmail !~ '^[^@\s]+@[^@\s]+$' THEN
    PERFORM IncorrectJsonType(pEmail, 'e-mail address');
  END IF;

  IF EXISTS (SELECT FROM db.user u WHERE u.type = 'U' AND u.username = pUserName) THEN
    PERFORM AlreadyExists(pUserName);
  END IF;

  vName := coalesce(nullif(btrim(concat_ws(' ', pName->>'first', pName->>'middle', pName->>'last')), ''), pName->>'name', pUserName);

  PERFORM SetCurrentUserId('00000000-0000-4000-a002-000000000001'::uuid);

  userid := CreateUser(pUserName, nullif(pPassword, ''), vName, TrimPhone(pPhone), pEmail, pDescription, false, false);
  PERFORM AddMemberToGroup(userid, '00000000-0000-4000-a000-000000000002'::uuid);
  PERFORM UpdateProfile(userid, current_scope(), pName->>'last', pName->>'first', pName->>'middle', null, null, null,
                        (pProfile->>'email_verified')::boolean, null, pProfile->>'picture');

  PERFORM set_config('current.user', coalesce(vCurrent, ''), false);

  id := userid;
  uid := pUserName;
  secret := (SELECT UserSecretCredential(u.secret) FROM db.user u WHERE u.id = userid);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
