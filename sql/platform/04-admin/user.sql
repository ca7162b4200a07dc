-- admin module: users, groups, passwords, locks, membership, profiles, IP tables,
-- recovery tickets and external identity links.

CREATE OR REPLACE FUNCTION GetUser(pRoleName text)
RETURNS uuid AS $$
DECLARE
  vId uuid;
BEGIN
  SELECT id INTO vId FROM db.user WHERE type = 'U' AND username = pRoleName;
  IF NOT FOUND THEN
    PERFORM UserNotFound(pRoleName);
  END IF;
  RETURN vId;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetGroup(pRoleName text)
RETURNS uuid AS $$
DECLARE
  vId uuid;
BEGIN
  SELECT id INTO vId FROM db.user WHERE type = 'G' AND username = pRoleName;
  IF NOT FOUND THEN
    PERFORM UnknownRoleName(pRoleName);
  END IF;
  RETURN vId;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetUsername(pId uuid)
RETURNS text AS $$
  SELECT username FROM db.user WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetUserFullName(pId uuid)
RETURNS text AS $$
BEGIN
  RETURN (SELECT name FROM db.user WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetGroupUsername(pId uuid)
RETURNS text AS $$
BEGIN
  RETURN (SELECT username FROM db.user WHERE id = pId AND type = 'G');
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetGroupName(pId uuid)
RETURNS text AS $$
BEGIN
  RETURN (SELECT name FROM db.user WHERE id = pId AND type = 'G');
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsUserRole(pRoleId uuid, pUserId uuid DEFAULT current_userid())
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT EXISTS (SELECT FROM db.member_group WHERE userid = pRoleId AND member = pUserId));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsUserRole(pRole text, pUser text DEFAULT current_username())
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT EXISTS (
    SELECT FROM db.member_group m
      JOIN db.user g ON g.id = m.userid AND g.type = 'G' AND g.username = pRole
      JOIN db.user u ON u.id = m.member AND u.username = pUser));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsSystem(pMember uuid DEFAULT current_userid())
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT IsUserRole('00000000-0000-4000-a000-000000000000'::uuid, pMember));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsAdmin(pMember uuid DEFAULT current_userid())
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT IsUserRole('00000000-0000-4000-a000-000000000001'::uuid, pMember));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION is_admin(pMember uuid DEFAULT current_userid())
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT CASE WHEN pMember IS NULL THEN false
              ELSE IsAdmin(pMember) OR coalesce(current_username() = 'apibot', false) END);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsReadOnly(pId uuid)
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT coalesce((SELECT readonly FROM db.user WHERE id = pId), false));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION HasSystemRole(pName text)
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = pName));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Passwords -------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION SetPassword(pId uuid, pPassword text)
RETURNS void AS $$
DECLARE
  r db.user%rowtype;
BEGIN
  SELECT * INTO r FROM db.user WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM UserNotFound(pId);
  END IF;

  IF session_user <> 'kernel' THEN
    IF pId IS DISTINCT FROM current_userid() THEN
      PERFORM CheckAccess(B'00000000000100000');
      IF r.readonly THEN
        PERFORM ReadOnlyError();
      END IF;
    ELSIF r.passwordnotchange THEN
      PERFORM UserPasswordChange();
    END IF;
  END IF;

  UPDATE db.user
     SET pswhash = crypt(pPassword, gen_salt('bf')),
         passwordchange = CASE WHEN pId = current_userid() THEN false ELSE passwordchange END
   WHERE id = pId;

  -- a password change ends every other session of the user (the caller's own survives)
  DELETE FROM db.session WHERE userid = pId AND code <> current_session();

  IF session_user <> 'kernel' THEN
    PERFORM WriteToEventLog('W', 6012, 'auth', 'password', 'Password changed.');
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

-- bcrypt is what makes a guessed password expensive, but a service client signs in with
-- the same secret on every client_credentials grant, and one bcrypt per grant was the
-- largest cost of the token endpoint. So the last password this connection verified is
-- remembered as a keyed hash bound to the user and to the stored bcrypt hash: only the
-- same password of the same user, unchanged since, skips bcrypt. The tag cannot be forged
-- by setting the variable (it needs the server key) and is useless without the password
-- itself, so every wrong guess still pays bcrypt and counts towards the lockout.
CREATE OR REPLACE FUNCTION CheckPassword(pUserId uuid, pPassword text)
RETURNS boolean AS $$
DECLARE
  vHash text;
  vKey  text;
  vTag  text;
  vSet  text;
BEGIN
  -- the server key read with the hash, and the settings made by assignment: every
  -- sign-in runs this (a PERFORM or a hmac_key_hash call is an executor run each)
  SELECT u.pswhash, (SELECT k.value FROM db.setting k WHERE k.name = 'secret_key') INTO vHash, vKey
    FROM db.user u WHERE u.id = pUserId;
  IF NOT FOUND THEN
    PERFORM SetErrorMessage('User not found.');
    RETURN false;
  END IF;
  IF vHash IS NOT NULL AND pPassword IS NOT NULL THEN
    -- hmac_key_hash(pUserId::text || ':' || vHash || ':' || pPassword)
    vTag := encode(public.hmac(convert_to(pUserId::text || ':' || vHash || ':' || pPassword, 'utf8'),
                               convert_to(vKey, 'utf8'), 'sha256'), 'hex');
    IF vTag = current_setting('kernel.verified_password', true) OR vHash = crypt(pPassword, vHash) THEN
      vSet := set_config('kernel.verified_password', vTag, false);
      vSet := set_config('kernel.error_message', 'Success.', false);  -- SetErrorMessage('Success.')
      RETURN true;
    END IF;
  END IF;
  PERFORM SetErrorMessage('Password verification failed.');
  RETURN false;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION CheckPassword(pRoleName text, pPassword text)
RETURNS boolean AS $$
  SELECT CheckPassword(GetUser(pRoleName), pPassword);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Not SECURITY DEFINER by design: altering a PostgreSQL role password must run with the
-- caller's own rights.
CREATE OR REPLACE FUNCTION ChangePassword(pId uuid, pOldPass text, pNewPass text)
RETURNS boolean AS $$
DECLARE
  vName text := GetUsername(pId);
BEGIN
  IF NOT CheckPassword(pId, pOldPass) THEN
    RETURN false;
  END IF;
  PERFORM SetPassword(pId, pNewPass);
  IF HasSystemRole(vName) THEN
    EXECUTE format('ALTER ROLE %I WITH PASSWORD %L', vName, pNewPass);
  END IF;
  RETURN true;
END;
$$ LANGUAGE plpgsql SET search_path = kernel, pg_temp;

-- Users and groups ------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateUser(pRoleName text, pPassword text, pName text, pPhone text DEFAULT null,
  pEmail text DEFAULT null, pDescription text DEFAULT null, pPasswordChange boolean DEFAULT true,
  pPasswordNotChange boolean DEFAULT false, pId uuid DEFAULT gen_kernel_uuid('a'))
RETURNS uuid AS $$
DECLARE
  vId     uuid;
  vArea   uuid := current_area();
  vSecret bytea;
BEGIN
  PERFORM CheckAccess(B'00000000000000100');
  PERFORM CheckAccess(B'00000000000100000');

  PERFORM FROM db.user WHERE type = 'U' AND username = lower(pRoleName);
  IF FOUND THEN
    PERFORM RoleExists(pRoleName);
  END IF;

  INSERT INTO db.user (id, type, username, name, phone, email, description, passwordchange, passwordnotchange)
  VALUES (coalesce(pId, gen_kernel_uuid('a')), 'U', pRoleName, coalesce(NULLIF(pName, ''), pRoleName), pPhone, pEmail,
          pDescription, pPasswordChange, pPasswordNotChange)
  RETURNING id, secret INTO vId, vSecret;

  INSERT INTO db.member_interface (interface, member) VALUES
    ('00000000-0000-4004-a000-000000000000', vId),
    ('00000000-0000-4004-a000-000000000003', vId)
  ON CONFLICT DO NOTHING;

  INSERT INTO db.profile (userid, scope, locale, area, interface)
  VALUES (vId, GetAreaScope(vArea), current_locale(), vArea, '00000000-0000-4004-a000-000000000003');

  IF NULLIF(pPassword, '') IS NULL THEN
    pPassword := UserImplicitPassword(vSecret);
  END IF;
  PERFORM SetPassword(vId, pPassword);

  PERFORM DoCreateRole(vId);
  RETURN vId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION CreateGroup(pRoleName text, pName text, pDescription text DEFAULT null, pId uuid DEFAULT gen_kernel_uuid('a'))
RETURNS uuid AS $$
DECLARE
  vId uuid;
BEGIN
  PERFORM CheckAccess(B'00000000001000000');
  PERFORM FROM db.user WHERE type = 'G' AND username = lower(pRoleName);
  IF FOUND THEN
    PERFORM RoleExists(pRoleName);
  END IF;
  INSERT INTO db.user (id, type, username, name, description)
  VALUES (coalesce(pId, gen_kernel_uuid('a')), 'G', pRoleName, coalesce(NULLIF(pName, ''), pRoleName), pDescription)
  RETURNING id INTO vId;
  PERFORM DoCreateRole(vId);
  RETURN vId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UpdateUser(pId uuid, pRoleName text DEFAULT null, pPassword text DEFAULT null, pName text DEFAULT null,
  pPhone text DEFAULT null, pEmail text DEFAULT null, pDescription text DEFAULT null,
  pPasswordChange boolean DEFAULT null, pPasswordNotChange boolean DEFAULT null)
RETURNS void AS $$
DECLARE
  r db.user%rowtype;
BEGIN
  SELECT * INTO r FROM db.user WHERE id = pId AND type = 'U';
  IF NOT FOUND THEN
    PERFORM UserNotFound(pId);
  END IF;
  IF pId IS DISTINCT FROM current_userid() THEN
    PERFORM CheckAccess(B'00000000000001000');
  END IF;
  IF r.readonly AND session_user <> 'kernel' THEN
    PERFORM ReadOnlyError();
  END IF;
  IF NULLIF(pRoleName, '') IS NOT NULL AND pRoleName <> r.username AND HasSystemRole(r.username) THEN
    PERFORM SystemRoleError();
  END IF;

  UPDATE db.user
     SET username = coalesce(NULLIF(pRoleName, ''), username),
         name = coalesce(NULLIF(pName, ''), name),
         phone = coalesce(NULLIF(TrimPhone(NULLIF(pPhone, '')), ''), phone),
         email = coalesce(NULLIF(pEmail, ''), email),
         description = CASE WHEN pDescription IS NULL THEN description ELSE NULLIF(pDescription, '') END,
         passwordchange = coalesce(pPasswordChange, passwordchange),
         passwordnotchange = coalesce(pPasswordNotChange, passwordnotchange)
   WHERE id = pId;

  IF NULLIF(pPassword, '') IS NOT NULL THEN
    PERFORM SetPassword(pId, pPassword);
  END IF;

  PERFORM DoUpdateRole(pId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UpdateGroup(pId uuid, pRoleName text DEFAULT null, pName text DEFAULT null, pDescription text DEFAULT null)
RETURNS void AS $$
DECLARE
  r db.user%rowtype;
BEGIN
  SELECT * INTO r FROM db.user WHERE id = pId AND type = 'G';
  IF NOT FOUND THEN
    PERFORM UserNotFound(pId);
  END IF;
  IF session_user <> 'kernel' AND (NOT CheckAccessControlList(B'00000000010000000') OR r.readonly) THEN
    PERFORM AccessDenied();
  END IF;
  IF NULLIF(pRoleName, '') IS NOT NULL AND pRoleName <> r.username AND HasSystemRole(lower(r.username)) THEN
    PERFORM SystemRoleError();
  END IF;
  UPDATE db.user
     SET username = coalesce(NULLIF(pRoleName, ''), username),
         name = coalesce(NULLIF(pName, ''), name),
         description = CASE WHEN pDescription IS NULL THEN description ELSE NULLIF(pDescription, '') END
   WHERE id = pId;
  PERFORM DoUpdateRole(pId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteUser(pId uuid)
RETURNS void AS $$
DECLARE
  vName text;
BEGIN
  PERFORM CheckAccess(B'00000000000010000');
  IF pId = current_userid() THEN
    PERFORM DeleteUserError();
  END IF;
  SELECT username INTO vName FROM db.user WHERE id = pId AND type = 'U';
  IF NOT FOUND THEN
    PERFORM UserNotFound(pId);
  END IF;
  IF HasSystemRole(vName) THEN
    PERFORM SystemRoleError();
  END IF;

  PERFORM DoDeleteRole(pId);

  -- objects and files of later modules move to the administrator group
  IF to_regclass('db.object') IS NOT NULL THEN
    EXECUTE 'UPDATE db.object SET oper = $2 WHERE oper = $1' USING pId, '00000000-0000-4000-a000-000000000001'::uuid;
    EXECUTE 'UPDATE db.object SET owner = $2 WHERE owner = $1' USING pId, '00000000-0000-4000-a000-000000000001'::uuid;
    EXECUTE 'UPDATE db.object SET suid = $2 WHERE suid = $1' USING pId, '00000000-0000-4000-a000-000000000001'::uuid;
  END IF;
  IF to_regclass('db.file') IS NOT NULL THEN
    EXECUTE 'UPDATE db.file SET owner = $2 WHERE owner = $1' USING pId, '00000000-0000-4000-a000-000000000001'::uuid;
  END IF;
  IF to_regclass('db.aou') IS NOT NULL THEN
    EXECUTE 'DELETE FROM db.aou WHERE userid = $1' USING pId;
  END IF;
  IF to_regclass('db.notice') IS NOT NULL THEN
    EXECUTE 'DELETE FROM db.notice WHERE userid = $1' USING pId;
  END IF;

  DELETE FROM db.acl WHERE userid = pId;
  DELETE FROM db.member_area WHERE member = pId;
  DELETE FROM db.member_interface WHERE member = pId;
  DELETE FROM db.member_group WHERE member = pId;
  DELETE FROM db.session WHERE suid = pId OR userid = pId;
  DELETE FROM db.auth WHERE userid = pId;
  DELETE FROM db.profile WHERE userid = pId;
  DELETE FROM db.user WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteUser(pRoleName text)
RETURNS void AS $$
DECLARE
  vId uuid;
BEGIN
  SELECT id INTO vId FROM db.user WHERE type = 'U' AND lower(username) = lower(pRoleName);
  IF NOT FOUND THEN
    PERFORM UserNotFound(pRoleName);
  END IF;
  PERFORM DeleteUser(vId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteGroup(pId uuid)
RETURNS void AS $$
BEGIN
  -- upstream checks the update-group bit here, not delete-group
  PERFORM CheckAccess(B'00000000010000000');
  IF HasSystemRole(lower(GetGroupUsername(pId))) THEN
    PERFORM SystemRoleError();
  END IF;
  PERFORM DoDeleteRole(pId);
  DELETE FROM db.member_area WHERE member = pId;
  DELETE FROM db.member_interface WHERE member = pId;
  DELETE FROM db.member_group WHERE userid = pId;
  DELETE FROM db.profile WHERE userid = pId;
  DELETE FROM db.user WHERE id = pId AND type = 'G';
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteGroup(pRoleName text)
RETURNS void AS $$
  SELECT DeleteGroup(GetGroup(pRoleName));
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UserLock(pId uuid)
RETURNS void AS $$
BEGIN
  IF pId IS DISTINCT FROM current_userid() THEN
    PERFORM CheckAccess(B'00000100000000000');
  END IF;
  UPDATE db.user
     SET status = set_bit(set_bit(status, 3, 0), 1, 1), lock_date = now()
   WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM UserNotFound(pId);
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UserUnLock(pId uuid)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'00001000000000000');
  UPDATE db.user SET status = B'0001', lock_date = null, expiry_date = null WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM UserNotFound(pId);
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddMemberToGroup(pMember uuid, pGroup uuid)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'00000001000000000');
  INSERT INTO db.member_group (userid, member) VALUES (pGroup, pMember) ON CONFLICT DO NOTHING;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteGroupForMember(pMember uuid, pGroup uuid DEFAULT null)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'00000010000000000');
  DELETE FROM db.member_group WHERE member = pMember AND (pGroup IS NULL OR userid = pGroup);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteMemberFromGroup(pGroup uuid, pMember uuid DEFAULT null)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'00000010000000000');
  DELETE FROM db.member_group WHERE userid = pGroup AND (pMember IS NULL OR member = pMember);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SubstituteUser(pUserId uuid, pPassword text, pSession varchar DEFAULT current_session())
RETURNS void AS $$
DECLARE
  vSuid uuid;
BEGIN
  SELECT suid INTO vSuid FROM db.session WHERE code = pSession;
  IF NOT FOUND THEN
    PERFORM LoginFailed();
  END IF;
  IF session_user <> 'kernel' THEN
    IF NOT CheckAccessControlList(B'00010000000000000', vSuid) THEN
      PERFORM AccessDenied();
    END IF;
    IF NOT CheckPassword(vSuid, pPassword) THEN
      RAISE EXCEPTION 'ERR-40300: %', GetErrorMessage();
    END IF;
  END IF;
  PERFORM FROM db.user WHERE id = pUserId;
  IF NOT FOUND THEN
    PERFORM UserNotFound(pUserId);
  END IF;
  -- profile defaults of the target must be members, or the session trigger reverts them
  UPDATE db.session
     SET userid = pUserId,
         area = coalesce((SELECT area FROM db.profile WHERE userid = pUserId AND scope = db.session.scope), area),
         interface = coalesce((SELECT interface FROM db.profile WHERE userid = pUserId AND scope = db.session.scope), interface)
   WHERE code = pSession;
  PERFORM SetCurrentUserId(pUserId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SubstituteUser(pRoleName text, pPassword text, pSession varchar DEFAULT current_session())
RETURNS void AS $$
  SELECT SubstituteUser(GetUser(pRoleName), pPassword, pSession);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Profiles --------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateProfile(pUserId uuid, pScope uuid, pFamilyName text DEFAULT null, pGivenName text DEFAULT null,
  pPatronymicName text DEFAULT null, pLocale uuid DEFAULT null, pArea uuid DEFAULT null, pInterface uuid DEFAULT null,
  pEmailVerified boolean DEFAULT null, pPhoneVerified boolean DEFAULT null, pPicture text DEFAULT null)
RETURNS void AS $$
BEGIN
  INSERT INTO db.profile (userid, scope, family_name, given_name, patronymic_name, locale, area, interface,
                          email_verified, phone_verified, picture)
  VALUES (pUserId, pScope, pFamilyName, pGivenName, pPatronymicName, pLocale,
          coalesce(pArea, GetAreaGuest(pScope)), coalesce(pInterface, '00000000-0000-4004-a000-000000000003'::uuid),
          coalesce(pEmailVerified, false), coalesce(pPhoneVerified, false), pPicture);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UpdateProfile(pUserId uuid, pScope uuid, pFamilyName text DEFAULT null, pGivenName text DEFAULT null,
  pPatronymicName text DEFAULT null, pLocale uuid DEFAULT null, pArea uuid DEFAULT null, pInterface uuid DEFAULT null,
  pEmailVerified boolean DEFAULT null, pPhoneVerified boolean DEFAULT null, pPicture text DEFAULT null)
RETURNS boolean AS $$
BEGIN
  UPDATE db.profile
     SET family_name = coalesce(pFamilyName, family_name),
         given_name = coalesce(pGivenName, given_name),
         patronymic_name = coalesce(pPatronymicName, patronymic_name),
         locale = coalesce(pLocale, locale),
         area = coalesce(pArea, area),
         interface = coalesce(pInterface, interface),
         email_verified = coalesce(pEmailVerified, email_verified),
         phone_verified = coalesce(pPhoneVerified, phone_verified),
         picture = coalesce(pPicture, picture)
   WHERE userid = pUserId AND scope = pScope;
  RETURN FOUND;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckUserProfile(pOAuth2 bigint, pUserId uuid)
RETURNS uuid AS $$
DECLARE
  vScope     uuid;
  vLast      uuid;
  vArea      uuid;
  vInterface uuid;
BEGIN
  FOR vScope IN SELECT GetOAuth2Scopes(pOAuth2)
  LOOP
    PERFORM FROM db.profile WHERE userid = pUserId AND scope = vScope;
    IF FOUND THEN
      RETURN vScope;
    END IF;
    vLast := vScope;
  END LOOP;

  vLast := coalesce(vLast, current_scope());

  IF IsAdmin(pUserId) THEN
    SELECT a.id INTO vArea FROM db.area a JOIN db.area_type t ON t.id = a.type
     WHERE a.scope = vLast AND t.code IN ('main', 'subsidiary', 'mobile', 'default', 'guest')
     ORDER BY array_position(ARRAY['main', 'subsidiary', 'mobile', 'default', 'guest'], t.code), a.level, a.sequence
     LIMIT 1;
    vInterface := '00000000-0000-4004-a000-000000000001';
  ELSE
    vArea := GetAreaGuest(vLast);
    vInterface := '00000000-0000-4004-a000-000000000003';
  END IF;

  IF vArea IS NULL THEN
    PERFORM GuestAreaError();
  END IF;

  INSERT INTO db.member_interface (interface, member) VALUES (vInterface, pUserId) ON CONFLICT DO NOTHING;
  INSERT INTO db.profile (userid, scope, locale, area, interface)
  VALUES (pUserId, vLast, GetLocale(locale_code()), vArea, vInterface);
  RETURN vLast;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- IP tables -------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION GetIPTableStr(pUserId uuid, pType char DEFAULT 'A')
RETURNS text AS $$
  SELECT string_agg(
           CASE
             WHEN range IS NOT NULL THEN host(addr) || '-' || host(addr + (range - 1))
             WHEN family(addr) = 4 AND masklen(addr) = 8 THEN split_part(host(addr), '.', 1) || '.*.*.*'
             WHEN family(addr) = 4 AND masklen(addr) = 16 THEN array_to_string((string_to_array(host(addr), '.'))[1:2], '.') || '.*.*'
             WHEN family(addr) = 4 AND masklen(addr) = 24 THEN array_to_string((string_to_array(host(addr), '.'))[1:3], '.') || '.*'
             WHEN (family(addr) = 4 AND masklen(addr) = 32) OR (family(addr) = 6 AND masklen(addr) = 128) THEN host(addr)
             ELSE text(addr)
           END, ', ' ORDER BY id)
    FROM db.iptable WHERE userid = pUserId AND type = coalesce(pType, 'A');
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetIPTableStr(pUserId uuid, pType char, pIpTable text)
RETURNS void AS $$
DECLARE
  vItem text;
  r     record;
BEGIN
  pType := coalesce(pType, 'A');
  DELETE FROM db.iptable WHERE userid = pUserId AND type = pType;
  FOREACH vItem IN ARRAY coalesce(string_to_array(pIpTable, ','), '{}')
  LOOP
    vItem := trim(vItem);
    CONTINUE WHEN vItem = '';
    SELECT * INTO r FROM str_to_inet(vItem);
    INSERT INTO db.iptable (type, userid, addr, range) VALUES (pType, pUserId, r.host, r.range);
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckIPTable(pUserId uuid, pType char, pHost inet)
RETURNS boolean AS $$
  SELECT CASE WHEN count(*) = 0 THEN NULL
              ELSE bool_or(CASE WHEN range IS NOT NULL THEN pHost BETWEEN addr AND addr + (range - 1)
                                ELSE pHost <<= addr END)
         END
    FROM db.iptable WHERE userid = pUserId AND type = pType;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckIPTable(pUserId uuid, pHost inet)
RETURNS boolean AS $$
DECLARE
  vAllowed boolean;
BEGIN
  IF pHost IS NULL THEN
    RETURN true;
  END IF;
  -- One read of both lists (every sign-in runs this): refused when a deny entry matches,
  -- or when there is an allow list and no entry of it matches.
  SELECT NOT coalesce(bool_or(type = 'D' AND m), false)
         AND coalesce(bool_or(m) FILTER (WHERE type = 'A'), true)
    INTO vAllowed
    FROM (SELECT type, CASE WHEN range IS NOT NULL THEN pHost BETWEEN addr AND addr + (range - 1)
                            ELSE pHost <<= addr END AS m
            FROM db.iptable WHERE userid = pUserId AND type IN ('A', 'D')) i;
  IF NOT vAllowed THEN
    PERFORM SetErrorMessage('Access denied by IP address.');
  END IF;
  RETURN vAllowed;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Online state of a profile from the sessions of the current user at the client address.
CREATE OR REPLACE FUNCTION ProfileLoginState(pUserId uuid, pHost inet)
RETURNS bit AS $$
DECLARE
  r          record;
  vUserId    uuid := current_userid();
  vPath      text[];
  vLocal     text;
  vTrusted   text;
  vState     bit(3) := B'000';
  vMatched   boolean;
  vLocalHit  boolean;
BEGIN
  -- The state depends only on (host, area), and the host is fixed: one pass per
  -- distinct area, not per session. A client_credentials client opens a session per
  -- grant, all from the same address, so the areas are found by skipping through the
  -- (userid, host, area) index rather than reading every session (this trigger runs
  -- while the profile row is locked, so its cost serialises concurrent sign-ins).
  FOR r IN WITH RECURSIVE d(area) AS (
              (SELECT s.area FROM db.session s
                WHERE s.userid = vUserId AND s.host = pHost ORDER BY s.area LIMIT 1)
              UNION ALL
              SELECT (SELECT s.area FROM db.session s
                       WHERE s.userid = vUserId AND s.host = pHost AND s.area > d.area
                       ORDER BY s.area LIMIT 1)
                FROM d WHERE d.area IS NOT NULL
            )
            SELECT pHost AS host, a.code AS area FROM d JOIN db.area a ON a.id = d.area
  LOOP
    vLocal := NULL;
    vTrusted := NULL;
    -- The string values LocalIP and EntrustedIP of CURRENT_CONFIG\CONFIG\Department\<area>\IPTable,
    -- read as RegGetValueString would (root key "kernel", empty path segments skipped) but
    -- in one statement with a plan kept per connection: this runs inside every sign-in's
    -- commit, with the profile row locked, and RegGetValueString and the key lookups under
    -- it are SQL functions, planned again on every call. The registry module loads later.
    IF to_regclass('registry.value') IS NOT NULL THEN
      vPath := array_remove(string_to_array('CONFIG\Department\' || r.area || '\IPTable', E'\\'), '');
      WITH RECURSIVE walk(id, depth) AS (
        SELECT k.id, 0 FROM registry.key k WHERE k.key = 'kernel' AND k.level = 0
        UNION ALL
        SELECT k.id, w.depth + 1 FROM walk w JOIN registry.key k ON k.parent = w.id AND k.key = vPath[w.depth + 1]
         WHERE w.depth < cardinality(vPath)
      )
      SELECT max(v.vstring) FILTER (WHERE v.vname = 'LocalIP'), max(v.vstring) FILTER (WHERE v.vname = 'EntrustedIP')
        INTO vLocal, vTrusted
        FROM walk w JOIN registry.value v ON v.key = w.id
       WHERE w.depth = cardinality(vPath) AND v.vname IN ('LocalIP', 'EntrustedIP') AND v.vtype = 3;
    END IF;
    vMatched := false;
    IF IPInList(r.host, vTrusted) THEN
      vState := vState | B'100';
      vMatched := true;
    END IF;
    -- without a LocalIP value the list is '127.0.0.1, ::1', asked directly: IPInList would
    -- parse it in a subtransaction on every sign-in
    IF vLocal IS NULL THEN
      vLocalHit := r.host <<= inet '127.0.0.1' OR r.host <<= inet '::1';
    ELSE
      vLocalHit := IPInList(r.host, vLocal);
    END IF;
    IF vLocalHit THEN
      vState := vState | B'010';
      vMatched := true;
    END IF;
    IF NOT vMatched THEN
      vState := vState | B'001';
    END IF;
  END LOOP;
  RETURN vState;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- The exception block (a subtransaction) is entered only for a list that has entries:
-- every sign-in's login state asks about two lists, usually empty or one address.
CREATE OR REPLACE FUNCTION IPInList(pHost inet, pList text)
RETURNS boolean AS $$
DECLARE
  vItem text;
  r     record;
BEGIN
  IF pHost IS NULL OR NULLIF(trim(pList), '') IS NULL THEN
    RETURN false;
  END IF;
  BEGIN
    FOREACH vItem IN ARRAY string_to_array(pList, ',')
    LOOP
      vItem := trim(vItem);
      CONTINUE WHEN vItem = '';
      r := str_to_inet(vItem);
      IF r.range IS NOT NULL AND pHost BETWEEN r.host AND r.host + (r.range - 1) THEN
        RETURN true;
      ELSIF r.range IS NULL AND pHost <<= r.host THEN
        RETURN true;
      END IF;
    END LOOP;
  EXCEPTION WHEN others THEN
    RETURN false;
  END;
  RETURN false;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckSessionLimit(pUserId uuid)
RETURNS void AS $$
DECLARE
  vLimit integer;
  vCount integer;
  vCode  text;
BEGIN
  -- current_scope() inlined: every sign-in runs this
  SELECT p.session_limit INTO vLimit FROM db.profile p
   WHERE p.userid = pUserId
     AND p.scope = coalesce((SELECT a.scope FROM db.session s JOIN db.area a ON a.id = s.area
                              WHERE s.code = NULLIF(current_setting('current.session', true), '')),
                            '00000000-0000-4006-a000-000000000000'::uuid);
  IF coalesce(vLimit, 0) <= 0 THEN
    RETURN;
  END IF;
  SELECT count(*) INTO vCount FROM db.session WHERE userid = pUserId;
  FOR vCode IN SELECT code FROM db.session WHERE userid = pUserId ORDER BY created, code
  LOOP
    EXIT WHEN vCount < vLimit;
    PERFORM SessionOut(vCode, false, 'Превышен лимит.');
    vCount := vCount - 1;
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Recovery tickets ------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION AddRecoveryTicket(pUserId uuid, pSecurityAnswer text, pInitiator text,
  pDateFrom timestamptz DEFAULT null, pDateTo timestamptz DEFAULT null)
RETURNS uuid AS $$
  INSERT INTO db.recovery_ticket (userid, securityAnswer, initiator, validFromDate, validToDate)
  VALUES (pUserId, pSecurityAnswer, pInitiator, coalesce(pDateFrom, now()), coalesce(pDateTo, '4433-12-31'))
  RETURNING ticket;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION NewRecoveryTicket(pUserId uuid, pSecurityAnswer text, pInitiator text,
  pDateFrom timestamptz DEFAULT now(), pDateTo timestamptz DEFAULT now() + interval '1 hour')
RETURNS uuid AS $$
BEGIN
  -- one live ticket per user: a new request supersedes the old one
  UPDATE db.recovery_ticket SET validToDate = pDateFrom
   WHERE userid = pUserId AND validFromDate <= pDateFrom AND validToDate > pDateFrom;
  RETURN AddRecoveryTicket(pUserId, crypt(pSecurityAnswer, gen_salt('bf')), pInitiator, pDateFrom, pDateTo);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION GetRecoveryTicket(pUserId uuid, pDateFrom timestamptz DEFAULT now())
RETURNS uuid AS $$
  SELECT ticket FROM db.recovery_ticket
   WHERE userid = pUserId AND validFromDate <= pDateFrom AND validToDate > pDateFrom
   ORDER BY validFromDate DESC LIMIT 1;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckRecoveryTicket(pTicket uuid, pSecurityAnswer text)
RETURNS uuid AS $$
DECLARE
  r   db.recovery_ticket%rowtype;
  vRu boolean := locale_code() = 'ru';
BEGIN
  SELECT * INTO r FROM db.recovery_ticket
   WHERE ticket = pTicket AND validFromDate <= now() AND validToDate > now();

  IF NOT FOUND THEN
    PERFORM SetErrorMessage(CASE WHEN vRu THEN 'Талон не найден.' ELSE 'Ticket not found.' END);
    RETURN NULL;
  END IF;
  IF r.used IS NOT NULL THEN
    PERFORM SetErrorMessage(CASE WHEN vRu THEN 'Секретный код уже использован.' ELSE 'The secret code has already been used.' END);
    RETURN NULL;
  END IF;
  IF r.attempts >= 5 THEN
    PERFORM SetErrorMessage(CASE WHEN vRu THEN 'Слишком много попыток. Запросите новый код.' ELSE 'Too many attempts. Please request a new code.' END);
    RETURN NULL;
  END IF;
  IF r.securityAnswer = crypt(pSecurityAnswer, r.securityAnswer) THEN
    PERFORM SetErrorMessage(CASE WHEN vRu THEN 'Успешно.' ELSE 'Successful.' END);
    RETURN r.userid;
  END IF;
  UPDATE db.recovery_ticket SET attempts = attempts + 1 WHERE ticket = pTicket;
  PERFORM SetErrorMessage(CASE WHEN vRu THEN 'Секретный код не прошёл проверку.' ELSE 'Secret code failed verification.' END);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION UseRecoveryTicket(pTicket uuid)
RETURNS void AS $$
  UPDATE db.recovery_ticket SET used = now() WHERE ticket = pTicket;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateAuth(pUserId uuid, pAudience integer, pCode text)
RETURNS void AS $$
BEGIN
  PERFORM CheckAdmin();
  INSERT INTO db.auth (userid, audience, code) VALUES (pUserId, pAudience, pCode) ON CONFLICT DO NOTHING;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
