--------------------------------------------------------------------------------
-- entity module: API views and functions of objects, references, documents.
--
-- Every api view carries the read rule itself (spec 90 §9.2 aggregate, see
-- AccessSelectable), so get, list and count answer the same question, for
-- administrators too (they hold ACU-derived rows). Upstream leaves
-- /object/list unfiltered; we do not. The rule restricts the view's driving
-- table by key (the ids the caller may read), so a list costs what the caller
-- can see, not what exists. (A UNION ALL with a probing branch for
-- administrators was measured slower: the lookups then run below the sort.)
--------------------------------------------------------------------------------

CREATE OR REPLACE VIEW api.object
AS
  SELECT o.*
    FROM Object o
   WHERE o.scope = (SELECT current_scope())
     AND o.id = ANY ((SELECT AccessSelectable())::uuid[]);

GRANT SELECT ON api.object TO administrator;

CREATE OR REPLACE VIEW api.object_access
AS
  SELECT * FROM ObjectMembers;

GRANT SELECT ON api.object_access TO administrator;

-- Histories reveal what happened to an object: shown only for readable ones.
CREATE OR REPLACE VIEW api.object_state_history
AS
  SELECT h.*
    FROM ObjectState h
   WHERE h.object = ANY ((SELECT AccessSelectable())::uuid[]);

GRANT SELECT ON api.object_state_history TO administrator;

CREATE OR REPLACE VIEW api.object_method_history
AS
  SELECT h.*
    FROM ObjectMethodHistory h
   WHERE h.object = ANY ((SELECT AccessSelectable())::uuid[]);

GRANT SELECT ON api.object_method_history TO administrator;

CREATE OR REPLACE VIEW api.object_group
AS
  SELECT * FROM ObjectGroup;

GRANT SELECT ON api.object_group TO administrator;

CREATE OR REPLACE VIEW api.object_group_member
AS
  SELECT * FROM ObjectGroupMember m
   WHERE m.gid IN (SELECT g.id FROM db.object_group g WHERE g.owner = (SELECT current_userid()));

GRANT SELECT ON api.object_group_member TO administrator;

CREATE OR REPLACE VIEW api.object_link (Id, ObjectId, Object, LinkedId, Linked, Key, ValidFromDate, ValidToDate)
AS
  SELECT l.id, l.object, row_to_json(o), l.linked, row_to_json(k), l.key, l.validFromDate, l.validToDate
    FROM db.object_link l
   INNER JOIN api.object o ON o.id = l.object
   INNER JOIN api.object k ON k.id = l.linked
   WHERE l.validFromDate <= (SELECT oper_date())
     AND l.validToDate > (SELECT oper_date());

GRANT SELECT ON api.object_link TO administrator;

CREATE OR REPLACE VIEW api.object_data
AS
  SELECT d.*
    FROM ObjectData d
   WHERE d.object = ANY ((SELECT AccessSelectable())::uuid[]);

GRANT SELECT ON api.object_data TO administrator;

CREATE OR REPLACE VIEW api.object_coordinates
AS
  SELECT c.*
    FROM ObjectCoordinates c
   WHERE c.object = ANY ((SELECT AccessSelectable())::uuid[]);

GRANT SELECT ON api.object_coordinates TO administrator;

CREATE OR REPLACE VIEW api.reference
AS
  SELECT r.*
    FROM ObjectReference r
   WHERE r.id = ANY ((SELECT AccessSelectable(ClassEntities('reference')))::uuid[]);

GRANT SELECT ON api.reference TO administrator;

CREATE OR REPLACE VIEW api.document
AS
  SELECT d.*
    FROM ObjectDocument d
   WHERE d.scope = (SELECT current_scope())
     AND d.id = ANY ((SELECT AccessSelectable(ClassEntities('document')))::uuid[]);

GRANT SELECT ON api.document TO administrator;

-- The same rows as api.object, api.reference and api.document, written as a
-- scan with a per-row probe of the caller's AOU rows. For callers who can read
-- nearly everything (administrators, service users) an ordered list with a
-- limit then stops after a few rows instead of collecting every readable id
-- first; the list functions pick the view by caller (EntityListView).
-- OFFSET 0 keeps each check a correlated probe: without it the planner may turn
-- EXISTS into a semi-join over every readable AOU row, then sort them all,
-- which is what a caller near the threshold paid for.
CREATE OR REPLACE VIEW api.object_scan
AS
  SELECT o.*
    FROM Object o
   WHERE o.scope = (SELECT current_scope())
     AND EXISTS (SELECT FROM db.aou a WHERE a.object = o.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.allow & B'100' = B'100' OFFSET 0)
     AND NOT EXISTS (SELECT FROM db.aou a WHERE a.object = o.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.deny & B'100' = B'100' OFFSET 0);

GRANT SELECT ON api.object_scan TO administrator;

-- api.object_scan over ObjectLateral: the same rows and columns. For a list
-- in the default order (created, newest first: object_pdate_idx walked
-- backwards) or in none, where nothing is sorted and the page's lookups are
-- memoized; EntityRestList picks it (any other order sorts every readable
-- row first and stays on api.object_scan).
CREATE OR REPLACE VIEW api.object_scan_lateral
AS
  SELECT o.*
    FROM ObjectLateral o
   WHERE o.scope = (SELECT current_scope())
     AND EXISTS (SELECT FROM db.aou a WHERE a.object = o.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.allow & B'100' = B'100' OFFSET 0)
     AND NOT EXISTS (SELECT FROM db.aou a WHERE a.object = o.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.deny & B'100' = B'100' OFFSET 0);

GRANT SELECT ON api.object_scan_lateral TO administrator;

CREATE OR REPLACE VIEW api.reference_scan
AS
  SELECT r.*
    FROM ObjectReference r
   WHERE EXISTS (SELECT FROM db.aou a WHERE a.object = r.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.allow & B'100' = B'100' OFFSET 0)
     AND NOT EXISTS (SELECT FROM db.aou a WHERE a.object = r.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.deny & B'100' = B'100' OFFSET 0);

GRANT SELECT ON api.reference_scan TO administrator;

CREATE OR REPLACE VIEW api.document_scan
AS
  SELECT d.*
    FROM ObjectDocument d
   WHERE d.scope = (SELECT current_scope())
     AND EXISTS (SELECT FROM db.aou a WHERE a.object = d.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.allow & B'100' = B'100' OFFSET 0)
     AND NOT EXISTS (SELECT FROM db.aou a WHERE a.object = d.id AND a.userid = ANY ((SELECT AccessPrincipals())::uuid[]) AND a.deny & B'100' = B'100' OFFSET 0);

GRANT SELECT ON api.document_scan TO administrator;

-- Which of the two equivalent views a list of the caller should read. A
-- caller who can read a good share of all objects (administrators, service
-- users, every user for references) gets the scan: walking the objects newest
-- first, one in ten or more passes the probe, so a page costs a few dozen index
-- probes. One who can read a few gets the id list. The share is taken against
-- the planner's estimate of db.object (the scan walks every object, whatever
-- the kind), and counting stops at the threshold, so the choice itself is a
-- bounded index-only scan (aou_userid_entity_select).
--
-- Both views return the same rows, so the choice is only a matter of speed,
-- and it changes only when a caller's readable rows cross the threshold. It is
-- kept per connection for a minute (an administrator's count alone reads 2,000
-- index entries per list otherwise), in a custom setting per user and view
-- hash (at most 4,096 of them), whose value names the user and view it is for.
CREATE OR REPLACE FUNCTION EntityListView (
  pView       text
) RETURNS     text
AS $$
DECLARE
  uUser       uuid := current_userid();
  vSlot       text;
  aKept       text[];
  nNow        double precision := extract(epoch FROM clock_timestamp());
  aEntities   uuid[];
  aPrincipals uuid[];
  nObjects    real;
  nThreshold  integer;
  nRows       integer;
  vChoice     text;
BEGIN
  IF pView NOT IN ('object', 'reference', 'document') THEN
    RETURN pView;
  END IF;

  vSlot := 'pgfleet.list_view_' || left(md5(pView || ' ' || coalesce(uUser::text, '')), 3);
  aKept := string_to_array(current_setting(vSlot, true), ' ');
  IF aKept[1] = coalesce(uUser::text, '') AND aKept[2] = pView AND aKept[4]::double precision > nNow - 60 THEN
    RETURN aKept[3];
  END IF;

  aPrincipals := AccessPrincipals(uUser);
  IF pView <> 'object' THEN
    aEntities := ClassEntities(pView);
  END IF;

  SELECT reltuples INTO nObjects FROM pg_class WHERE oid = 'db.object'::regclass;
  -- reltuples is -1 before the first ANALYZE; the floor keeps a small or new
  -- database on the id list, where every list is cheap anyway.
  nThreshold := least(2000, greatest(100, (coalesce(nObjects, 0) / 10)::integer));

  SELECT count(*) INTO nRows
    FROM (SELECT FROM db.aou a
           WHERE a.userid = ANY (aPrincipals)
             AND a.allow & B'100' = B'100'
             AND (aEntities IS NULL OR a.entity = ANY (aEntities))
           LIMIT nThreshold) s;

  vChoice := CASE WHEN nRows >= nThreshold THEN pView || '_scan' ELSE pView END;
  PERFORM set_config(vSlot, concat_ws(' ', coalesce(uUser::text, ''), pView, vChoice, nNow::text), false);
  RETURN vChoice;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Shared checks
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION EntityRequireObject (
  pObject     uuid
) RETURNS     void
AS $$
BEGIN
  IF pObject IS NULL THEN
    PERFORM ObjectIsNull();
  END IF;
  IF NOT EXISTS (SELECT FROM db.object WHERE id = pObject) THEN
    PERFORM ObjectNotFound('object', 'id', pObject);
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- An object the caller may not see answers "not found", like upstream getters.
CREATE OR REPLACE FUNCTION EntityRequireAccess (
  pObject     uuid,
  pMask       bit
) RETURNS     void
AS $$
BEGIN
  PERFORM EntityRequireObject(pObject);
  IF NOT CheckObjectAccess(pObject, pMask) THEN
    IF pMask = B'100' THEN
      PERFORM ObjectNotFound('object', 'id', pObject);
    END IF;
    PERFORM AccessDenied();
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- api.object
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.add_object (
  pParent     uuid,
  pType       uuid,
  pLabel      text DEFAULT null,
  pData       text DEFAULT null
) RETURNS     uuid
AS $$
BEGIN
  RETURN CreateObject(pParent, pType, pLabel, pData);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_object (
  pId         uuid,
  pParent     uuid DEFAULT null,
  pType       uuid DEFAULT null,
  pLabel      text DEFAULT null,
  pData       text DEFAULT null
) RETURNS     void
AS $$
BEGIN
  PERFORM EntityRequireObject(pId);
  PERFORM EditObject(pId, pParent, pType, pLabel, pData, current_locale());
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_object (
  pId         uuid,
  pParent     uuid DEFAULT null,
  pType       uuid DEFAULT null,
  pLabel      text DEFAULT null,
  pData       text DEFAULT null
) RETURNS     SETOF api.object
AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_object(pParent, pType, pLabel, pData);
  ELSE
    PERFORM api.update_object(pId, pParent, pType, pLabel, pData);
  END IF;
  RETURN QUERY SELECT * FROM api.object WHERE id = pId;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_object (
  pId         uuid
) RETURNS     SETOF api.object
AS $$
  SELECT * FROM api.object WHERE id = pId;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_object (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null
) RETURNS     SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', EntityListView('object'), pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_object (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null,
  pLimit      integer DEFAULT null,
  pOffSet     integer DEFAULT null,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF api.object
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', EntityListView('object'), pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_object_label (
  pObject     uuid
) RETURNS     text
AS $$
BEGIN
  PERFORM EntityRequireAccess(pObject, B'100');
  RETURN GetObjectLabel(pObject);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_object_label (
  pObject     uuid,
  pLabel      text,
  OUT id      uuid,
  OUT result  boolean,
  OUT message text
) RETURNS     record
AS $$
DECLARE
  vMessage    text;
BEGIN
  id := pObject;
  PERFORM EntityRequireObject(pObject);
  PERFORM SetObjectLabel(pObject, pLabel, null);
  result := true;
  message := 'Success';
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT;
  result := false;
  message := vMessage;
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.object_force_delete (
  pId         uuid
) RETURNS     void
AS $$
DECLARE
  uState      uuid;
BEGIN
  PERFORM EntityRequireObject(pId);

  SELECT s.id INTO uState
    FROM db.state s
   WHERE s.class = GetObjectClass(pId)
     AND s.type = '00000000-0000-4000-b001-000000000004'::uuid
   ORDER BY s.sequence
   LIMIT 1;

  IF uState IS NULL THEN
    uState := GetState(GetObjectClass(pId), 'deleted');
  END IF;

  IF uState IS NULL THEN
    PERFORM StateByCodeNotFound(pId, 'deleted');
  END IF;

  PERFORM AddObjectState(pId, uState);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.decode_object_access (
  pId         uuid,
  pUserId     uuid DEFAULT current_userid(),
  OUT s       boolean,
  OUT u       boolean,
  OUT d       boolean
) RETURNS     record
AS $$
  SELECT * FROM DecodeObjectAccess(pId, coalesce(pUserId, current_userid()));
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.object_access (
  pId         uuid
) RETURNS     SETOF api.object_access
AS $$
BEGIN
  PERFORM EntityRequireAccess(pId, B'100');
  RETURN QUERY SELECT * FROM api.object_access WHERE object = pId ORDER BY username;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.chmodo (
  pObject     uuid,
  pMask       integer,
  pUserId     uuid DEFAULT current_userid()
) RETURNS     void
AS $$
BEGIN
  PERFORM EntityRequireObject(pObject);
  IF pMask IS NOT NULL AND (pMask < 0 OR pMask > 63) THEN
    PERFORM ValueOutOfRange(pMask);
  END IF;
  PERFORM chmodo(pObject, pMask::bit(6), coalesce(pUserId, current_userid()));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Execution
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.execute_object_action (
  pObject     uuid,
  pAction     uuid,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
BEGIN
  IF pObject IS NULL OR NOT EXISTS (SELECT FROM db.object WHERE id = pObject) THEN
    PERFORM NotFound();
  END IF;
  IF pAction IS NULL THEN
    PERFORM ActionIsEmpty();
  END IF;
  RETURN ExecuteObjectAction(pObject, pAction, pParams);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.execute_object_action (
  pObject     uuid,
  pCode       text,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
DECLARE
  uAction     uuid;
BEGIN
  IF pObject IS NULL OR NOT EXISTS (SELECT FROM db.object WHERE id = pObject) THEN
    PERFORM NotFound();
  END IF;
  IF coalesce(pCode, '') = '' THEN
    PERFORM ActionIsEmpty();
  END IF;
  SELECT id INTO uAction FROM db.action WHERE code = pCode;
  IF uAction IS NULL THEN
    PERFORM IncorrectCode(pCode, ARRAY(SELECT code FROM db.action ORDER BY code));
  END IF;
  RETURN ExecuteObjectAction(pObject, uAction, pParams);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.execute_object_action_try (
  pObject     uuid,
  pAction     uuid,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
DECLARE
  vMessage    text;
  vContext    text;
  r           record;
BEGIN
  RETURN api.execute_object_action(pObject, pAction, pParams);
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  PERFORM WriteDiagnostics(vMessage, vContext, pObject);
  SELECT * INTO r FROM ParseMessage(vMessage);
  RETURN jsonb_build_object('error', jsonb_build_object('code', r.code, 'message', r.message));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.execute_object_action_try (
  pObject     uuid,
  pCode       text,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
DECLARE
  vMessage    text;
  vContext    text;
  r           record;
BEGIN
  RETURN api.execute_object_action(pObject, pCode, pParams);
EXCEPTION
WHEN others THEN
  GET STACKED DIAGNOSTICS vMessage = MESSAGE_TEXT, vContext = PG_EXCEPTION_CONTEXT;
  PERFORM WriteDiagnostics(vMessage, vContext, pObject);
  SELECT * INTO r FROM ParseMessage(vMessage);
  RETURN jsonb_build_object('error', jsonb_build_object('code', r.code, 'message', r.message));
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.execute_method (
  pObject     uuid,
  pMethod     uuid,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
BEGIN
  PERFORM EntityRequireObject(pObject);
  IF pMethod IS NULL THEN
    PERFORM MethodIsEmpty();
  END IF;
  IF NOT EXISTS (SELECT FROM db.method WHERE id = pMethod) THEN
    PERFORM MethodNotFound(pObject, pMethod);
  END IF;
  RETURN ExecuteMethod(pObject, pMethod, pParams);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.execute_method (
  pObject     uuid,
  pCode       text,
  pParams     jsonb DEFAULT null
) RETURNS     jsonb
AS $$
DECLARE
  uMethod     uuid;
BEGIN
  PERFORM EntityRequireObject(pObject);
  IF coalesce(pCode, '') = '' THEN
    PERFORM MethodIsEmpty();
  END IF;
  SELECT m.id INTO uMethod FROM db.method m WHERE m.class = GetObjectClass(pObject) AND m.code = pCode;
  IF uMethod IS NULL THEN
    PERFORM MethodByCodeNotFound(pObject, pCode);
  END IF;
  RETURN ExecuteMethod(pObject, uMethod, pParams);
END;
$$ LANGUAGE plpgsql
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Histories
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.get_object_state_history (pId uuid) RETURNS SETOF api.object_state_history
AS $$ SELECT * FROM api.object_state_history WHERE id = pId; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_object_state_history (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null
) RETURNS     SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_state_history', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_object_state_history (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null,
  pLimit      integer DEFAULT null,
  pOffSet     integer DEFAULT null,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF api.object_state_history
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_state_history', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["validfromdate"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_object_method_history (pId uuid) RETURNS SETOF api.object_method_history
AS $$ SELECT * FROM api.object_method_history WHERE id = pId; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_object_method_history (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null
) RETURNS     SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_method_history', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_object_method_history (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null,
  pLimit      integer DEFAULT null,
  pOffSet     integer DEFAULT null,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF api.object_method_history
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_method_history', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Groups
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.add_object_group (
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
DECLARE
  uId           uuid;
BEGIN
  IF coalesce(pName, '') = '' THEN
    PERFORM JsonKeyNotFound('/object/group/set', 'name');
  END IF;
  uId := CreateObjectGroup(nullif(pCode, ''), pName, pDescription);
  IF uId IS NULL THEN
    PERFORM RecordExists(pCode);
  END IF;
  RETURN uId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_object_group (
  pId           uuid,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.object_group WHERE id = pId AND owner = current_userid()) THEN
    PERFORM ObjectNotFound('object group', 'id', pId);
  END IF;
  PERFORM EditObjectGroup(pId, pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_object_group (
  pId           uuid,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       SETOF api.object_group
AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_object_group(pCode, pName, pDescription);
  ELSE
    PERFORM api.update_object_group(pId, pCode, pName, pDescription);
  END IF;
  RETURN QUERY SELECT * FROM api.object_group WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_object_group (pId uuid) RETURNS SETOF api.object_group
AS $$ SELECT * FROM api.object_group WHERE id = pId; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_object_group (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null
) RETURNS     SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_group', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_object_group (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null,
  pLimit      integer DEFAULT null,
  pOffSet     integer DEFAULT null,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF api.object_group
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_group', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION EntityOwnGroup (
  pGroup      uuid
) RETURNS     void
AS $$
BEGIN
  IF pGroup IS NULL OR NOT EXISTS (SELECT FROM db.object_group WHERE id = pGroup AND owner = current_userid()) THEN
    PERFORM ObjectNotFound('object group', 'id', pGroup);
  END IF;
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.add_object_to_group (
  pGroup      uuid,
  pObject     uuid
) RETURNS     void
AS $$
BEGIN
  PERFORM EntityOwnGroup(pGroup);
  PERFORM EntityRequireAccess(pObject, B'100');
  PERFORM AddObjectToGroup(pGroup, pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.delete_object_from_group (
  pGroup      uuid,
  pObject     uuid
) RETURNS     void
AS $$
BEGIN
  PERFORM EntityOwnGroup(pGroup);
  PERFORM EntityRequireAccess(pObject, B'100');
  PERFORM DeleteObjectFromGroup(pGroup, pObject);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.object_group_member (
  pGroup      uuid
) RETURNS     SETOF api.object
AS $$
  SELECT o.* FROM api.object o
   WHERE o.id IN (SELECT m.object FROM db.object_group_member m INNER JOIN db.object_group g ON g.id = m.gid
                   WHERE m.gid = pGroup AND g.owner = current_userid());
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Links
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.set_object_link (
  pObject     uuid,
  pLinked     uuid,
  pKey        text DEFAULT null,
  pDateFrom   timestamptz DEFAULT null
) RETURNS     SETOF api.object_link
AS $$
BEGIN
  PERFORM EntityRequireAccess(pObject, B'010');
  IF pLinked IS NOT NULL THEN
    PERFORM EntityRequireAccess(pLinked, B'100');
  END IF;
  PERFORM SetObjectLink(pObject, pLinked, coalesce(nullif(pKey, ''), pLinked::text), coalesce(pDateFrom, oper_date()));
  RETURN QUERY SELECT * FROM api.object_link WHERE objectid = pObject AND key = coalesce(nullif(pKey, ''), pLinked::text);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_object_link (pId uuid) RETURNS SETOF api.object_link
AS $$ SELECT * FROM api.object_link WHERE id = pId; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_object_link (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null
) RETURNS     SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_link', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_object_link (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null,
  pLimit      integer DEFAULT null,
  pOffSet     integer DEFAULT null,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF api.object_link
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_link', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["validfromdate desc"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Data
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.set_object_data (
  pId         uuid,
  pType       text,
  pCode       text,
  pData       text
) RETURNS     SETOF api.object_data
AS $$
DECLARE
  vType       text := lower(coalesce(nullif(pType, ''), 'text'));
BEGIN
  PERFORM EntityRequireAccess(pId, B'010');
  IF NOT vType = ANY (ARRAY['text', 'json', 'xml', 'base64']) THEN
    PERFORM IncorrectValueInArray(pType, 'type', ARRAY['text', 'json', 'xml', 'base64']);
  END IF;
  IF coalesce(pCode, '') = '' THEN
    PERFORM JsonKeyNotFound('/object/data/set', 'code');
  END IF;
  PERFORM SetObjectData(pId, vType, pCode, pData);
  RETURN QUERY SELECT * FROM api.object_data WHERE object = pId AND type = vType AND code = pCode;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_object_data_jsonb (
  pId         uuid,
  pData       jsonb
) RETURNS     SETOF api.object_data
AS $$
DECLARE
  e           jsonb;
BEGIN
  IF jsonb_typeof(pData) <> 'array' THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pData), 'array');
  END IF;
  FOR e IN SELECT jsonb_array_elements(pData)
  LOOP
    PERFORM CheckJsonbKeys('/object/data', ARRAY['type', 'code', 'data'], e);
    PERFORM api.set_object_data(pId, JsonText(e, 'type'), JsonText(e, 'code'),
                                CASE WHEN jsonb_typeof(e->'data') IN ('object', 'array') THEN (e->'data')::text ELSE e->>'data' END);
  END LOOP;
  RETURN QUERY SELECT * FROM api.object_data WHERE object = pId ORDER BY type, code;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_object_data_json (pId uuid, pData json) RETURNS SETOF api.object_data
AS $$ SELECT * FROM api.set_object_data_jsonb(pId, pData::jsonb); $$
LANGUAGE sql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_object_data_json (
  pId         uuid
) RETURNS     json
AS $$
BEGIN
  PERFORM EntityRequireAccess(pId, B'100');
  RETURN GetObjectDataJson(pId);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_object_data (
  pId         uuid,
  pType       text,
  pCode       text
) RETURNS     SETOF api.object_data
AS $$
  SELECT * FROM api.object_data WHERE object = pId AND type = lower(pType) AND code = pCode;
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_object_data (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null
) RETURNS     SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_data', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(*)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_object_data (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null,
  pLimit      integer DEFAULT null,
  pOffSet     integer DEFAULT null,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF api.object_data
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_data', pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Coordinates
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.set_object_coordinates (
  pId           uuid,
  pCode         text DEFAULT 'default',
  pLatitude     numeric DEFAULT null,
  pLongitude    numeric DEFAULT null,
  pAccuracy     numeric DEFAULT 0,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pData         jsonb DEFAULT null,
  pDateFrom     timestamptz DEFAULT now()
) RETURNS       SETOF api.object_coordinates
AS $$
DECLARE
  vCode         text := coalesce(nullif(pCode, ''), 'default');
  r             record;
BEGIN
  PERFORM EntityRequireAccess(pId, B'010');

  IF pLatitude IS NULL THEN
    PERFORM JsonKeyNotFound('/object/geolocation', 'latitude');
  END IF;
  IF pLongitude IS NULL THEN
    PERFORM JsonKeyNotFound('/object/geolocation', 'longitude');
  END IF;

  -- Devices are a configuration table: enrich only when it is installed.
  IF pData->'device'->>'serial' IS NOT NULL AND to_regclass('db.device') IS NOT NULL THEN
    EXECUTE 'SELECT id, identity FROM db.device WHERE serial = $1 LIMIT 1' INTO r USING pData->'device'->>'serial';
    IF r.id IS NOT NULL THEN
      pData := jsonb_set(pData, '{device}', (pData->'device') || jsonb_build_object('id', r.id, 'identity', r.identity));
    END IF;
  END IF;

  PERFORM NewObjectCoordinates(pId, vCode, pLatitude, pLongitude, coalesce(pAccuracy, 0), pLabel, pDescription, pData, coalesce(pDateFrom, now()));
  PERFORM SetObjectData(pId, 'json', 'geo', GetObjectCoordinatesJson(pId)::text);

  RETURN QUERY SELECT * FROM api.object_coordinates
                WHERE object = pId AND code = vCode AND IsOpenEnded(validToDate);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_object_coordinates_json (
  pId           uuid,
  pCoordinates  json
) RETURNS       SETOF api.object_coordinates
AS $$
DECLARE
  e             jsonb;
  jItems        jsonb := pCoordinates::jsonb;
BEGIN
  IF jsonb_typeof(jItems) = 'object' THEN
    jItems := jsonb_build_array(jItems);
  END IF;
  IF jsonb_typeof(jItems) IS DISTINCT FROM 'array' THEN
    PERFORM IncorrectJsonType(coalesce(jsonb_typeof(jItems), 'null'), 'array');
  END IF;
  FOR e IN SELECT jsonb_array_elements(jItems)
  LOOP
    PERFORM CheckJsonbKeys('/object/geolocation', ARRAY['code', 'latitude', 'longitude', 'accuracy', 'label', 'description', 'data', 'datefrom'], e);
    RETURN QUERY SELECT * FROM api.set_object_coordinates(pId, JsonText(e, 'code'), JsonNumeric(e, 'latitude'), JsonNumeric(e, 'longitude'),
      JsonNumeric(e, 'accuracy'), JsonText(e, 'label'), JsonText(e, 'description'), e->'data', JsonTimestamp(e, 'datefrom'));
  END LOOP;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_object_coordinates (
  pId           uuid,
  pCode         text DEFAULT 'default',
  pDateFrom     timestamptz DEFAULT oper_date()
) RETURNS       SETOF api.object_coordinates
AS $$
  SELECT * FROM api.object_coordinates
   WHERE object = pId
     AND code = coalesce(pCode, 'default')
     AND validFromDate <= coalesce(pDateFrom, oper_date())
     AND validToDate > coalesce(pDateFrom, oper_date());
$$ LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_object_coordinates_json (
  pId           uuid
) RETURNS       json
AS $$
BEGIN
  PERFORM EntityRequireAccess(pId, B'100');
  RETURN GetObjectCoordinatesJson(pId);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_object_coordinates (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null
) RETURNS     SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_coordinates', pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_object_coordinates (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null,
  pLimit      integer DEFAULT null,
  pOffSet     integer DEFAULT null,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF api.object_coordinates
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', 'object_coordinates', pSearch, pFilter, pLimit, pOffSet, coalesce(pOrderBy, '["validfromdate desc"]'::jsonb));
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Reference
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.add_reference (
  pParent       uuid,
  pType         uuid,
  pCode         text,
  pName         text,
  pDescription  text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  RETURN CreateReference(pParent, pType, pCode, pName, pDescription);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_reference (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.reference WHERE id = pId) THEN
    PERFORM ObjectNotFound('reference', 'id', pId);
  END IF;
  PERFORM EditReference(pId, pParent, pType, pCode, pName, pDescription, current_locale());
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_reference (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pCode         text DEFAULT null,
  pName         text DEFAULT null,
  pDescription  text DEFAULT null
) RETURNS       SETOF api.reference
AS $$
BEGIN
  IF pId IS NULL AND pCode IS NOT NULL THEN
    SELECT r.id INTO pId FROM db.reference r
     WHERE r.scope = current_scope() AND r.code = pCode
       AND (pType IS NULL OR r.entity = (SELECT c.entity FROM db.type t INNER JOIN db.class_tree c ON c.id = t.class WHERE t.id = pType))
     LIMIT 1;
  END IF;

  IF pId IS NULL THEN
    pId := api.add_reference(pParent, pType, pCode, pName, pDescription);
  ELSE
    PERFORM api.update_reference(pId, pParent, pType, pCode, pName, pDescription);
  END IF;

  RETURN QUERY SELECT * FROM api.reference WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_reference (pId uuid) RETURNS SETOF api.reference
AS $$ SELECT * FROM api.reference WHERE id = pId; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_reference (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null
) RETURNS     SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', EntityListView('reference'), pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_reference (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null,
  pLimit      integer DEFAULT null,
  pOffSet     integer DEFAULT null,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF api.reference
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', EntityListView('reference'), pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Document
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.add_document (
  pParent       uuid,
  pType         uuid,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pData         text DEFAULT null
) RETURNS       uuid
AS $$
BEGIN
  RETURN CreateDocument(pParent, pType, pLabel, pDescription, pData);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.update_document (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pData         text DEFAULT null
) RETURNS       void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.document WHERE id = pId) THEN
    PERFORM ObjectNotFound('document', 'id', pId);
  END IF;
  PERFORM EditDocument(pId, pParent, pType, pLabel, pDescription, pData, current_locale());
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.set_document (
  pId           uuid,
  pParent       uuid DEFAULT null,
  pType         uuid DEFAULT null,
  pLabel        text DEFAULT null,
  pDescription  text DEFAULT null,
  pData         text DEFAULT null
) RETURNS       SETOF api.document
AS $$
BEGIN
  IF pId IS NULL THEN
    pId := api.add_document(pParent, pType, pLabel, pDescription, pData);
  ELSE
    PERFORM api.update_document(pId, pParent, pType, pLabel, pDescription, pData);
  END IF;
  RETURN QUERY SELECT * FROM api.document WHERE id = pId;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.get_document (pId uuid) RETURNS SETOF api.document
AS $$ SELECT * FROM api.document WHERE id = pId; $$
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.count_document (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null
) RETURNS     SETOF bigint
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', EntityListView('document'), pSearch, pFilter, 0, null, '{}'::jsonb, '["count(id)"]'::jsonb);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.list_document (
  pSearch     jsonb DEFAULT null,
  pFilter     jsonb DEFAULT null,
  pLimit      integer DEFAULT null,
  pOffSet     integer DEFAULT null,
  pOrderBy    jsonb DEFAULT null
) RETURNS     SETOF api.document
AS $$
BEGIN
  RETURN QUERY EXECUTE api.sql('api', EntityListView('document'), pSearch, pFilter, pLimit, pOffSet, pOrderBy);
END;
$$ LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.change_document_area (
  pId         uuid,
  pArea       uuid
) RETURNS     void
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM db.document WHERE id = pId) THEN
    PERFORM ObjectNotFound('document', 'id', pId);
  END IF;
  IF pArea IS NULL OR NOT EXISTS (SELECT FROM db.area WHERE id = pArea) THEN
    PERFORM ObjectNotFound('area', 'id', pArea);
  END IF;
  PERFORM EntityRequireAccess(pId, B'010');
  PERFORM ChangeDocumentArea(pId, pArea);
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = kernel, pg_temp;

--------------------------------------------------------------------------------
-- Full-text search (spec 18 §7)
--------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION api.search_en (
  pText       text
) RETURNS     SETOF api.object
AS $$
  SELECT o.*
    FROM api.object o
   WHERE o.id IN (
           SELECT t.object FROM db.object_text t
            WHERE t.locale = GetLocale('en')
              AND t.searchable_en @@ websearch_to_tsquery('english', pText)
           UNION
           SELECT r.id FROM db.reference r
            WHERE r.code LIKE replace(replace(replace(pText, '\', '\\'), '%', '\%'), '_', '\_') || '%')
   ORDER BY o.created DESC
   LIMIT 500;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.search_ru (
  pText       text
) RETURNS     SETOF api.object
AS $$
  SELECT o.*
    FROM api.object o
   WHERE o.id IN (
           SELECT t.object FROM db.object_text t
            WHERE t.locale = GetLocale('ru')
              AND t.searchable_ru @@ websearch_to_tsquery('russian', pText)
           UNION
           SELECT r.id FROM db.reference r
            WHERE r.code LIKE replace(replace(replace(pText, '\', '\\'), '%', '\%'), '_', '\_') || '%')
   ORDER BY o.created DESC
   LIMIT 500;
$$ LANGUAGE sql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

-- Entities as a text array: the form rest.api passes.
CREATE OR REPLACE FUNCTION api.search (
  pText       text,
  pEntities   text[] DEFAULT null,
  pLocaleCode text DEFAULT null
) RETURNS     SETOF api.object
AS $$
BEGIN
  IF coalesce(pText, '') = '' THEN
    PERFORM JsonKeyNotFound('/search', 'text');
  END IF;

  IF coalesce(pLocaleCode, locale_code()) = 'ru' THEN
    RETURN QUERY SELECT s.* FROM api.search_ru(pText) s
                  WHERE pEntities IS NULL OR cardinality(pEntities) = 0
                     OR s.class IN (SELECT c.id FROM db.class_tree c INNER JOIN db.entity e ON e.id = c.entity
                                     WHERE e.code = ANY (pEntities) AND NOT c.abstract);
  ELSE
    RETURN QUERY SELECT s.* FROM api.search_en(pText) s
                  WHERE pEntities IS NULL OR cardinality(pEntities) = 0
                     OR s.class IN (SELECT c.id FROM db.class_tree c INNER JOIN db.entity e ON e.id = c.entity
                                     WHERE e.code = ANY (pEntities) AND NOT c.abstract);
  END IF;
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;

CREATE OR REPLACE FUNCTION api.search (
  pText       text,
  pEntities   jsonb,
  pLocaleCode text DEFAULT null
) RETURNS     SETOF api.object
AS $$
BEGIN
  IF pEntities IS NOT NULL AND jsonb_typeof(pEntities) NOT IN ('array', 'null') THEN
    PERFORM IncorrectJsonType(jsonb_typeof(pEntities), 'array');
  END IF;
  RETURN QUERY SELECT * FROM api.search(pText, ARRAY(SELECT jsonb_array_elements_text(coalesce(pEntities, '[]'::jsonb))), pLocaleCode);
END;
$$ LANGUAGE plpgsql STABLE
   SECURITY DEFINER
   SET search_path = kernel, pg_temp;
