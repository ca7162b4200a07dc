-- admin module: keys, scopes, areas, interfaces, users, groups, ACL, IP tables, profiles,
-- recovery tickets and external identity links.

-- Keys and hashes -------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION UserSecretCredential(pSecret bytea)
RETURNS text AS $$
BEGIN
  RETURN (SELECT encode(hmac(pSecret::text, GetSecretKey(), 'sha512'), 'hex'));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION UserFingerprint(pSecret bytea)
RETURNS text AS $$
BEGIN
  RETURN (SELECT encode(digest(UserSecretCredential(pSecret), 'sha1'), 'hex'));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION UserImplicitPassword(pSecret bytea)
RETURNS text AS $$
BEGIN
  RETURN (SELECT encode(hmac(pSecret::text, GetSecretKey(), 'sha1'), 'hex'));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION GenSecretKey(pSize integer DEFAULT 48)
RETURNS text AS $$
BEGIN
  RETURN (SELECT replace(encode(gen_random_bytes(pSize), 'base64'), E'\n', ''));
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION GenTokenKey(pPassKey text)
RETURNS text AS $$
BEGIN
  RETURN (SELECT encode(hmac(GenSecretKey(), pPassKey, 'sha256'), 'hex'));
END;
$$ LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

-- Tokens, codes and session secrets are found by this keyed hash (HMAC-SHA256, server key).
CREATE OR REPLACE FUNCTION GetTokenHash(pToken text)
RETURNS text AS $$
BEGIN
  RETURN (SELECT hmac_key_hash(pToken));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION GetTokenHash(pToken text, pPassKey text)
RETURNS text AS $$
BEGIN
  RETURN (SELECT encode(hmac(pToken, pPassKey, 'sha256'), 'hex'));
END;
$$ LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION SessionKey(pPwKey text, pPassKey text)
RETURNS text AS $$
BEGIN
  RETURN (SELECT CASE WHEN pPwKey IS NULL OR pPassKey IS NULL THEN NULL
              ELSE encode(hmac(pPwKey, pPassKey, 'sha1'), 'hex') END);
END;
$$ LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION StrPwKey(pUserId uuid, pSecret text, pCreated timestamptz)
RETURNS text AS $$
BEGIN
  RETURN (SELECT encode(digest('{' || u.id::text || '-' || u.hash || '-' || pSecret || '-' || current_project() || '-'
                       || to_char(pCreated AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS') || '}', 'sha1'), 'hex')
    FROM db.user u WHERE u.id = pUserId);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION GetSignature(pPath text, pNonce double precision, pJson json, pSecret text)
RETURNS text AS $$
BEGIN
  RETURN (SELECT encode(hmac(pPath || trim(to_char(pNonce, '9999999999999999')) || coalesce(pJson::text, 'null'), pSecret, 'sha256'), 'hex'));
END;
$$ LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION DoubleSHA256(pData bytea)
RETURNS bytea AS $$
BEGIN
  RETURN (SELECT digest(digest(pData, 'sha256'), 'sha256'));
END;
$$ LANGUAGE plpgsql IMMUTABLE SET search_path = kernel, public, pg_temp;

CREATE OR REPLACE FUNCTION DoubleSHA256(pData text)
RETURNS text AS $$
BEGIN
  RETURN (SELECT encode(DoubleSHA256(convert_to(pData, 'utf8')), 'hex'));
END;
$$ LANGUAGE plpgsql IMMUTABLE SET search_path = kernel, public, pg_temp;

-- Context getters used as parameter defaults below (defaults are resolved at creation)

CREATE OR REPLACE FUNCTION SetCurrentArea(pArea uuid)
RETURNS void AS $$
BEGIN
  PERFORM SafeSetVar('area', pArea::text);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetCurrentArea()
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT SafeGetVar('area')::uuid);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_area(pSession varchar DEFAULT current_session())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT coalesce(GetCurrentArea(), (SELECT area FROM db.session WHERE code = pSession),
                  '00000000-0000-4003-a000-000000000002'::uuid));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_interface(pSession varchar DEFAULT current_session())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT coalesce((SELECT interface FROM db.session WHERE code = pSession),
                  '00000000-0000-4004-a000-000000000003'::uuid));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;
-- Access checks ---------------------------------------------------------------------------

-- PL/pgSQL, like the other checks a sign-in runs: a SECURITY DEFINER SQL function is
-- never inlined and is parsed and planned again on every call; PL/pgSQL keeps the plan.
CREATE OR REPLACE FUNCTION acl(pUserId uuid, OUT deny bit varying, OUT allow bit varying, OUT mask bit varying)
RETURNS SETOF record AS $$
BEGIN
  RETURN QUERY
  SELECT bit_or(a.deny)::bit varying, bit_or(a.allow)::bit varying, (bit_or(a.allow) & ~bit_or(a.deny))::bit varying
    FROM db.acl a
   WHERE a.userid = pUserId
      OR a.userid IN (SELECT m.userid FROM db.member_group m WHERE m.member = pUserId)
  HAVING count(*) > 0;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAccessControlListMask(pUserId uuid DEFAULT current_userid())
RETURNS bit varying AS $$
BEGIN
  RETURN (SELECT mask FROM acl(pUserId));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckAccessControlList(pMask bit varying, pUserId uuid DEFAULT current_userid())
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT coalesce((SELECT mask & pMask = pMask FROM acl(pUserId)), false));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Raises AccessDenied unless the caller holds every bit of pMask (kernel installs skip it).
CREATE OR REPLACE FUNCTION CheckAccess(pMask bit varying, pUserId uuid DEFAULT current_userid())
RETURNS void AS $$
BEGIN
  IF session_user <> 'kernel' AND NOT CheckAccessControlList(pMask, pUserId) THEN
    PERFORM AccessDenied();
  END IF;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CheckAdmin()
RETURNS void AS $$
BEGIN
  IF session_user <> 'kernel' AND NOT coalesce(IsAdmin(current_userid()), false) THEN
    PERFORM AccessDenied();
  END IF;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION chmod(pMask bit varying, pUserId uuid DEFAULT current_userid())
RETURNS void AS $$
DECLARE
  vLen integer := length(pMask) / 2;
BEGIN
  PERFORM CheckAdmin();
  IF pMask = repeat('0', length(pMask))::bit varying THEN
    DELETE FROM db.acl WHERE userid = pUserId;
  ELSE
    INSERT INTO db.acl (userid, deny, allow)
    VALUES (pUserId, substring(pMask FROM 1 FOR vLen), substring(pMask FROM vLen + 1 FOR vLen))
    ON CONFLICT (userid) DO UPDATE SET deny = EXCLUDED.deny, allow = EXCLUDED.allow;
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Scopes ----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateScope(pCode text, pName text, pDescription text DEFAULT null, pId uuid DEFAULT gen_kernel_uuid('8'))
RETURNS uuid AS $$
BEGIN
  PERFORM CheckAdmin();
  PERFORM FROM db.scope WHERE code = pCode;
  IF FOUND THEN
    PERFORM RecordExists(pCode);
  END IF;
  INSERT INTO db.scope (id, code, name, description) VALUES (pId, pCode, pName, pDescription);
  RETURN pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditScope(pId uuid, pCode text DEFAULT null, pName text DEFAULT null, pDescription text DEFAULT null)
RETURNS void AS $$
BEGIN
  PERFORM CheckAdmin();
  PERFORM FROM db.scope WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM AreaError();
  END IF;
  PERFORM FROM db.scope WHERE code = pCode AND id <> pId;
  IF FOUND THEN
    PERFORM RecordExists(pCode);
  END IF;
  UPDATE db.scope
     SET code = coalesce(pCode, code),
         name = coalesce(pName, name),
         description = CASE WHEN pDescription IS NULL THEN description ELSE NULLIF(pDescription, '') END
   WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteScope(pId uuid)
RETURNS void AS $$
BEGIN
  PERFORM CheckAdmin();
  DELETE FROM db.scope WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM AreaError();
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetScope(pCode text)
RETURNS uuid AS $$
  SELECT id FROM db.scope WHERE code = pCode;
$$ LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetScopeCode(pId uuid)
RETURNS text AS $$
BEGIN
  RETURN (SELECT code FROM db.scope WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetScopeName(pId uuid)
RETURNS text AS $$
BEGIN
  RETURN (SELECT name FROM db.scope WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION ScopeToArray(pScope text)
RETURNS text[] AS $$
DECLARE
  vValid   text[] := '{}';
  vInvalid text[] := '{}';
  vCode    text;
BEGIN
  IF NULLIF(trim(pScope), '') IS NULL THEN
    SELECT array_agg(code ORDER BY ord, code) INTO vValid
      FROM (SELECT code, 0 AS ord FROM db.scope UNION SELECT code, 1 FROM db.scope_alias) s;
    RETURN coalesce(vValid, '{}');
  END IF;

  -- Every sign-in runs this, mostly for one or two codes: each is looked up by itself (a
  -- scope, a scope alias or the project name) rather than all known codes gathered into
  -- one array first, whose UNION's hash table cost more than the lookups (240 k
  -- instructions a call, a twentieth of a client_credentials grant; 90 k now).
  FOREACH vCode IN ARRAY string_to_array(trim(pScope), ' ')
  LOOP
    CONTINUE WHEN vCode = '' OR vCode = ANY (vValid);
    -- one statement per kind: a statement starts every lookup it holds, needed or not
    IF EXISTS (SELECT FROM db.scope WHERE code = vCode) THEN
      vValid := vValid || vCode;
    ELSIF EXISTS (SELECT FROM db.scope_alias WHERE code = vCode) OR vCode = (SELECT value FROM db.setting WHERE name = 'project') THEN
      vValid := vValid || vCode;
    ELSE
      vInvalid := vInvalid || vCode;
    END IF;
  END LOOP;

  IF cardinality(vInvalid) > 0 THEN
    IF cardinality(vValid) = 0 THEN
      vValid := ARRAY[''];
    END IF;
    PERFORM InvalidScope(vValid, vInvalid);
  END IF;

  RETURN vValid;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- PL/pgSQL for a plan kept per connection (it runs on every sign-in; see acl).
CREATE OR REPLACE FUNCTION GetOAuth2Scopes(pOAuth2 bigint)
RETURNS SETOF uuid AS $$
BEGIN
  RETURN QUERY
  SELECT coalesce(s.id, (SELECT a.scope FROM db.scope_alias a WHERE a.code = c.code LIMIT 1))
    FROM db.oauth2 o
   CROSS JOIN LATERAL unnest(o.scopes) WITH ORDINALITY AS c(code, ord)
    LEFT JOIN db.scope s ON s.code = c.code
   WHERE o.id = pOAuth2
     AND coalesce(s.id, (SELECT a.scope FROM db.scope_alias a WHERE a.code = c.code LIMIT 1)) IS NOT NULL
   ORDER BY c.ord;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_scope(pSession varchar DEFAULT current_session())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT coalesce((SELECT a.scope FROM db.session s JOIN db.area a ON a.id = s.area WHERE s.code = pSession),
                  '00000000-0000-4006-a000-000000000000'::uuid));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_scope_code(pSession varchar DEFAULT current_session())
RETURNS text AS $$
BEGIN
  RETURN (SELECT code FROM db.scope WHERE id = current_scope(pSession));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_scopes(pSession varchar DEFAULT current_session())
RETURNS SETOF uuid AS $$
  SELECT GetOAuth2Scopes(s.oauth2) FROM db.session s WHERE s.code = pSession;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Areas -----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION GetAreaType(pCode text)
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT id FROM db.area_type WHERE code = pCode);
END;
$$ LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAreaTypeCode(pId uuid)
RETURNS text AS $$
BEGIN
  RETURN (SELECT code FROM db.area_type WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAreaTypeName(pId uuid)
RETURNS text AS $$
BEGIN
  RETURN (SELECT name FROM db.area_type WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetArea(pCode text, pScope uuid DEFAULT current_scope())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT id FROM db.area WHERE scope = pScope AND code = pCode);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAreaScope(pId uuid)
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT scope FROM db.area WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAreaCode(pId uuid)
RETURNS text AS $$
BEGIN
  RETURN (SELECT code FROM db.area WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAreaName(pId uuid)
RETURNS text AS $$
BEGIN
  RETURN (SELECT name FROM db.area WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAreaOfType(pTypeCode text, pScope uuid)
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT a.id FROM db.area a JOIN db.area_type t ON t.id = a.type
   WHERE a.scope = pScope AND t.code = pTypeCode
   ORDER BY a.level, a.sequence LIMIT 1);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAreaRoot(pScope uuid DEFAULT current_scope())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT GetAreaOfType('root', pScope));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAreaSystem(pScope uuid DEFAULT current_scope())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT GetAreaOfType('system', pScope));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAreaGuest(pScope uuid DEFAULT current_scope())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT GetAreaOfType('guest', pScope));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetAreaDefault(pScope uuid DEFAULT current_scope())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT GetAreaOfType('default', pScope));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetAreaSequence(pId uuid, pSequence integer, pDelta integer)
RETURNS void AS $$
DECLARE
  vParent  uuid;
  vSibling uuid;
BEGIN
  SELECT parent INTO vParent FROM db.area WHERE id = pId;
  IF pDelta <> 0 THEN
    SELECT id INTO vSibling FROM db.area
     WHERE parent IS NOT DISTINCT FROM vParent AND sequence = pSequence AND id <> pId LIMIT 1;
    IF FOUND THEN
      PERFORM SetAreaSequence(vSibling, pSequence + pDelta, pDelta);
    END IF;
  END IF;
  UPDATE db.area SET sequence = pSequence WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SortArea(pParent uuid)
RETURNS void AS $$
  UPDATE db.area a SET sequence = r.n
    FROM (SELECT id, row_number() OVER (ORDER BY sequence, code) AS n FROM db.area WHERE parent = pParent) r
   WHERE a.id = r.id AND a.sequence <> r.n;
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION CreateArea(pId uuid, pParent uuid, pType uuid, pScope uuid, pCode text, pName text,
  pDescription text DEFAULT null, pSequence integer DEFAULT null)
RETURNS uuid AS $$
DECLARE
  vId     uuid := coalesce(pId, gen_kernel_uuid('8'));
  vParent uuid := CheckNull(pParent);
  vScope  uuid := coalesce(CheckNull(pScope), current_scope());
  vLevel  integer := 0;
  vSeq    integer;
BEGIN
  PERFORM CheckAccess(B'00100000000000000');

  PERFORM FROM db.area WHERE scope = vScope AND code = pCode;
  IF FOUND THEN
    PERFORM RecordExists(pCode);
  END IF;

  IF vParent IS NULL THEN
    vParent := GetAreaRoot(current_scope());
  END IF;
  IF vParent IS NOT NULL THEN
    SELECT level + 1 INTO vLevel FROM db.area WHERE id = vParent;
    IF NOT FOUND THEN
      PERFORM AreaError();
    END IF;
  END IF;

  IF pSequence IS NULL THEN
    SELECT coalesce(max(sequence), 0) + 1 INTO vSeq FROM db.area WHERE parent IS NOT DISTINCT FROM vParent;
  ELSE
    -- make room: siblings at or after the requested position move one step down
    UPDATE db.area SET sequence = sequence + 1
     WHERE parent IS NOT DISTINCT FROM vParent AND sequence >= pSequence;
    vSeq := pSequence;
  END IF;

  INSERT INTO db.area (id, parent, type, scope, code, name, description, level, sequence)
  VALUES (vId, vParent, coalesce(pType, GetAreaType('default')), vScope, pCode, pName, pDescription, vLevel, vSeq);

  PERFORM DoCreateArea(vId);
  RETURN vId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EditArea(pId uuid, pParent uuid DEFAULT null, pType uuid DEFAULT null, pScope uuid DEFAULT null,
  pCode text DEFAULT null, pName text DEFAULT null, pDescription text DEFAULT null, pSequence integer DEFAULT null,
  pValidFromDate timestamptz DEFAULT null, pValidToDate timestamptz DEFAULT null)
RETURNS void AS $$
DECLARE
  r        db.area%rowtype;
  vParent  uuid;
  vSeq     integer;
BEGIN
  PERFORM CheckAccess(B'01000000000000000');

  SELECT * INTO r FROM db.area WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM AreaError();
  END IF;

  PERFORM FROM db.area WHERE scope = coalesce(pScope, r.scope) AND code = pCode AND id <> pId;
  IF FOUND THEN
    PERFORM RecordExists(pCode);
  END IF;

  vParent := coalesce(CheckNull(pParent), r.parent);
  vSeq := coalesce(pSequence, r.sequence);

  IF vParent IS DISTINCT FROM r.parent THEN
    SELECT coalesce(max(sequence), 0) + 1 INTO vSeq FROM db.area WHERE parent = vParent;
    vSeq := coalesce(pSequence, vSeq);
  ELSIF vSeq <> r.sequence THEN
    PERFORM SetAreaSequence(pId, vSeq, CASE WHEN vSeq > r.sequence THEN -1 ELSE 1 END);
  END IF;

  UPDATE db.area
     SET parent = vParent,
         type = coalesce(pType, type),
         scope = coalesce(pScope, scope),
         code = coalesce(pCode, code),
         name = coalesce(pName, name),
         description = CASE WHEN pDescription IS NULL THEN description ELSE NULLIF(pDescription, '') END,
         sequence = vSeq,
         validFromDate = coalesce(pValidFromDate, validFromDate),
         validToDate = coalesce(pValidToDate, validToDate)
   WHERE id = pId;

  IF vParent IS DISTINCT FROM r.parent AND r.parent IS NOT NULL THEN
    PERFORM SortArea(r.parent);
  END IF;

  PERFORM DoUpdateArea(pId);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteArea(pId uuid)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'10000000000000000');
  PERFORM FROM db.area WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM AreaError();
  END IF;
  PERFORM DoDeleteArea(pId);
  DELETE FROM db.member_area WHERE area = pId;
  DELETE FROM db.area WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddMemberToArea(pMember uuid, pArea uuid)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'01000000000000000');
  INSERT INTO db.member_area (area, member) VALUES (pArea, pMember) ON CONFLICT DO NOTHING;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteAreaForMember(pMember uuid, pArea uuid DEFAULT null)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'01000000000000000');
  DELETE FROM db.member_area WHERE member = pMember AND (pArea IS NULL OR area = pArea);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteMemberFromArea(pArea uuid, pMember uuid DEFAULT null)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'01000000000000000');
  DELETE FROM db.member_area WHERE area = pArea AND (pMember IS NULL OR member = pMember);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

-- PL/pgSQL for a plan kept per connection: every new session checks its area (see acl).
CREATE OR REPLACE FUNCTION IsMemberArea(pArea uuid, pMember uuid DEFAULT current_userid())
RETURNS boolean AS $$
BEGIN
  IF pArea IS NULL OR pMember IS NULL THEN
    RETURN false;
  END IF;
  RETURN EXISTS (
    WITH RECURSIVE up(id, parent) AS (
      SELECT id, parent FROM db.area WHERE id = pArea
      UNION
      SELECT a.id, a.parent FROM db.area a JOIN up ON a.id = up.parent
    )
    SELECT FROM db.member_area m
     WHERE m.area IN (SELECT id FROM up)
       AND (m.member = pMember OR m.member IN (SELECT g.userid FROM db.member_group g WHERE g.member = pMember))
  );
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetSessionArea(pArea uuid, pSession varchar DEFAULT current_session())
RETURNS void AS $$
BEGIN
  UPDATE db.session SET area = pArea WHERE code = pSession;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetSessionArea(pSession varchar DEFAULT current_session())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT area FROM db.session WHERE code = pSession);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetDefaultArea(pArea uuid DEFAULT current_area(), pMember uuid DEFAULT current_userid())
RETURNS void AS $$
BEGIN
  UPDATE db.profile SET area = pArea WHERE userid = pMember AND scope = GetAreaScope(pArea);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetDefaultArea(pMember uuid DEFAULT current_userid())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT coalesce((SELECT area FROM db.profile WHERE userid = pMember AND scope = current_scope()),
                  GetAreaGuest(current_scope())));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetArea(pArea uuid, pMember uuid DEFAULT current_userid(), pSession varchar DEFAULT current_session())
RETURNS void AS $$
BEGIN
  PERFORM FROM db.area WHERE id = pArea;
  IF NOT FOUND THEN
    PERFORM AreaError();
  END IF;
  IF NOT IsMemberArea(pArea, pMember) THEN
    PERFORM UserNotMemberArea(GetUsername(pMember), GetAreaCode(pArea));
  END IF;
  UPDATE db.session SET area = pArea WHERE code = pSession;
  UPDATE db.profile SET area = pArea WHERE userid = pMember AND scope = GetAreaScope(pArea);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION current_area_type(pSession varchar DEFAULT current_session())
RETURNS uuid AS $$
  SELECT type FROM db.area WHERE id = current_area(pSession);
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

-- Interfaces ------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION CreateInterface(pCode text, pName text, pDescription text DEFAULT null, pId uuid DEFAULT gen_kernel_uuid('8'))
RETURNS uuid AS $$
BEGIN
  PERFORM CheckAdmin();
  INSERT INTO db.interface (id, code, name, description) VALUES (coalesce(pId, gen_kernel_uuid('8')), pCode, pName, pDescription)
  RETURNING id INTO pId;
  RETURN pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION UpdateInterface(pId uuid, pCode text DEFAULT null, pName text DEFAULT null, pDescription text DEFAULT null)
RETURNS void AS $$
BEGIN
  PERFORM CheckAdmin();
  UPDATE db.interface
     SET code = coalesce(pCode, code),
         name = coalesce(pName, name),
         description = CASE WHEN pDescription IS NULL THEN description ELSE NULLIF(pDescription, '') END
   WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM InterfaceError();
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteInterface(pId uuid)
RETURNS void AS $$
BEGIN
  PERFORM CheckAdmin();
  DELETE FROM db.member_interface WHERE interface = pId;
  DELETE FROM db.interface WHERE id = pId;
  IF NOT FOUND THEN
    PERFORM InterfaceError();
  END IF;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION AddMemberToInterface(pMember uuid, pInterface uuid)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'00000001000000000');
  INSERT INTO db.member_interface (interface, member) VALUES (pInterface, pMember) ON CONFLICT DO NOTHING;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteInterfaceForMember(pMember uuid, pInterface uuid DEFAULT null)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'00000010000000000');
  DELETE FROM db.member_interface WHERE member = pMember AND (pInterface IS NULL OR interface = pInterface);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION DeleteMemberFromInterface(pInterface uuid, pMember uuid DEFAULT null)
RETURNS void AS $$
BEGIN
  PERFORM CheckAccess(B'00000010000000000');
  DELETE FROM db.member_interface WHERE interface = pInterface AND (pMember IS NULL OR member = pMember);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetInterface(pCode text)
RETURNS uuid AS $$
  SELECT id FROM db.interface WHERE code = pCode ORDER BY id LIMIT 1;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetInterfaceName(pId uuid)
RETURNS text AS $$
BEGIN
  RETURN (SELECT name FROM db.interface WHERE id = pId);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION IsMemberInterface(pInterface uuid, pMember uuid DEFAULT current_userid())
RETURNS boolean AS $$
BEGIN
  RETURN (SELECT CASE WHEN pInterface IS NULL OR pMember IS NULL THEN false ELSE EXISTS (
    SELECT FROM db.member_interface m
     WHERE m.interface = pInterface
       AND (m.member = pMember OR m.member IN (SELECT g.userid FROM db.member_group g WHERE g.member = pMember))
  ) END);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetSessionInterface(pInterface uuid, pSession varchar DEFAULT current_session())
RETURNS void AS $$
BEGIN
  UPDATE db.session SET interface = pInterface WHERE code = pSession;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetSessionInterface(pSession varchar DEFAULT current_session())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT interface FROM db.session WHERE code = pSession);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetInterface(pInterface uuid, pMember uuid DEFAULT current_userid(), pSession varchar DEFAULT current_session())
RETURNS void AS $$
BEGIN
  PERFORM FROM db.interface WHERE id = pInterface;
  IF NOT FOUND THEN
    PERFORM InterfaceError();
  END IF;
  PERFORM FROM db.user WHERE id = pMember;
  IF NOT FOUND THEN
    PERFORM UserNotFound(pMember);
  END IF;
  IF NOT IsMemberInterface(pInterface, pMember) THEN
    PERFORM UserNotMemberInterface(GetUsername(pMember), GetInterfaceName(pInterface));
  END IF;
  UPDATE db.session SET interface = pInterface WHERE code = pSession;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION SetDefaultInterface(pInterface uuid DEFAULT current_interface(), pMember uuid DEFAULT current_userid())
RETURNS void AS $$
  UPDATE db.profile SET interface = pInterface WHERE userid = pMember AND scope = current_scope();
$$ LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION GetDefaultInterface(pMember uuid DEFAULT current_userid())
RETURNS uuid AS $$
BEGIN
  RETURN (SELECT coalesce((SELECT interface FROM db.profile WHERE userid = pMember AND scope = current_scope()),
                  '00000000-0000-4004-a000-000000000003'::uuid));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;


-- Proof of work -----------------------------------------------------------------------------

-- Byte-reversed double SHA-256, as Bitcoin prints block hashes.
CREATE OR REPLACE FUNCTION GetHashCash(pData bytea)
RETURNS bytea AS $$
DECLARE
  vHash bytea := digest(digest(pData, 'sha256'), 'sha256');
  vOut  bytea := ''::bytea;
BEGIN
  FOR i IN REVERSE length(vHash) - 1 .. 0 LOOP
    vOut := vOut || set_byte('\x00'::bytea, 0, get_byte(vHash, i));
  END LOOP;
  RETURN vOut;
END;
$$ LANGUAGE plpgsql IMMUTABLE SET search_path = kernel, public, pg_temp;

-- Increments the nonce until the hash is at or below the compact target encoded in pBits.
CREATE OR REPLACE FUNCTION HashCash(pData bytea, pBits integer, INOUT nonce bigint DEFAULT 0, OUT hash text)
RETURNS record AS $$
DECLARE
  vTarget text := lpad(rtrim(to_hex(pBits & x'FFFFFF'::integer)) || repeat('00', (pBits >> 24) - 3), 64, '0');
  vBits   bytea := int4send(pBits);
BEGIN
  LOOP
    hash := encode(GetHashCash(pData || vBits || int4send(nonce::integer)), 'hex');
    EXIT WHEN hash <= vTarget;
    nonce := nonce + 1;
  END LOOP;
END;
$$ LANGUAGE plpgsql IMMUTABLE SET search_path = kernel, public, pg_temp;
