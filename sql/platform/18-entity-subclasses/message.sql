-- Message (abstract) with inbox and outbox: views, routines, api, REST, events, workflow (18-subclasses §8-10).

--------------------------------------------------------------------------------
-- Views
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW AccessMessage
AS
  WITH principal AS (
    SELECT current_userid() AS userid
     UNION
    SELECT m.userid FROM db.member_group m WHERE m.member = current_userid()
  )
  SELECT a.object
    FROM db.aou a INNER JOIN principal p ON p.userid = a.userid
   WHERE a.entity = (SELECT e.id FROM db.entity e WHERE e.code = 'message')
   GROUP BY a.object
  HAVING (bit_or(a.allow) & ~bit_or(a.deny)) & B'100' = B'100';

GRANT SELECT ON AccessMessage TO administrator;

CREATE OR REPLACE VIEW ObjectMessage
AS
  SELECT d.id, d.object, d.parent, d.entity, d.entitycode, d.entityname, d.class, d.classcode, d.classlabel,
         d.type, d.typecode, d.typename, d.typedescription, d.statetype, d.statetypecode, d.statetypename,
         d.state, d.statecode, d.statelabel, d.created, d.lastupdate, d.operdate,
         m.code, d.label AS name, d.label, d.description,
         ar.type AS agenttype, at.code AS agenttypecode, att.name AS agenttypename, att.description AS agenttypedescription,
         m.agent, ar.code AS agentcode, art.name AS agentname, art.description AS agentdescription,
         m.profile, m.address, m.subject, m.content,
         d.priority, d.prioritycode, d.priorityname, d.prioritydescription,
         d.owner, d.ownercode, d.ownername, d.oper, d.opercode, d.opername,
         d.area, d.areacode, d.areaname, d.areadescription,
         d.scope, d.scopecode, d.scopename, d.scopedescription,
         m.traceparent
    FROM db.message m INNER JOIN ObjectDocument d ON d.id = m.document
                      INNER JOIN db.reference ar ON ar.id = m.agent
                      INNER JOIN db.type at ON at.id = ar.type
                       LEFT JOIN db.type_text att ON att.type = ar.type AND att.locale = current_locale()
                       LEFT JOIN db.reference_text art ON art.reference = m.agent AND art.locale = current_locale();

GRANT SELECT ON ObjectMessage TO administrator;

-- Flat view: the message with its document, agent and state, current locale.
CREATE OR REPLACE VIEW Message
AS
  SELECT id, parent, document, class, classcode, classlabel, type, typecode, typename, typedescription,
         statetype, statetypecode, statetypename, state, statecode, statelabel,
         agent, agentcode, agentname, agenttypecode, code, profile, address, subject, content,
         label, description, created, lastupdate, operdate, area, scope, traceparent
    FROM (SELECT o.*, o.id AS document FROM ObjectMessage o) m;

GRANT SELECT ON Message TO administrator;

-- The message worker's view: ObjectMessage without the session's area tree, so
-- the worker sees messages of every area of its scope.
CREATE OR REPLACE VIEW ServiceMessage
AS
  SELECT o.id, d.object, o.parent, o.entity, o.entitycode, o.entityname, o.class, o.classcode, o.classlabel,
         o.type, o.typecode, o.typename, o.typedescription, o.statetype, o.statetypecode, o.statetypename,
         o.state, o.statecode, o.statelabel, o.created, o.lastupdate, o.operdate,
         m.code, o.label AS name, o.label,
         (SELECT x.description FROM db.document_text x WHERE x.document = d.id AND x.locale = (SELECT current_locale())) AS description,
         ar.type AS agenttype, at.code AS agenttypecode, att.name AS agenttypename, att.description AS agenttypedescription,
         m.agent, ar.code AS agentcode, art.name AS agentname, art.description AS agentdescription,
         m.profile, m.address, m.subject, m.content,
         d.priority, p.code AS prioritycode,
         (SELECT x.name FROM db.priority_text x WHERE x.priority = d.priority AND x.locale = (SELECT current_locale())) AS priorityname,
         (SELECT x.description FROM db.priority_text x WHERE x.priority = d.priority AND x.locale = (SELECT current_locale())) AS prioritydescription,
         o.owner, o.ownercode, o.ownername, o.oper, o.opercode, o.opername,
         d.area, a.code AS areacode, a.name AS areaname, a.description AS areadescription,
         o.scope, o.scopecode, o.scopename, o.scopedescription,
         m.traceparent
    FROM db.message m INNER JOIN db.document d ON d.id = m.document
                      INNER JOIN Object o ON o.id = d.object
                      INNER JOIN db.reference ar ON ar.id = m.agent
                      INNER JOIN db.type at ON at.id = ar.type
                      INNER JOIN db.priority p ON p.id = d.priority
                      INNER JOIN db.area a ON a.id = d.area
                       LEFT JOIN db.type_text att ON att.type = ar.type AND att.locale = current_locale()
                       LEFT JOIN db.reference_text art ON art.reference = m.agent AND art.locale = current_locale();

GRANT SELECT ON ServiceMessage TO administrator;

--------------------------------------------------------------------------------
-- Routines
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateMessage (
  pParent       uuid,
  pType         uuid,
  pAgent        uuid,
  pCode         text,
  pProfile      text,
  pAddress      text,
  pSubject      text,
  pContent      text,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uDocument     uuid;
BEGIN
  PERFORM SubclassOfType(pType, 'message');

  IF pAgent IS NULL OR NOT EXISTS (SELECT FROM db.agent WHERE id = pAgent) THEN
    PERFORM ObjectNotFound('agent', 'id', pAgent);
  END IF;

  IF pProfile IS NULL THEN
    PERFORM JsonKeyNotFound('/message/set', 'profile');
  END IF;

  IF pAddress IS NULL THEN
    PERFORM JsonKeyNotFound('/message/set', 'address');
  END IF;

  uDocument := CreateDocument(pParent, pType, pLabel, pDescription);

  INSERT INTO db.message (id, document, agent, code, profile, address, subject, content, traceparent)
  VALUES (uDocument, uDocument, pAgent, pCode, pProfile, pAddress, pSubject, pContent, http.trace_context());

  PERFORM ExecuteClassAction(uDocument, 'create');

  RETURN uDocument;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditMessage (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pAgent        uuid DEFAULT null,
  pCode         text DEFAULT null,
  pProfile      text DEFAULT null,
  pAddress      text DEFAULT null,
  pSubject      text DEFAULT null,
  pContent      text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF pType IS NOT NULL THEN
    PERFORM SubclassOfType(pType, 'message');
  END IF;

  IF pAgent IS NOT NULL AND NOT EXISTS (SELECT FROM db.agent WHERE id = pAgent) THEN
    PERFORM ObjectNotFound('agent', 'id', pAgent);
  END IF;

  PERFORM EditDocument(pId, pParent, pType, pLabel, pDescription, coalesce(pLabel, pDescription), current_locale());

  -- code is immutable (the update trigger would drop the whole row change), so it is not passed on.
  UPDATE db.message
     SET agent = coalesce(pAgent, agent),
         profile = coalesce(pProfile, profile),
         address = coalesce(pAddress, address),
         subject = coalesce(pSubject, subject),
         content = coalesce(pContent, content)
   WHERE id = pId;

  PERFORM ExecuteClassAction(pId, 'edit');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetMessage (
  pCode     text
) RETURNS   uuid
AS $$
  SELECT id FROM db.message WHERE code = pCode ORDER BY id LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetMessageCode (
  pId       uuid
) RETURNS   text
AS $$
  SELECT code FROM db.message WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Payload of NOTIFY outbox: the bare id the message service expects, or, for
-- a message carrying trace context, JSON {id, traceparent} as http does (a
-- listener tells them apart by the leading '{'). The submit/repeat handlers
-- and the notification trigger both send it; being the same text, the two
-- notifications of one transaction collapse into one.
CREATE OR REPLACE FUNCTION OutboxNotifyPayload (
  pMessage  uuid
) RETURNS   text
AS $$
  SELECT coalesce((SELECT json_build_object('id', m.id, 'traceparent', m.traceparent)::text
                     FROM db.message m
                    WHERE m.id = pMessage AND m.traceparent IS NOT NULL), pMessage::text);
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- A message queued again by a traced request joins that trace; without trace
-- context it keeps the one it was created with.
CREATE OR REPLACE FUNCTION OutboxTraceQueued (
  pMessage  uuid
) RETURNS   void
AS $$
  UPDATE db.message m
     SET traceparent = t.trace
    FROM (SELECT http.trace_context() AS trace) t
   WHERE m.id = pMessage
     AND t.trace IS NOT NULL
     AND m.traceparent IS DISTINCT FROM t.trace;
$$ LANGUAGE sql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Upstream passes an entity where a class is expected; this returns the state code of the message.
CREATE OR REPLACE FUNCTION GetMessageState (
  pCode     text
) RETURNS   text
AS $$
  SELECT s.code
    FROM db.message m INNER JOIN db.object o ON o.id = m.document
                      INNER JOIN db.state s ON s.id = o.state
   WHERE m.code = pCode
   ORDER BY m.id
   LIMIT 1;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- RFC 1342 "B" encoded word.
CREATE OR REPLACE FUNCTION GetEncodedTextRFC1342 (
  pText     text,
  pCharset  text DEFAULT 'utf-8'
) RETURNS   text
AS $$
  SELECT format('=?%s?B?%s?=', coalesce(pCharset, 'utf-8'), replace(encode(convert_to(pText, coalesce(pCharset, 'utf-8')), 'base64'), E'\n', ''));
$$ LANGUAGE sql IMMUTABLE;

-- Encoded words stay short enough for a 76-character header line: ~18 characters
-- for the first chunk (after "Subject: "), ~22 for the others, cut at a nearby space.
CREATE OR REPLACE FUNCTION EncodingSubject (
  pSubject  text,
  pCharset  text DEFAULT 'utf-8'
) RETURNS   text
AS $$
DECLARE
  vRest     text := coalesce(pSubject, '');
  vChunk    text;
  nLimit    integer := 18;
  nCut      integer;
  aWords    text[] := '{}';
BEGIN
  WHILE length(vRest) > 0
  LOOP
    IF length(vRest) <= nLimit THEN
      vChunk := vRest;
    ELSE
      vChunk := substr(vRest, 1, nLimit);
      nCut := length(vChunk) - position(' ' IN reverse(vChunk)) + 1;
      IF position(' ' IN vChunk) > 0 AND nLimit - nCut <= 5 THEN
        vChunk := substr(vRest, 1, nCut);
      END IF;
    END IF;
    aWords := aWords || GetEncodedTextRFC1342(vChunk, pCharset);
    vRest := substr(vRest, length(vChunk) + 1);
    nLimit := 22;
  END LOOP;

  RETURN array_to_string(aWords, E'\n ');
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION CreateMailBody (
  pFromName text,
  pFrom     text,
  pToName   text,
  pTo       text,
  pSubject  text,
  pText     text,
  pHTML     text
) RETURNS   text
AS $$
DECLARE
  vCharset  text := coalesce(NULLIF(lower(pg_client_encoding()), 'utf8'), 'utf-8');
  vBoundary text := encode(public.gen_random_bytes(16), 'hex');
  vBody     text;
BEGIN
  IF vCharset = 'sql_ascii' THEN
    vCharset := 'utf-8';
  END IF;

  vBody := concat_ws(E'\r\n',
    'MIME-Version: 1.0',
    'Date: ' || to_char(now() AT TIME ZONE 'UTC', 'Dy, DD Mon YYYY HH24:MI:SS') || ' +0000',
    'Subject: ' || EncodingSubject(pSubject, vCharset),
    'From: ' || CASE WHEN NULLIF(pFromName, '') IS NULL THEN pFrom ELSE GetEncodedTextRFC1342(pFromName, vCharset) || ' <' || pFrom || '>' END,
    'To: ' || CASE WHEN NULLIF(pToName, '') IS NULL THEN pTo ELSE GetEncodedTextRFC1342(pToName, vCharset) || ' <' || pTo || '>' END,
    'Content-Type: multipart/alternative; boundary="' || vBoundary || '"',
    '');

  IF pText IS NOT NULL THEN
    vBody := vBody || E'\r\n' || concat_ws(E'\r\n',
      '--' || vBoundary,
      'Content-Type: text/plain; charset=' || vCharset,
      'Content-Transfer-Encoding: base64',
      '',
      replace(encode(convert_to(pText, vCharset), 'base64'), E'\n', E'\r\n'));
  END IF;

  IF pHTML IS NOT NULL THEN
    vBody := vBody || E'\r\n' || concat_ws(E'\r\n',
      '--' || vBoundary,
      'Content-Type: text/html; charset=' || vCharset,
      'Content-Transfer-Encoding: base64',
      '',
      replace(encode(convert_to(pHTML, vCharset), 'base64'), E'\n', E'\r\n'));
  END IF;

  RETURN vBody || E'\r\n--' || vBoundary || E'--\r\n';
END;
$$ LANGUAGE plpgsql VOLATILE;

CREATE OR REPLACE FUNCTION SendMessage (
  pParent       uuid,
  pAgent        uuid,
  pProfile      text,
  pAddress      text,
  pSubject      text,
  pContent      text,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pType         uuid DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uMessage      uuid;
BEGIN
  uMessage := CreateMessage(pParent, coalesce(pType, GetType('message.outbox')), pAgent, null, pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
  PERFORM ExecuteObjectAction(uMessage, GetAction('submit'));
  RETURN uMessage;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SendMail (
  pParent       uuid,
  pProfile      text,
  pAddress      text,
  pSubject      text,
  pContent      text,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pAgent        uuid DEFAULT null
) RETURNS       uuid
AS $$
  SELECT SendMessage(pParent, coalesce(pAgent, GetAgent('smtp.agent')), pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SendM2M (
  pParent       uuid,
  pProfile      text,
  pAddress      text,
  pSubject      text,
  pContent      text,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pAgent        uuid DEFAULT null
) RETURNS       uuid
AS $$
  SELECT SendMessage(pParent, coalesce(pAgent, GetAgent('m2m.agent')), pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SendFCM (
  pParent       uuid,
  pProfile      text,
  pAddress      text,
  pSubject      text,
  pContent      text,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pAgent        uuid DEFAULT null
) RETURNS       uuid
AS $$
  SELECT SendMessage(pParent, coalesce(pAgent, GetAgent('fcm.agent')), pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- API
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.message
AS
  SELECT o.* FROM ObjectMessage o INNER JOIN AccessMessage a ON a.object = o.id;

GRANT SELECT ON api.message TO administrator;

CREATE OR REPLACE VIEW api.service_message
AS
  SELECT * FROM ServiceMessage WHERE scope = current_scope();

GRANT SELECT ON api.service_message TO administrator, apibot;

CREATE OR REPLACE VIEW api.inbox
AS
  SELECT * FROM api.service_message WHERE classcode = 'inbox';

GRANT SELECT ON api.inbox TO administrator, apibot;

CREATE OR REPLACE VIEW api.outbox
AS
  SELECT * FROM api.service_message WHERE classcode = 'outbox';

GRANT SELECT ON api.outbox TO administrator, apibot;

CREATE OR REPLACE FUNCTION api.add_message (
  pParent       uuid,
  pType         uuid,
  pAgent        uuid,
  pCode         text,
  pProfile      text,
  pAddress      text,
  pSubject      text,
  pContent      text,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  RETURN CreateMessage(pParent, coalesce(pType, GetType('message.outbox')), pAgent, pCode, pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_message (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pAgent        uuid DEFAULT null,
  pCode         text DEFAULT null,
  pProfile      text DEFAULT null,
  pAddress      text DEFAULT null,
  pSubject      text DEFAULT null,
  pContent      text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.message WHERE id = pId) THEN
    PERFORM ObjectNotFound('message', 'id', pId);
  END IF;

  PERFORM EditMessage(pId, pParent, pType, pAgent, pCode, pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_message (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pAgent        uuid DEFAULT null,
  pCode         text DEFAULT null,
  pProfile      text DEFAULT null,
  pAddress      text DEFAULT null,
  pSubject      text DEFAULT null,
  pContent      text DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       SETOF api.message
AS $$
DECLARE
  uId           uuid := pId;
BEGIN
  IF uId IS NULL AND NULLIF(pCode, '') IS NOT NULL THEN
    uId := GetMessage(pCode);
  END IF;

  IF uId IS NULL THEN
    uId := api.add_message(pParent, pType, pAgent, pCode, pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
  ELSE
    PERFORM api.update_message(uId, pParent, pType, pAgent, pCode, pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.message WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_message (
  pId       uuid
) RETURNS   SETOF api.message
AS $$
  SELECT * FROM api.message WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_service_message (
  pId       uuid
) RETURNS   SETOF api.service_message
AS $$
  SELECT * FROM api.service_message WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.service_message (
  pClass    uuid
) RETURNS   SETOF api.service_message
AS $$
  SELECT * FROM api.service_message WHERE class = pClass;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_message (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectMessage', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_message (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.message
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectMessage', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_message_id (
  pCode     text
) RETURNS   uuid
AS $$
BEGIN
  IF IsUuidText(pCode) THEN
    RETURN pCode::uuid;
  END IF;
  RETURN GetMessage(pCode);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.message (
  pType     uuid,
  pAgent    uuid,
  pState    uuid
) RETURNS   SETOF api.message
AS $$
  SELECT * FROM api.message
   WHERE type = pType AND agent = pAgent AND state = pState
   ORDER BY created;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- The state code is looked up in the class named by the type's suffix (message.outbox → outbox).
CREATE OR REPLACE FUNCTION api.message (
  pType     text,
  pAgent    text,
  pState    text
) RETURNS   SETOF api.message
AS $$
DECLARE
  uType     uuid := CodeToType(pType, 'message');
BEGIN
  RETURN QUERY SELECT * FROM api.message(uType, SubclassReference(pAgent, 'agent'),
    GetState((SELECT class FROM db.type WHERE id = uType), pState));
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.send_message (
  pParent       uuid,
  pAgent        uuid,
  pProfile      text,
  pAddress      text,
  pSubject      text,
  pContent      text,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       SETOF api.message
AS $$
DECLARE
  uId           uuid;
BEGIN
  uId := SendMessage(pParent, pAgent, pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
  RETURN QUERY SELECT * FROM api.message WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.send_mail (
  pSubject      text,
  pText         text,
  pHTML         text,
  pDescription  text DEFAULT null,
  pUserId       uuid DEFAULT current_userid()
) RETURNS       SETOF api.message
AS $$
DECLARE
  r             record;
  vProject      text;
  vDomain       text;
  vFrom         text;
  vCurrent      text;
  uId           uuid;
BEGIN
  SELECT username, name, email, email_verified INTO r FROM db.user u
    LEFT JOIN LATERAL (SELECT p.email_verified FROM db.profile p WHERE p.userid = u.id AND p.scope = current_scope()) p ON true
   WHERE u.id = coalesce(pUserId, current_userid());

  IF NULLIF(r.email, '') IS NULL THEN
    PERFORM EmailAddressNotSet();
  END IF;

  IF NOT coalesce(r.email_verified, false) THEN
    PERFORM EmailAddressNotVerified(r.email);
  END IF;

  vProject := coalesce(RegGetValueString('CURRENT_CONFIG', 'CONFIG\CurrentProject', 'Name'), current_project());
  vDomain := coalesce(RegGetValueString('CURRENT_CONFIG', 'CONFIG\CurrentProject', 'SMTP'),
                      RegGetValueString('CURRENT_CONFIG', 'CONFIG\CurrentProject', 'Domain'), 'localhost');
  vFrom := 'info@' || vDomain;

  -- A service client (group system) sends as apibot, so the message has an owner that may create it.
  vCurrent := current_setting('current.user', true);
  IF IsUserRole('00000000-0000-4000-a000-000000000000'::uuid, current_userid()) THEN
    PERFORM SetCurrentUserId('00000000-0000-4000-a002-000000000001'::uuid);
  END IF;

  uId := SendMail(null, vFrom, r.email, pSubject, CreateMailBody(vProject, vFrom, r.name, r.email, pSubject, pText, pHTML), pSubject, pDescription);

  PERFORM set_config('current.user', coalesce(vCurrent, ''), false);

  RETURN QUERY SELECT * FROM api.message WHERE id = uId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.inbox (
  pState    uuid
) RETURNS   SETOF api.inbox
AS $$
  SELECT * FROM api.inbox WHERE state = pState ORDER BY created;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.inbox (
  pState    text
) RETURNS   SETOF api.inbox
AS $$
  SELECT * FROM api.inbox WHERE statecode = pState ORDER BY created;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_inbox (
  pParent       uuid,
  pAgent        uuid,
  pCode         text,
  pProfile      text,
  pAddress      text,
  pSubject      text,
  pContent      text,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
  SELECT CreateMessage(pParent, GetType('message.inbox'), pAgent, pCode, pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_inbox (
  pId       uuid
) RETURNS   SETOF api.inbox
AS $$
  SELECT * FROM api.inbox WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_inbox (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectMessage', pSearch, coalesce(pFilter, '{}'::jsonb) || '{"classcode": "inbox"}'::jsonb, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_inbox (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.message
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectMessage', pSearch, coalesce(pFilter, '{}'::jsonb) || '{"classcode": "inbox"}'::jsonb, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.outbox (
  pState    uuid
) RETURNS   SETOF api.outbox
AS $$
  SELECT * FROM api.outbox WHERE state = pState ORDER BY created;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.outbox (
  pState    text
) RETURNS   SETOF api.outbox
AS $$
  SELECT * FROM api.outbox WHERE statecode = pState ORDER BY created;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_outbox (
  pParent       uuid,
  pAgent        uuid,
  pCode         text,
  pProfile      text,
  pAddress      text,
  pSubject      text,
  pContent      text,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
  SELECT CreateMessage(pParent, GetType('message.outbox'), pAgent, pCode, pProfile, pAddress, pSubject, pContent, pLabel, pDescription);
$$ LANGUAGE sql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_outbox (
  pId       uuid
) RETURNS   SETOF api.outbox
AS $$
  SELECT * FROM api.outbox WHERE id = pId AND (session_user = 'apibot' OR CheckObjectAccess(pId, B'100'));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_outbox (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null
) RETURNS   SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectMessage', pSearch, coalesce(pFilter, '{}'::jsonb) || '{"classcode": "outbox"}'::jsonb, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_outbox (
  pSearch   jsonb DEFAULT null,
  pFilter   jsonb DEFAULT null,
  pLimit    integer DEFAULT null,
  pOffSet   integer DEFAULT null,
  pOrderBy  jsonb DEFAULT null
) RETURNS   SETOF api.message
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('kernel', 'ObjectMessage', pSearch, coalesce(pFilter, '{}'::jsonb) || '{"classcode": "outbox"}'::jsonb, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- REST
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION rest.message (
  pPath     text,
  pPayload  jsonb DEFAULT null
) RETURNS   SETOF json
AS $$
DECLARE
  r         record;
  e         jsonb;
  x         jsonb;
BEGIN
  IF pPath IS NULL THEN
    PERFORM RouteIsEmpty();
  END IF;

  PERFORM RestRequireSession();

  CASE pPath
  WHEN '/message/type', '/message/method', '/message/count', '/message/get', '/message/list' THEN

    RETURN QUERY SELECT * FROM SubclassRest('message', pPath, pPayload);

  WHEN '/message/set' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload,
                 ARRAY['id', 'parent', 'type', 'agent', 'code', 'profile', 'address', 'subject', 'content', 'label', 'description'],
                 null, true, true, ARRAY['type', 'agent', 'code', 'profile', 'address', 'subject', 'content', 'label', 'description'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(id uuid, parent uuid, type text, agent text, code text, profile text, address text, subject text, content text, label text, description text);
      FOR x IN SELECT to_jsonb(t)
                 FROM api.set_message(r.id, r.parent, SubclassType(r.type, 'message'), SubclassReference(r.agent, 'agent'),
                                      r.code, r.profile, r.address, r.subject, r.content, r.label, r.description) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/message/send' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload,
                 ARRAY['parent', 'agent', 'profile', 'address', 'subject', 'content', 'label', 'description'],
                 ARRAY['agent', 'profile', 'address'], true, true,
                 ARRAY['agent', 'profile', 'address', 'subject', 'content', 'label', 'description'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(parent uuid, agent text, profile text, address text, subject text, content text, label text, description text);
      FOR x IN SELECT to_jsonb(t)
                 FROM api.send_message(r.parent, SubclassReference(r.agent, 'agent'), r.profile, r.address, r.subject, r.content, r.label, r.description) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/message/send/mail' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['subject', 'text', 'html', 'description', 'userid'],
                                       ARRAY['subject'], true, true, ARRAY['subject', 'text', 'html', 'description'])
    LOOP
      SELECT * INTO r FROM jsonb_to_record(e) AS t(subject text, text text, html text, description text, userid uuid);
      FOR x IN SELECT to_jsonb(t) FROM api.send_mail(r.subject, r.text, r.html, r.description, coalesce(r.userid, current_userid())) t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/message/send/sms' THEN

    -- The SMS travels as an outbound HTTP request, so there is normally no message row to answer.
    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['profile', 'message', 'userid'], ARRAY['profile', 'message'], true, true, ARRAY['profile', 'message'])
    LOOP
      PERFORM api.send_sms(e->>'profile', e->>'message', coalesce((e->>'userid')::uuid, current_userid()));
    END LOOP;

  WHEN '/message/send/push' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['object', 'title', 'body', 'userid', 'data', 'android', 'apns'],
                                       ARRAY['title'], true, true, ARRAY['title', 'body'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.send_push((e->>'object')::uuid, e->>'title', e->>'body', (e->>'userid')::uuid, e->'data', e->'android', e->'apns') t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/message/send/push/data' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['object', 'subject', 'data', 'userid', 'priority', 'collapse'],
                                       ARRAY['data'], true, true, ARRAY['subject', 'priority', 'collapse'])
    LOOP
      FOR x IN SELECT to_jsonb(t) FROM api.send_push_data((e->>'object')::uuid, e->>'subject', e->'data', (e->>'userid')::uuid, coalesce(e->>'priority', 'normal'), e->>'collapse') t
      LOOP
        RETURN NEXT x::json;
      END LOOP;
    END LOOP;

  WHEN '/message/send/push/to/role' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['rolename', 'title', 'body', 'data', 'android', 'apns'],
                                       ARRAY['rolename', 'title'], true, true, ARRAY['rolename', 'title', 'body'])
    LOOP
      RETURN NEXT json_build_object('count', api.send_push_to_role(e->>'rolename', e->>'title', e->>'body', e->'data', e->'android', e->'apns'));
    END LOOP;

  WHEN '/message/send/push/all' THEN

    FOR e IN SELECT * FROM RestPayload(pPath, pPayload, ARRAY['title', 'body'], ARRAY['title'], true, true, ARRAY['title', 'body'])
    LOOP
      RETURN NEXT json_build_object('count', api.send_push_all(e->>'title', e->>'body'));
    END LOOP;

  ELSE

    RETURN NEXT ExecuteDynamicMethod(pPath, pPayload)::json;

  END CASE;

  RETURN;
EXCEPTION
  WHEN data_exception THEN
    PERFORM IncorrectJsonValue(SQLERRM);
END;
$$ LANGUAGE plpgsql VOLATILE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Events (log scope workflow.inbox / workflow.outbox)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EventInboxCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM pg_notify('inbox', pObject::text);
  PERFORM WriteToEventLog('M', 1001, 'workflow.inbox', 'create', 'Incoming message created.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInboxOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1002, 'workflow.inbox', 'open', 'Incoming message opened.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInboxEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1003, 'workflow.inbox', 'edit', 'Incoming message changed.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInboxSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1004, 'workflow.inbox', 'save', 'Incoming message saved.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInboxEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2001, 'workflow.inbox', 'enable', 'Incoming message reviewed.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInboxDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2002, 'workflow.inbox', 'disable', 'Incoming message read.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInboxDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2003, 'workflow.inbox', 'delete', 'Incoming message deleted.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInboxRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2004, 'workflow.inbox', 'restore', 'Incoming message restored.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventInboxDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.message WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'workflow.inbox', 'drop', 'Incoming message dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxCreate (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1001, 'workflow.outbox', 'create', 'Outgoing message created.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxOpen (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1002, 'workflow.outbox', 'open', 'Outgoing message opened.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxEdit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1003, 'workflow.outbox', 'edit', 'Outgoing message changed.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxSave (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 1004, 'workflow.outbox', 'save', 'Outgoing message saved.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxEnable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2001, 'workflow.outbox', 'enable', 'Outgoing message enabled.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxDisable (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2002, 'workflow.outbox', 'disable', 'Outgoing message disabled.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxSubmit (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM OutboxTraceQueued(pObject);
  PERFORM pg_notify('outbox', OutboxNotifyPayload(pObject));
  PERFORM WriteToEventLog('M', 2010, 'workflow.outbox', 'submit', 'Outgoing message prepared.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxSend (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2030, 'workflow.outbox', 'send', 'Outgoing message sending.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxCancel (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2020, 'workflow.outbox', 'cancel', 'Outgoing message canceled.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxDone (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2012, 'workflow.outbox', 'done', 'Outgoing message sent.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxFail (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('W', 2021, 'workflow.outbox', 'fail', 'Outgoing message failed.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxRepeat (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM OutboxTraceQueued(pObject);
  PERFORM pg_notify('outbox', OutboxNotifyPayload(pObject));
  PERFORM WriteToEventLog('M', 2031, 'workflow.outbox', 'repeat', 'Outgoing message queued again.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxDelete (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2003, 'workflow.outbox', 'delete', 'Outgoing message deleted.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxRestore (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  PERFORM WriteToEventLog('M', 2004, 'workflow.outbox', 'restore', 'Outgoing message restored.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EventOutboxDrop (pObject uuid DEFAULT context_object()) RETURNS void
AS $$
BEGIN
  DELETE FROM db.message WHERE id = pObject;
  PERFORM WriteToEventLog('W', 2005, 'workflow.outbox', 'drop', 'Outgoing message dropped.', pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;


--------------------------------------------------------------------------------
-- Workflow registration (called once by seed.sql)
--------------------------------------------------------------------------------

-- The abstract class only forwards: its own Event* handlers are not bound (15 §8).
CREATE OR REPLACE FUNCTION AddMessageEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  vAction   text;
BEGIN
  FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable', 'delete', 'restore', 'drop',
                                 'submit', 'send', 'cancel', 'done', 'fail', 'repeat']
  LOOP
    PERFORM AddEvent(pClass, GetEventType('parent'), GetAction(vAction), 'Parent class events');
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddInboxEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
  vAction   text;
BEGIN
  FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save', 'enable', 'disable']
  LOOP
    PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Inbox ' || vAction, format('EventInbox%s();', initcap(vAction)));
  END LOOP;

  FOREACH vAction IN ARRAY ARRAY['delete', 'restore', 'drop']
  LOOP
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Inbox ' || vAction, format('EventInbox%s();', initcap(vAction)));
    PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
  END LOOP;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddOutboxEvents (
  pClass    uuid
) RETURNS   void
AS $$
DECLARE
  uParent   uuid := GetEventType('parent');
  uEvent    uuid := GetEventType('event');
  vAction   text;
BEGIN
  FOREACH vAction IN ARRAY ARRAY['create', 'open', 'edit', 'save']
  LOOP
    PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Outbox ' || vAction, format('EventOutbox%s();', initcap(vAction)));
  END LOOP;

  FOREACH vAction IN ARRAY ARRAY['submit', 'send', 'cancel', 'done', 'fail', 'repeat']
  LOOP
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'State change', 'ChangeObjectState();');
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Outbox ' || vAction, format('EventOutbox%s();', initcap(vAction)));
  END LOOP;

  FOREACH vAction IN ARRAY ARRAY['delete', 'drop']
  LOOP
    PERFORM AddEvent(pClass, uEvent, GetAction(vAction), 'Outbox ' || vAction, format('EventOutbox%s();', initcap(vAction)));
    PERFORM AddEvent(pClass, uParent, GetAction(vAction), 'Parent class events');
  END LOOP;

  PERFORM AddEvent(pClass, uParent, GetAction('restore'), 'Parent class events');
  PERFORM AddEvent(pClass, uEvent, GetAction('restore'), 'Outbox restore', 'EventOutboxRestore();');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddInboxMethods (
  pClass      uuid
) RETURNS     void
AS $$
DECLARE
  uCreated    uuid;
  uEnabled    uuid;
  uDisabled   uuid;
  uDeleted    uuid;
  uMethod     uuid;
BEGIN
  PERFORM DefaultMethods(pClass);

  uCreated := AddSubclassState(pClass, 'created', 'created', 'New', 'Новое');
  uEnabled := AddSubclassState(pClass, 'enabled', 'enabled', 'Opened', 'Открыто');
  uDisabled := AddSubclassState(pClass, 'disabled', 'disabled', 'Read', 'Прочитано');
  uDeleted := AddSubclassState(pClass, 'deleted', 'deleted', 'Deleted', 'Удалено');

  PERFORM DefaultTransition(pClass);

  uMethod := AddSubclassMethod(pClass, uCreated, 'enable', 'Open', 'Открыть');
  PERFORM AddTransition(uCreated, uMethod, uEnabled);
  uMethod := AddSubclassMethod(pClass, uCreated, 'disable', 'Read', 'Прочитать');
  PERFORM AddTransition(uCreated, uMethod, uDisabled);
  uMethod := AddSubclassMethod(pClass, uCreated, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uCreated, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uEnabled, 'disable', 'Read', 'Прочитать');
  PERFORM AddTransition(uEnabled, uMethod, uDisabled);
  uMethod := AddSubclassMethod(pClass, uEnabled, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uEnabled, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uDisabled, 'enable', 'Open', 'Открыть');
  PERFORM AddTransition(uDisabled, uMethod, uEnabled);
  uMethod := AddSubclassMethod(pClass, uDisabled, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uDisabled, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uDeleted, 'restore', 'Restore', 'Восстановить');
  PERFORM AddTransition(uDeleted, uMethod, uCreated);
  PERFORM AddSubclassMethod(pClass, uDeleted, 'drop', 'Drop', 'Уничтожить');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddOutboxMethods (
  pClass      uuid
) RETURNS     void
AS $$
DECLARE
  uCreated    uuid;
  uPrepared   uuid;
  uSending    uuid;
  uSubmitted  uuid;
  uFailed     uuid;
  uDeleted    uuid;
  uMethod     uuid;
BEGIN
  PERFORM DefaultMethods(pClass);

  uCreated := AddSubclassState(pClass, 'created', 'created', 'Created', 'Создано');
  uPrepared := AddSubclassState(pClass, 'enabled', 'prepared', 'Prepared', 'Подготовлено');
  uSending := AddSubclassState(pClass, 'enabled', 'sending', 'Sending', 'Отправка');
  uSubmitted := AddSubclassState(pClass, 'disabled', 'submitted', 'Sent', 'Отправлено');
  uFailed := AddSubclassState(pClass, 'disabled', 'failed', 'Failed', 'Ошибка');
  uDeleted := AddSubclassState(pClass, 'deleted', 'deleted', 'Deleted', 'Удалено');

  PERFORM DefaultTransition(pClass);

  uMethod := AddSubclassMethod(pClass, uCreated, 'submit', 'Prepare', 'Подготовить');
  PERFORM AddTransition(uCreated, uMethod, uPrepared);
  uMethod := AddSubclassMethod(pClass, uCreated, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uCreated, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uPrepared, 'send', 'Send', 'Отправить', false);
  PERFORM AddTransition(uPrepared, uMethod, uSending);
  uMethod := AddSubclassMethod(pClass, uPrepared, 'done', 'Done', 'Сделано', false);
  PERFORM AddTransition(uPrepared, uMethod, uSubmitted);
  uMethod := AddSubclassMethod(pClass, uPrepared, 'fail', 'Fail', 'Неудача', false);
  PERFORM AddTransition(uPrepared, uMethod, uFailed);
  uMethod := AddSubclassMethod(pClass, uPrepared, 'cancel', 'Cancel', 'Отменить');
  PERFORM AddTransition(uPrepared, uMethod, uCreated);

  uMethod := AddSubclassMethod(pClass, uSending, 'done', 'Done', 'Сделано', false);
  PERFORM AddTransition(uSending, uMethod, uSubmitted);
  uMethod := AddSubclassMethod(pClass, uSending, 'fail', 'Fail', 'Неудача', false);
  PERFORM AddTransition(uSending, uMethod, uFailed);
  uMethod := AddSubclassMethod(pClass, uSending, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uSending, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uSubmitted, 'repeat', 'Repeat', 'Повторить');
  PERFORM AddTransition(uSubmitted, uMethod, uPrepared);
  uMethod := AddSubclassMethod(pClass, uSubmitted, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uSubmitted, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uFailed, 'repeat', 'Repeat', 'Повторить');
  PERFORM AddTransition(uFailed, uMethod, uPrepared);
  uMethod := AddSubclassMethod(pClass, uFailed, 'delete', 'Delete', 'Удалить');
  PERFORM AddTransition(uFailed, uMethod, uDeleted);

  uMethod := AddSubclassMethod(pClass, uDeleted, 'restore', 'Restore', 'Восстановить');
  PERFORM AddTransition(uDeleted, uMethod, uCreated);
  PERFORM AddSubclassMethod(pClass, uDeleted, 'drop', 'Drop', 'Уничтожить');
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateEntityMessage (
  pParent   uuid
) RETURNS   uuid
AS $$
DECLARE
  uEntity   uuid;
  uMessage  uuid;
  uClass    uuid;
BEGIN
  SELECT id INTO uEntity FROM db.entity WHERE code = 'message';
  IF uEntity IS NULL THEN
    uEntity := AddEntity('message', 'Message');
    PERFORM EditSubclassTexts(uEntity, null, '{"ru": "Сообщение", "de": "Nachricht", "fr": "Message", "it": "Messaggio", "es": "Mensaje"}');
  END IF;

  SELECT id INTO uMessage FROM db.class_tree WHERE code = 'message';
  IF uMessage IS NULL THEN
    uMessage := AddClass(pParent, uEntity, 'message', 'Message', true);
    PERFORM EditSubclassTexts(null, uMessage, '{"ru": "Сообщение", "de": "Nachricht", "fr": "Message", "it": "Messaggio", "es": "Mensaje"}');
    PERFORM AddMessageEvents(uMessage);
    PERFORM AddDefaultMethods(uMessage);
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'inbox') THEN
    uClass := AddClass(uMessage, uEntity, 'inbox', 'Inbox', false);
    PERFORM EditSubclassTexts(null, uClass, '{"ru": "Входящие", "de": "Eingang", "fr": "Réception", "it": "In arrivo", "es": "Entrada"}');
    PERFORM AddSubclassTypes(uClass, '[
      {"code": "message.inbox", "name": "Inbox", "description": "Incoming message.",
       "texts": {"ru": ["Входящие", "Входящее сообщение."], "de": ["Eingang", "Eingehende Nachricht."], "fr": ["Réception", "Message entrant."], "it": ["In arrivo", "Messaggio in arrivo."], "es": ["Entrada", "Mensaje entrante."]}}
    ]');
    PERFORM AddInboxEvents(uClass);
    PERFORM AddInboxMethods(uClass);
  END IF;

  IF NOT EXISTS (SELECT FROM db.class_tree WHERE code = 'outbox') THEN
    uClass := AddClass(uMessage, uEntity, 'outbox', 'Outbox', false);
    PERFORM EditSubclassTexts(null, uClass, '{"ru": "Исходящие", "de": "Ausgang", "fr": "Envoi", "it": "In uscita", "es": "Salida"}');
    PERFORM AddSubclassTypes(uClass, '[
      {"code": "message.outbox", "name": "Outbox", "description": "Outgoing message.",
       "texts": {"ru": ["Исходящие", "Исходящее сообщение."], "de": ["Ausgang", "Ausgehende Nachricht."], "fr": ["Envoi", "Message sortant."], "it": ["In uscita", "Messaggio in uscita."], "es": ["Salida", "Mensaje saliente."]}}
    ]');
    PERFORM AddOutboxEvents(uClass);
    PERFORM AddOutboxMethods(uClass);
  END IF;

  RETURN uEntity;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
