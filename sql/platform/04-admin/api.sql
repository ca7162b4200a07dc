-- admin module: api views and functions (what the REST dispatchers and helper processes call).

CREATE OR REPLACE VIEW api.locale AS
  SELECT * FROM Locale;

CREATE OR REPLACE VIEW api.session AS
  SELECT s.code, s.userid, s.suid, u.username, u.name, s.locale, s.area, s.interface, s.created, s.updated,
         u.input_last, s.host, u.lc_ip, u.status, u.statustext, u.state, u.statetext, u.session_limit,
         EXISTS (SELECT FROM db.member_group m WHERE m.userid = '00000000-0000-4000-a000-000000000000' AND m.member = s.userid) AS system
    FROM db.session s
    JOIN users u ON u.id = s.userid AND u.scope = s.scope;

CREATE OR REPLACE VIEW api.user AS
  SELECT * FROM users WHERE scope = current_scope();

CREATE OR REPLACE VIEW api.users AS
  SELECT * FROM users;

CREATE OR REPLACE VIEW api.group AS
  SELECT * FROM groups;

CREATE OR REPLACE VIEW api.area_type AS
  SELECT * FROM AreaType;

CREATE OR REPLACE VIEW api.area AS
  SELECT * FROM AreaTree(GetAreaRoot());

CREATE OR REPLACE VIEW api.interface AS
  SELECT * FROM Interface;

CREATE OR REPLACE VIEW api.member_group AS
  SELECT * FROM MemberGroup;

CREATE OR REPLACE VIEW api.member_area AS
  SELECT * FROM MemberArea;

CREATE OR REPLACE VIEW api.member_interface AS
  SELECT * FROM MemberInterface;

-- Sign-in and sessions --------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.login(pUserName text, pPassword text, pAgent text DEFAULT null, pHost inet DEFAULT null,
  pScope text DEFAULT null, OUT session text, OUT secret text, OUT code text)
RETURNS record AS $$
BEGIN
  session := Login(CreateSystemOAuth2(pScope), pUserName, pPassword, pAgent, pHost);
  secret := session_secret(session);
  code := oauth2_current_code(session);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.signin(pUserName text, pPassword text, pAgent text DEFAULT null, pHost inet DEFAULT null,
  OUT session text, OUT secret text, OUT code text)
RETURNS record AS $$
DECLARE
  vAudience integer;
BEGIN
  SELECT a.id INTO vAudience FROM oauth2.audience a WHERE a.code = oauth2_current_client_id() ORDER BY a.id LIMIT 1;
  IF vAudience IS NULL THEN
    PERFORM AudienceNotFound();
  END IF;
  session := SignIn(CreateOAuth2(vAudience, ARRAY[current_scope_code()]), pUserName, pPassword, pAgent, pHost);
  IF session IS NULL THEN
    PERFORM AuthenticateError(GetErrorMessage());
  END IF;
  secret := session_secret(session);
  code := oauth2_current_code(session);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.signout(pSession varchar DEFAULT current_session(), pCloseAll boolean DEFAULT false)
RETURNS boolean AS $$
  SELECT SignOut(pSession, pCloseAll);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.authenticate(pSession varchar, pSecret text, pAgent text DEFAULT null, pHost inet DEFAULT null,
  OUT authorized boolean, OUT userid uuid, OUT code text, OUT message text)
RETURNS record AS $$
BEGIN
  code := Authenticate(pSession, pSecret, pAgent, pHost);
  authorized := code IS NOT NULL;
  userid := CASE WHEN authorized THEN current_userid() END;
  message := GetErrorMessage();
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.authorize(pSession varchar, pAgent text DEFAULT null, pHost inet DEFAULT null,
  OUT authorized boolean, OUT userid uuid, OUT message text)
RETURNS record AS $$
BEGIN
  authorized := Authorize(pSession, pAgent, pHost);
  userid := CASE WHEN authorized THEN current_userid() END;
  message := GetErrorMessage();
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.su(pUserName text, pPassword text)
RETURNS void AS $$
  SELECT SubstituteUser(GetUser(pUserName), pPassword);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_session(pUserName text, pAgent text, pHost inet, pScope text DEFAULT null,
  pNew boolean DEFAULT null, pLogin boolean DEFAULT null)
RETURNS text AS $$
  SELECT GetSession(GetUser(pUserName), CreateSystemOAuth2(pScope), pAgent, pHost, coalesce(pNew, false), coalesce(pLogin, false));
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_sessions(pUserName text, pAgent text, pHost inet, pNew boolean DEFAULT null, pLogin boolean DEFAULT null)
RETURNS SETOF text AS $$
  SELECT GetSession(GetUser(pUserName), CreateSystemOAuth2(s.code), pAgent, pHost, coalesce(pNew, false), coalesce(pLogin, false))
    FROM db.scope s ORDER BY s.code;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.session(pUserId uuid DEFAULT null, pUsername text DEFAULT null)
RETURNS SETOF api.session AS $$
  SELECT * FROM api.session
   WHERE userid = coalesce(pUserId, (SELECT id FROM db.user WHERE type = 'U' AND username = pUsername), userid)
   ORDER BY created DESC
   LIMIT 500;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_session(pCode varchar)
RETURNS SETOF api.session AS $$
  SELECT * FROM api.session WHERE code = pCode;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_session(pSearch jsonb DEFAULT null, pFilter jsonb DEFAULT null)
RETURNS SETOF bigint AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'session', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(code)"]'::jsonb);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_session(pSearch jsonb DEFAULT null, pFilter jsonb DEFAULT null, pLimit integer DEFAULT null,
  pOffSet integer DEFAULT null, pOrderBy jsonb DEFAULT null)
RETURNS SETOF api.session AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'session', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Users -----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.add_user(pUserName text, pPassword text, pName text, pPhone text DEFAULT null, pEmail text DEFAULT null,
  pDescription text DEFAULT null, pPasswordChange boolean DEFAULT true, pPasswordNotChange boolean DEFAULT false)
RETURNS uuid AS $$
  SELECT CreateUser(pUserName, pPassword, pName, pPhone, pEmail, pDescription, pPasswordChange, pPasswordNotChange);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_user(pId uuid, pUserName text DEFAULT null, pPassword text DEFAULT null, pName text DEFAULT null,
  pPhone text DEFAULT null, pEmail text DEFAULT null, pDescription text DEFAULT null, pPasswordChange boolean DEFAULT null,
  pPasswordNotChange boolean DEFAULT null)
RETURNS void AS $$
  SELECT UpdateUser(pId, pUserName, pPassword, pName, pPhone, pEmail, pDescription, pPasswordChange, pPasswordNotChange);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_user(pId uuid DEFAULT null, pUserName text DEFAULT null, pPassword text DEFAULT null,
  pName text DEFAULT null, pPhone text DEFAULT null, pEmail text DEFAULT null, pDescription text DEFAULT null,
  pPasswordChange boolean DEFAULT null, pPasswordNotChange boolean DEFAULT null)
RETURNS SETOF api.user AS $$
BEGIN
  IF pId IS NULL THEN
    pId := CreateUser(pUserName, pPassword, pName, pPhone, pEmail, pDescription, pPasswordChange, pPasswordNotChange);
  ELSE
    PERFORM UpdateUser(pId, pUserName, pPassword, pName, pPhone, pEmail, pDescription, pPasswordChange, pPasswordNotChange);
  END IF;
  RETURN QUERY SELECT * FROM api.user WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_user(pId uuid)
RETURNS void AS $$
  SELECT DeleteUser(pId);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_user(pId uuid DEFAULT current_userid())
RETURNS SETOF api.user AS $$
  SELECT * FROM api.user WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_user(pSearch jsonb DEFAULT null, pFilter jsonb DEFAULT null)
RETURNS SETOF bigint AS $$
BEGIN
  IF NOT is_admin() THEN
    pFilter := coalesce(pFilter, '{}'::jsonb) || jsonb_build_object('id', current_userid());
  END IF;
  RETURN QUERY EXECUTE api.sql('api', 'user', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_user(pSearch jsonb DEFAULT null, pFilter jsonb DEFAULT null, pLimit integer DEFAULT null,
  pOffSet integer DEFAULT null, pOrderBy jsonb DEFAULT null)
RETURNS SETOF api.user AS $$
BEGIN
  IF NOT is_admin() THEN
    pFilter := coalesce(pFilter, '{}'::jsonb) || jsonb_build_object('id', current_userid());
  END IF;
  RETURN QUERY EXECUTE api.sql('api', 'user', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_profile(pUserId uuid, pFamilyName text DEFAULT null, pGivenName text DEFAULT null,
  pPatronymicName text DEFAULT null, pLocale uuid DEFAULT null, pArea uuid DEFAULT null, pInterface uuid DEFAULT null,
  pEmailVerified boolean DEFAULT null, pPhoneVerified boolean DEFAULT null, pPicture text DEFAULT null)
RETURNS void AS $$
BEGIN
  IF pUserId IS DISTINCT FROM current_userid() THEN
    PERFORM CheckAccess(B'00000000000001000');
  END IF;
  PERFORM UpdateProfile(pUserId, current_scope(), pFamilyName, pGivenName, pPatronymicName, pLocale, pArea, pInterface,
                        pEmailVerified, pPhoneVerified, pPicture);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_user_profile(pUserId uuid DEFAULT null, pFamilyName text DEFAULT null, pGivenName text DEFAULT null,
  pPatronymicName text DEFAULT null, pLocale text DEFAULT null, pArea text DEFAULT null, pInterface text DEFAULT null,
  pPicture text DEFAULT null)
RETURNS SETOF api.user AS $$
BEGIN
  pUserId := coalesce(pUserId, current_userid());
  PERFORM api.update_profile(pUserId, pFamilyName, pGivenName, pPatronymicName, GetLocale(pLocale), GetArea(pArea),
                             GetInterface(pInterface), null, null, pPicture);
  RETURN QUERY SELECT * FROM api.user WHERE id = pUserId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.change_password(pId uuid, pOldPass text, pNewPass text)
RETURNS void AS $$
DECLARE
  vSecret bytea;
BEGIN
  IF length(pOldPass) = 128 THEN
    SELECT secret INTO vSecret FROM db.user WHERE id = pId;
    IF vSecret IS NOT NULL AND UserSecretCredential(vSecret) = pOldPass THEN
      pOldPass := UserImplicitPassword(vSecret);
    END IF;
  END IF;
  IF NOT CheckPassword(pId, pOldPass) THEN
    RAISE EXCEPTION 'ERR-40000: %', GetErrorMessage();
  END IF;
  PERFORM SetPassword(pId, pNewPass);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.user_lock(pId uuid)
RETURNS void AS $$
  SELECT UserLock(pId);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.user_unlock(pId uuid)
RETURNS void AS $$
  SELECT UserUnLock(pId);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_user_iptable(pId uuid, pType char DEFAULT 'A')
RETURNS TABLE (id uuid, type char, iptable text) AS $$
  SELECT pId, coalesce(pType, 'A'), GetIPTableStr(pId, coalesce(pType, 'A'));
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_user_iptable(pId uuid, pType char, pIpTable text)
RETURNS void AS $$
BEGIN
  IF pId IS DISTINCT FROM current_userid() THEN
    PERFORM CheckAccess(B'00000000000001000');
  END IF;
  PERFORM SetIPTableStr(pId, pType, pIpTable);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.user_member(pUserId uuid DEFAULT current_userid())
RETURNS TABLE (id uuid, username text, name text, description text) AS $$
  SELECT g.id, g.username, g.name, g.description
    FROM db.member_group m JOIN db.user g ON g.id = m.userid
   WHERE m.member = pUserId ORDER BY g.username;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.member_user(pUserId uuid DEFAULT current_userid())
RETURNS TABLE (id uuid, username text, name text, description text) AS $$
  SELECT * FROM api.user_member(pUserId);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Recovery --------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.check_recovery_ticket(pTicket uuid, vSecurityAnswer text, OUT result boolean, OUT message text)
RETURNS record AS $$
BEGIN
  result := CheckRecoveryTicket(pTicket, vSecurityAnswer) IS NOT NULL;
  message := GetErrorMessage();
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.reset_password(pTicket uuid, vSecurityAnswer text, pPassword text, OUT result boolean, OUT message text)
RETURNS record AS $$
DECLARE
  vUserId uuid := CheckRecoveryTicket(pTicket, vSecurityAnswer);
BEGIN
  message := GetErrorMessage();
  result := vUserId IS NOT NULL;
  IF NOT result THEN
    RETURN;
  END IF;
  -- the ticket proves the user's identity; the password is set on the user's behalf
  UPDATE db.user SET pswhash = crypt(pPassword, gen_salt('bf')), passwordchange = false WHERE id = vUserId;
  DELETE FROM db.session WHERE userid = vUserId AND code IS DISTINCT FROM current_session();
  PERFORM UseRecoveryTicket(pTicket);
  PERFORM WriteToEventLog('W', 6012, 'auth', 'password', 'Password changed.');
  PERFORM SetErrorMessage(message);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION api.recovery_password(pIdentifier text, pHashCode text DEFAULT null)
RETURNS uuid AS $$
DECLARE
  vUserId    uuid;
  vInitiator text := encode(digest(coalesce(pIdentifier, ''), 'sha1'), 'hex');
  vTicket    uuid;
  vPhone     text;
BEGIN
  IF strpos(pIdentifier, '@') > 0 THEN
    SELECT id INTO vUserId FROM db.user WHERE type = 'U' AND email = pIdentifier;
    IF vUserId IS NOT NULL AND to_regproc('kernel.recoverypasswordbyemail') IS NOT NULL THEN
      vTicket := RecoveryPasswordByEmail(vUserId);
    END IF;
  ELSE
    vPhone := TrimPhone(pIdentifier);
    SELECT id INTO vUserId FROM db.user WHERE type = 'U' AND phone = vPhone;
    PERFORM FROM db.recovery_ticket WHERE initiator = vInitiator AND validToDate > now() + interval '4 minute' AND used IS NULL;
    IF vUserId IS NOT NULL AND NOT FOUND AND to_regproc('kernel.recoverypasswordbyphone') IS NOT NULL THEN
      vTicket := RecoveryPasswordByPhone(vUserId, vInitiator, pHashCode);
    END IF;
  END IF;
  -- never reveal whether the identifier matched anybody
  RETURN coalesce(vTicket, gen_random_uuid());
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

-- Groups ----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.add_group(pUserName text, pName text, pDescription text DEFAULT null)
RETURNS uuid AS $$
  SELECT CreateGroup(pUserName, pName, pDescription);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_group(pId uuid, pUserName text DEFAULT null, pName text DEFAULT null, pDescription text DEFAULT null)
RETURNS void AS $$
  SELECT UpdateGroup(pId, pUserName, pName, pDescription);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_group(pId uuid DEFAULT null, pUserName text DEFAULT null, pName text DEFAULT null, pDescription text DEFAULT null)
RETURNS SETOF api.group AS $$
BEGIN
  IF pId IS NULL THEN
    pId := CreateGroup(pUserName, pName, pDescription);
  ELSE
    PERFORM UpdateGroup(pId, pUserName, pName, pDescription);
  END IF;
  RETURN QUERY SELECT * FROM api.group WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_group(pId uuid)
RETURNS void AS $$
  SELECT DeleteGroup(pId);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_group(pId uuid)
RETURNS SETOF api.group AS $$
  SELECT * FROM api.group WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_group(pSearch jsonb DEFAULT null, pFilter jsonb DEFAULT null)
RETURNS SETOF bigint AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'group', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_group(pSearch jsonb DEFAULT null, pFilter jsonb DEFAULT null, pLimit integer DEFAULT null,
  pOffSet integer DEFAULT null, pOrderBy jsonb DEFAULT null)
RETURNS SETOF api.group AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'group', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.group_member_add(pGroup uuid, pMember uuid)
RETURNS void AS $$
  SELECT AddMemberToGroup(pMember, pGroup);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.member_group_add(pMember uuid, pGroup uuid)
RETURNS void AS $$
  SELECT AddMemberToGroup(pMember, pGroup);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.group_member_delete(pGroup uuid, pMember uuid DEFAULT null)
RETURNS void AS $$
  SELECT DeleteMemberFromGroup(pGroup, pMember);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.member_group_delete(pMember uuid, pGroup uuid DEFAULT null)
RETURNS void AS $$
  SELECT DeleteGroupForMember(pMember, pGroup);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.group_member(pGroupId uuid)
RETURNS TABLE (id uuid, username text, name text, email text, phone text, description text) AS $$
  SELECT u.id, u.username, u.name, u.email, u.phone, u.description
    FROM db.member_group m JOIN db.user u ON u.id = m.member
   WHERE m.userid = pGroupId ORDER BY u.username;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.member_group(pUserId uuid DEFAULT current_userid())
RETURNS TABLE (id uuid, username text, name text, description text) AS $$
  SELECT * FROM api.user_member(pUserId);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_groups_json(pMember uuid)
RETURNS json AS $$
  SELECT coalesce(json_agg(row_to_json(g)), '[]'::json) FROM api.user_member(pMember) g;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.is_user_role(pRole uuid, pUser uuid DEFAULT current_userid())
RETURNS boolean AS $$
  SELECT IsUserRole(pRole, pUser);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.is_user_role(pRole text, pUser text DEFAULT session_username())
RETURNS boolean AS $$
  SELECT IsUserRole(pRole, pUser);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Areas -----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.get_area_type(pId uuid)
RETURNS SETOF api.area_type AS $$
  SELECT * FROM api.area_type WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_area(pParent uuid, pType uuid, pScope uuid, pCode text, pName text,
  pDescription text DEFAULT null, pSequence integer DEFAULT null)
RETURNS uuid AS $$
  SELECT CreateArea(null, pParent, coalesce(pType, GetAreaType('default')), pScope, pCode, pName, pDescription, pSequence);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_area(pId uuid, pParent uuid DEFAULT null, pType uuid DEFAULT null, pScope uuid DEFAULT null,
  pCode text DEFAULT null, pName text DEFAULT null, pDescription text DEFAULT null, pSequence integer DEFAULT null,
  pValidFromDate timestamptz DEFAULT null, pValidToDate timestamptz DEFAULT null)
RETURNS void AS $$
  SELECT EditArea(pId, pParent, pType, pScope, pCode, pName, pDescription, pSequence, pValidFromDate, pValidToDate);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_area(pId uuid DEFAULT null, pParent uuid DEFAULT null, pType uuid DEFAULT null, pScope uuid DEFAULT null,
  pCode text DEFAULT null, pName text DEFAULT null, pDescription text DEFAULT null, pSequence integer DEFAULT null,
  pValidFromDate timestamptz DEFAULT null, pValidToDate timestamptz DEFAULT null)
RETURNS SETOF api.area AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_area(pParent, pType, pScope, pCode, pName, pDescription, pSequence);
  ELSE
    PERFORM api.update_area(pId, pParent, pType, pScope, pCode, pName, pDescription, pSequence, pValidFromDate, pValidToDate);
  END IF;
  RETURN QUERY SELECT * FROM api.area WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_area(pId uuid)
RETURNS void AS $$
  SELECT DeleteArea(pId);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.safely_delete_area(pId uuid)
RETURNS boolean AS $$
DECLARE
  vMessage text;
BEGIN
  PERFORM DeleteArea(pId);
  PERFORM SetErrorMessage('Success.');
  RETURN true;
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT;
  PERFORM SetErrorMessage(vMessage);
  RETURN false;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Upstream tries every document-free area; we only clear expired ones, the evident intent.
CREATE OR REPLACE FUNCTION api.clear_area()
RETURNS integer AS $$
DECLARE
  vId    uuid;
  vCount integer := 0;
  vDocs  boolean := to_regclass('db.document') IS NOT NULL;
  vUsed  boolean;
BEGIN
  FOR vId IN SELECT id FROM db.area WHERE validToDate < now() ORDER BY level DESC
  LOOP
    vUsed := false;
    IF vDocs THEN
      EXECUTE 'SELECT EXISTS (SELECT FROM db.document WHERE area = $1)' INTO vUsed USING vId;
    END IF;
    IF NOT vUsed AND api.safely_delete_area(vId) THEN
      vCount := vCount + 1;
    END IF;
  END LOOP;
  RETURN vCount;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_area(pId uuid)
RETURNS SETOF api.area AS $$
  SELECT * FROM api.area WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_area_id(pCode text)
RETURNS uuid AS $$
  SELECT CASE WHEN length(pCode) = 36 AND substr(pCode, 15, 1) = '4' THEN pCode::uuid ELSE GetArea(pCode) END;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_area(pSearch jsonb DEFAULT null, pFilter jsonb DEFAULT null)
RETURNS SETOF bigint AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'area', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_area(pSearch jsonb DEFAULT null, pFilter jsonb DEFAULT null, pLimit integer DEFAULT null,
  pOffSet integer DEFAULT null, pOrderBy jsonb DEFAULT null)
RETURNS SETOF api.area AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'area', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.area_member_add(pArea uuid, pMember uuid)
RETURNS void AS $$
  SELECT AddMemberToArea(pMember, pArea);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.member_area_add(pMember uuid, pArea uuid)
RETURNS void AS $$
  SELECT AddMemberToArea(pMember, pArea);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.area_member_delete(pArea uuid, pMember uuid DEFAULT null)
RETURNS void AS $$
  SELECT DeleteMemberFromArea(pArea, pMember);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.member_area_delete(pMember uuid, pArea uuid DEFAULT null)
RETURNS void AS $$
  SELECT DeleteAreaForMember(pMember, pArea);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.area_member(pAreaId uuid)
RETURNS TABLE (id uuid, type char, username text, name text, description text) AS $$
  SELECT u.id, u.type, u.username, u.name, u.description
    FROM db.member_area m JOIN db.user u ON u.id = m.member
   WHERE m.area = pAreaId ORDER BY u.username;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.member_area(pUserId uuid DEFAULT current_userid())
RETURNS SETOF api.area AS $$
  WITH RECURSIVE down(id) AS (
    SELECT m.area FROM db.member_area m
     WHERE m.member = pUserId OR m.member IN (SELECT g.userid FROM db.member_group g WHERE g.member = pUserId)
    UNION
    SELECT a.id FROM db.area a JOIN down ON a.parent = down.id
  )
  SELECT * FROM api.area WHERE id IN (SELECT id FROM down);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Interfaces ------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.add_interface(pCode text, pName text, pDescription text DEFAULT null)
RETURNS uuid AS $$
  SELECT CreateInterface(pCode, pName, pDescription);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_interface(pId uuid, pCode text DEFAULT null, pName text DEFAULT null, pDescription text DEFAULT null)
RETURNS void AS $$
  SELECT UpdateInterface(pId, pCode, pName, pDescription);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_interface(pId uuid DEFAULT null, pCode text DEFAULT null, pName text DEFAULT null, pDescription text DEFAULT null)
RETURNS SETOF api.interface AS $$
BEGIN
  IF pId IS NULL THEN
    pId := CreateInterface(pCode, pName, pDescription);
  ELSE
    PERFORM UpdateInterface(pId, pCode, pName, pDescription);
  END IF;
  RETURN QUERY SELECT * FROM api.interface WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_interface(pId uuid)
RETURNS void AS $$
  SELECT DeleteInterface(pId);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_interface(pId uuid)
RETURNS SETOF api.interface AS $$
  SELECT * FROM api.interface WHERE id = pId;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_interface(pSearch jsonb DEFAULT null, pFilter jsonb DEFAULT null)
RETURNS SETOF bigint AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'interface', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_interface(pSearch jsonb DEFAULT null, pFilter jsonb DEFAULT null, pLimit integer DEFAULT null,
  pOffSet integer DEFAULT null, pOrderBy jsonb DEFAULT null)
RETURNS SETOF api.interface AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'interface', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.interface_member_add(pMember uuid, pInterface uuid)
RETURNS void AS $$
  SELECT AddMemberToInterface(pMember, pInterface);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.member_interface_add(pMember uuid, pInterface uuid)
RETURNS void AS $$
  SELECT AddMemberToInterface(pMember, pInterface);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.interface_member_delete(pInterface uuid, pMember uuid DEFAULT null)
RETURNS void AS $$
  SELECT DeleteMemberFromInterface(pInterface, pMember);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.member_interface_delete(pMember uuid, pInterface uuid DEFAULT null)
RETURNS void AS $$
  SELECT DeleteInterfaceForMember(pMember, pInterface);
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.interface_member(pInterfaceId uuid)
RETURNS TABLE (id uuid, type char, username text, name text, description text) AS $$
  SELECT u.id, u.type, u.username, u.name, u.description
    FROM db.member_interface m JOIN db.user u ON u.id = m.member
   WHERE m.interface = pInterfaceId ORDER BY u.username;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.member_interface(pUserId uuid DEFAULT current_userid())
RETURNS SETOF api.interface AS $$
  SELECT * FROM api.interface i
   WHERE i.id IN (SELECT m.interface FROM db.member_interface m
                   WHERE m.member = pUserId OR m.member IN (SELECT g.userid FROM db.member_group g WHERE g.member = pUserId));
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Maintenance (never raise: failures go to the event log) ---------------------------------

CREATE OR REPLACE FUNCTION api.check_offline(pOffTime interval DEFAULT '5 minute')
RETURNS void AS $$
DECLARE
  vMessage text;
  vContext text;
BEGIN
  PERFORM CheckOffline(pOffTime);
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  PERFORM WriteToEventLog('E', 9001, 'exception', 'error', vMessage);
  PERFORM WriteToEventLog('D', 9001, 'exception', 'context', vContext);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.check_session(pOffTime interval DEFAULT '3 month')
RETURNS void AS $$
DECLARE
  vMessage text;
  vContext text;
BEGIN
  PERFORM CheckSession(pOffTime);
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  PERFORM WriteToEventLog('E', 9001, 'exception', 'error', vMessage);
  PERFORM WriteToEventLog('D', 9001, 'exception', 'context', vContext);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Registration codes (the sending itself belongs to the message module) -------------------

CREATE OR REPLACE FUNCTION api.registration_code_by_email(pEmail text)
RETURNS uuid AS $$
DECLARE
  vTicket uuid;
BEGIN
  IF to_regproc('kernel.registrationcodebyemail') IS NOT NULL THEN
    vTicket := RegistrationCodeByEmail(pEmail);
  END IF;
  RETURN coalesce(vTicket, gen_random_uuid());
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION api.registration_code_by_phone(pPhone text, pHashCode text DEFAULT null)
RETURNS uuid AS $$
DECLARE
  vPhone     text := TrimPhone(pPhone);
  vInitiator text := encode(digest(coalesce(pPhone, ''), 'sha1'), 'hex');
  vSession   text := current_session();
  vOther     boolean := false;
  vCalls     integer := 0;
  vTicket    uuid;
BEGIN
  PERFORM FROM db.recovery_ticket
   WHERE initiator = vInitiator AND used IS NULL AND validToDate > now() + interval '4 minute';
  IF FOUND THEN
    RETURN gen_random_uuid();
  END IF;

  -- a session asking codes for several phones, or for one phone over and over, is abuse
  IF vSession IS NOT NULL AND to_regclass('db.api_log') IS NOT NULL THEN
    EXECUTE $q$SELECT coalesce(bool_or(TrimPhone(json->>'phone') IS DISTINCT FROM $2), false),
                      count(*) FILTER (WHERE TrimPhone(json->>'phone') = $2)
                 FROM db.api_log WHERE session = $1 AND path = '/user/registration/code'$q$
      INTO vOther, vCalls USING vSession, vPhone;
    IF vOther THEN
      PERFORM WriteToEventLog('W', 6001, 'admin', 'phone_mismatch', 'Registration code requested for different phones.');
      PERFORM SignOut(vSession, false);
      RETURN gen_random_uuid();
    END IF;
    IF vCalls > 3 THEN
      PERFORM WriteToEventLog('W', 6002, 'admin', 'phone_abuse', 'Too many registration code requests.');
      PERFORM SignOut(vSession, false);
      RETURN gen_random_uuid();
    END IF;
  END IF;

  IF to_regproc('kernel.registrationcodebyphone') IS NOT NULL THEN
    vTicket := RegistrationCodeByPhone(vPhone, pHashCode);
  END IF;
  RETURN coalesce(vTicket, gen_random_uuid());
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION api.registration_code(pPhone text, pHashCode text DEFAULT null)
RETURNS uuid AS $$
BEGIN
  RETURN api.registration_code_by_phone(pPhone, pHashCode);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.check_registration_code(pTicket uuid, vCode text, OUT result boolean, OUT message text)
RETURNS record AS $$
DECLARE
  vUserId uuid := CheckRecoveryTicket(pTicket, vCode);
BEGIN
  result := vUserId IS NOT NULL;
  IF result AND to_regproc('kernel.addverificationcode') IS NOT NULL THEN
    PERFORM AddVerificationCode(vUserId, 'P', vCode);
  END IF;
  message := GetErrorMessage();
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;
