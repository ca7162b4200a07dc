-- Push (FCM through the outbox) and SMS (MTS through the outbound HTTP queue) (18-subclasses §8.3-8.4).

-- Recipient tokens come from the DoFCMTokens(user) hook a configuration supplies.
CREATE OR REPLACE FUNCTION SendPush (
  pObject   uuid,
  pTitle    text,
  pBody     text,
  pUserId   uuid DEFAULT current_userid(),
  pData     jsonb DEFAULT null,
  pAndroid  jsonb DEFAULT null,
  pApns     jsonb DEFAULT null
) RETURNS   uuid
AS $$
DECLARE
  vProject  text := coalesce(RegGetValueString('CURRENT_CONFIG', 'CONFIG\Firebase', 'ProjectId'), current_project());
  vUser     text := (SELECT username FROM db.user WHERE id = pUserId);
  vToken    text;
  uMessage  uuid;
BEGIN
  FOREACH vToken IN ARRAY coalesce(DoFCMTokens(pUserId), '{}'::text[])
  LOOP
    uMessage := SendFCM(pObject, vProject, vUser, pTitle,
      jsonb_build_object('message', jsonb_strip_nulls(jsonb_build_object(
        'token', vToken,
        'notification', jsonb_build_object('title', pTitle, 'body', pBody),
        'android', pAndroid,
        'apns', pApns,
        'data', pData)))::text);
  END LOOP;

  IF uMessage IS NULL THEN
    PERFORM WriteToEventLog('E', 5002, 'push', 'send', format('No push tokens for user "%s".', vUser), pObject);
  ELSE
    PERFORM WriteToEventLog('M', 5002, 'push', 'send', format('Push "%s" queued for user "%s".', pTitle, vUser), pObject);
  END IF;

  RETURN uMessage;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SendPushData (
  pObject   uuid,
  pSubject  text,
  pData     json,
  pUserId   uuid DEFAULT current_userid(),
  pPriority text DEFAULT 'normal',
  pCollapse text DEFAULT null
) RETURNS   uuid
AS $$
DECLARE
  vProject  text := coalesce(RegGetValueString('CURRENT_CONFIG', 'CONFIG\Firebase', 'ProjectId'), current_project());
  vUser     text := (SELECT username FROM db.user WHERE id = pUserId);
  vToken    text;
  uMessage  uuid;
BEGIN
  FOREACH vToken IN ARRAY coalesce(DoFCMTokens(pUserId), '{}'::text[])
  LOOP
    uMessage := SendFCM(pObject, vProject, vUser, pSubject,
      jsonb_build_object('message', jsonb_build_object(
        'token', vToken,
        'android', jsonb_strip_nulls(jsonb_build_object('priority', coalesce(pPriority, 'normal'), 'collapse_key', pCollapse)),
        'data', pData))::text);
  END LOOP;

  IF uMessage IS NULL THEN
    PERFORM WriteToEventLog('E', 5002, 'push', 'send', format('No push tokens for user "%s".', vUser), pObject);
  END IF;

  RETURN uMessage;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- No message row: the SMS is an outbound HTTP request; its callbacks record the outcome.
CREATE OR REPLACE FUNCTION SendSMS (
  pParent   uuid,
  pProfile  text,
  pMessage  text,
  pUserId   uuid DEFAULT current_userid()
) RETURNS   uuid
AS $$
DECLARE
  vPhone    text := (SELECT phone FROM db.user WHERE id = pUserId);
  vURL      text := coalesce(RegGetValueString('CURRENT_CONFIG', 'CONFIG\Service\MTS\API', 'URL'), 'https://omnichannel.mts.ru/http-api/v1');
  vToken    text := RegGetValueString('CURRENT_CONFIG', 'CONFIG\Service\MTS\API', 'Token');
  uRequest  uuid;
BEGIN
  IF NULLIF(vPhone, '') IS NULL THEN
    PERFORM PhoneNumberNotSet();
  END IF;

  uRequest := http.fetch(vURL || '/messages', 'POST',
    jsonb_strip_nulls(jsonb_build_object('Authorization', 'Basic ' || vToken, 'Content-Type', 'application/json')),
    jsonb_build_object(
      'messages', jsonb_build_array(jsonb_build_object(
        'content', jsonb_build_object('short_text', pMessage),
        'to', jsonb_build_array(jsonb_build_object('msisdn', vPhone)))),
      'options', jsonb_build_object('class', 1, 'from', jsonb_build_object('sms_address', pProfile)))::text,
    'api.mts_done', 'api.mts_fail', 'm2m.agent', pProfile, 'sms', pMessage, null,
    jsonb_build_object('parent', pParent, 'userid', pUserId, 'session', current_session()));

  PERFORM WriteToEventLog('M', 5003, 'sms', 'send', format('SMS queued for %s.', vPhone), pParent);

  RETURN uRequest;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.mts_done (
  pRequest  uuid
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 5004, 'sms', 'done', format('SMS request %s answered.', pRequest));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.mts_fail (
  pRequest  uuid
) RETURNS   void
AS $$
BEGIN
  PERFORM WriteToEventLog('E', 5005, 'sms', 'fail',
    format('SMS request %s failed: %s.', pRequest, (SELECT error FROM http.request WHERE id = pRequest)));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- System callers (service clients) have no mailbox of their own: they act as admin.
CREATE OR REPLACE FUNCTION PushActor (
  pUserId   uuid
) RETURNS   uuid
AS $$
BEGIN
  IF IsUserRole('00000000-0000-4000-a000-000000000000'::uuid, current_userid()) AND (pUserId IS NULL OR pUserId = current_userid()) THEN
    RETURN '00000000-0000-4000-a001-000000000001'::uuid;
  END IF;
  RETURN coalesce(pUserId, current_userid());
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.send_push (
  pObject   uuid,
  pTitle    text,
  pBody     text,
  pUserId   uuid DEFAULT null,
  pData     jsonb DEFAULT null,
  pAndroid  jsonb DEFAULT null,
  pApns     jsonb DEFAULT null
) RETURNS   SETOF api.message
AS $$
DECLARE
  uId       uuid;
BEGIN
  uId := SendPush(pObject, pTitle, pBody, PushActor(pUserId), pData, pAndroid, pApns);
  RETURN QUERY SELECT * FROM api.message WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.send_push_data (
  pObject   uuid,
  pSubject  text,
  pData     jsonb,
  pUserId   uuid DEFAULT null,
  pPriority text DEFAULT 'normal',
  pCollapse text DEFAULT null
) RETURNS   SETOF api.message
AS $$
DECLARE
  uId       uuid;
BEGIN
  uId := SendPushData(pObject, pSubject, pData::json, PushActor(pUserId), pPriority, pCollapse);
  RETURN QUERY SELECT * FROM api.message WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.send_push_to_role (
  pRoleName text,
  pTitle    text,
  pBody     text,
  pData     jsonb DEFAULT null,
  pAndroid  jsonb DEFAULT null,
  pApns     jsonb DEFAULT null
) RETURNS   integer
AS $$
DECLARE
  r         record;
  uMember   uuid;
  nCount    integer := 0;
BEGIN
  IF NOT IsUserRole('00000000-0000-4000-a000-000000000004'::uuid, current_userid()) THEN
    PERFORM AccessDenied();
  END IF;

  SELECT id, type INTO r FROM db.user WHERE username = lower(pRoleName);
  IF NOT FOUND THEN
    RETURN 0;
  END IF;

  IF r.type = 'G' THEN
    FOR uMember IN SELECT member FROM db.member_group WHERE userid = r.id
    LOOP
      PERFORM SendPush(null, pTitle, pBody, uMember, pData, pAndroid, pApns);
      nCount := nCount + 1;
    END LOOP;
  ELSE
    PERFORM SendPush(null, pTitle, pBody, r.id, pData, pAndroid, pApns);
    nCount := 1;
  END IF;

  RETURN nCount;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- SendPushAll is a configuration hook; without it nobody is addressed.
CREATE OR REPLACE FUNCTION api.send_push_all (
  pTitle    text,
  pBody     text
) RETURNS   integer
AS $$
DECLARE
  nCount    integer;
BEGIN
  IF NOT IsUserRole('00000000-0000-4000-a000-000000000004'::uuid, current_userid()) THEN
    PERFORM AccessDenied();
  END IF;

  IF to_regprocedure('kernel.sendpushall(text,text)') IS NULL THEN
    RETURN 0;
  END IF;

  EXECUTE 'SELECT kernel.SendPushAll($1, $2)' INTO nCount USING pTitle, pBody;
  RETURN coalesce(nCount, 0);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.send_sms (
  pProfile  text,
  pMessage  text,
  pUserId   uuid DEFAULT current_userid()
) RETURNS   uuid
AS $$
DECLARE
  vPhone    text;
  bVerified boolean;
BEGIN
  SELECT u.phone, p.phone_verified INTO vPhone, bVerified
    FROM db.user u LEFT JOIN db.profile p ON p.userid = u.id AND p.scope = current_scope()
   WHERE u.id = coalesce(pUserId, current_userid());

  IF NULLIF(vPhone, '') IS NULL THEN
    PERFORM PhoneNumberNotSet();
  END IF;

  IF NOT coalesce(bVerified, false) THEN
    PERFORM PhoneNumberNotVerified(vPhone);
  END IF;

  RETURN SendSMS(null, pProfile, pMessage, coalesce(pUserId, current_userid()));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
